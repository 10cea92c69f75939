package mirror

import (
	"encoding/hex"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// A frame of protocol version 6 longer than max_frame_bytes (issue 15: the header
// 06 00 00 07 07 e0 be 35 fd, a QUERY of 3.7 GB) is framed, as version 6 has the 9-byte header,
// and reported Oversized; the session answered it in version 6, which cql.Encode cannot write,
// and panicked holding its lock. It must get an ERROR in a version the proxy speaks, on a new
// connection and after a STARTUP.
func TestOversizedFrameOfAnUnsupportedVersion(t *testing.T) {
	header, _ := hex.DecodeString("0600000707e0be35fd")
	for _, started := range []bool{false, true} {
		src, tgt := startFake(t, "s"), startFake(t, "t")
		m := newMirror(t, src, tgt, "")
		c := newFuzzConn(m, primitive.ProtocolVersion4)
		if started && !c.handshake() {
			t.Fatal("the handshake failed")
		}
		p, stack := c.send(header)
		defer c.close()
		if p != nil {
			t.Fatalf("STARTUP sent %v: the session panicked, leaving its lock held: %v: %v\n%s", started, c.heldLock, p, stack)
		}
		raw, ok := c.next(5 * time.Second)
		want := cql.MaxSupported // before a STARTUP, the highest version the proxy serves
		if started {
			want = primitive.ProtocolVersion4 // the session's
		}
		if h := cql.ParseHeader(raw); !ok || h.Opcode != primitive.OpCodeError || h.Version != want || h.Stream != 7 {
			t.Fatalf("STARTUP sent %v: want an ERROR at %v on stream 7, got %x", started, want, raw)
		}
	}
}
