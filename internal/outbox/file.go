package outbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// FileSender writes each message as an .eml file into Dir, for the demo and
// for installations without a mail server.
type FileSender struct {
	Dir string
}

// FileName is the file a message is written to: when it was created, then
// its id, so that the folder lists in order.
func FileName(m *Message) string {
	return m.CreatedAt.UTC().Format("20060102T150405Z") + "-" + strconv.FormatInt(m.ID, 10) + ".eml"
}

// Send writes raw under a temporary name and renames it into place, so a
// file is either whole or absent, and writing it again replaces it.
func (f *FileSender) Send(_ context.Context, _ string, m *Message, raw []byte, _ func() error) error {
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return fmt.Errorf("mail folder: %w", err)
	}
	tmp, err := os.CreateTemp(f.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("write message %d: %w", m.ID, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("write message %d: %w", m.ID, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write message %d: %w", m.ID, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write message %d: %w", m.ID, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(f.Dir, FileName(m))); err != nil {
		return fmt.Errorf("write message %d: %w", m.ID, err)
	}
	return nil
}
