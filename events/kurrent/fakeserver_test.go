package kurrent

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/serverfeatures"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
	streamsv2 "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v2/streams/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// fakeServer is an in-process imitation of the gRPC services of KurrentDB
// the client uses: Streams (v1), enough to append, read and subscribe; the
// server features, which tell the client the version and what it offers; and
// from 25.1 the v2 multi-stream append (fakemulti_test.go). So the adapter
// and its use of the client run without a server.
//
// It imitates what the adapter relies on, as read from the server's source:
// positions are byte offsets in one log, with gaps, the commit position of an
// event equal to its prepare position (implicit, self-committed writes);
// appends check the expected revision and answer a retry of the same event
// ids at the same expected revision as a success without writing them again;
// reads of $all are inclusive of their position forwards and exclusive
// backwards; a subscription from a position starts after the event at that
// position; filtered subscriptions send checkpoints. It also writes events of
// system streams now and then, which the adapter must skip.
//
// It is not KurrentDB: the contract suite against a real cluster
// (LATSAR_ESDB_URL) is the proof; this is what runs everywhere.
type fakeServer struct {
	api.UnimplementedStreamsServer
	streamsv2.UnimplementedStreamsServiceServer      // fakemulti_test.go
	serverfeatures.UnimplementedServerFeaturesServer // fakemulti_test.go

	version string // the server version it reports: 25.1.0 unless told

	mu      sync.Mutex
	log     []*fakeEvent
	streams map[string][]*fakeEvent
	next    uint64        // log position of the next record
	changed chan struct{} // closed and replaced after each write
	drop    chan struct{} // closed and replaced to drop live subscriptions
	appends int

	// lostAcks makes the next appends record their events and then fail,
	// as a connection lost before the answer would.
	lostAcks int
	// failAppends makes the next appends fail without recording anything.
	failAppends int
	// failClaims aims lostAcks and failAppends at id claims instead of the
	// ledger's events.
	failClaims bool
	// lostMultiAcks and failMulti do the same to multi-stream appends.
	lostMultiAcks, failMulti int
	// hideMulti leaves the multi-stream append out of the server features,
	// as a node older than the one Open saw would.
	hideMulti bool

	srv  *grpc.Server
	addr string
}

type fakeEvent struct {
	id          uuid.UUID
	stream      string
	rev         uint64
	pos         uint64
	typ         string
	contentType string
	created     time.Time
	data, meta  []byte
}

func startFakeServer(t testing.TB) *fakeServer { return startFakeServerVersion(t, "25.1.0") }

// startFakeServerVersion starts a fake that reports version; before 25.1 it
// does not offer the multi-stream append.
func startFakeServerVersion(t testing.TB, version string) *fakeServer {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{
		streams: map[string][]*fakeEvent{},
		next:    4096, // the log starts with records that are not events
		changed: make(chan struct{}),
		drop:    make(chan struct{}),
		srv:     grpc.NewServer(),
		addr:    lis.Addr().String(),
		version: version,
	}
	f.writeSystemEvent() // and a system event
	api.RegisterStreamsServer(f.srv, f)
	serverfeatures.RegisterServerFeaturesServer(f.srv, f)
	if f.multiAppend() {
		streamsv2.RegisterStreamsServiceServer(f.srv, f)
	}
	go func() { _ = f.srv.Serve(lis) }()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeServer) url() string { return "esdb://" + f.addr + "?tls=false" }

// dropSubscriptions ends every running subscription as a dying node would.
func (f *fakeServer) dropSubscriptions() {
	f.mu.Lock()
	defer f.mu.Unlock()
	close(f.drop)
	f.drop = make(chan struct{})
}

// write records evs in one (implicit) transaction; the caller holds mu.
func (f *fakeServer) write(evs []*fakeEvent) {
	for _, e := range evs {
		e.pos = f.next
		e.created = time.Now()
		e.rev = uint64(len(f.streams[e.stream]))
		f.streams[e.stream] = append(f.streams[e.stream], e)
		f.log = append(f.log, e)
		f.next += uint64(96 + len(e.stream) + len(e.typ) + len(e.data) + len(e.meta))
	}
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeServer) writeSystemEvent() {
	f.write([]*fakeEvent{{id: uuid.New(), stream: "$stats-127.0.0.1:2113", typ: "$statsCollected",
		contentType: "application/json", data: []byte(`{"proc-cpu":1}`)}})
}

func (f *fakeServer) Append(srv api.Streams_AppendServer) error {
	req, err := srv.Recv()
	if err != nil {
		return err
	}
	opts := req.GetOptions()
	if opts == nil {
		return status.Error(codes.InvalidArgument, "options first")
	}
	stream := string(opts.GetStreamIdentifier().GetStreamName())
	var proposed []*fakeEvent
	for {
		req, err := srv.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		m := req.GetProposedMessage()
		s := m.GetId().GetStructured()
		id, err := kurrentdb.ParseUUIDFromInt64(s.GetMostSignificantBits(), s.GetLeastSignificantBits())
		if err != nil {
			return status.Error(codes.InvalidArgument, err.Error())
		}
		proposed = append(proposed, &fakeEvent{id: id, stream: stream, typ: m.Metadata["type"],
			contentType: m.Metadata["content-type"], data: m.Data, meta: m.CustomMetadata})
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	claim := strings.HasPrefix(stream, ClaimPrefix)
	if f.failAppends > 0 && claim == f.failClaims {
		f.failAppends--
		return status.Error(codes.Unavailable, "fake: node went away")
	}
	have := f.streams[stream]
	cur := int64(len(have)) - 1
	expected := int64(-3) // any
	switch e := opts.ExpectedStreamRevision.(type) {
	case *api.AppendReq_Options_Revision:
		expected = int64(e.Revision)
	case *api.AppendReq_Options_NoStream:
		expected = -1
	case *api.AppendReq_Options_StreamExists:
		if cur < 0 {
			return srv.SendAndClose(wrongExpectedResp(cur, -4))
		}
	}
	if expected == -3 {
		// Any: a retry of events already at the end of the stream is idempotent.
		for i, e := range have {
			if e.id == proposed[0].id {
				expected = int64(i) - 1
				break
			}
		}
	}
	if expected != -3 && expected != cur {
		// A retry at the same expected revision is idempotent.
		if expected < cur && int(expected)+len(proposed) < len(have) {
			same := true
			for i, p := range proposed {
				same = same && have[int(expected)+1+i].id == p.id
			}
			if same {
				last := have[int(expected)+len(proposed)]
				return srv.SendAndClose(successResp(last.rev, last.pos))
			}
		}
		return srv.SendAndClose(wrongExpectedResp(cur, expected))
	}
	f.write(proposed)
	if f.appends++; f.appends%7 == 0 {
		f.writeSystemEvent()
	}
	last := proposed[len(proposed)-1]
	if f.lostAcks > 0 && claim == f.failClaims {
		f.lostAcks--
		return status.Error(codes.Unavailable, "fake: connection lost after the write")
	}
	return srv.SendAndClose(successResp(last.rev, last.pos))
}

func successResp(rev, pos uint64) *api.AppendResp {
	return &api.AppendResp{Result: &api.AppendResp_Success_{Success: &api.AppendResp_Success{
		CurrentRevisionOption: &api.AppendResp_Success_CurrentRevision{CurrentRevision: rev},
		PositionOption: &api.AppendResp_Success_Position{Position: &api.AppendResp_Position{
			CommitPosition: pos, PreparePosition: pos}},
	}}}
}

// wrongExpectedResp: expected -1 is no stream, -4 stream exists.
func wrongExpectedResp(cur, expected int64) *api.AppendResp {
	w := &api.AppendResp_WrongExpectedVersion{}
	if cur < 0 {
		w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentNoStream{CurrentNoStream: &shared.Empty{}}
	} else {
		w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentRevision{CurrentRevision: uint64(cur)}
	}
	switch {
	case expected == -1:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedNoStream{ExpectedNoStream: &shared.Empty{}}
	case expected == -4:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedStreamExists{ExpectedStreamExists: &shared.Empty{}}
	default:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedRevision{ExpectedRevision: uint64(expected)}
	}
	return &api.AppendResp{Result: &api.AppendResp_WrongExpectedVersion_{WrongExpectedVersion: w}}
}

func (f *fakeServer) Read(req *api.ReadReq, srv api.Streams_ReadServer) error {
	o := req.GetOptions()
	if _, ok := o.CountOption.(*api.ReadReq_Options_Subscription); ok {
		all := o.GetAll()
		if all == nil {
			return status.Error(codes.Unimplemented, "fake: stream subscriptions")
		}
		return f.subscribe(o, all, srv)
	}
	count := o.GetCount()
	backwards := o.ReadDirection == api.ReadReq_Options_Backwards
	var evs []*fakeEvent
	streamRead := false
	f.mu.Lock()
	if so := o.GetStream(); so != nil {
		streamRead = true
		name := string(so.GetStreamIdentifier().GetStreamName())
		have, ok := f.streams[name]
		if !ok {
			f.mu.Unlock()
			return srv.Send(&api.ReadResp{Content: &api.ReadResp_StreamNotFound_{StreamNotFound: &api.ReadResp_StreamNotFound{
				StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(name)}}}})
		}
		switch r := so.RevisionOption.(type) {
		case *api.ReadReq_Options_StreamOptions_Start:
			if !backwards {
				evs = have
			}
		case *api.ReadReq_Options_StreamOptions_End:
			if backwards {
				evs = slices.Clone(have)
			}
		case *api.ReadReq_Options_StreamOptions_Revision:
			switch {
			case backwards && r.Revision < uint64(len(have)):
				evs = slices.Clone(have[:r.Revision+1])
			case backwards:
				evs = slices.Clone(have)
			case r.Revision < uint64(len(have)):
				evs = have[r.Revision:]
			}
		}
	} else {
		switch p := o.GetAll().AllOption.(type) {
		case *api.ReadReq_Options_AllOptions_Start:
			if !backwards {
				evs = f.log
			}
		case *api.ReadReq_Options_AllOptions_End:
			if backwards {
				evs = slices.Clone(f.log)
			}
		case *api.ReadReq_Options_AllOptions_Position:
			i, _ := slices.BinarySearchFunc(f.log, p.Position.CommitPosition, func(e *fakeEvent, pos uint64) int {
				return compare(e.pos, pos)
			})
			if backwards {
				evs = slices.Clone(f.log[:i]) // before the position
			} else {
				evs = f.log[i:] // from the position on
			}
		}
	}
	evs = slices.Clip(evs)
	f.mu.Unlock()
	if backwards {
		slices.Reverse(evs)
	}
	for i, e := range evs {
		if uint64(i) >= count {
			break
		}
		if err := srv.Send(&api.ReadResp{Content: &api.ReadResp_Event{Event: e.readEvent(!streamRead)}}); err != nil {
			return err
		}
	}
	return nil
}

func compare(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (e *fakeEvent) readEvent(fromAll bool) *api.ReadResp_ReadEvent {
	most, least := kurrentdb.UUIDAsInt64(e.id)
	rec := &api.ReadResp_ReadEvent_RecordedEvent{
		Id:               &shared.UUID{Value: &shared.UUID_Structured_{Structured: &shared.UUID_Structured{MostSignificantBits: most, LeastSignificantBits: least}}},
		StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(e.stream)},
		StreamRevision:   e.rev,
		PreparePosition:  e.pos,
		CommitPosition:   e.pos, // self-committed: the server knows it for stream reads too (22.6+)
		Metadata: map[string]string{
			"type": e.typ, "content-type": e.contentType,
			"created": strconv.FormatInt(e.created.UnixNano()/100, 10), // .NET ticks since the Unix epoch
		},
		CustomMetadata: e.meta,
		Data:           e.data,
	}
	re := &api.ReadResp_ReadEvent{Event: rec, Position: &api.ReadResp_ReadEvent_NoPosition{NoPosition: &shared.Empty{}}}
	if fromAll {
		re.Position = &api.ReadResp_ReadEvent_CommitPosition{CommitPosition: e.pos}
	}
	return re
}

// subscribe serves a catch-up subscription to $all: confirmation, the
// recorded events after the start, caught-up, then new events as they come.
func (f *fakeServer) subscribe(o *api.ReadReq_Options, all *api.ReadReq_Options_AllOptions, srv api.Streams_ReadServer) error {
	var prefixes []string
	window := 32
	if fo := o.GetFilter(); fo != nil {
		expr := fo.GetStreamIdentifier()
		if expr == nil || expr.Regex != "" {
			return status.Error(codes.Unimplemented, "fake: only stream prefix filters")
		}
		prefixes = expr.Prefix
		if m := fo.GetMax(); m > 0 {
			window = int(m) * int(max(fo.CheckpointIntervalMultiplier, 1))
		}
	}
	if err := srv.Send(&api.ReadResp{Content: &api.ReadResp_Confirmation{Confirmation: &api.ReadResp_SubscriptionConfirmation{
		SubscriptionId: uuid.NewString()}}}); err != nil {
		return err
	}
	f.mu.Lock()
	var i int
	switch p := all.AllOption.(type) {
	case *api.ReadReq_Options_AllOptions_End:
		i = len(f.log)
	case *api.ReadReq_Options_AllOptions_Position:
		// As the server does: read the event at the position, start after it.
		i, _ = slices.BinarySearchFunc(f.log, p.Position.CommitPosition, func(e *fakeEvent, pos uint64) int {
			return compare(e.pos, pos)
		})
		i = min(i+1, len(f.log))
	}
	drop := f.drop
	f.mu.Unlock()
	considered, caughtUp := 0, false
	for {
		f.mu.Lock()
		evs, changed := f.log[i:len(f.log):len(f.log)], f.changed
		f.mu.Unlock()
		for _, e := range evs {
			i++
			considered++
			if prefixes == nil || slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(e.stream, p) }) {
				if err := srv.Send(&api.ReadResp{Content: &api.ReadResp_Event{Event: e.readEvent(true)}}); err != nil {
					return err
				}
			}
			if prefixes != nil && considered%window == 0 {
				// Some servers send checkpoints with no prepare position.
				cp := &api.ReadResp_Checkpoint{CommitPosition: e.pos}
				if err := srv.Send(&api.ReadResp{Content: &api.ReadResp_Checkpoint_{Checkpoint: cp}}); err != nil {
					return err
				}
			}
		}
		if !caughtUp {
			caughtUp = true
			if err := srv.Send(&api.ReadResp{Content: &api.ReadResp_CaughtUp_{CaughtUp: &api.ReadResp_CaughtUp{}}}); err != nil {
				return err
			}
		}
		select {
		case <-changed:
		case <-drop:
			return status.Error(codes.Unavailable, "fake: subscription dropped")
		case <-srv.Context().Done():
			return srv.Context().Err()
		}
	}
}

// openFake opens a Store on a fresh fake server.
func openFake(t testing.TB, opts ...Option) (*Store, *fakeServer) {
	t.Helper()
	f := startFakeServer(t)
	return openOn(t, f, opts...), f
}

var discard = slog.New(slog.DiscardHandler)

// openOn opens a Store on the fake server f.
func openOn(t testing.TB, f *fakeServer, opts ...Option) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, f.url(), append([]Option{WithLogger(discard)}, opts...)...)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
