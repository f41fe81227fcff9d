package keys_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/latsar/ledger/keys"
)

func TestSecretIsCreatedOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	first, err := keys.Secret(dir, "webhooks.secret")
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 32 {
		t.Fatalf("secret of %d bytes, want 32", len(first))
	}
	fi, err := os.Stat(filepath.Join(dir, "webhooks.secret"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Fatalf("secret file mode %#o, want %#o", got, want)
	}
	again, err := keys.Secret(dir, "webhooks.secret")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Fatal("a second start reads another secret than the first start made")
	}
}

func TestSecretRefusesAFileOthersMayRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	if _, err := keys.Secret(dir, "webhooks.secret"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "webhooks.secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Secret(dir, "webhooks.secret"); err == nil {
		t.Fatal("a secret others may read was accepted")
	}
}
