package main

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// catalogueCodes are the codes of the catalogue's wards and categories.
func catalogueCodes(svc *service.Service) (wards, categories []string) {
	cats := svc.Catalogue()
	for _, w := range cats.Wards {
		wards = append(wards, w.Code)
	}
	for _, c := range cats.Categories {
		categories = append(categories, c.Code)
	}
	return wards, categories
}

// seedIssues files past issues through the bulk path, in chunks, telling
// out how fast it goes.
func seedIssues(ctx context.Context, svc *service.Service, past []service.PastIssue, out io.Writer) error {
	start := time.Now()
	const chunk = 5000
	for i := 0; i < len(past); i += chunk {
		if _, err := svc.FilePastIssues(ctx, past[i:min(i+chunk, len(past))]); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		fmt.Fprintf(out, "  seeded %d/%d issues (%.0f issues/s)\n", min(i+chunk, len(past)), len(past), float64(min(i+chunk, len(past)))/time.Since(start).Seconds())
	}
	fmt.Fprintf(out, "seeding: %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// benchTitles are realistic report titles per category, so that text
// search and routing work on data shaped like a ward's.
var benchTitles = map[string][]string{
	"land":             {"Tranh chấp ranh giới đất ở kiệt %d", "Lấn chiếm đất công gần tổ %d", "Chậm cấp giấy chứng nhận quyền sử dụng đất, hồ sơ %d"},
	"construction":     {"Xây dựng không phép ở số %d", "Công trình che chắn không đảm bảo, kiệt %d", "Nhà xây sai giấy phép tại tổ %d"},
	"environment":      {"Rác thải tồn đọng ở kiệt %d", "Mùi hôi từ cống thoát nước tổ %d", "Đốt rác gây khói gần nhà số %d"},
	"infrastructure":   {"Đèn đường hỏng ở kiệt %d", "Ổ gà sâu trên đường Kim Long, đoạn số %d", "Ngập nước sau mưa ở tổ %d"},
	"security":         {"Tụ tập gây mất trật tự ban đêm ở kiệt %d", "Karaoke ồn ào quá giờ tại số %d", "Mất trộm xe máy ở tổ %d"},
	"social-welfare":   {"Hỗ trợ hộ nghèo chưa đến, tổ %d", "Người cao tuổi cô đơn cần giúp đỡ ở kiệt %d", "Chậm chi trả trợ cấp, hồ sơ %d"},
	"admin-procedures": {"Hồ sơ hộ tịch trễ hẹn, số %d", "Không được hướng dẫn thủ tục chứng thực, lần %d", "Cổng dịch vụ công báo lỗi, hồ sơ %d"},
	"education-health": {"Trường học thiếu nhà vệ sinh, lớp %d", "Trạm y tế đóng cửa giờ hành chính, ngày %d", "Dịch sốt xuất huyết ở tổ %d"},
	"heritage":         {"Lấn chiếm khu vực di tích gần lăng, điểm %d", "Nhà vườn truyền thống xuống cấp, số %d", "Xây dựng trong vùng bảo vệ di tích, lô %d"},
	"river":            {"Sạt lở bờ sông Hương đoạn %d", "Rác thải trôi trên sông Hương gần bến %d", "Khai thác cát trái phép đoạn %d"},
	"major-works":      {"Công trình cầu chậm tiến độ, hạng mục %d", "Đường lớn thi công bụi bặm, đoạn %d", "Dự án chỉnh trang đô thị bỏ dở, lô %d"},
	"other":            {"Góp ý về phục vụ người dân, lần %d", "Đề nghị lắp camera an ninh ở kiệt %d", "Cây xanh đổ chắn đường tổ %d"},
}

// benchIssues makes n past issues spread over the three years before now,
// over three wards and every category: 90% resolved, most of those on
// time; some answered and still open; the rest untouched.
func benchIssues(n int, seed int64, now time.Time, wards, categories []string) []service.PastIssue {
	r := rand.New(rand.NewSource(seed))
	span := 3 * 365 * 24 * time.Hour
	out := make([]service.PastIssue, n)
	for i := range out {
		cat := categories[r.Intn(len(categories))]
		titles := benchTitles[cat]
		if titles == nil {
			titles = benchTitles["other"]
		}
		title := fmt.Sprintf(titles[r.Intn(len(titles))], 1+r.Intn(200))
		// Issues arrive evenly; the newest are in the last days.
		filed := now.Add(-time.Duration(float64(span) * float64(n-i) / float64(n))).Add(-time.Duration(r.Intn(3600)) * time.Second)
		p := service.PastIssue{
			Title: title, Description: "Người dân phản ánh: " + title + ". Đề nghị phường xem xét, xử lý sớm.",
			Category: cat, Ward: wards[r.Intn(len(wards))], FiledAt: filed,
			Reporter: models.Reporter{Kind: models.ReporterResident, Channel: models.ChannelTelegram, ResidentID: fmt.Sprintf("tg:%d", 1000+r.Intn(20000))},
		}
		roll := r.Float64()
		recent := now.Sub(filed) < 20*24*time.Hour
		switch {
		case roll < 0.90 && !recent:
			ans := filed.Add(time.Duration(2+r.Intn(40)) * time.Hour)
			res := ans.Add(time.Duration(4+r.Intn(24*12)) * time.Hour)
			p.AnsweredAt, p.ResolvedAt = &ans, &res
			p.Answer, p.Resolution = "Đã tiếp nhận, cán bộ sẽ kiểm tra hiện trường.", "Đã xử lý xong, đề nghị người dân kiểm tra."
		case roll < 0.95:
			ans := filed.Add(time.Duration(1+r.Intn(30)) * time.Hour)
			if ans.Before(now) {
				p.AnsweredAt = &ans
				p.Answer = "Đang xử lý."
			}
		}
		out[i] = p
	}
	return out
}
