package bot

import (
	"context"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// who is the person in a private chat.
type who struct {
	ResidentID string
	Name       string
	Lang       string // "" when the transport keeps no language of its own
	// ChatID is where notifications reach them; 0 when nothing can.
	ChatID int64
}

// membership is the organisation a person may speak for.
type membership struct {
	OrgID, OrgName string
}

// directory tells the engine who a person is; it differs by transport.
type directory interface {
	resident(ctx context.Context, in Input) (who, error)
	setLang(ctx context.Context, in Input, lang string) error
	// member returns nil when the person belongs to no organisation.
	member(ctx context.Context, in Input) (*membership, error)
	redeem(ctx context.Context, in Input, token string) (*service.RedeemResult, error)
}

// telegramDir knows people by their Telegram account.
type telegramDir struct{ svc *service.Service }

func (d telegramDir) resident(ctx context.Context, in Input) (who, error) {
	r, err := d.svc.EnsureResidentFirstLang(ctx, in.UserID, in.ChatID, in.Name, "", in.AppLang)
	if err != nil {
		return who{}, err
	}
	return who{ResidentID: r.ID, Name: r.Name, Lang: r.Lang, ChatID: in.ChatID}, nil
}

func (d telegramDir) setLang(ctx context.Context, in Input, lang string) error {
	_, err := d.svc.EnsureResident(ctx, in.UserID, in.ChatID, in.Name, lang)
	return err
}

func (d telegramDir) member(ctx context.Context, in Input) (*membership, error) {
	_, o, err := d.svc.OrgMembership(ctx, in.UserID)
	if models.ErrorCodeOf(err) == models.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &membership{OrgID: o.ID, OrgName: o.NameVI}, nil
}

func (d telegramDir) redeem(ctx context.Context, in Input, token string) (*service.RedeemResult, error) {
	return d.svc.RedeemInvite(ctx, token, in.UserID, in.Name)
}

// terminalDir is the one local person of the terminal chat.
type terminalDir struct{ name string }

func (d terminalDir) resident(context.Context, Input) (who, error) {
	return who{ResidentID: "cli:" + d.name, Name: d.name}, nil
}

func (terminalDir) setLang(context.Context, Input, string) error { return nil }

func (terminalDir) member(context.Context, Input) (*membership, error) { return nil, nil }

func (terminalDir) redeem(context.Context, Input, string) (*service.RedeemResult, error) {
	return nil, models.E(models.EInvalid, "invite.telegram_only")
}
