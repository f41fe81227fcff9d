package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// server is `latsar serve` as a child process on a fixed loopback port, so a
// restarted server answers the clients' retries at the address they know.
type server struct {
	bin, data, addr, redisURL string
	log                       *os.File // stdout and stderr of every start, appended
	cmd                       *exec.Cmd
	exited                    chan struct{}
}

// start runs the server and waits until /healthz answers.
func (s *server) start(ctx context.Context) error {
	s.cmd = exec.Command(s.bin, "serve")
	s.cmd.Env = append(os.Environ(), "LATSAR_ADDR="+s.addr, "LATSAR_DATA="+s.data,
		"LATSAR_ADMIN_TOKEN="+adminToken, "LATSAR_LOG_LEVEL=warn")
	if s.redisURL != "" {
		s.cmd.Env = append(s.cmd.Env, "LATSAR_REDIS_URL="+s.redisURL)
	}
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.exited = make(chan struct{})
	go func(c *exec.Cmd, exited chan struct{}) { _ = c.Wait(); close(exited) }(s.cmd, s.exited)
	// Rebuilding the memory read model from a large log takes a few seconds.
	probe := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("latsar serve exited at start; see %s", s.log.Name())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if res, err := probe.Get("http://" + s.addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("latsar serve did not answer /healthz within 60 s; see %s", s.log.Name())
}

// kill sends SIGKILL (no shutdown, no flush, no checkpoint) and waits for the
// process to be gone, so the next start finds the files as a crash left them.
func (s *server) kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

// stop ends the server the polite way, at the end of a run.
func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
		s.cmd = nil
	case <-time.After(20 * time.Second):
		s.kill()
	}
}

// verify runs `latsar verify` on the data directory and returns its exit code.
func verify(bin, data string) (int, string) {
	out, err := exec.Command(bin, "verify", "--data", data).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	case err != nil:
		return -1, err.Error()
	}
	return 0, string(out)
}

// startRedis runs a redis-server of our own on a free loopback port, keeping
// nothing on disk: it outlives every kill of latsar, not the harness.
func startRedis(dir string) (url string, stop func(), err error) {
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command("redis-server", "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", dir, "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start redis-server (apt-get install redis-server): %w", err)
	}
	stop = func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	addr := "127.0.0.1:" + strconv.Itoa(port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if pingRedis(addr) {
			return "redis://" + addr + "/0", stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("redis-server on %s did not answer PING", addr)
}

func pingRedis(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, _ := bufio.NewReader(c).ReadString('\n')
	return strings.HasPrefix(line, "+PONG")
}

// freePort finds a loopback port nobody listens on.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
