package kurrent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/serverfeatures"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	streamerrs "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v2/streams/errors"
	streamsv2 "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v2/streams/streams"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// What the fake adds for KurrentDB 25.1: the client asks the server features
// at connection and sends a multi-stream append only if "appendsession" is
// among them. The append imitates the server as the client and the protocol
// describe it: every request of the session is read before anything is
// judged; each stream's expected revision is checked, and the first that
// does not hold refuses the whole session with a StreamRevisionConflict
// status naming that stream and its actual revision; otherwise all records
// are written as one implicit transaction, in the order of the requests, each
// at its own log position. A record's properties become the event's metadata,
// a JSON object of strings with the $schema.name and $schema.format the server
// adds. Retries are not recognised as idempotent here: the adapter never
// relies on it.

// multiAppend tells whether the fake's version offers the multi-stream append.
func (f *fakeServer) multiAppend() bool {
	var major, minor int
	_, _ = fmt.Sscanf(f.version, "%d.%d", &major, &minor)
	return major > 25 || major == 25 && minor >= 1
}

func (f *fakeServer) GetSupportedMethods(context.Context, *shared.Empty) (*serverfeatures.SupportedMethods, error) {
	sm := &serverfeatures.SupportedMethods{EventStoreServerVersion: f.version, Methods: []*serverfeatures.SupportedMethod{
		{ServiceName: "event_store.client.streams.streams", MethodName: "read"},
		{ServiceName: "event_store.client.streams.streams", MethodName: "append"},
	}}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.multiAppend() && !f.hideMulti {
		sm.Methods = append(sm.Methods, &serverfeatures.SupportedMethod{
			ServiceName: "kurrentdb.protocol.v2.streams.streamsservice", MethodName: "appendsession"})
	}
	return sm, nil
}

func (f *fakeServer) AppendSession(srv grpc.ClientStreamingServer[streamsv2.AppendRequest, streamsv2.AppendSessionResponse]) error {
	var reqs []*streamsv2.AppendRequest
	for {
		req, err := srv.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		reqs = append(reqs, req)
	}
	if len(reqs) == 0 {
		return status.Error(codes.FailedPrecondition, "fake: append session without requests")
	}
	batches := make([][]*fakeEvent, len(reqs))
	seen := map[string]bool{}
	for i, r := range reqs {
		if seen[r.Stream] {
			return status.Errorf(codes.Aborted, "fake: stream %s twice in one session", r.Stream)
		}
		seen[r.Stream] = true
		if len(r.Records) == 0 {
			return status.Errorf(codes.InvalidArgument, "fake: write to %s has no records", r.Stream)
		}
		for _, rec := range r.Records {
			e, err := fromAppendRecord(r.Stream, rec)
			if err != nil {
				return status.Error(codes.InvalidArgument, err.Error())
			}
			batches[i] = append(batches[i], e)
		}
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failMulti > 0 {
		f.failMulti--
		return status.Error(codes.Unavailable, "fake: node went away")
	}
	for _, r := range reqs {
		cur := int64(len(f.streams[r.Stream])) - 1
		if !expectationHolds(r.ExpectedRevision, cur) {
			st, err := status.New(codes.FailedPrecondition, "fake: stream revision conflict on "+r.Stream).WithDetails(
				&streamerrs.StreamRevisionConflictErrorDetails{Stream: r.Stream, ExpectedRevision: r.GetExpectedRevision(), ActualRevision: cur})
			if err != nil {
				return err
			}
			return st.Err()
		}
	}
	var all []*fakeEvent
	for _, b := range batches {
		all = append(all, b...)
	}
	f.write(all)
	if f.appends++; f.appends%7 == 0 {
		f.writeSystemEvent()
	}
	resp := &streamsv2.AppendSessionResponse{Position: int64(all[len(all)-1].pos)}
	for i, b := range batches {
		last := b[len(b)-1]
		pos := int64(last.pos)
		resp.Output = append(resp.Output, &streamsv2.AppendResponse{Stream: reqs[i].Stream, StreamRevision: int64(last.rev), Position: &pos})
	}
	if f.lostMultiAcks > 0 {
		f.lostMultiAcks--
		return status.Error(codes.Unavailable, "fake: connection lost after the write")
	}
	return srv.SendAndClose(resp)
}

// expectationHolds: expected is a revision, or -1 no stream, -2 (or absent)
// any, -4 stream exists; cur is -1 for no stream.
func expectationHolds(expected *int64, cur int64) bool {
	switch {
	case expected == nil || *expected == -2:
		return true
	case *expected == -4:
		return cur >= 0
	}
	return *expected == cur
}

func fromAppendRecord(stream string, rec *streamsv2.AppendRecord) (*fakeEvent, error) {
	id := uuid.New()
	if rec.RecordId != nil {
		var err error
		if id, err = uuid.Parse(rec.GetRecordId()); err != nil {
			return nil, err
		}
	}
	format, contentType := "Bytes", "application/octet-stream"
	if rec.GetSchema().GetFormat() == streamsv2.SchemaFormat_SCHEMA_FORMAT_JSON {
		format, contentType = "Json", "application/json"
	}
	props := map[string]any{"$schema.name": rec.GetSchema().GetName(), "$schema.format": format}
	for k, v := range rec.Properties {
		if strings.HasPrefix(k, "$") {
			return nil, fmt.Errorf("property %q: user properties must not start with $", k)
		}
		props[k] = v.AsInterface()
	}
	meta, err := json.Marshal(props)
	if err != nil {
		return nil, err
	}
	return &fakeEvent{id: id, stream: stream, typ: rec.GetSchema().GetName(), contentType: contentType, data: rec.Data, meta: meta}, nil
}
