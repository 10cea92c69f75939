package cql

import (
	"bytes"
	"net/netip"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// Regression tests for the panics and unbounded allocations fuzzing found (issue 15). Each names
// its input; before the fix each one panicked, crashed the process or allocated what its comment
// says.

// Frames shorter than a header used to panic in ParseHeader or Body (index out of range).
func TestShortFramesAreRefused(t *testing.T) {
	topo := Topology{Self: netip.MustParseAddrPort("127.0.0.1:9042")}
	for _, in := range []string{"", "80", "0200", "840000", "85000006", "8300001308", "8300001308000000"} {
		raw := mustHex(in)
		budget(t, raw, 64, func() {
			_, ok1 := QueryText(raw)
			_, _, ok2 := ExecuteID(raw)
			_, _, ok3 := TimestampFlag(raw)
			_, ok4 := WithQueryText(nil, raw, []byte("x"))
			_, ok5 := ErrorCode(raw)
			_, ok6 := Applied(raw)
			_, ok7 := UnpreparedID(raw)
			_, ok8 := Prepared(raw)
			if ok1 || ok2 || ok3 || ok4 || ok5 || ok6 || ok7 || ok8 || ParseHeader(raw) != (Header{}) || Body(raw) != nil {
				t.Errorf("%q: a reader accepted a short frame", in)
			}
			errs := []error{BatchPreparedIDs(raw, func([]byte, int) {})}
			for _, c := range compressions {
				_, err := Uncompressed(nil, raw, c)
				errs = append(errs, err)
			}
			_, err := StartupOptions(raw)
			errs = append(errs, err)
			_, _, err = RewriteTopology(raw, SystemLocal, topo, nil)
			errs = append(errs, err)
			for i, err := range errs {
				if err == nil {
					t.Errorf("%q: reader %d accepted a short frame", in, i)
				}
			}
			KeepSupportedValues(raw, "COMPRESSION")
			RewriteBatchFunctions(raw, fuzzLiterals)
		})
	}
}

// A compressed body's declared length used to be allocated as claimed: 256 MiB for a 13-byte lz4
// frame, up to 4 GiB for a snappy one.
func TestDeclaredUncompressedLengthIsBounded(t *testing.T) {
	for _, tc := range []struct {
		c  Compression
		in string
	}{
		{LZ4, "0401000103 00000004 10000000"},          // claims 256 MiB, has no block
		{LZ4, "0401000107 00000008 00100000 1f000102"}, // claims 1 MiB from a 4-byte block
		{Snappy, "0401000107 00000005 ffffffff0f"},     // claims 4 GiB
		{Snappy, "0e35258061 5957bce7 988cb95d"},       // claims 186 MiB
	} {
		raw := mustHex(tc.in)
		budget(t, raw, 64, func() {
			if _, err := Uncompressed(nil, raw, tc.c); err == nil {
				t.Errorf("%s %s: decompressed", tc.c, tc.in)
			}
		})
	}
}

// emptyStatementBatch is a v4 BATCH of two statements, an empty text and
// "INSERT INTO t (id) VALUES (now())". The library decodes it but will not encode it again, so
// RewriteBatchFunctions, which decoded, rewrote and re-encoded, panicked in Encode.
const emptyStatementBatch = "040000010d00000035" + "000002" + "00" + "00000000" + "0000" +
	"00" + "00000021" + "494e5345525420494e544f207420286964292056414c55455320286e6f77282929" + "0000" + "0001" + "00"

func TestBatchRewriteKeepsAnEmptyStatement(t *testing.T) {
	out, n := RewriteBatchFunctions(mustHex(emptyStatementBatch), fuzzLiterals)
	var texts []string
	b, _ := requestBody(out)
	_, err := walkBatch(b, 0, batchVisitor{query: func(q []byte, _ int) { texts = append(texts, string(q)) }})
	if n != 1 || err != nil || len(texts) != 2 || texts[0] != "" || texts[1] != "INSERT INTO t (id) VALUES (11111111-2222-1333-8444-555555555555)" {
		t.Fatalf("rewrote %d calls: %q, %v", n, texts, err)
	}
}

// Lengths the library allocates from before reading used to be trusted: up to 2 GiB for a
// [bytes], [value] or [long string], tens of GiB for a row count (a fatal out-of-memory crash),
// a panic for a negative count, and a fatal stack overflow for deeply nested types.
func TestDecodeRefusesLengthsBeyondTheFrame(t *testing.T) {
	topo := Topology{Self: netip.MustParseAddrPort("127.0.0.1:9042")}
	for name, in := range map[string]string{
		"rows count -1 (panic)":                 "84000001 08 00000010 00000002 00000004 00000001 ffffffff",
		"rows count < 0 of no columns (panic)":  "83303030 08 30303030 00000002 30303030 00000000 ff303030",
		"12336 rows of no columns (296 KB)":     "83303030 08 30303030 00000002 30303030 00000000 00003030",
		"2^31-1 rows of no columns (fatal OOM)": "84000001 08 00000010 00000002 00000004 00000000 7fffffff",
		"a row of 2^31-1 columns (fatal OOM)":   "84000001 08 00000014 00000002 00000004 7fffffff 00000001 00000000",
		"column count -1 (panic)":               "84000001 08 00000019 00000004 0001ab 00000000 00000000 00000000 00000000 ffffffff 00",
		"reason map count -1 (panic)":           "85080001 00 00000019 0001 0001 77 00001500 0000 0001 00000000 00000001 ffffffff",
		"reason map count 2^28 (1.9 GiB)":       "85080001 00 00000019 0001 0001 77 00001500 0000 0001 00000000 00000001 0f000000",
		"STARTUP payload of 2^31-1 (2 GiB)":     "04040001 01 0000000c 0001 0001 6b 7fffffff 0000",
		"STARTUP of 65535 options (5 MiB)":      "04000001 01 00000002 ffff",
		"QUERY value of 2^31-1 (2 GiB)":         "04000001 07 00000014 00000002 2829 0001 01 0001 7fffffff 0000",
		"BATCH text of 2^31-1 (2 GiB)":          "04000001 0d 0000000e 00 0001 00 7fffffff 2829 0000 0000",
		"PREPARED pk count 2^31-1 (4 GiB)":      "84000001 08 00000017 00000004 0001ab 00000000 00000000 7fffffff 0000",
	} {
		raw := mustHex(in)
		budget(t, raw, 64, func() {
			if _, err := Decode(raw); err == nil {
				t.Errorf("%s: decoded", name)
			}
			Applied(raw)
			Prepared(raw)
			ErrorCode(raw)
			StartupOptions(raw)
			RewriteTopology(raw, SystemLocal, topo, nil)
			RewriteBatchFunctions(raw, fuzzLiterals)
		})
	}
	if _, _, err := RewriteTopology(deepList(3_000_000), SystemLocal, topo, nil); err == nil {
		t.Error("a type nested 3 million deep (6 MB; a fatal stack overflow) was decoded")
	}
	if _, err := Decode(deepList(maxTypeDepth)); err != nil {
		t.Errorf("a type nested %d deep: %v", maxTypeDepth, err)
	}
}

// deepList is a v4 RESULT Rows frame of no rows and one column ks.t.c of type list<...<int>>,
// with n lists.
func deepList(n int) []byte {
	body := mustHex("00000002 00000000 00000001 0002 6b73 0001 74 0001 63")
	for range n {
		body = append(body, 0x00, 0x20)
	}
	body = append(body, 0x00, 0x09, 0, 0, 0, 0)
	return AppendFrame(nil, Header{Version: primitive.ProtocolVersion4, Response: true, Stream: 1, Opcode: primitive.OpCodeResult}, body)
}

// A peers reply without metadata (to an EXECUTE) got rows of the prepared statement's columns
// under the reply's own column count: a frame no client could read.
func TestPeersRewriteCountsItsColumns(t *testing.T) {
	cols := []*message.ColumnMetadata{{Name: "peer", Type: datatype.Inet}, {Name: "rpc_port", Type: datatype.Int}}
	reply := Encode(primitive.ProtocolVersion4, 1, &message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: 5}})
	topo := Topology{Self: netip.MustParseAddrPort("127.0.0.1:9042"), Peers: []netip.AddrPort{netip.MustParseAddrPort("10.0.0.2:9042")},
		Local: map[string][]byte{}}
	out, _, err := RewriteTopology(reply, SystemPeers, topo, cols)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Decode(out)
	if err != nil {
		t.Fatalf("the rewritten reply does not decode: %v", err)
	}
	if rows := f.Body.Message.(*message.RowsResult); len(rows.Data) != 1 || rows.Metadata.ColumnCount != 2 {
		t.Fatalf("want one row of 2 columns, got %v", rows)
	}
}

// AppendSegments used to slice past the end of a frame whose header claims more than follows.
func TestAppendSegmentsRefusesAPartialFrame(t *testing.T) {
	for _, compressed := range []bool{false, true} {
		if _, err := AppendSegments(nil, mustHex("0400000107 00000010 00"), compressed); err == nil {
			t.Error("a partial frame was put in segments")
		}
	}
}

// checkBounds must refuse nothing the library decodes: no valid seed frame, no prefix of one, and
// not two rows of no columns in a body with no bytes left (which RewriteTopology writes for a
// peers reply of no columns; checkBounds refused it, and divided by zero when fixed).
func TestCheckBoundsAcceptsWhatTheLibraryDecodes(t *testing.T) {
	frames := [][]byte{mustHex("8400303008 00000010 00000002 00000004 00000000 00000002")}
	for _, v := range cqlfuzz.Versions {
		frames = append(append(frames, cqlfuzz.Requests(v)...), cqlfuzz.Replies(v)...)
	}
	for _, raw := range frames {
		if _, err := codec.DecodeFrame(bytes.NewReader(raw)); err != nil {
			t.Fatalf("a seed does not decode: %v\n%x", err, raw)
		}
		for n := len(raw); n >= HeaderLen; n-- {
			_, err := codec.DecodeFrame(bytes.NewReader(raw[:n]))
			if bounds := checkBounds(raw[:n]); err == nil && bounds != nil {
				t.Fatalf("checkBounds refuses a frame the library decodes: %v\n%x", bounds, raw[:n])
			}
		}
	}
}

// A named marker put in place of a call that a word follows without a blank ("now()AND", valid
// CQL) ran into that word: ":cqlmirror_fn_0AND", another variable, and the AND lost. Found by
// FuzzFunctionMarkers (testdata/fuzz/FuzzFunctionMarkers/4d92baae919f366c: ":A uuid()0").
func TestNamedFunctionMarkerKeepsTheNextWordApart(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT * FROM t WHERE k = :k AND id = now()AND v = 1": "SELECT * FROM t WHERE k = :k AND id = :cqlmirror_fn_0 AND v = 1",
		":A uuid()0": ":A :cqlmirror_fn_0 0",
		"SELECT * FROM t WHERE k = ? AND id = now()AND v = 1": "SELECT * FROM t WHERE k = ? AND id = ?AND v = 1",
	} {
		if got, calls := FunctionMarkers([]byte(in)); string(got) != want || len(calls) != 1 {
			t.Errorf("%s:\n got %s (%d calls)\nwant %s", in, got, len(calls), want)
		}
	}
}
