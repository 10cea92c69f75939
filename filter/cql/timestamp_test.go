package cql

import (
	"bytes"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// stampShapes are QUERY, EXECUTE and BATCH requests with every option that moves the timestamp's
// place: values (positional, named, null, unset), page size, paging state, serial consistency,
// and in v5 the keyspace and now_in_seconds that follow the timestamp.
func stampShapes(v primitive.ProtocolVersion) map[string]message.Message {
	one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1}), primitive.NewNullValue()}
	named := map[string]*primitive.Value{"k": primitive.NewValue([]byte{0, 0, 0, 2})}
	serial := primitive.ConsistencyLevelLocalSerial
	now := int32(1700000000)
	shapes := map[string]message.Message{
		"query": &message.Query{Query: "INSERT INTO t (k) VALUES (1)", Options: &message.QueryOptions{}},
		"query with values, paging and serial": &message.Query{Query: "INSERT INTO t (k, v) VALUES (?, ?)", Options: &message.QueryOptions{
			PositionalValues: one, PageSize: 10, PagingState: []byte{9, 9, 9}, SerialConsistency: &serial}},
		"query with named values": &message.Query{Query: "INSERT INTO t (k) VALUES (:k)", Options: &message.QueryOptions{NamedValues: named}},
		"execute":                 &message.Execute{QueryId: []byte{1, 2}, Options: &message.QueryOptions{PositionalValues: one, SerialConsistency: &serial}},
		"batch": &message.Batch{Children: []*message.BatchChild{{Id: []byte{1, 2}, Values: one}, {Query: "DELETE FROM t WHERE k = 2"}},
			SerialConsistency: &serial},
	}
	if v >= primitive.ProtocolVersion4 {
		shapes["query with an unset value"] = &message.Query{Query: "INSERT INTO t (k, v) VALUES (?, ?)", Options: &message.QueryOptions{
			PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1}), primitive.NewUnsetValue()}}}
	}
	if v >= primitive.ProtocolVersion5 {
		shapes["execute"].(*message.Execute).ResultMetadataId = []byte{3}
		shapes["query with keyspace"] = &message.Query{Query: "INSERT INTO t (k) VALUES (1)", Options: &message.QueryOptions{Keyspace: "ks"}}
		shapes["query with values, serial, keyspace and now"] = &message.Query{Query: "INSERT INTO t (k, v) VALUES (?, ?)", Options: &message.QueryOptions{
			PositionalValues: one, SerialConsistency: &serial, Keyspace: "ks", NowInSeconds: &now}}
		shapes["execute with now"] = &message.Execute{QueryId: []byte{1, 2}, ResultMetadataId: []byte{3}, Options: &message.QueryOptions{
			PositionalValues: one, NowInSeconds: &now}}
		shapes["batch with keyspace"] = &message.Batch{Children: []*message.BatchChild{{Id: []byte{1, 2}, Values: one}}, Keyspace: "ks"}
		shapes["batch with serial, keyspace and now"] = &message.Batch{Children: []*message.BatchChild{{Query: "INSERT INTO t (k) VALUES (3)"}},
			SerialConsistency: &serial, Keyspace: "ks", NowInSeconds: &now}
	}
	return shapes
}

// withTimestamp is m as it should decode once stamped with ts.
func withTimestamp(m message.Message, ts int64) message.Message {
	switch d := m.(type) {
	case *message.Query:
		c := *d
		o := *d.Options
		o.DefaultTimestamp, c.Options = &ts, &o
		return &c
	case *message.Execute:
		c := *d
		o := *d.Options
		o.DefaultTimestamp, c.Options = &ts, &o
		return &c
	case *message.Batch:
		c := *d
		c.DefaultTimestamp = &ts
		return &c
	}
	return nil
}

// Every frame shape gets the timestamp at its place, and decodes to the same request with that
// timestamp, whatever else it carries.
func TestAppendWithTimestampPerVersion(t *testing.T) {
	for _, v := range []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4, primitive.ProtocolVersion5} {
		t.Run(v.String(), func(t *testing.T) {
			for name, m := range stampShapes(v) {
				raw := Encode(v, 1, m)
				at, insert, ok := TimestampFlag(raw)
				if !ok || HasTimestamp(raw, at) {
					t.Fatalf("%s: TimestampFlag = %d, %d, %v", name, at, insert, ok)
				}
				f, err := Decode(AppendWithTimestamp([]byte{0xee}, raw, at, insert, 1234567)[1:])
				if err != nil {
					t.Fatalf("%s: the stamped frame does not decode: %v", name, err)
				}
				// Compared encoded: decoding gives empty slices where the original has nil ones.
				if want := withTimestamp(m, 1234567); !bytes.Equal(Encode(v, 1, f.Body.Message), Encode(v, 1, want)) {
					t.Errorf("%s: stamped, it decodes to\n%v\nwant\n%v", name, f.Body.Message, want)
				}
			}
		})
	}
}

// A frame cut short anywhere is refused, never read past its end.
func TestTimestampFlagOfTruncatedFrames(t *testing.T) {
	for name, m := range stampShapes(primitive.ProtocolVersion5) {
		raw := Encode(primitive.ProtocolVersion5, 1, m)
		for n := HeaderLen; n < len(raw); n++ {
			cut := append([]byte(nil), raw[:n]...)
			SetLength(cut, n-HeaderLen)
			if at, insert, ok := TimestampFlag(cut); ok && (at >= n || insert > n) {
				t.Fatalf("%s cut at %d: at %d, insert %d beyond the frame", name, n, at, insert)
			}
		}
	}
}
