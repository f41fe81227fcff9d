package events

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The server appends its checkpoints to a file, one JSON object a line
// (NDJSON), beside the log rather than in it: a checkpoint of the log cannot
// be a part of what it pins, and it is public, so an auditor copies the file
// or fetches GET /v1/checkpoints as it grows.

// AppendCheckpoint appends c to the file at path (mode 0644), on disk
// before it returns. A line torn by a crash is ended first, so it costs only
// itself.
func AppendCheckpoint(path string, c Checkpoint) error {
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// ReadCheckpoints reads a checkpoint file as AppendCheckpoint writes it,
// signatures unchecked. A line that is not a checkpoint is not an error of
// the reading but a finding: it is answered in bad, naming the line.
func ReadCheckpoints(r io.Reader) (cps []Checkpoint, bad []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c Checkpoint
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			bad = append(bad, fmt.Sprintf("line %d is not a checkpoint: %v", n, err))
			continue
		}
		cps = append(cps, c)
	}
	return cps, bad, sc.Err()
}

// LoadCheckpoints reads the checkpoint file at path; a file that does not
// exist holds none.
func LoadCheckpoints(path string) ([]Checkpoint, []string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return ReadCheckpoints(f)
}

// ValidCheckpoints keeps the checkpoints whose signature keys verify and
// says why it refused the others.
func ValidCheckpoints(cps []Checkpoint, keys CheckpointKeys) (valid []Checkpoint, refused []string) {
	for i := range cps {
		if err := cps[i].Verify(keys); err != nil {
			refused = append(refused, fmt.Sprintf("checkpoint at position %d (kid %q): %v", cps[i].Position, cps[i].KeyID, err))
			continue
		}
		valid = append(valid, cps[i])
	}
	return valid, refused
}
