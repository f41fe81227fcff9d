package keys

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Secret loads the named symmetric secret of dir (32 random bytes, kept as
// base64 in dir/name, mode 0600), creating it on the first start. Like a
// private key, a file others may read is refused. The webhooks' signing
// secrets are derived from one such secret, so that none is kept anywhere.
func Secret(dir, name string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	path := filepath.Join(dir, name)
	b, err := readSecret(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return b, err
	}
	fresh := make([]byte, 32)
	_, _ = rand.Read(fresh) // never fails (crypto/rand, Go 1.24+)
	err = writeNew(path, []byte(base64.StdEncoding.EncodeToString(fresh)+"\n"), 0o600)
	if err != nil && errors.Is(err, fs.ErrExist) {
		return readSecret(path) // another process starting on dir made it first
	}
	if err != nil {
		return nil, err
	}
	return fresh, nil
}

func readSecret(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("keys: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s may be read by others (mode %#o): chmod 600 it", path, perm)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) < 32 {
		return nil, fmt.Errorf("keys: %s is not a secret of at least 32 bytes in base64", path)
	}
	return b, nil
}
