package mirror

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/datastax/go-cassandra-native-protocol/segment"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// A frame whose header is intact but whose body is garbage leaves the stream in step: the client
// gets a protocol ERROR on the frame's stream, the connection stays open, and the next request
// is served. At v3, v4 and v5 (in segments), for each request the proxy reads.
func TestGarbageBodyGetsAnErrorAndTheConnectionStaysOpen(t *testing.T) {
	garbage := []byte{0xff, 0xff, 0xff, 0xf0, 0x01}
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			stream := int16(20)
			for _, tc := range []struct {
				op    primitive.OpCode
				flags byte
				want  string
			}{
				{primitive.OpCodeQuery, 0, "malformed QUERY body"},
				{primitive.OpCodePrepare, 0, "malformed PREPARE body"},
				{primitive.OpCodeExecute, 0, "malformed EXECUTE body"},
				{primitive.OpCodeBatch, 0, "BATCH"},
				{primitive.OpCodeStartup, 0, "already started"},
				{primitive.OpCodeQuery, cql.FlagCompression, "cannot decompress"},
				{primitive.OpCodeQuery, cql.FlagCustomPayload, "malformed QUERY body"},
			} {
				stream++
				r.c.send(cql.AppendFrame(nil, cql.Header{Version: v, Flags: tc.flags, Stream: stream, Opcode: tc.op}, garbage))
				f := r.c.mustNext(fmt.Sprintf("%v with a garbage body", tc.op))
				pe, ok := f.Body.Message.(*message.ProtocolError)
				if !ok || f.Header.StreamId != stream || f.Header.Version != v || !strings.Contains(pe.ErrorMessage, tc.want) {
					t.Fatalf("%v (flags %#x) with a garbage body: %v on stream %d at %v, want a protocol error saying %q",
						tc.op, tc.flags, f.Body.Message, f.Header.StreamId, f.Header.Version, tc.want)
				}
				if r.c.Closed() {
					t.Fatalf("%v with a garbage body closed the connection", tc.op)
				}
				stream++
				r.c.send(encode(t, v, stream, query("INSERT INTO ks.t (k) VALUES (1)")))
				if f := r.c.mustNext("INSERT after a garbage body"); f.Header.StreamId != stream || f.Header.OpCode != primitive.OpCodeResult {
					t.Fatalf("after a %v with a garbage body: %v on stream %d", tc.op, f.Body.Message, f.Header.StreamId)
				}
			}
		})
	}
}

// A frame the proxy cannot frame leaves nothing to resynchronise on: the client gets a protocol
// ERROR and the connection is closed. Before and after STARTUP, and at v5 inside a segment.
func TestUnframableInputGetsAnErrorAndCloses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		v      primitive.ProtocolVersion // the handshake's, or 0 for none
		header string
		want   string
	}{
		{"version 2 first", 0, "020000010500000000", "Invalid or unsupported protocol version (2)"},
		{"version 0x41 after STARTUP", primitive.ProtocolVersion4, "410000010700000000", "Invalid or unsupported protocol version"},
		{"a response frame", primitive.ProtocolVersion4, "840000010700000000", "must not send response frames"},
		{"version 7 in a v5 segment", primitive.ProtocolVersion5, "070000010700000000", "Invalid or unsupported protocol version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.v, "")
			r.c.send(mustHex(t, tc.header))
			f := r.c.mustNext(tc.name)
			if pe, ok := f.Body.Message.(*message.ProtocolError); !ok || !strings.Contains(pe.ErrorMessage, tc.want) {
				t.Fatalf("%s: %v, want a protocol error saying %q", tc.name, f.Body.Message, tc.want)
			}
			if !r.c.Closed() {
				t.Fatalf("%s: the connection stays open", tc.name)
			}
		})
	}
}

// A v5 segment whose checksum is wrong cannot be resynchronised either: ERROR, then close.
func TestCorruptSegmentGetsAnErrorAndCloses(t *testing.T) {
	r := newRig(t, primitive.ProtocolVersion5, "")
	wire := r.c.wire(encode(t, primitive.ProtocolVersion5, 3, query("INSERT INTO ks.t (k) VALUES (1)")))
	wire[len(wire)-1] ^= 0x01 // the payload's CRC32
	r.c.sendWire(wire)
	f := r.c.mustNext("a corrupt segment")
	if pe, ok := f.Body.Message.(*message.ProtocolError); !ok || !strings.Contains(pe.ErrorMessage, "segment") {
		t.Fatalf("a corrupt segment: %v", f.Body.Message)
	}
	if !r.c.Closed() {
		t.Fatal("a corrupt segment left the connection open")
	}
}

// A header that claims more than the protocol's 256 MiB cannot be a frame, and nothing after it
// can be framed: the client gets an ERROR on its stream and the connection closes, rather than
// skipping 4 GiB and leaving every later request unanswered.
func TestImpossibleLengthGetsAnErrorAndCloses(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			r := newRig(t, v, "")
			header := cql.AppendFrame(nil, cql.Header{Version: v, Stream: 5, Opcode: primitive.OpCodeQuery}, nil)
			cql.SetLength(header, 0xffffffff)
			if r.c.segmented { // a segment of the header alone: AppendSegments takes whole frames only
				var seg bytes.Buffer
				if err := segment.NewCodec().EncodeSegment(&segment.Segment{Header: &segment.Header{},
					Payload: &segment.Payload{UncompressedData: header}}, &seg); err != nil {
					t.Fatal(err)
				}
				header = seg.Bytes()
			}
			r.c.sendWire(header)
			f := r.c.mustNext("a 4 GiB QUERY")
			if pe, ok := f.Body.Message.(*message.ProtocolError); !ok || f.Header.StreamId != 5 || !strings.Contains(pe.ErrorMessage, "beyond the protocol's limit") {
				t.Fatalf("a 4 GiB QUERY: %v on stream %d", f.Body.Message, f.Header.StreamId)
			}
			waitFor(t, "the connection to close", func() bool {
				r.c.flush()
				return r.c.Closed()
			})
		})
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	var b []byte
	if _, err := fmt.Sscanf(s, "%x", &b); err != nil {
		t.Fatal(err)
	}
	return b
}
