// Package cqlfuzz is test support for fuzzing the proxy: valid CQL frames of every kind the proxy
// reads, per protocol version, to start from; frames and v5 segments captured from real drivers
// and a real Cassandra node (Captured); and a deterministic mutator. It encodes with
// go-cassandra-native-protocol alone, so that the tests of filter/cql can use it too.
package cqlfuzz

import (
	"bytes"
	"net"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Versions are the protocol versions the proxy serves.
var Versions = []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4, primitive.ProtocolVersion5}

var codec = frame.NewCodec()

// Encode encodes f, or returns nil if the library refuses f at its version. (The library
// miscounts the body of a request that asks for tracing; Encode sets the length it wrote.)
func Encode(f *frame.Frame) []byte {
	var buf bytes.Buffer
	if err := codec.EncodeFrame(f, &buf); err != nil {
		return nil
	}
	FixLength(buf.Bytes())
	return buf.Bytes()
}

// frames encodes each message at v (on stream i+1), then again with the header flags that add
// fields before the message (custom payload from v4; tracing and warnings on replies), leaving
// out what the library will not encode at v.
func frames(v primitive.ProtocolVersion, msgs []message.Message) [][]byte {
	var out [][]byte
	add := func(f *frame.Frame) {
		if raw := Encode(f); raw != nil {
			out = append(out, raw)
		}
	}
	for i, m := range msgs {
		add(frame.NewFrame(v, int16(i+1), m))
		if v < primitive.ProtocolVersion4 {
			continue
		}
		f := frame.NewFrame(v, int16(i+1), m)
		f.SetCustomPayload(map[string][]byte{"k": {1, 2, 3}, "v": {}})
		if m.IsResponse() {
			f.SetTracingId(&primitive.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
			f.SetWarnings([]string{"a warning"})
		} else {
			f.RequestTracingId(true)
		}
		add(f)
	}
	return out
}

// Requests are valid client requests of every kind at v: handshake, statements with all their
// options, prepared executions and batches.
func Requests(v primitive.ProtocolVersion) [][]byte {
	one := primitive.NewValue([]byte{0, 0, 0, 1})
	values := []*primitive.Value{one, primitive.NewNullValue(), primitive.NewValue([]byte{})}
	if v >= primitive.ProtocolVersion4 {
		values = append(values, primitive.NewUnsetValue())
	}
	serial := primitive.ConsistencyLevelLocalSerial
	ts, now := int64(1700000000000000), int32(1700000000)
	full := func() *message.QueryOptions {
		o := &message.QueryOptions{Consistency: primitive.ConsistencyLevelQuorum, PositionalValues: values, PageSize: 100,
			PagingState: []byte{9, 8, 7}, SerialConsistency: &serial, DefaultTimestamp: &ts, SkipMetadata: true}
		if v >= primitive.ProtocolVersion5 {
			o.Keyspace, o.NowInSeconds = "ks", &now
		}
		return o
	}
	id := []byte{0xca, 0xfe, 0xba, 0xbe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	var meta []byte
	if v >= primitive.ProtocolVersion5 {
		meta = []byte{0xde, 0xad}
	}
	batch := &message.Batch{Type: primitive.BatchTypeLogged, Consistency: primitive.ConsistencyLevelOne, Children: []*message.BatchChild{
		{Query: "INSERT INTO ks.t (k, id) VALUES (?, uuid())", Values: []*primitive.Value{one}},
		{Id: id, Values: values},
		{Query: "UPDATE ks.t SET at = currentTimestamp() WHERE k = 2"},
	}}
	fullBatch := &message.Batch{Type: primitive.BatchTypeUnlogged, Consistency: primitive.ConsistencyLevelQuorum,
		SerialConsistency: &serial, DefaultTimestamp: &ts, Children: []*message.BatchChild{{Query: "DELETE FROM ks.t WHERE k = now()"}}}
	if v >= primitive.ProtocolVersion5 {
		fullBatch.Keyspace, fullBatch.NowInSeconds = "ks", &now
	}
	prepare := &message.Prepare{Query: "INSERT INTO ks.t (k, v) VALUES (?, ?)"}
	if v >= primitive.ProtocolVersion5 {
		prepare.Keyspace = "ks"
	}
	return frames(v, []message.Message{
		&message.Options{},
		&message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}},
		&message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0", "COMPRESSION": "lz4", "DRIVER_NAME": "fuzz"}},
		&message.Query{Query: "SELECT * FROM ks.t WHERE k = ?", Options: full()},
		&message.Query{Query: "INSERT INTO ks.t (k, id, at) VALUES (1, now(), currentTimestamp())", Options: &message.QueryOptions{}},
		&message.Query{Query: "UPDATE ks.t SET v = :v WHERE k = :k", Options: &message.QueryOptions{
			NamedValues: map[string]*primitive.Value{"k": one, "v": primitive.NewNullValue()}, DefaultTimestamp: &ts}},
		&message.Query{Query: "SELECT * FROM system.local WHERE key = 'local'", Options: &message.QueryOptions{}},
		&message.Query{Query: "select peer, rpc_address from system.peers", Options: &message.QueryOptions{}},
		&message.Query{Query: "USE ks", Options: &message.QueryOptions{}},
		&message.Query{Query: "CREATE TABLE ks.t (k int PRIMARY KEY, v text) -- now()", Options: &message.QueryOptions{}},
		prepare,
		&message.Prepare{Query: "SELECT * FROM ks.t WHERE k = ?"},
		&message.Execute{QueryId: id, ResultMetadataId: meta, Options: full()},
		&message.Execute{QueryId: id, ResultMetadataId: meta, Options: &message.QueryOptions{}},
		batch,
		fullBatch,
		&message.Register{EventTypes: []primitive.EventType{primitive.EventTypeTopologyChange, primitive.EventTypeStatusChange, primitive.EventTypeSchemaChange}},
		&message.AuthResponse{Token: []byte("\x00cassandra\x00cassandra")},
	})
}

// Replies are valid server replies of every kind at v: errors, SUPPORTED, prepared results and
// rows of every column type, among them system.local and conditional-write rows.
func Replies(v primitive.ProtocolVersion) [][]byte {
	id := []byte{0xca, 0xfe, 0xba, 0xbe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	var meta []byte
	if v >= primitive.ProtocolVersion5 {
		meta = []byte{0xde, 0xad}
	}
	col := func(name string, t datatype.DataType) *message.ColumnMetadata {
		return &message.ColumnMetadata{Keyspace: "system", Table: "local", Name: name, Type: t}
	}
	local := []*message.ColumnMetadata{
		col("key", datatype.Varchar), col("broadcast_address", datatype.Inet), col("rpc_address", datatype.Inet),
		col("rpc_port", datatype.Int), col("data_center", datatype.Varchar), col("rack", datatype.Varchar),
		col("host_id", datatype.Uuid), col("tokens", datatype.NewSet(datatype.Varchar)),
	}
	localRow := message.Row{[]byte("local"), net.IPv4(10, 0, 0, 1).To4(), net.ParseIP("::1"), {0, 0, 0x23, 0x52},
		[]byte("dc1"), []byte("rack1"), id, {0, 0, 0, 1, 0, 0, 0, 1, '0'}}
	udt, _ := datatype.NewUserDefined("ks", "address", []string{"street", "zip"}, []datatype.DataType{datatype.Varchar, datatype.Int})
	types := []*message.ColumnMetadata{
		col("l", datatype.NewList(datatype.Int)), col("m", datatype.NewMap(datatype.Varchar, datatype.NewList(datatype.Bigint))),
		col("t", datatype.NewTuple(datatype.Int, datatype.Varchar, datatype.Boolean)), col("u", udt),
		col("c", datatype.NewCustom("org.apache.cassandra.db.marshal.BytesType")), col("b", datatype.Blob),
	}
	if v >= primitive.ProtocolVersion4 {
		types = append(types, col("d", datatype.Date), col("s", datatype.Smallint))
	}
	if v >= primitive.ProtocolVersion5 {
		types = append(types, col("du", datatype.Duration))
	}
	typesRow := make(message.Row, len(types))
	for i := range typesRow {
		typesRow[i] = []byte{0, 0, 0, byte(i)}
	}
	typesRow[1] = nil
	applied := func(ok bool) message.Message {
		b := byte(0)
		if ok {
			b = 1
		}
		return &message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: 2, Columns: []*message.ColumnMetadata{
			col("[applied]", datatype.Boolean), col("v", datatype.Int)}}, Data: message.RowSet{{{b}, nil}}}
	}
	var reasons []*primitive.FailureReason
	if v >= primitive.ProtocolVersion5 {
		reasons = []*primitive.FailureReason{{Endpoint: net.IPv4(10, 0, 0, 2).To4(), Code: primitive.FailureCodeTooManyTombstonesRead}}
	}
	return frames(v, []message.Message{
		&message.Supported{Options: map[string][]string{"CQL_VERSION": {"3.4.7"}, "COMPRESSION": {"snappy", "lz4", "zstd"}}},
		&message.Supported{Options: map[string][]string{"CQL_VERSION": {"3.4.7"}}},
		&message.Ready{},
		&message.Authenticate{Authenticator: "org.apache.cassandra.auth.PasswordAuthenticator"},
		&message.AuthChallenge{Token: []byte{1, 2, 3}},
		&message.AuthSuccess{Token: []byte{4, 5}},
		&message.ServerError{ErrorMessage: "boom"},
		&message.ProtocolError{ErrorMessage: "bad"},
		&message.Invalid{ErrorMessage: "unconfigured table"},
		&message.Unprepared{ErrorMessage: "unknown id", Id: id},
		&message.Unavailable{ErrorMessage: "down", Consistency: primitive.ConsistencyLevelQuorum, Required: 2, Alive: 1},
		&message.ReadTimeout{ErrorMessage: "slow", Consistency: primitive.ConsistencyLevelOne, BlockFor: 1, DataPresent: true},
		&message.WriteTimeout{ErrorMessage: "slow", Consistency: primitive.ConsistencyLevelSerial, BlockFor: 2, WriteType: primitive.WriteTypeCas, Contentions: 3},
		&message.ReadFailure{ErrorMessage: "failed", Consistency: primitive.ConsistencyLevelOne, BlockFor: 1, NumFailures: 1, FailureReasons: reasons},
		&message.WriteFailure{ErrorMessage: "failed", Consistency: primitive.ConsistencyLevelOne, BlockFor: 1, NumFailures: 1,
			FailureReasons: reasons, WriteType: primitive.WriteTypeSimple},
		&message.FunctionFailure{ErrorMessage: "fn", Keyspace: "ks", Function: "f", Arguments: []string{"int", "text"}},
		&message.AlreadyExists{ErrorMessage: "exists", Keyspace: "ks", Table: "t"},
		&message.VoidResult{},
		&message.SetKeyspaceResult{Keyspace: "ks"},
		&message.SchemaChangeResult{ChangeType: primitive.SchemaChangeTypeCreated, Target: primitive.SchemaChangeTargetTable, Keyspace: "ks", Object: "t"},
		&message.PreparedResult{PreparedQueryId: id, ResultMetadataId: meta,
			VariablesMetadata: &message.VariablesMetadata{PkIndices: []uint16{0}, Columns: []*message.ColumnMetadata{col("k", datatype.Int), col("v", datatype.Varchar)}},
			ResultMetadata:    &message.RowsMetadata{ColumnCount: 0}},
		&message.PreparedResult{PreparedQueryId: id, ResultMetadataId: meta, VariablesMetadata: &message.VariablesMetadata{},
			ResultMetadata: &message.RowsMetadata{ColumnCount: int32(len(local)), Columns: local}},
		&message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: int32(len(local)), Columns: local}, Data: message.RowSet{localRow}},
		&message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: int32(len(local))}, Data: message.RowSet{localRow, localRow}},
		&message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: int32(len(local)), Columns: local, PagingState: []byte{1, 2}}},
		&message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: int32(len(types)), Columns: types, NewResultMetadataId: meta},
			Data: message.RowSet{typesRow, typesRow}},
		applied(true),
		applied(false),
		&message.TopologyChangeEvent{ChangeType: primitive.TopologyChangeTypeNewNode, Address: &primitive.Inet{Addr: net.IPv4(10, 0, 0, 3).To4(), Port: 9042}},
		&message.StatusChangeEvent{ChangeType: primitive.StatusChangeTypeDown, Address: &primitive.Inet{Addr: net.ParseIP("::2"), Port: 9042}},
		&message.SchemaChangeEvent{ChangeType: primitive.SchemaChangeTypeDropped, Target: primitive.SchemaChangeTargetKeyspace, Keyspace: "ks"},
	})
}

// Edges are frames at the limits: the header from issue 15 (version 6, a body of ~4 GB), bodies
// of 0, 2^31-1 and 2^32-1 bytes, truncated headers, unframable versions and responses.
func Edges() [][]byte {
	h := func(b ...byte) []byte { return b }
	return [][]byte{
		h(0x06, 0x00, 0x00, 0x07, 0x07, 0xe0, 0xbe, 0x35, 0xfd),
		h(0x04, 0x00, 0x00, 0x01, 0x07, 0xff, 0xff, 0xff, 0xff),
		h(0x04, 0x00, 0x00, 0x01, 0x07, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00),
		h(0x05, 0x00, 0x00, 0x01, 0x0d, 0x80, 0x00, 0x00, 0x00),
		h(0x03, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00),
		h(0x04, 0x01, 0x00, 0x01, 0x07, 0x00, 0x00, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00),
		h(0x04, 0x04, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x01, 'k', 0x7f, 0xff, 0xff, 0xff),
		h(0x84, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02),
		h(0x02, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00),
		h(0x41, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00),
		h(0x04, 0x00, 0x00),
		h(0x05),
		{},
	}
}
