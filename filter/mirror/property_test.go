package mirror

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// randomWrite is a QUERY, EXECUTE or BATCH with a random choice of every option the protocol
// version allows: positional or named values (null and unset ones too), page size, paging state,
// serial consistency, a client timestamp or none, and in v5 a keyspace and now_in_seconds.
func randomWrite(rnd *rand.Rand, v primitive.ProtocolVersion, id []byte) message.Message {
	value := func() *primitive.Value {
		switch rnd.IntN(6) {
		case 0:
			return primitive.NewNullValue()
		case 1:
			if v >= primitive.ProtocolVersion4 {
				return primitive.NewUnsetValue()
			}
		}
		b := make([]byte, rnd.IntN(12))
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		return primitive.NewValue(b)
	}
	values := func() []*primitive.Value {
		vs := make([]*primitive.Value, 2)
		for i := range vs {
			vs[i] = value()
		}
		return vs
	}
	maybe := func() bool { return rnd.IntN(2) == 0 }
	serial := primitive.ConsistencyLevelLocalSerial
	options := func() *message.QueryOptions {
		o := &message.QueryOptions{Consistency: primitive.ConsistencyLevelLocalQuorum}
		switch {
		case maybe():
			o.PositionalValues = values()
		case maybe():
			o.NamedValues = map[string]*primitive.Value{"k": value(), "v": value()}
		}
		if maybe() {
			o.PageSize = int32(rnd.IntN(5000) + 1)
		}
		if maybe() {
			o.PagingState = []byte{byte(rnd.IntN(256)), 7, 7}
		}
		if maybe() {
			o.SerialConsistency = &serial
		}
		if maybe() {
			ts := rnd.Int64N(1 << 50)
			o.DefaultTimestamp = &ts
		}
		if v >= primitive.ProtocolVersion5 && maybe() {
			o.Keyspace = "ks"
		}
		if v >= primitive.ProtocolVersion5 && maybe() {
			now := int32(rnd.IntN(1 << 30))
			o.NowInSeconds = &now
		}
		return o
	}
	switch rnd.IntN(3) {
	case 0:
		return &message.Query{Query: fmt.Sprintf("INSERT INTO ks.t (k, v) VALUES (%d, 'x')", rnd.IntN(1000)), Options: options()}
	case 1:
		o := options()
		o.Keyspace = "" // EXECUTE carries no keyspace
		return &message.Execute{QueryId: id, ResultMetadataId: resultMetadataID(v, id), Options: o}
	}
	b := &message.Batch{Type: primitive.BatchType(rnd.IntN(3)), Consistency: primitive.ConsistencyLevelOne}
	for range rnd.IntN(3) + 1 {
		if maybe() {
			b.Children = append(b.Children, &message.BatchChild{Id: id, Values: values()})
		} else {
			b.Children = append(b.Children, &message.BatchChild{Query: "DELETE FROM ks.t WHERE k = 1"})
		}
	}
	if maybe() {
		b.SerialConsistency = &serial
	}
	if maybe() {
		ts := rnd.Int64N(1 << 50)
		b.DefaultTimestamp = &ts
	}
	if v >= primitive.ProtocolVersion5 && maybe() {
		b.Keyspace = "ks"
	}
	if v >= primitive.ProtocolVersion5 && maybe() {
		now := int32(rnd.IntN(1 << 30))
		b.NowInSeconds = &now
	}
	return b
}

func resultMetadataID(v primitive.ProtocolVersion, id []byte) []byte {
	if v >= primitive.ProtocolVersion5 {
		return id
	}
	return nil
}

// timestampOf is a write's default timestamp; it clears it in m, so the rest can be compared.
func timestampOf(m message.Message) *int64 {
	var ts *int64
	switch d := m.(type) {
	case *message.Query:
		ts, d.Options.DefaultTimestamp = d.Options.DefaultTimestamp, nil
	case *message.Execute:
		ts, d.Options.DefaultTimestamp = d.Options.DefaultTimestamp, nil
	case *message.Batch:
		ts, d.DefaultTimestamp = d.DefaultTimestamp, nil
	}
	return ts
}

// withSourceIDs replaces the target's prepared id by the source's in a write the target got.
func withSourceIDs(m message.Message, targetID, sourceID []byte) {
	switch d := m.(type) {
	case *message.Execute:
		if bytes.Equal(d.QueryId, targetID) {
			d.QueryId = sourceID
		}
	case *message.Batch:
		for _, c := range d.Children {
			if bytes.Equal(c.Id, targetID) {
				c.Id = sourceID
			}
		}
	}
}

// Whatever options a write carries, both clusters receive the same request with the same write
// timestamp (the client's, or one the proxy chose); only prepared ids differ.
func TestBothClustersReceiveTheSameWrites(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			id := r.c.prepare(v, 2, "INSERT INTO ks.t (k, v) VALUES (?, ?)")
			targetID := r.tgt.ID("INSERT INTO ks.t (k, v) VALUES (?, ?)")
			rnd := rand.New(rand.NewPCG(uint64(v), 2026))
			const n = 300
			for i := range n {
				m := randomWrite(rnd, v, id)
				r.c.send(encode(t, v, int16(10+i%1000), m))
				if f := r.c.mustNext(fmt.Sprint(m)); f.Header.OpCode != primitive.OpCodeResult {
					t.Fatalf("%v: %v", m, f.Body.Message)
				}
			}
			r.src.Mu.Lock()
			src := append([]message.Message(nil), r.src.Writes...)
			r.src.Mu.Unlock()
			r.tgt.Mu.Lock()
			tgt := append([]message.Message(nil), r.tgt.Writes...)
			r.tgt.Mu.Unlock()
			if len(src) != n || len(tgt) != n {
				t.Fatalf("the source got %d writes, the target %d; want %d each", len(src), len(tgt), n)
			}
			for i := range src {
				withSourceIDs(tgt[i], targetID, id)
				ts, tts := timestampOf(src[i]), timestampOf(tgt[i])
				if ts == nil || tts == nil || *ts != *tts {
					t.Fatalf("write %d (%v): timestamps %v and %v, want one, the same on both", i, src[i], fmt.Sprint(ts), fmt.Sprint(tts))
				}
				if !sameWrite(v, src[i], tgt[i]) {
					t.Fatalf("write %d differs:\nsource %v %s\ntarget %v %s", i, src[i], describe(src[i]), tgt[i], describe(tgt[i]))
				}
			}
		})
	}
}

func describe(m message.Message) string {
	switch d := m.(type) {
	case *message.Query:
		return fmt.Sprintf("%+v", *d.Options)
	case *message.Execute:
		return fmt.Sprintf("%+v", *d.Options)
	}
	return fmt.Sprintf("%+v", m)
}

// sameWrite compares two decoded writes by their encoding, named values apart (a map, which the
// library encodes in no fixed order).
func sameWrite(v primitive.ProtocolVersion, a, b message.Message) bool {
	named := func(m message.Message) map[string]*primitive.Value {
		var o *message.QueryOptions
		switch d := m.(type) {
		case *message.Query:
			o = d.Options
		case *message.Execute:
			o = d.Options
		default:
			return nil
		}
		n := o.NamedValues
		o.NamedValues = nil
		return n
	}
	na, nb := named(a), named(b)
	if len(na) != len(nb) {
		return false
	}
	for k, va := range na {
		if vb, ok := nb[k]; !ok || va.Type != vb.Type || !bytes.Equal(va.Contents, vb.Contents) {
			return false
		}
	}
	return bytes.Equal(cql.Encode(v, 0, a), cql.Encode(v, 0, b))
}
