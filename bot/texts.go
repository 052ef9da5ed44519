package bot

import (
	"fmt"
	"strings"
)

// tr returns the text key in lang ("vi" unless "en"), formatted with args.
// An unknown key comes back as itself, which the texts test catches.
func tr(lang, key string, args ...any) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	s := t.vi
	if lang == "en" {
		s = t.en
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

type text struct{ vi, en string }

// texts holds everything the bot says, in Vietnamese (the default) and
// English. Messages stay short and friendly.
var texts = map[string]text{
	// Menu and navigation.
	"ok":                {"👌", "👌"},
	"btn_report":        {"📝 Gửi phản ánh", "📝 Report a problem"},
	"btn_my":            {"📋 Phản ánh của tôi", "📋 My reports"},
	"btn_lang_self":     {"🇻🇳 Tiếng Việt", "🇬🇧 English"},
	"btn_back":          {"◀ Quay lại", "◀ Back"},
	"btn_cancel":        {"✖ Hủy", "✖ Cancel"},
	"key_send_location": {"📍 Gửi vị trí hiện tại", "📍 Send my location"},
	"key_skip":          {"⏭ Bỏ qua", "⏭ Skip"},
	"key_back":          {"◀ Quay lại", "◀ Back"},
	"key_cancel":        {"✖ Hủy", "✖ Cancel"},
	"expired":           {"Nút này đã hết hiệu lực.", "This button is no longer active."},
	"expired_menu":      {"Nút đó đã hết hiệu lực. Bạn muốn làm gì tiếp?", "That button is no longer active. What would you like to do?"},
	"not_done":          {"Chưa thực hiện được.", "That did not work."},
	"thanks":            {"Cảm ơn bạn!", "Thank you!"},

	// The command menu.
	"cmd_report": {"Gửi phản ánh mới", "Report a problem"},
	"cmd_my":     {"Phản ánh của tôi", "My reports"},
	"cmd_status": {"Tra cứu theo mã", "Follow a report by its code"},
	"cmd_lang":   {"Đổi ngôn ngữ / Language", "Language / Ngôn ngữ"},
	"cmd_help":   {"Hướng dẫn", "Help"},
	"cmd_cancel": {"Hủy việc đang làm", "Cancel what you are doing"},

	// Greeting and help.
	"greeting": {
		"Xin chào! Đây là kênh để người dân %[1]s gửi phản ánh đến chính quyền: bạn kể sự việc, mình chuyển đến đúng nơi xử lý và báo lại tiến độ cho bạn.\n\n🏘 Phường lo: %[2]s\n🏙 Thành phố lo: %[3]s",
		"Hello! This bot lets residents of %[1]s report problems to the local government: you describe what is wrong, we pass it to the office in charge and keep you posted.\n\n🏘 The ward handles: %[2]s\n🏙 The city handles: %[3]s",
	},
	"help": {
		"Bạn có thể dùng:\n/report — gửi phản ánh mới\n/my — các phản ánh của bạn\n/status MÃ — tra cứu tiến độ, ví dụ /status KL-26-00001\n/lang — đổi ngôn ngữ (English)\n/cancel — hủy việc đang làm",
		"You can use:\n/report — report a problem\n/my — your reports\n/status CODE — follow a report, e.g. /status KL-26-00001\n/lang — change language (Tiếng Việt)\n/cancel — cancel what you are doing",
	},
	"unknown_command": {"Mình chưa hiểu lệnh /%s.", "I don't know the command /%s."},
	"status_usage":    {"Gửi kèm mã phản ánh, ví dụ: /status KL-26-00001", "Add the report's code, e.g. /status KL-26-00001"},
	"idle_text": {
		"Mình chưa hiểu tin nhắn này. Muốn gửi phản ánh, bấm «Gửi phản ánh» hoặc gõ /report. Muốn tra cứu, gửi mã phản ánh (ví dụ KL-26-00001).",
		"I didn't get that. To report a problem press «Report a problem» or type /report. To follow a report, send its code (e.g. KL-26-00001).",
	},
	"idle_photo": {
		"Cảm ơn ảnh của bạn! Để gửi phản ánh, bấm «Gửi phản ánh» (hoặc /report) — bạn sẽ gửi ảnh ở một bước trong đó.",
		"Thanks for the photo! To report a problem, press «Report a problem» (or /report) — you can add photos on the way.",
	},
	"idle_location": {
		"Mình đã nhận vị trí, nhưng bạn chưa bắt đầu phản ánh. Bấm «Gửi phản ánh» (hoặc /report), rồi gửi vị trí khi được hỏi.",
		"Got your location, but no report is in progress. Press «Report a problem» (or /report) and send the location when asked.",
	},
	"edited": {
		"Mình không đọc được tin nhắn đã sửa. Bạn vui lòng gửi lại thành tin nhắn mới nhé.",
		"I can't pick up edited messages. Please send the change as a new message.",
	},
	"unsupported": {
		"Xin lỗi, mình chưa đọc được %s. Bạn hãy gửi chữ, ảnh hoặc vị trí nhé.",
		"Sorry, I can't read %s. Please send text, photos or a location.",
	},
	"what_sticker":    {"nhãn dán (sticker)", "stickers"},
	"what_voice":      {"tin nhắn thoại", "voice messages"},
	"what_audio":      {"tệp âm thanh", "audio files"},
	"what_video":      {"video", "videos"},
	"what_video_note": {"tin nhắn video", "video messages"},
	"what_animation":  {"ảnh động", "animations"},
	"what_document":   {"tệp đính kèm", "files"},
	"what_contact":    {"danh bạ", "contacts"},
	"what_poll":       {"bình chọn", "polls"},
	"what_dice":       {"trò chơi", "games"},
	"what_other":      {"loại tin nhắn này", "this kind of message"},

	// Language and accounts.
	"lang_choose":     {"Chọn ngôn ngữ / Choose a language:", "Choose a language / Chọn ngôn ngữ:"},
	"lang_set":        {"Đã chuyển sang tiếng Việt.", "Switched to English."},
	"joined_org":      {"Chào mừng! Bạn đã tham gia %s. Giờ bạn có thể gửi kiến nghị thay mặt tổ chức (/report) và theo dõi kiến nghị của tổ chức (/my).", "Welcome! You have joined %s. You can now file concerns on its behalf (/report) and follow them (/my)."},
	"linked_official": {"Đã liên kết tài khoản Telegram với cán bộ %s. Bạn có thể dùng các nút trên thẻ phản ánh trong nhóm của phòng.", "Your Telegram account is now linked to official %s. You can use the buttons on issue cards in your department's group."},

	// Lists and timelines.
	"my_title":      {"📋 Phản ánh của bạn:", "📋 Your reports:"},
	"org_title":     {"👥 Kiến nghị của %s:", "👥 Concerns of %s:"},
	"my_empty":      {"Bạn chưa gửi phản ánh nào.", "You have not reported anything yet."},
	"my_hint":       {"Bấm vào mã để xem chi tiết và các trả lời.", "Tap a code to see details and answers."},
	"timeline":      {"Diễn biến:", "Timeline:"},
	"f_status":      {"Trạng thái", "Status"},
	"f_due":         {"Hạn giải quyết", "Due"},
	"f_supporters":  {"Số người cùng phản ánh", "People who said “me too”"},
	"level_ward":    {"phường", "ward"},
	"level_city":    {"thành phố", "city"},
	"ward_unknown":  {"chưa rõ phường", "ward not known"},
	"outside_wards": {"%s, ngoài các phường", "%s, outside the wards"},

	"status_new":                  {"Mới", "New"},
	"status_routed":               {"Đã chuyển đến nơi xử lý", "Sent to the office in charge"},
	"status_in_progress":          {"Đang xử lý", "In progress"},
	"status_waiting_for_resident": {"Chờ bạn bổ sung thông tin", "Waiting for your information"},
	"status_resolved":             {"Đã giải quyết", "Resolved"},
	"status_closed":               {"Đã đóng", "Closed"},
	"status_rejected":             {"Không xử lý", "Not handled"},

	"event_created":            {"Đã tiếp nhận", "Received"},
	"event_routed":             {"Chuyển đến", "Sent to"},
	"event_assigned":           {"Đã phân công cán bộ", "Assigned to an official"},
	"event_transferred":        {"Chuyển sang", "Transferred to"},
	"event_escalated":          {"Chuyển lên thành phố", "Escalated to the city"},
	"event_returned":           {"Chuyển về phường", "Returned to the ward"},
	"event_started":            {"Bắt đầu xử lý", "Work started"},
	"event_info_requested":     {"Đề nghị bổ sung thông tin", "More information requested"},
	"event_info_provided":      {"Người dân đã bổ sung thông tin", "Information provided"},
	"event_answered":           {"Trả lời", "Answer"},
	"event_resolved":           {"Đã giải quyết", "Resolved"},
	"event_closed":             {"Đã đóng", "Closed"},
	"event_rejected":           {"Không xử lý", "Not handled"},
	"event_reopened":           {"Mở lại", "Reopened"},
	"event_marked_duplicate":   {"Trùng với phản ánh", "Duplicate of"},
	"event_duplicate_merged":   {"Gộp phản ánh trùng", "Duplicate merged in"},
	"event_supported":          {"Thêm một người cùng phản ánh", "Someone said “me too”"},
	"event_rated":              {"Được đánh giá", "Rated"},
	"event_photo_added":        {"Thêm ảnh", "Photo added"},
	"event_response_overdue":   {"Quá hạn phản hồi", "Response overdue"},
	"event_resolution_overdue": {"Quá hạn giải quyết", "Resolution overdue"},
	"event_imported":           {"Nhập từ hồ sơ cũ", "Imported from earlier records"},
	"reject_out_of_competence": {"không thuộc thẩm quyền", "outside the government's competence"},
	"reject_spam":              {"không phải phản ánh hợp lệ", "not a valid report"},
	"reject_duplicate":         {"trùng lặp", "duplicate"},

	// Writing a report.
	"draft_restarted":    {"Bắt đầu phản ánh mới (phản ánh đang viết dở đã bỏ).", "Starting a new report (the unfinished one was dropped)."},
	"draft_expired":      {"Phản ánh bạn viết dở từ lâu đã được xóa; bạn có thể bắt đầu lại bằng /report.", "Your unfinished report was too old and has been dropped; start again with /report."},
	"continue_draft":     {"Tiếp tục phản ánh đang viết:", "Back to your report:"},
	"cancelled_kb":       {"Đã hủy phản ánh. Khi cần, bạn cứ gõ /report để gửi phản ánh mới.", "Report cancelled. Type /report whenever you need to report a problem."},
	"cancelled":          {"Đã hủy phản ánh. Khi cần, bạn cứ bấm «Gửi phản ánh».", "Report cancelled. Press «Report a problem» whenever you need."},
	"nothing_to_cancel":  {"Không có gì đang làm dở.", "Nothing is in progress."},
	"use_buttons":        {"Bạn hãy chọn bằng các nút bên dưới nhé.", "Please choose with the buttons below."},
	"cannot_skip":        {"Bước này không bỏ qua được.", "This step can't be skipped."},
	"ask_as":             {"Bạn gửi phản ánh với tư cách cá nhân hay thay mặt %s?", "Are you reporting for yourself or on behalf of %s?"},
	"btn_as_me":          {"👤 Cá nhân", "👤 For myself"},
	"btn_as_org":         {"👥 Thay mặt %s", "👥 On behalf of %s"},
	"ask_category":       {"Sự việc thuộc lĩnh vực nào? (phường = phường xử lý, thành phố = thành phố xử lý)", "What is it about? (ward = handled by the ward, city = handled by the city)"},
	"ask_description":    {"%s — %s\n\nBạn hãy mô tả sự việc: chuyện gì, ở đâu, từ khi nào.", "%s — %s\n\nPlease describe the problem: what, where, since when."},
	"desc_too_short":     {"Bạn mô tả rõ hơn một chút nhé (ít nhất %d ký tự).", "Please tell a little more (at least %d characters)."},
	"desc_too_long":      {"Mô tả dài quá (tối đa %d ký tự, bạn gửi %d). Bạn rút gọn giúp nhé.", "That is too long (at most %d characters, you sent %d). Please shorten it."},
	"ask_people":         {"Kiến nghị này thay mặt cho bao nhiêu người? Gửi một con số (ví dụ 120).", "How many people does this concern speak for? Send a number (e.g. 120)."},
	"people_invalid":     {"Bạn gửi một con số từ 1 đến %d nhé.", "Please send a number from 1 to %d."},
	"ask_location":       {"Sự việc ở đâu? Bấm «Gửi vị trí hiện tại» nếu bạn đang ở đó, gõ địa chỉ, hoặc bấm «Bỏ qua».", "Where is it? Press «Send my location» if you are there, type an address, or press «Skip»."},
	"address_invalid":    {"Địa chỉ cần từ 5 đến %d ký tự.", "An address needs 5 to %d characters."},
	"location_too_early": {"Mình sẽ hỏi vị trí sau bước này.", "I'll ask for the location after this step."},
	"location_again":     {"Bạn gửi lại vị trí khác, gõ địa chỉ, hoặc bấm «Bỏ qua» để chọn phường.", "Send another location, type an address, or press «Skip» to choose the ward."},
	"got_location_city":  {"📍 Đã nhận vị trí (thuộc %s, ngoài các phường — ví dụ trên sông).", "📍 Location received (in %s, outside the wards — on the river, for instance)."},
	"got_location":       {"📍 Đã nhận vị trí (phường %s).", "📍 Location received (ward %s)."},
	"got_address":        {"🏠 Đã nhận địa chỉ.", "🏠 Address received."},
	"skipped_location":   {"⏭ Đã bỏ qua vị trí.", "⏭ Location skipped."},
	"ask_ward":           {"Sự việc thuộc phường nào?", "Which ward is it in?"},
	"btn_ward_unknown":   {"Không rõ", "Not sure"},
	"ask_metoo":          {"Gần đó đã có phản ánh tương tự đang được xử lý. Nếu cùng một sự việc, bấm «Tôi cũng gặp» để ủng hộ thay vì gửi trùng:", "Similar reports nearby are already being handled. If it is the same problem, press «Me too» to support it instead of filing a duplicate:"},
	"btn_metoo":          {"👍 Tôi cũng gặp: %s", "👍 Me too: %s"},
	"btn_file_new":       {"📝 Không, gửi phản ánh mới", "📝 No, file a new report"},
	"supported":          {"👍 Cảm ơn bạn! Đã ghi nhận bạn cùng phản ánh %s (hiện có %d người).", "👍 Thank you! You now support %s (%d people so far)."},
	"ask_photos":         {"Gửi tối đa %d ảnh (có thể chọn nhiều ảnh một lúc), rồi bấm «Xong». Không có ảnh thì bấm «Bỏ qua».", "Send up to %d photos (several at once is fine), then press «Done». No photos? Press «Skip»."},
	"btn_skip_photos":    {"⏭ Bỏ qua", "⏭ Skip"},
	"btn_photos_done":    {"✅ Xong (%d ảnh)", "✅ Done (%d photos)"},
	"photo_received":     {"📷 Đã nhận ảnh (%d/%d). Gửi thêm hoặc bấm «Xong».", "📷 Photo received (%d/%d). Send more or press «Done»."},
	"photo_kept":         {"📷 Đã lưu ảnh vào phản ánh.", "📷 Photo added to your report."},
	"photos_full":        {"Mỗi phản ánh có tối đa %d ảnh; ảnh thêm không được lưu.", "A report holds at most %d photos; the extra ones were not kept."},
	"photos_expected":    {"Ở bước này bạn gửi ảnh, hoặc bấm «Xong»/«Bỏ qua».", "At this step, send photos or press «Done»/«Skip»."},
	"summary_title":      {"📝 Kiểm tra lại phản ánh:", "📝 Please check your report:"},
	"f_category":         {"Lĩnh vực", "Category"},
	"f_description":      {"Nội dung", "Description"},
	"f_location":         {"Vị trí", "Location"},
	"f_address":          {"Địa chỉ", "Address"},
	"f_ward":             {"Phường", "Ward"},
	"f_photos":           {"Ảnh", "Photos"},
	"f_on_behalf":        {"Thay mặt", "On behalf of"},
	"people_n":           {"%d người", "%d people"},
	"f_handler":          {"Nơi xử lý", "Handled by"},
	"confirm_hint":       {"Bấm «Gửi» nếu đúng, hoặc «Quay lại» để sửa.", "Press «Send» if this is right, or «Back» to change it."},
	"btn_send":           {"📨 Gửi", "📨 Send"},
	"filed":              {"✅ Đã gửi phản ánh! Mã của bạn: %s\nNơi xử lý: %s", "✅ Report sent! Your code: %s\nHandled by: %s"},
	"due_response":       {"Hạn phản hồi: %s", "Response due: %s"},
	"due_resolution":     {"Hạn giải quyết: %s", "Resolution due: %s"},
	"filed_hint":         {"Mình sẽ báo bạn khi có tiến triển. Tra cứu bất cứ lúc nào: /status %s", "I'll tell you when something happens. Check any time: /status %s"},

	// Answering a request for information; rating.
	"info_prompt":         {"Hãy trả lời câu hỏi về %s: gửi tin nhắn (có thể kèm ảnh).", "Please answer the question about %s: send a message (photos welcome)."},
	"info_photo_received": {"📷 Đã nhận ảnh. Gõ thêm lời nhắn, hoặc bấm «Gửi» để gửi ngay.", "📷 Photo received. Add a message, or press «Send» to send it now."},
	"btn_send_info":       {"📨 Gửi", "📨 Send"},
	"info_sent":           {"Cảm ơn bạn! Thông tin bổ sung cho %s đã được gửi; nơi xử lý sẽ tiếp tục.", "Thank you! Your information on %s was sent; the office will carry on."},
	"info_cancelled":      {"Đã dừng trả lời. Khi sẵn sàng, bấm «Trả lời» trong tin nhắn đề nghị.", "Stopped. When you are ready, press «Reply» on the request message."},
	"info_not_waiting":    {"Phản ánh %s không còn chờ thông tin bổ sung.", "Report %s is no longer waiting for information."},
	"rated":               {"Cảm ơn bạn đã đánh giá %s: %s", "Thank you for rating %s: %s"},
	"reopened":            {"🔁 Đã mở lại phản ánh %s; nơi xử lý sẽ tiếp tục.", "🔁 Report %s is open again; the office will carry on."},

	// Notifications to the reporter.
	"n_routed":         {"📬 Phản ánh %s đã được chuyển đến %s.", "📬 Report %s was sent to %s."},
	"n_transferred":    {"🔀 Phản ánh %s được chuyển sang %s.", "🔀 Report %s was transferred to %s."},
	"n_escalated":      {"⬆️ Phản ánh %s được chuyển lên thành phố: %s.", "⬆️ Report %s was escalated to the city: %s."},
	"n_returned":       {"↩️ Phản ánh %s được chuyển về phường: %s.", "↩️ Report %s was returned to the ward: %s."},
	"n_answered":       {"💬 %[2]s trả lời phản ánh %[1]s:", "💬 %[2]s answered report %[1]s:"},
	"n_info_requested": {"❓ %[2]s cần thêm thông tin về phản ánh %[1]s:", "❓ %[2]s needs more information on report %[1]s:"},
	"n_info_hint":      {"Bạn trả lời bằng tin nhắn (có thể kèm ảnh) ngay tại đây.", "Just reply here with a message (photos welcome)."},
	"n_resolved":       {"✅ Phản ánh %s đã được giải quyết:", "✅ Report %s has been resolved:"},
	"n_rate":           {"Bạn đánh giá kết quả thế nào? Nếu sự việc vẫn còn, bấm «Vẫn chưa xong» để mở lại.", "How satisfied are you? If the problem remains, press «Not fixed» to reopen it."},
	"n_rejected":       {"⛔ Phản ánh %s không được xử lý: %s.", "⛔ Report %s will not be handled: %s."},
	"n_duplicate":      {"🔗 Phản ánh %s trùng với %s; bạn sẽ được tính là người cùng phản ánh ở đó.", "🔗 Report %s duplicates %s; you now count as a supporter there."},
	"n_closed":         {"📁 Phản ánh %s đã đóng.", "📁 Report %s is closed."},
	"n_update":         {"Phản ánh %s có cập nhật mới.", "Report %s has an update."},
	"n_status_hint":    {"Chi tiết: /status %s", "Details: /status %s"},
	"btn_reply_info":   {"✍️ Trả lời", "✍️ Reply"},
	"btn_reopen":       {"🔁 Vẫn chưa xong", "🔁 Not fixed"},

	// "Me too" supporters (#7).
	"n_supporter":          {"📣 Phản ánh %s bạn cùng phản ánh có cập nhật: %s", "📣 Report %s you also reported has news: %s"},
	"n_supporter_resolved": {"✅ Phản ánh %s bạn cùng phản ánh đã được giải quyết.", "✅ Report %s you also reported has been resolved."},
	"btn_stop_updates":     {"🔕 Không nhận tin về phản ánh này nữa", "🔕 Stop updates about this report"},
	"updates_stopped":      {"🔕 Bạn sẽ không nhận tin về phản ánh %s nữa. Tra cứu bất cứ lúc nào: /status %s", "🔕 No more updates about report %s. You can still check it: /status %s"},

	// Why this office, and by when (#7).
	"why":                 {"💡 Vì sao: %s", "💡 Why: %s"},
	"co_handling":         {"🤝 Phối hợp: %s", "🤝 Working with: %s"},
	"working_hours":       {"⏱ Thời hạn tính theo giờ làm việc (không tính ngoài giờ, cuối tuần và ngày lễ).", "⏱ Deadlines count working hours (not evenings, weekends or public holidays)."},
	"working_hours_short": {"(tính theo giờ làm việc)", "(working hours)"},

	// Photos (#7).
	"photo_after":    {"ảnh sau khi xử lý", "after the work"},
	"photo_rejected": {"📷 Không giữ được ảnh này: %s. Bạn gửi ảnh khác nhé.", "📷 This photo cannot be kept: %s. Please send another one."},
	"photos_later":   {"📷 %d ảnh chưa tải được từ Telegram; hệ thống sẽ tự thử lại và báo bạn nếu không giữ được.", "📷 %d photo(s) could not be fetched from Telegram yet; we will keep trying and tell you if one cannot be kept."},
	"photo_lost":     {"📷 Rất tiếc, một ảnh của phản ánh %s không lưu được. Phản ánh vẫn được xử lý; bạn có thể gửi lại ảnh khi được hỏi thêm thông tin.", "📷 Sorry, a photo of report %s could not be kept. The report is still being handled; you can send the photo again if you are asked for more information."},

	// Errors (see errorText).
	"err_invalid":      {"⚠️ %s", "⚠️ %s"},
	"err_not_found":    {"🔍 %s", "🔍 %s"},
	"err_conflict":     {"⚠️ Chưa thực hiện được: %s", "⚠️ That can't be done now: %s"},
	"err_forbidden":    {"🙏 Xin lỗi, %s.", "🙏 Sorry, %s."},
	"err_unauthorized": {"🙏 Xin lỗi, tài khoản của bạn chưa được xác nhận để làm việc này.", "🙏 Sorry, your account is not recognised for this."},
	"err_unavailable":  {"⏳ Hệ thống đang bận, bạn thử lại sau ít phút nhé.", "⏳ The system is busy; please try again in a few minutes."},
	"err_internal":     {"😓 Có lỗi xảy ra phía chúng tôi; đã ghi nhận. Bạn thử lại sau nhé.", "😓 Something went wrong on our side; it has been logged. Please try again later."},

	// Department groups.
	"group_hello":         {"Nhóm này nhận thẻ phản ánh của phòng ban. ID nhóm: %d — quản trị viên điền vào mục telegram_chat_id của phòng trong danh mục.", "This group receives a department's issue cards. Group ID: %d — an admin puts it in the department's telegram_chat_id in the catalogue."},
	"group_not_linked":    {"Xin lỗi, chỉ cán bộ đã liên kết tài khoản Telegram với civicdesk mới dùng được các nút này.", "Sorry, only officials who linked their Telegram account to civicdesk can use these buttons."},
	"btn_take":            {"▶️ Nhận xử lý", "▶️ Take"},
	"btn_answer":          {"💬 Trả lời", "💬 Answer"},
	"btn_ask":             {"❓ Yêu cầu bổ sung", "❓ Ask for info"},
	"btn_resolve":         {"✅ Hoàn thành", "✅ Resolve"},
	"btn_escalate":        {"⬆️ Chuyển lên thành phố", "⬆️ Escalate to city"},
	"toast_started":       {"Đã nhận xử lý %s.", "You took %s."},
	"toast_prompted":      {"Hãy trả lời tin nhắn của bot trong nhóm.", "Reply to the bot's message in the group."},
	"prompt_answer":       {"%s, hãy trả lời tin nhắn này bằng nội dung trả lời cho người dân về %s.", "%s, reply to this message with your answer to the resident on %s."},
	"prompt_request_info": {"%s, hãy trả lời tin nhắn này bằng câu hỏi cần người dân bổ sung về %s.", "%s, reply to this message with what the resident should add on %s."},
	"prompt_resolve":      {"%s, hãy trả lời tin nhắn này bằng kết quả giải quyết %s.", "%s, reply to this message with how %s was resolved."},
	"prompt_escalate":     {"%s, hãy trả lời tin nhắn này bằng lý do chuyển %s lên thành phố.", "%s, reply to this message with why %s goes to the city."},
	"done_answer":         {"✅ Đã gửi trả lời cho %s.", "✅ Answer sent on %s."},
	"done_request_info":   {"✅ Đã gửi yêu cầu bổ sung cho %s; hạn giải quyết tạm dừng đến khi người dân trả lời.", "✅ Request sent on %s; its deadline pauses until the resident replies."},
	"done_resolve":        {"✅ Đã đánh dấu %s là đã giải quyết.", "✅ %s marked resolved."},
	"done_escalate":       {"✅ Đã chuyển %s lên thành phố.", "✅ %s escalated to the city."},
	"group_text_only":     {"Bạn trả lời bằng chữ nhé.", "Please reply with text."},
	"card_dept":           {"Đơn vị", "Office"},
	"card_ward":           {"Phường", "Ward"},
	"card_location":       {"Vị trí", "Location"},
	"card_address":        {"Địa chỉ", "Address"},
	"card_reporter":       {"Người phản ánh", "Reported by"},
	"card_resident":       {"người dân", "a resident"},
	"card_official":       {"cán bộ nhận thay người dân", "an official for a resident"},
	"card_due_response":   {"Hạn phản hồi", "Response due"},
	"card_due":            {"Hạn giải quyết", "Resolution due"},
	"card_overdue":        {"⏰ QUÁ HẠN", "⏰ OVERDUE"},
	"card_photos":         {"Ảnh", "Photos"},
	"card_moved":          {"➡️ Đã chuyển cho: %s", "➡️ Now with: %s"},
	"card_last":           {"Gần nhất", "Latest"},
	"card_info_provided":  {"💬 Người dân bổ sung thông tin cho %s:", "💬 The resident added information on %s:"},
	"card_reopened":       {"🔁 Người dân mở lại %s.", "🔁 The resident reopened %s."},
	"card_overdue_event":  {"⏰ %s đã quá hạn: %s.", "⏰ %s is overdue: %s."},
}

// stripEmoji is used to compare button labels with typed words.
func stripEmoji(s string) string { return strings.Trim(s, " ⏭◀✖✅📨📍❌") }
