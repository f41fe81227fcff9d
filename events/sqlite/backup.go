package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// Snapshot writes a consistent copy of the SQLite file at src to dest
// (which must not exist) while other processes go on writing src: VACUUM
// INTO reads one snapshot of the database, so the copy holds whole
// transactions only, as of one moment. It serves the event store and the
// kept Idempotency-Key answers alike.
func Snapshot(ctx context.Context, src, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("sqlite: snapshot: %s exists", dest)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("sqlite: snapshot: %w", err)
	}
	db, err := sql.Open("sqlite", DSN(abs, "busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("sqlite: snapshot %s: %w", src, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("sqlite: snapshot %s into %s: %w", src, dest, err)
	}
	return nil
}
