package main

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupWhileServing takes a backup of a serving ledger, checks it is
// verified, refuses to overwrite, and restores it: a server started on the
// copy answers the same standing.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	s := cliStart(t, dir)
	_, live := cliFill(t, s)
	copyDir := filepath.Join(t.TempDir(), "backup")
	var out bytes.Buffer
	if err := backup([]string{"--data", dir, "--to", copyDir}, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "every chain holds") {
		t.Fatalf("the copy was not verified: %s", out.String())
	}
	if err := backup([]string{"--data", dir, "--to", copyDir}, &out); err == nil {
		t.Fatal("a backup over an existing directory: err=nil")
	}
	s.stop()
	restored := cliStart(t, copyDir)
	again := restored.do("GET", "/v1/participants/"+cliNIP+"/standing", nil, http.StatusOK)
	if again["mooc"].(map[string]any)["trophies"].(map[string]any)["total"] != live["mooc"].(map[string]any)["trophies"].(map[string]any)["total"] {
		t.Fatalf("restored standing %v, want %v", again["mooc"], live["mooc"])
	}
}
