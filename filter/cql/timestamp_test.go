package cql

import (
	"fmt"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

func TestAppendWithTimestampPerVersion(t *testing.T) {
	one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}
	serial := primitive.ConsistencyLevelLocalSerial
	for _, v := range []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4, primitive.ProtocolVersion5} {
		t.Run(v.String(), func(t *testing.T) {
			for _, m := range []message.Message{
				&message.Query{Query: "INSERT INTO t (k) VALUES (?)", Options: &message.QueryOptions{PositionalValues: one, PageSize: 10, SerialConsistency: &serial}},
				&message.Execute{QueryId: []byte{1, 2}, ResultMetadataId: []byte{3}, Options: &message.QueryOptions{PositionalValues: one}},
				&message.Batch{Children: []*message.BatchChild{{Id: []byte{1, 2}, Values: one}, {Query: "DELETE FROM t WHERE k = 2"}}},
			} {
				if _, ok := m.(*message.Execute); ok && v < primitive.ProtocolVersion5 {
					m.(*message.Execute).ResultMetadataId = nil
				}
				raw := Encode(v, 1, m)
				at, appendable, ok := TimestampFlag(raw)
				if !ok || !appendable || HasTimestamp(raw, at) {
					t.Fatalf("%v: TimestampFlag = %d, %v, %v", m, at, appendable, ok)
				}
				f, err := Decode(AppendWithTimestamp(nil, raw, at, 1234567))
				if err != nil {
					t.Fatalf("%v: the stamped frame does not decode: %v", m, err)
				}
				var ts *int64
				switch d := f.Body.Message.(type) {
				case *message.Query:
					ts = d.Options.DefaultTimestamp
				case *message.Execute:
					ts = d.Options.DefaultTimestamp
				case *message.Batch:
					ts = d.DefaultTimestamp
				}
				if ts == nil || *ts != 1234567 {
					t.Errorf("%v: decoded timestamp %v", m, fmt.Sprint(ts))
				}
			}
		})
	}
	ks := "ks"
	raw := Encode(primitive.ProtocolVersion5, 1, &message.Query{Query: "INSERT INTO t (k) VALUES (1)", Options: &message.QueryOptions{Keyspace: ks}})
	if _, appendable, ok := TimestampFlag(raw); !ok || appendable {
		t.Errorf("a v5 QUERY with a keyspace must not get a timestamp appended: appendable=%v ok=%v", appendable, ok)
	}
}
