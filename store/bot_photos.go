package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Photos residents send in Telegram (issue #7). The bot downloads a photo
// when it arrives and keeps the bytes under the photo's Telegram file_id
// until the report is sent; the bytes then go to the photos collection
// with the issue. A photo Telegram would not give (it was down) is filed
// by its file_id and listed in photo_fetches, which a background pass
// works through. Both are read by _id only, or are small.
const (
	colBotPhotos   = "bot_photos"
	colPhotoFetchs = "photo_fetches"
)

// BotPhoto is a downloaded photo waiting for its report.
type BotPhoto struct {
	FileID      string    `bson:"_id"`
	ContentType string    `bson:"content_type"`
	Data        []byte    `bson:"data"`
	CreatedAt   time.Time `bson:"created_at"`
}

// PutBotPhoto keeps a downloaded photo (again: the same file_id is the
// same photo).
func (s *Store) PutBotPhoto(ctx context.Context, p *BotPhoto) error {
	_, err := s.c(colBotPhotos).ReplaceOne(ctx, bson.M{"_id": p.FileID}, p, upsertReplace())
	return mapErr(err, "photo")
}

// GetBotPhoto returns a downloaded photo; not found when it was not.
func (s *Store) GetBotPhoto(ctx context.Context, fileID string) (*BotPhoto, error) {
	return findOne[BotPhoto](ctx, s, colBotPhotos, bson.M{"_id": fileID}, "photo")
}

// DeleteBotPhoto forgets a downloaded photo once its report has it.
func (s *Store) DeleteBotPhoto(ctx context.Context, fileID string) error {
	_, err := s.c(colBotPhotos).DeleteOne(ctx, bson.M{"_id": fileID})
	return mapErr(err, "photo")
}

// PhotoFetch is a photo of a filed issue still to be fetched from Telegram.
type PhotoFetch struct {
	// ID is IssueID + "/" + PhotoID.
	ID       string    `bson:"_id"`
	IssueID  string    `bson:"issue_id"`
	PhotoID  string    `bson:"photo_id"`
	FileID   string    `bson:"file_id"`
	ChatID   int64     `bson:"chat_id"`
	Lang     string    `bson:"lang"`
	Attempts int       `bson:"attempts"`
	NextAt   time.Time `bson:"next_at"`
}

// PutPhotoFetch records (or updates) a photo to fetch later.
func (s *Store) PutPhotoFetch(ctx context.Context, f *PhotoFetch) error {
	f.ID = f.IssueID + "/" + f.PhotoID
	_, err := s.c(colPhotoFetchs).ReplaceOne(ctx, bson.M{"_id": f.ID}, f, upsertReplace())
	return mapErr(err, "photo fetch")
}

// DuePhotoFetches lists the photos to fetch now. The collection holds
// only photos Telegram did not give yet, so it stays small.
func (s *Store) DuePhotoFetches(ctx context.Context, now time.Time, limit int64) ([]PhotoFetch, error) {
	return findAll[PhotoFetch](ctx, s, colPhotoFetchs, bson.M{"next_at": bson.M{"$lte": now}}, bson.D{{Key: "next_at", Value: 1}}, limit, "photo fetches")
}

// DeletePhotoFetch removes a photo from the list (fetched, or given up).
func (s *Store) DeletePhotoFetch(ctx context.Context, id string) error {
	_, err := s.c(colPhotoFetchs).DeleteOne(ctx, bson.M{"_id": id})
	return mapErr(err, "photo fetch")
}

// DeleteBotPhotosBefore drops downloaded photos no report took (the
// person gave up); the collection is small, so the scan is cheap.
func (s *Store) DeleteBotPhotosBefore(ctx context.Context, t time.Time) error {
	_, err := s.c(colBotPhotos).DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": t}})
	return mapErr(err, "photos")
}
