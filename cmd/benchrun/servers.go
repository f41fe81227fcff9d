package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/latsar/ledger/app"
	"github.com/latsar/ledger/bench/trivial"
)

// process is a server under load, in a child process.
type process struct {
	addr      string
	pprofAddr string // set for benchrun's own profiling child
	cmd       *exec.Cmd
	exited    chan struct{}
}

// startTrivial runs `benchrun trivial` (the ceiling) in a child process.
func startTrivial(work string) (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &process{addr: addr, cmd: exec.Command(self, "trivial", "-addr", addr)}
	return p, p.start(filepath.Join(work, "trivial.log"))
}

// startLedger runs the binary b as `latsar serve` on a fresh data directory,
// without a rate limit (one token sends every request), or benchrun's own
// profiling child with -profile.
func startLedger(o options, b binary) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	data, err := os.MkdirTemp(o.work, "data-")
	if err != nil {
		return nil, err
	}
	p := &process{addr: addr}
	if b.path == "" {
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		if p.pprofAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		p.cmd = exec.Command(self, "ledger", "-addr", addr, "-data", data, "-pprof", p.pprofAddr)
	} else {
		p.cmd = exec.Command(b.path, "serve")
	}
	p.cmd.Env = append(os.Environ(), "LATSAR_ADDR="+addr, "LATSAR_DATA="+data, "LATSAR_ADMIN_TOKEN="+adminToken,
		"LATSAR_LOG_LEVEL=warn", "LATSAR_RATE_PER_TOKEN=0")
	return p, p.start(filepath.Join(o.work, "ledger.log"))
}

// start runs the process and waits until it answers on its address.
func (p *process) start(logPath string) error {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	p.cmd.Stdout, p.cmd.Stderr = log, log
	if err := p.cmd.Start(); err != nil {
		return err
	}
	p.exited = make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			out, _ := os.ReadFile(logPath)
			return fmt.Errorf("%s exited at start: %s", p.cmd.Path, out)
		case <-time.After(20 * time.Millisecond):
		}
		if c, err := net.Dial("tcp", p.addr); err == nil {
			c.Close()
			return nil
		}
	}
	p.stop()
	return fmt.Errorf("%s did not listen on %s within 60 s", p.cmd.Path, p.addr)
}

// stop interrupts the process (a graceful shutdown) and waits for it.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// profile starts collecting the CPU and allocation profiles of a load of
// the profiling child (nothing for another binary), over its first seconds
// (at most 5: the trophy load may end early); the returned function waits
// for them, kept in the profile directory.
func (p *process) profile(o options, load string, run int) func() {
	if p.pprofAddr == "" {
		return func() {}
	}
	seconds := strconv.Itoa(min(5, max(1, int(o.duration.Seconds())-2)))
	var wg sync.WaitGroup
	for kind, file := range map[string]string{"profile": "cpu", "allocs": "allocs"} {
		wg.Go(func() {
			path := filepath.Join(o.profileDir, fmt.Sprintf("%s-%s-%d.pprof", file, load, run))
			if err := fetch("http://"+p.pprofAddr+"/debug/pprof/"+kind+"?seconds="+seconds, path); err != nil {
				fmt.Fprintln(os.Stderr, "benchrun: profile:", err)
			}
		})
	}
	return wg.Wait
}

func fetch(url, path string) error {
	res, err := http.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, res.Status)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// serveTrivial is `benchrun trivial -addr A`: the ceiling, an echo handler
// that decodes the same body a trophy POST carries and answers 201, and a
// GET answering a small JSON object.
func serveTrivial(args []string) error {
	fs := flag.NewFlagSet("trivial", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	_ = fs.Parse(args)
	e := trivial.Server()
	return serveUntilSignal(*addr, e)
}

// serveLedger is `benchrun ledger`: the ledger wired as `latsar serve` wires
// it (app.Start, the same server timeouts), with net/http/pprof on a port
// of its own, for profiles of the running server under load.
func serveLedger(args []string) error {
	fs := flag.NewFlagSet("ledger", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	data := fs.String("data", "", "data directory")
	pprofAddr := fs.String("pprof", "127.0.0.1:0", "address of net/http/pprof")
	_ = fs.Parse(args)
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Start(context.Background(), app.Options{DataDir: *data, AdminSecret: adminToken, Logger: log})
	if err != nil {
		return err
	}
	defer a.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go func() { _ = http.ListenAndServe(*pprofAddr, mux) }()
	return serveUntilSignal(*addr, a.Server)
}

// serveUntilSignal serves h on addr with `latsar serve`'s timeouts until
// SIGINT or SIGTERM, then shuts down gracefully.
func serveUntilSignal(addr string, h http.Handler) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 60 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Shutdown(context.Background()) }()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
