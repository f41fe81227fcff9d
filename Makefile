# The Latsar ledger. `make run` starts the server on the embedded store;
# `make test` runs every test. See README.md.

GO        ?= go
BIN       := bin/latsar
PKGS      := ./...
BENCHTIME ?= 3s
CHAOS_ROUNDS ?= 20
CHAOS_FLAGS  ?=
FUZZTIME     ?= 30s
FUZZMINTIME  ?= 10s

# Every fuzz target, as package:name; make fuzz checks the list against the
# FuzzXxx functions of the test files, so a new target cannot be forgotten.
FUZZ_TARGETS := \
	./domain:FuzzParseScore ./domain:FuzzParseNIP ./domain:FuzzParseDate \
	./domain:FuzzParseTime ./domain:FuzzText ./domain:FuzzCatalogue \
	./domain/development:FuzzParseAmount ./domain/participant:FuzzPlainDecoders \
	./api:FuzzDecodeJSON ./api:FuzzScoreField ./api:FuzzFieldsTime ./api:FuzzBatchRequest \
	./events:FuzzMetadataJSON ./events:FuzzCanonical \
	./tests:FuzzWrites

NATIONAL_PARTICIPANTS ?= 70000
NATIONAL_DATA         ?= /work/national-data

.PHONY: run demo build test test-deps test-short bench bench-http chaos fuzz lint openapi lint-openapi clean national

run: build
	./$(BIN) serve

demo: build
	LATSAR_DEMO=true ./$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/latsar

test: lint test-deps
	$(GO) test -race -count=1 $(PKGS)

# The tests' real parts (redis-server, chromium, poppler-utils): installed
# when missing and possible, else one line says what to install.
test-deps:
	@scripts/test-deps

test-short:
	$(GO) test -count=1 $(PKGS)

# The comparison over real HTTP: cmd/benchrun starts a trivial echo server
# and `latsar serve` (fresh data, 2,000 participants) and drives each with
# cmd/loadgen, in a process of its own (BENCH_FLAGS: -runs 3, -d 10s,
# -latsar before=path,after=path to alternate binaries, -profile DIR).
BENCH_FLAGS ?=

bench: test-deps bench-http
	$(GO) test -run '^$$' -bench . -benchtime $(BENCHTIME) -count 1 ./events/sqlite
	$(GO) test -run '^$$' -bench 'Trivial|Trophy|Get|Handler' -benchtime $(BENCHTIME) -count 1 ./bench
	$(GO) test -run '^$$' -bench 'Rebuild' -benchtime 1x -count 1 ./bench
	$(GO) test -run '^$$' -bench 'ReplayStream' -benchtime 2000x -count 1 ./bench

bench-http: build
	$(GO) build -o bin/loadgen ./cmd/loadgen
	$(GO) build -o bin/benchrun ./cmd/benchrun
	./bin/benchrun -latsar latsar=$(BIN) -loadgen bin/loadgen $(BENCH_FLAGS)

# Not part of test: kill -9 the server under write load, restart, check that
# no acknowledged write is lost or doubled (CHAOS_FLAGS=-redis for Redis).
chaos:
	$(GO) run ./cmd/chaos -rounds $(CHAOS_ROUNDS) $(CHAOS_FLAGS)

# Not part of test: a national year on one machine (docs/benchmarks.md).
# Generates NATIONAL_PARTICIPANTS (about 150 events each) into
# NATIONAL_DATA/p<N>-s<seed> once, then measures start-up, rebuild, memory,
# read latencies and verify against it and prints a table to paste.
national: build
	NATIONAL_PARTICIPANTS=$(NATIONAL_PARTICIPANTS) NATIONAL_DATA=$(NATIONAL_DATA) $(GO) run ./scripts/national -bin $(BIN)

# Not part of test: each fuzz target for FUZZTIME (the request decoders,
# the domain's parsers, the canonical form, every write endpoint of a real
# server). A failing input is written to the package's testdata/fuzz/.
fuzz:
	@want=$$(printf '%s\n' $(FUZZ_TARGETS) | sed 's/.*://' | sort); \
	  have=$$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' --include='*_test.go' . | sed -E 's/^func (Fuzz[A-Za-z0-9_]+).*/\1/' | sort); \
	  if [ "$$want" != "$$have" ]; then printf 'FUZZ_TARGETS lists:\n%s\nthe test files define:\n%s\n' "$$want" "$$have"; exit 1; fi
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t#*:}; echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
	  scripts/fuzz-target $$pkg $$name $(FUZZTIME) $(FUZZMINTIME); \
	done

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@if command -v staticcheck >/dev/null 2>&1; then staticcheck $(PKGS); fi

openapi:
	$(GO) generate ./openapi

lint-openapi:
	.ci/lint-openapi

clean:
	rm -rf bin
