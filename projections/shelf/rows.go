package shelf

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	"github.com/latsar/ledger/events/sqlite"
)

// ErrOtherIdentity is answered by Rows for a file written for another fold
// or another log: the server deletes it at its next start, and its
// documents are worth nothing.
var ErrOtherIdentity = errors.New("the shelf was written for another fold or another log")

// Rows calls fn with every document of the shelf at path, in NIP order,
// reading the file without changing it (a server may be writing it). A
// missing file is os.ErrNotExist; a file of another identity than identity
// (as given to Open) is ErrOtherIdentity.
func Rows(ctx context.Context, path, identity string, fn func(nip string, position uint64, body []byte) error) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", sqlite.DSN(path, "busy_timeout(5000)", "query_only(1)"))
	if err != nil {
		return fmt.Errorf("shelf: %w", err)
	}
	defer db.Close()
	held, err := heldIdentity(ctx, db)
	if err != nil {
		return fmt.Errorf("shelf: %s: %w", path, err)
	}
	if held != format+"/"+identity {
		return ErrOtherIdentity
	}
	rows, err := db.QueryContext(ctx, `SELECT nip, position, body FROM standings ORDER BY nip`)
	if err != nil {
		return fmt.Errorf("shelf: %s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var nip, position int64
		var body []byte
		if err := rows.Scan(&nip, &position, &body); err != nil {
			return err
		}
		if err := fn(fmt.Sprintf("%018d", nip), uint64(position), body); err != nil {
			return err
		}
	}
	return rows.Err()
}
