package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// loadSetup is what the clients sign in with: per client an official's
// session and an organisation's API key, and the Telegram webhook secret
// serve is given; and the catalogue's codes, for filters and filings.
type loadSetup struct {
	desks             []loadDesk
	orgKeys           []string
	webhookSecret     string
	wards, categories []string
	issues            int64 // in the database when the load starts
}

// loadDesk is one client's official: a department's official, or (every
// fourth client) a city-wide supervisor, whose queue is every department's.
type loadDesk struct {
	username   string
	department string // "" for a supervisor
	token      string
}

// createLoadCredentials creates the accounts, the organisation and the
// keys through the service, as an admin would, and signs the officials in.
// Names carry the run's time, so a reused data folder takes another run.
func createLoadCredentials(ctx context.Context, svc *service.Service, clients int) (*loadSetup, error) {
	// The setup acts as an admin; no admin account is needed for that, and
	// none is left behind in the folder.
	admin := models.Principal{Kind: models.ActorOfficial, Name: "loadtest setup",
		User: &models.User{ID: "loadtest-setup", Username: "loadtest-setup", Role: models.RoleAdmin}}
	run := strconv.FormatInt(time.Now().Unix(), 36)
	var depts []string
	for _, d := range svc.Catalogue().Departments {
		depts = append(depts, d.Code)
	}
	creds := &loadSetup{webhookSecret: "loadtest_" + randomHex(16)}
	creds.wards, creds.categories = catalogueCodes(svc)
	for i := 0; i < clients; i++ {
		d := loadDesk{username: fmt.Sprintf("load-%s-%02d", run, i)}
		in := service.NewUser{Username: d.username, Name: fmt.Sprintf("Load client %d", i), Password: "Ld-" + randomHex(12) + "-X9"}
		if i%4 == 3 {
			in.Role = models.RoleSupervisor
		} else {
			in.Role, in.Department = models.RoleOfficial, depts[i%len(depts)]
			d.department = in.Department
		}
		if _, err := svc.CreateUser(ctx, admin, in); err != nil {
			return nil, fmt.Errorf("create %s: %w", d.username, err)
		}
		token, _, _, err := svc.Login(ctx, d.username, in.Password)
		if err != nil {
			return nil, fmt.Errorf("sign %s in: %w", d.username, err)
		}
		d.token = token
		creds.desks = append(creds.desks, d)
	}
	org, err := svc.CreateOrganisation(ctx, admin, service.NewOrganisation{Code: "load-" + run, NameVI: "Hội Phụ nữ phường (tải thử " + run + ")", NameEN: "Women's Union (load test " + run + ")"})
	if err != nil {
		return nil, fmt.Errorf("create the organisation: %w", err)
	}
	for i := 0; i < clients; i++ {
		secret, _, err := svc.CreateAPIKey(ctx, admin, fmt.Sprintf("load client %d", i), org.ID)
		if err != nil {
			return nil, fmt.Errorf("create an API key: %w", err)
		}
		creds.orgKeys = append(creds.orgKeys, secret)
	}
	return creds, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
