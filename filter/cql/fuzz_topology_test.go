package cql

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// FuzzRewriteTopology rewrites a node's reply to a system table as the proxy does: RewriteTopology
// for system.local, system.peers and system.peers_v2, KeepSupportedValues for SUPPORTED. in[0]
// picks the table (bits 0-1), whether the prepared statement's columns are known (bit 2) and
// whether the source's system.local row is (bit 3); the rest is the reply. A rewritten reply
// decodes on the same version and stream; system.local keeps its rows with only the address and
// port cells changed to the proxy's, and the row it returns is the source's; a peers table lists
// exactly the configured peers; SUPPORTED keeps every option but offers only the kept values.
func FuzzRewriteTopology(f *testing.F) {
	for _, s := range topologySeeds() {
		f.Add(s)
	}
	f.Fuzz(checkRewriteTopology)
}

// TestRewriteTopologyRandomReplies runs checkRewriteTopology on mutated replies from a fixed seed.
func TestRewriteTopologyRandomReplies(t *testing.T) {
	randomInputs(t, 20000, topologySeeds(), checkRewriteTopology)
}

// topologySeeds are the seed RESULT and SUPPORTED replies, the control bytes taken in turn.
func topologySeeds() [][]byte {
	var out [][]byte
	for _, s := range seedFrames(true) {
		if op := ParseHeader(s).Opcode; op != primitive.OpCodeResult && op != primitive.OpCodeSupported {
			continue
		}
		out = append(out, append([]byte{byte(len(out))}, s...))
	}
	return out
}

var topologyTables = [4]string{SystemLocal, SystemPeers, SystemPeersV2, SystemLocal}

func checkRewriteTopology(t *testing.T, in []byte) {
	if len(in) < 1 {
		return
	}
	raw, table := in[1:], topologyTables[in[0]&3]
	var cols []*message.ColumnMetadata
	if in[0]&4 != 0 {
		cols = fuzzColumns
	}
	topo := fuzzTopology
	if in[0]&8 != 0 {
		topo.Local = nil
	}
	budget(t, in, 64, func() {
		checkKeepSupported(t, in, raw)
		out, local, err := RewriteTopology(raw, table, topo, cols)
		if err != nil {
			return
		}
		orig, derr := Decode(raw)
		if derr != nil {
			fatalf(t, in, "RewriteTopology took a frame Decode refuses: %v", derr)
		}
		rows, isRows := orig.Body.Message.(*message.RowsResult)
		if !isRows {
			if len(out) != len(raw) || len(raw) > 0 && &out[0] != &raw[0] || local != nil {
				fatalf(t, in, "a %v was rewritten", orig.Body.Message.GetOpCode())
			}
			return
		}
		f, err := Decode(out)
		if err != nil {
			fatalf(t, in, "the %s rewrite does not decode: %v", table, err)
		}
		got, ok := f.Body.Message.(*message.RowsResult)
		if !ok || f.Header.Version != orig.Header.Version || f.Header.StreamId != orig.Header.StreamId || !f.Header.IsResponse {
			fatalf(t, in, "the %s rewrite is a %v, version %v, stream %d", table, f.Body.Message.GetOpCode(), f.Header.Version, f.Header.StreamId)
		}
		columns := cols
		if rows.Metadata != nil && rows.Metadata.Columns != nil {
			columns = rows.Metadata.Columns
		}
		if table == SystemLocal {
			checkLocalRewrite(t, in, rows.Data, got.Data, columns, local)
		} else {
			checkPeersRewrite(t, in, got.Data, columns, topo)
		}
	})
}

// checkLocalRewrite: the same rows, each address or port cell that held a value holding the
// proxy's, every other cell as it was; local is the first row by column name.
func checkLocalRewrite(t *testing.T, in []byte, was, got message.RowSet, columns []*message.ColumnMetadata, local map[string][]byte) {
	if len(got) != len(was) {
		fatalf(t, in, "system.local: %d rows, was %d", len(got), len(was))
	}
	for r := range was {
		if len(got[r]) != len(was[r]) {
			fatalf(t, in, "system.local row %d: %d cells, was %d", r, len(got[r]), len(was[r]))
		}
		for i, cell := range was[r] {
			want := cell
			if i < len(columns) && cell != nil {
				if v := proxyValue(columns[i], fuzzTopology.Self); v != nil {
					want = v
				}
			}
			if !bytes.Equal(got[r][i], want) || (got[r][i] == nil) != (want == nil) {
				fatalf(t, in, "system.local row %d cell %d: %x, want %x", r, i, got[r][i], want)
			}
		}
	}
	if len(was) == 0 {
		if local != nil {
			fatalf(t, in, "system.local without rows gave a row %v", local)
		}
		return
	}
	want := map[string][]byte{}
	for i, col := range columns {
		if i < len(was[0]) {
			want[col.Name] = append([]byte(nil), was[0][i]...)
		}
	}
	if !reflect.DeepEqual(local, want) {
		fatalf(t, in, "system.local gave the row %v, want %v", local, want)
	}
}

// checkPeersRewrite: one row a peer, once the columns and the source's row are known, none before;
// a peer's address and port cells are its own.
func checkPeersRewrite(t *testing.T, in []byte, got message.RowSet, columns []*message.ColumnMetadata, topo Topology) {
	want := 0
	if columns != nil && topo.Local != nil {
		want = len(topo.Peers)
	}
	if len(got) != want {
		fatalf(t, in, "the peers table has %d rows, want %d", len(got), want)
	}
	for r, row := range got {
		if len(row) != len(columns) {
			fatalf(t, in, "peer row %d: %d cells for %d columns", r, len(row), len(columns))
		}
		for i, col := range columns {
			if v := addressValue(col, topo.Peers[r]); v != nil && !bytes.Equal(row[i], v) {
				fatalf(t, in, "peer row %d, %s: %x, want %x", r, col.Name, row[i], v)
			}
		}
	}
}

// checkKeepSupported: a SUPPORTED reply keeps every option, and COMPRESSION offers the values
// that were offered and kept, in their order; any other frame comes back as it was.
func checkKeepSupported(t *testing.T, in, raw []byte) {
	out, err := KeepSupportedValues(raw, "COMPRESSION", "lz4", "SNAPPY")
	if err != nil {
		return
	}
	orig, _ := Decode(raw)
	was, ok := orig.Body.Message.(*message.Supported)
	if !ok || bytes.Equal(out, raw) {
		return
	}
	f, err := Decode(out)
	if err != nil {
		fatalf(t, in, "the SUPPORTED rewrite does not decode: %v", err)
	}
	got := f.Body.Message.(*message.Supported).Options
	want := []string{}
	for _, v := range was.Options["COMPRESSION"] {
		if strings.EqualFold(v, "lz4") || strings.EqualFold(v, "snappy") {
			want = append(want, v)
		}
	}
	if !slices.Equal(got["COMPRESSION"], want) || f.Header.StreamId != orig.Header.StreamId || f.Header.Version != orig.Header.Version {
		fatalf(t, in, "COMPRESSION %q, want %q", got["COMPRESSION"], want)
	}
	delete(got, "COMPRESSION")
	delete(was.Options, "COMPRESSION")
	if !reflect.DeepEqual(got, was.Options) && len(got)+len(was.Options) > 0 {
		fatalf(t, in, "the other options became %v, were %v", got, was.Options)
	}
}
