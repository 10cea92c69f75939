package replay

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

func TestPlan(t *testing.T) {
	stamp := int64(42)
	frame := func(v primitive.ProtocolVersion, m message.Message) string {
		return base64.StdEncoding.EncodeToString(cql.Encode(v, 1, m))
	}
	insert := &message.Query{Query: "INSERT INTO kv (k) VALUES (1)", Options: &message.QueryOptions{DefaultTimestamp: &stamp}}
	for _, c := range []struct {
		name               string
		rec                journal.Record
		keyspace, why, err string
	}{
		{"keyspace as a name", journal.Record{Keyspace: "MyKs", Frame: frame(4, insert)}, "MyKs", "", ""},
		{"keyspace quoted", journal.Record{Keyspace: `"MyKs"`, Frame: frame(4, insert)}, "MyKs", "", ""},
		{"keyspace not a name", journal.Record{Keyspace: "my ks", Frame: frame(4, insert)}, "", "", `field "keyspace": "my ks" is not a keyspace name`},
		{"timestamp in the record only", journal.Record{TimestampMicros: &stamp, Frame: frame(4, &message.Query{Query: "INSERT INTO ks.kv (k) VALUES (1)", Options: &message.QueryOptions{}})}, "", "", ""},
		{"no timestamp", journal.Record{Frame: frame(4, &message.Query{Query: "INSERT INTO ks.kv (k) VALUES (1)", Options: &message.QueryOptions{}})}, "", "no timestamp (the target would give the write a new one)", ""},
		{"not base64", journal.Record{Frame: "%%%"}, "", "", `field "frame" is not base64`},
		{"short", journal.Record{Frame: "BAA="}, "", "", `field "frame" holds 2 bytes, less than a frame header`},
		{"a reply", journal.Record{Frame: frame(4, &message.VoidResult{})}, "", "", `field "frame" is not a protocol v3, v4 or v5 request (first byte 0x84)`},
		{"not a write", journal.Record{Frame: frame(4, &message.Prepare{Query: "INSERT INTO kv (k) VALUES (1)"})}, "", "", `field "frame" is a PREPARE [0x09] request, not a write (QUERY, EXECUTE or BATCH)`},
		{"EXECUTE without its text", journal.Record{Frame: frame(4, &message.Execute{QueryId: []byte{1, 2}, Options: &message.QueryOptions{}})}, "", "", `field "statements" has 0 statements; the frame's statement 1 is prepared statement 0102, whose text the replay needs`},
	} {
		p, err := newPlan(&c.rec)
		switch {
		case c.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%s: got %v, want %s", c.name, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case p.keyspace != c.keyspace || p.nonIdempotent != c.why:
			t.Errorf("%s: keyspace %q, non-idempotent %q", c.name, p.keyspace, p.nonIdempotent)
		}
	}
}
