package sqlite

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/latsar/ledger/events"
)

// The writer runs each batch inside one sql.Conn.Raw call and executes its
// statements on the driver's connection there. Through database/sql every
// statement took the connection's lock, went through its retry, converted its
// arguments into a fresh []driver.NamedValue and wrapped its result: about
// half the Go-side CPU of an insert, on the writer's serial path. The
// statements are prepared once on that connection (newWriter) and used only
// inside Raw, so database/sql never sees them.

// driverStmt is a statement prepared on the writer's driver connection
// (modernc's statements implement all three).
type driverStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// prepareDriver prepares query on the driver connection dc.
func prepareDriver(ctx context.Context, dc any, query string) (driverStmt, error) {
	prep, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("sqlite: driver connection %T cannot prepare with a context", dc)
	}
	st, err := prep.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ds, ok := st.(driverStmt)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("sqlite: driver statement %T cannot execute with a context", st)
	}
	return ds, nil
}

// bind puts args in the writer's reused argument slice.
func (w *writer) bind(args []driver.Value) []driver.NamedValue {
	w.args = w.args[:0]
	for i, a := range args {
		w.args = append(w.args, driver.NamedValue{Ordinal: i + 1, Value: a})
	}
	return w.args
}

// exec runs st with args; only inside Raw (commitBatch, newWriter).
func (w *writer) exec(st driverStmt, args ...driver.Value) (driver.Result, error) {
	return st.ExecContext(context.Background(), w.bind(args))
}

// queryRow reads the first row of st with args into dest; it answers false
// when there is none.
func (w *writer) queryRow(st driverStmt, dest []driver.Value, args ...driver.Value) (found bool, err error) {
	rows, err := st.QueryContext(context.Background(), w.bind(args))
	if err != nil {
		return false, err
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	switch err := rows.Next(dest); {
	case err == nil:
		return true, nil
	case errors.Is(err, io.EOF):
		return false, nil
	default:
		return false, err
	}
}

// queryRecorded reads the rows of st (selectColumns) with args, as scanAll
// does through database/sql.
func (w *writer) queryRecorded(st driverStmt, args ...driver.Value) (evs []events.Recorded, err error) {
	rows, err := st.QueryContext(context.Background(), w.bind(args))
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	evs = []events.Recorded{}
	row := make([]driver.Value, 8)
	for {
		switch err := rows.Next(row); {
		case errors.Is(err, io.EOF):
			return evs, nil
		case err != nil:
			return nil, err
		}
		e := events.Recorded{
			Position: uint64(int64Of(row[0])), ID: textOf(row[1]), Stream: textOf(row[2]),
			Revision: uint64(int64Of(row[3])), Type: textOf(row[4]), Data: bytesOf(row[5]),
			RecordedAt: time.Unix(0, int64Of(row[7])).UTC(),
		}
		if err := events.ParseMetadataJSON(bytesOf(row[6]), &e.Metadata); err != nil {
			return nil, fmt.Errorf("event %s: metadata: %w", e.ID, err)
		}
		evs = append(evs, e)
	}
}

func int64Of(v driver.Value) int64 {
	n, _ := v.(int64)
	return n
}

// textOf reads a TEXT (or BLOB) column; NULL is "".
func textOf(v driver.Value) string {
	switch v := v.(type) {
	case string:
		return v
	case []byte:
		return string(v)
	}
	return ""
}

// bytesOf reads a TEXT or BLOB column into bytes of its own; NULL is nil.
func bytesOf(v driver.Value) []byte {
	switch v := v.(type) {
	case string:
		return []byte(v)
	case []byte:
		return bytes.Clone(v)
	}
	return nil
}
