package cql

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// FuzzReply runs every reader of cluster replies on one frame (ErrorCode, UnpreparedID, Applied,
// Prepared, KeepSupportedValues, RewriteTopology) and the library's decoder behind checkBounds
// without Decode's recover: what checkBounds lets through must not make the library panic.
func FuzzReply(f *testing.F) {
	for _, s := range replySeeds() {
		f.Add(s)
	}
	f.Fuzz(checkReply)
}

// TestReplyRandomFrames runs checkReply on mutated replies (and requests, which go through the
// same decoder) from a fixed seed.
func TestReplyRandomFrames(t *testing.T) {
	randomInputs(t, 20000, replySeeds(), checkReply)
}

func replySeeds() [][]byte { return append(seedFrames(true), seedFrames(false)...) }

var fuzzTopology = Topology{
	Self:  netip.MustParseAddrPort("127.0.0.1:29042"),
	Peers: []netip.AddrPort{netip.MustParseAddrPort("10.9.0.2:9042"), netip.MustParseAddrPort("[::1]:9043")},
	Local: map[string][]byte{"data_center": []byte("dc1"), "rack": []byte("r1")},
}

// fuzzColumns stand for a prepared statement's result columns, for replies without metadata.
var fuzzColumns = []*message.ColumnMetadata{
	{Name: "broadcast_address", Type: datatype.Inet}, {Name: "rpc_port", Type: datatype.Int},
	{Name: "host_id", Type: datatype.Uuid}, {Name: "tokens", Type: datatype.NewSet(datatype.Varchar)},
}

func checkReply(t *testing.T, raw []byte) {
	budget(t, raw, 64, func() {
		if code, ok := ErrorCode(raw); ok && raw[1] == 0 && code != primitive.ErrorCode(be32(Body(raw))) {
			fatalf(t, raw, "ErrorCode %v", code)
		}
		if id, ok := UnpreparedID(raw); ok && len(id) > len(raw) {
			fatalf(t, raw, "a %d-byte id", len(id))
		}
		Applied(raw)
		if p, ok := Prepared(raw); ok && p == nil {
			fatalf(t, raw, "Prepared: ok with no result")
		}
		checkSupported(t, raw)
		for _, table := range []string{SystemLocal, SystemPeers, SystemPeersV2} {
			for _, cols := range [][]*message.ColumnMetadata{nil, fuzzColumns} {
				out, _, err := RewriteTopology(raw, table, fuzzTopology, cols)
				if err == nil && !bytes.Equal(out, raw) {
					if f, err := Decode(out); err != nil || f.Header.OpCode != primitive.OpCodeResult {
						fatalf(t, raw, "the %s rewrite does not decode: %v", table, err)
					}
				}
			}
		}
		if checkBounds(raw) == nil {
			codec.DecodeFrame(bytes.NewReader(raw)) // no recover: a panic here is a gap in checkBounds
		}
	})
}

// checkSupported: the rewrite decodes, and offers only what was kept.
func checkSupported(t *testing.T, raw []byte) {
	out, err := KeepSupportedValues(raw, "COMPRESSION", "lz4")
	if err != nil || bytes.Equal(out, raw) {
		return
	}
	f, err := Decode(out)
	if err != nil {
		fatalf(t, raw, "the SUPPORTED rewrite does not decode: %v", err)
	}
	for _, v := range f.Body.Message.(*message.Supported).Options["COMPRESSION"] {
		if !strings.EqualFold(v, "lz4") {
			fatalf(t, raw, "the SUPPORTED rewrite still offers %q", v)
		}
	}
}

func be32(b []byte) uint32 {
	if len(b) < 4 {
		return 0
	}
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
