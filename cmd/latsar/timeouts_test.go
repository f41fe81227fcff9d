package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestConnectionsDoNotHangForever starts `latsar serve` with one-second
// timeouts: a client that sends half a body, and an idle keep-alive
// connection, are both closed by the server; the live feed outlives the
// timeouts and still delivers.
func TestConnectionsDoNotHangForever(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- serveUntil(ctx, []string{"--addr", addr, "--data", t.TempDir(), "--admin-token", cliAdmin,
			"--read-timeout", "1s", "--write-timeout", "1s", "--idle-timeout", "1s", "--log-level", "error"})
	}()
	t.Cleanup(func() { cancel(); <-served })
	base := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not start")
		}
	}

	closedBy := func(what string, conn net.Conn) {
		t.Helper()
		_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		if _, err := io.Copy(io.Discard, conn); err != nil {
			t.Fatalf("%s: the server held the connection: %v", what, err)
		}
	}
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	_, _ = io.WriteString(slow, "POST /v1/cohorts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+cliAdmin+
		"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"cohort_id\":")
	closedBy("a half-sent body", slow)

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	_, _ = io.WriteString(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	closedBy("an idle keep-alive connection", idle)

	req, _ := http.NewRequest("GET", base+"/v1/events/stream", nil)
	req.Header.Set("Authorization", "Bearer "+cliAdmin)
	feed, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Body.Close()
	time.Sleep(2500 * time.Millisecond) // past every timeout
	open, _ := http.NewRequest("POST", base+"/v1/cohorts", strings.NewReader(`{"cohort_id":"T-1","name":"Latsar T-1","institution_id":"bpsdm-jatim","golongan":["III"],"starts_on":"2024-06-03","ends_on":"2024-08-02","trophy_catalogue":{"kebijakan":{"0":3},"substansi_1":{"1":10,"2":10,"3":10,"4":10},"substansi_2":{"1":5,"2":5,"3":5,"4":4}}}`))
	open.Header.Set("Authorization", "Bearer "+cliAdmin)
	open.Header.Set("Content-Type", "application/json")
	if r, err := http.DefaultClient.Do(open); err != nil || r.StatusCode != http.StatusCreated {
		t.Fatalf("open a cohort: %v %v", r, err)
	}
	lines := bufio.NewScanner(feed.Body)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "event: CohortOpened") {
			return
		}
	}
	t.Fatalf("the live feed ended before the event arrived: %v", lines.Err())
}
