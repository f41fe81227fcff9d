// Command chaos is the ledger's reliability harness (`make chaos`): it runs
// `latsar serve` on a fresh data directory, writes trophies and posttests to
// it from concurrent clients, kills it with SIGKILL at a random moment, runs
// `latsar verify` on what the crash left, restarts it, lets the clients retry
// what got no answer, and checks that every acknowledged write is in the log
// exactly once and in the standings. It exits 1 on any loss, duplicate,
// stale standing, unexpected answer or broken chain.
//
//	go run ./cmd/chaos -rounds 20 -clients 8 -participants 200 -duration 2s [-redis] [-seed N]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// adminToken is the bootstrap secret the harness gives the server (LATSAR_ADMIN_TOKEN).
const adminToken = "chaos-admin-secret"

type config struct {
	rounds, clients, participants int
	duration                      time.Duration
	redis, keep                   bool
	seed                          uint64
}

// harness is one run: the server, the clients' work and what they were told.
type harness struct {
	cfg  config
	base string
	http *http.Client
	lms  string // the LMS token the clients write with
	work *workload
	book *book
	srv  *server

	cursor uint64              // the log is read up to this position
	logged map[string][]string // item id -> the events recorded for it

	mu         sync.Mutex
	complaints int
}

func main() {
	var c config
	flag.IntVar(&c.rounds, "rounds", 20, "kill-and-restart rounds")
	flag.IntVar(&c.clients, "clients", 8, "concurrent writing clients")
	flag.IntVar(&c.participants, "participants", 200, "participants enrolled in the cohort (at most 1000, the largest capacity an approval grants)")
	flag.DurationVar(&c.duration, "duration", 2*time.Second, "longest write load of a round; the kill falls at a random moment of it")
	flag.BoolVar(&c.redis, "redis", false, "keep the read models in a redis-server the harness starts")
	flag.Uint64Var(&c.seed, "seed", 0, "random seed (0: from the clock); the clients' interleaving is not reproducible, the choices are")
	flag.BoolVar(&c.keep, "keep", false, "keep the temporary directory (binary, data, server.log); it is always kept on failure")
	flag.Parse()
	if c.rounds < 1 || c.clients < 1 || c.participants < 1 || c.participants > 1000 || c.duration <= 0 {
		fmt.Fprintln(os.Stderr, "chaos: -rounds, -clients, -participants (1-1000) and -duration must be positive")
		os.Exit(2)
	}
	if c.seed == 0 {
		c.seed = uint64(time.Now().UnixNano())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config) (err error) {
	tmp, err := os.MkdirTemp("", "latsar-chaos-")
	if err != nil {
		return err
	}
	defer func() {
		if (err != nil && ctx.Err() == nil) || cfg.keep { // an interrupted run leaves nothing behind
			fmt.Fprintln(os.Stderr, "chaos: kept", tmp)
		} else {
			os.RemoveAll(tmp)
		}
	}()
	srv := &server{bin: filepath.Join(tmp, "latsar"), data: filepath.Join(tmp, "data")}
	fmt.Printf("chaos: building %s\n", srv.bin)
	if out, err := exec.Command("go", "build", "-o", srv.bin, "./cmd/latsar").CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/latsar (run from the repository root): %v\n%s", err, out)
	}
	mode := "memory"
	if cfg.redis {
		mode = "redis"
		dir := filepath.Join(tmp, "redis")
		if err := os.Mkdir(dir, 0o750); err != nil {
			return err
		}
		url, stopRedis, err := startRedis(dir)
		if err != nil {
			return err
		}
		defer stopRedis()
		srv.redisURL = url
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	srv.addr = "127.0.0.1:" + strconv.Itoa(port)
	if srv.log, err = os.Create(filepath.Join(tmp, "server.log")); err != nil {
		return err
	}
	defer srv.log.Close()
	if err := srv.start(ctx); err != nil {
		return err
	}
	defer srv.stop()

	h := &harness{
		cfg: cfg, base: "http://" + srv.addr, srv: srv,
		http:   &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.clients + 1}},
		work:   &workload{rng: rand.New(rand.NewPCG(cfg.seed, 1)), trophies: make([]int, cfg.participants)},
		book:   &book{acks: map[string]string{}, trophies: map[string]int{}, attempts: map[string]int{}},
		logged: map[string][]string{},
	}
	fmt.Printf("chaos: seed=%d mode=%s rounds=%d clients=%d participants=%d duration=%s server=%s data=%s\n",
		cfg.seed, mode, cfg.rounds, cfg.clients, cfg.participants, cfg.duration, h.base, srv.data)
	if err := h.setup(ctx); err != nil {
		return err
	}

	began := time.Now()
	kills := rand.New(rand.NewPCG(cfg.seed, 2)) // the kill moments, apart from the clients' choices
	var total result
	for r := 1; r <= cfg.rounds; r++ {
		killAfter := time.Duration(float64(cfg.duration) * (0.1 + 0.9*kills.Float64()))
		res, err := h.round(ctx, killAfter)
		if err != nil {
			return fmt.Errorf("round %d: %w", r, err)
		}
		total.add(res)
		fmt.Printf("round %d/%d: killed after %s, acknowledged=%d retried=%d replayed=%d lost=%d duplicated=%d standings_off=%d failed=%d unanswered=%d verify=%d restart=%s standings_in=%s position=%d\n",
			r, cfg.rounds, killAfter.Round(time.Millisecond), res.acked, res.retried, res.replayed, res.lost, res.duplicated,
			res.off, res.failed, res.unanswered, res.verify, res.restart.Round(time.Millisecond), res.checked.Round(time.Millisecond), h.book.lastPos)
	}
	verdict := "ok"
	if total.broken > 0 {
		verdict = fmt.Sprintf("broken(%d)", total.broken)
	}
	fmt.Printf("rounds=%d acknowledged=%d lost=%d duplicated=%d standings_off=%d failed=%d unanswered=%d verify=%s mode=%s seed=%d took=%s\n",
		cfg.rounds, total.acked, total.lost, total.duplicated, total.off, total.failed, total.unanswered, verdict, mode, cfg.seed, time.Since(began).Round(time.Second))
	if total.lost+total.duplicated+total.off+total.failed+total.unanswered+total.broken > 0 {
		return errors.New("the ledger broke a promise (see above)")
	}
	return nil
}

// setup opens the cohort (with the capacity approval R-COH-2 asks beyond 40),
// issues the LMS token the clients write with, and enrols the participants.
func (h *harness) setup(ctx context.Context) error {
	admin := func(path string, body map[string]any) ([]byte, error) {
		status, raw, err := h.post(ctx, adminToken, path, mustJSON(body), "")
		if err == nil && status != http.StatusCreated {
			err = fmt.Errorf("POST %s: %d %.300s", path, status, raw)
		}
		return raw, err
	}
	if _, err := admin("/v1/cohorts", map[string]any{"cohort_id": "CHAOS", "name": "Latsar CPNS Gol. III (chaos)",
		"institution_id": "bpsdm-jatim", "golongan": []string{"III"}, "starts_on": "2024-06-03", "ends_on": "2024-08-02",
		"trophy_catalogue": catalogue}); err != nil {
		return err
	}
	if h.cfg.participants > 40 {
		if _, err := admin("/v1/cohorts/CHAOS/approvals", map[string]any{"kind": "capacity", "letter_number": "B-1/LAN/2024",
			"approved_by": "Kepala LAN", "approved_on": "2024-05-20", "capacity": h.cfg.participants}); err != nil {
			return err
		}
	}
	raw, err := admin("/v1/tokens", map[string]any{"name": "chaos-lms", "role": "lms", "institution_id": "bpsdm-jatim"})
	if err != nil {
		return err
	}
	var issued struct{ Token string }
	if err := json.Unmarshal(raw, &issued); err != nil || issued.Token == "" {
		return fmt.Errorf("no token in %.300s", raw)
	}
	h.lms = issued.Token
	for i := range h.cfg.participants {
		nip := fmt.Sprintf("19990101202401%d%03d", 1+i%2, i/2) // R-NIP-1: birth date, TMT, gender, sequence
		if _, err := admin("/v1/cohorts/CHAOS/participants", map[string]any{"nip": nip,
			"name": fmt.Sprintf("Peserta %d", i), "golongan": "III", "agency": "pemkab-blitar"}); err != nil {
			return err
		}
		h.work.nips = append(h.work.nips, nip)
	}
	return nil
}

// complain prints the first problems in full; the counts tell the rest.
func (h *harness) complain(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.complaints++; h.complaints <= 20 {
		fmt.Fprintln(os.Stderr, "  !", err)
	}
}
