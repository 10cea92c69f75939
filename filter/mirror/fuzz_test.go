package mirror

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// hostileFrames is how many client frames TestHostileClient sends, over all versions.
const hostileFrames = 20000

// hostileConfigs are the filter configs (beyond the clusters) each version is tried with.
var hostileConfigs = []string{
	`,"deterministic_functions":true,"max_frame_bytes":4096,"read_report":{"sample_rate":1}`,
	``,
	`,"peers":["10.9.0.2:9042"],"failure_policy":"strict","max_frame_bytes":100`,
	`,"wait":false,"max_frame_bytes":100`,
	`,"mirror_writes":false,"deterministic_functions":true`,
}

// TestHostileClient drives real Sessions against the fake clusters with mutated and random frames
// from a fixed seed, at v3, v4 and v5 (in segments), with and without compression, over many
// sessions: after a valid STARTUP, each session gets a run of garbage, then, unless the garbage
// broke the framing or the proxy closed the connection, a valid OPTIONS that must still get
// SUPPORTED. No input may make the session panic; every distinct panic is reported with its
// stack and the shortest frame that caused it, in hex.
func TestHostileClient(t *testing.T) {
	var found panicSites
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(15, uint64(v)))
			for _, extra := range hostileConfigs {
				h := newHostile(t, v, extra, rng, &found)
				for h.sent < hostileFrames/len(versions)/len(hostileConfigs) {
					h.session()
				}
				t.Logf("%d frames in %d sessions: %d heartbeats answered after the garbage, %d sessions closed by the proxy, %d panicked",
					h.sent, h.sessions, h.answered, h.closed, h.panicked)
			}
		})
	}
	found.report(t)
}

// hostile runs sessions of one protocol version against one Mirror and its fake clusters.
type hostile struct {
	t     *testing.T
	v     primitive.ProtocolVersion
	m     *Mirror
	rng   *rand.Rand
	seeds [][]byte
	found *panicSites
	// What happened so far: garbage frames sent, sessions run, heartbeats answered after the
	// garbage, sessions the proxy closed, sessions that panicked.
	sent, sessions, answered, closed, panicked int
}

func newHostile(t *testing.T, v primitive.ProtocolVersion, extra string, rng *rand.Rand, found *panicSites) *hostile {
	src, tgt := startFake(t, "s"), startFake(t, "t")
	m := newMirror(t, src, tgt, `,"failed_writes_file":"`+filepath.Join(t.TempDir(), "failed.jsonl")+`"`+extra)
	m.log = slog.New(slog.DiscardHandler) // garbage makes the engine log an error per session
	t.Cleanup(m.Close)
	h := &hostile{t: t, v: v, m: m, rng: rng, found: found, seeds: append(cqlfuzz.Requests(v), cqlfuzz.Edges()...)}
	h.seeds = append(h.seeds, h.preparedSeeds()...)
	return h
}

// preparedSeeds prepares a write through a session, so that EXECUTEs and BATCHes of its id reach
// the paths that give the target its own id, and returns such frames.
func (h *hostile) preparedSeeds() [][]byte {
	c := newFuzzConn(h.m, h.v)
	defer c.close()
	if !c.handshake() {
		h.t.Fatal("the handshake failed")
	}
	c.send(c.wireFor(cql.Encode(h.v, 2, &message.Prepare{Query: "INSERT INTO ks.t (k, v) VALUES (?, now())"})))
	raw, ok := c.next(5 * time.Second)
	res, err := cql.Decode(raw)
	if !ok || err != nil {
		h.t.Fatalf("PREPARE: %v", err)
	}
	id := res.Body.Message.(*message.PreparedResult).PreparedQueryId
	var meta []byte
	if h.v >= primitive.ProtocolVersion5 {
		meta = id
	}
	one := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1}), primitive.NewValue([]byte("v"))}
	return [][]byte{
		cql.Encode(h.v, 3, &message.Execute{QueryId: id, ResultMetadataId: meta, Options: &message.QueryOptions{PositionalValues: one}}),
		cql.Encode(h.v, 4, &message.Batch{Children: []*message.BatchChild{{Id: id, Values: one}, {Query: "DELETE FROM ks.t WHERE k = 1"}, {Id: id, Values: one}}}),
	}
}

const heartbeatStream = 0x7e57

// session runs one client connection: handshake, garbage, then, unless the garbage threw the
// framing off, a heartbeat that must be answered.
func (h *hostile) session() {
	h.sessions++
	c := newFuzzConn(h.m, h.v)
	defer c.close()
	c.comp = []cql.Compression{cql.NoCompression, cql.LZ4, cql.Snappy}[h.rng.IntN(3)]
	if h.v >= primitive.ProtocolVersion5 && c.comp == cql.Snappy {
		c.comp = cql.NoCompression
	}
	if !c.handshake() {
		h.t.Fatalf("%v %q: the handshake failed", h.v, c.comp)
	}
	var history [][]byte
	aligned := true            // the proxy will read a heartbeat sent now as one
	keep := h.rng.IntN(2) == 0 // send only garbage after which a heartbeat must be answered
	for n := 1 + h.rng.IntN(60); n > 0 && !c.dead.Load(); n-- {
		frame, framed := h.garbage()
		for keep && (!framed || cql.ParseHeader(frame).Opcode == primitive.OpCodeStartup) {
			frame, framed = h.garbage()
		}
		if keep {
			frame[0] = byte(h.v) // a request of the connection's version: the proxy closes on others
		}
		history = append(history, frame)
		h.sent++
		wire := frame
		if framed {
			wire = c.wireFor(h.compressed(c, frame))
		}
		for _, chunk := range split(h.rng, wire) {
			if p, stack := c.send(chunk); p != nil {
				h.found.add(p, stack, frame, fmt.Sprintf("%v, compression %q", h.v, c.comp), c.heldLock)
				h.panicked++
				return
			}
		}
		// Unframed bytes may leave the proxy mid-frame; a second STARTUP may change the
		// compression. Either way a heartbeat would not be read as sent.
		aligned = aligned && framed && cql.ParseHeader(frame).Opcode != primitive.OpCodeStartup
	}
	if !aligned || c.dead.Load() {
		return
	}
	if p, stack := c.send(c.wireFor(cql.Encode(h.v, heartbeatStream, &message.Options{}))); p != nil {
		h.found.add(p, stack, nil, "the heartbeat after the garbage", c.heldLock)
		h.panicked++
		return
	}
	for {
		raw, ok := c.next(5 * time.Second)
		if !ok {
			c.rmu.Lock()
			closed, broken := c.closed, c.broken
			c.rmu.Unlock()
			if closed {
				h.closed++
			} else {
				h.t.Errorf("%v %q: no SUPPORTED for a heartbeat after garbage (replies unreadable: %v); the garbage:\n%s", h.v, c.comp, broken, hexLines(history))
			}
			return
		}
		if hd := cql.ParseHeader(raw); hd.Stream == heartbeatStream && hd.Opcode == primitive.OpCodeSupported {
			h.answered++
			return
		}
	}
}

// garbage returns one client frame: mostly a seed mutated, with a body length that frames it
// (framed); sometimes a seed as it is; sometimes one too long for max_frame_bytes, perhaps of
// version 6; now and then bytes that need not frame at all.
func (h *hostile) garbage() (b []byte, framed bool) {
	switch k := h.rng.IntN(40); {
	case k == 0:
		return cqlfuzz.Mutate(h.rng, h.seeds), false
	case k == 1:
		return cqlfuzz.Edges()[h.rng.IntN(len(cqlfuzz.Edges()))], false
	case k < 4:
		b = append(h.framable(), make([]byte, 4096)...)
		if h.rng.IntN(4) == 0 {
			b[0] = 6
		}
	case k < 12:
		b = append([]byte(nil), h.seeds[h.rng.IntN(len(h.seeds))]...) // a seed as it is, for depth
	default:
		b = h.framable()
		if h.rng.IntN(2) == 0 {
			b[0] = byte(h.v)
		}
	}
	if len(b) < cql.HeaderLen {
		return b, false
	}
	cqlfuzz.FixLength(b)
	return b, true
}

// framable returns a mutated seed of at least a header's length.
func (h *hostile) framable() []byte {
	for {
		if b := cqlfuzz.Mutate(h.rng, h.seeds); len(b) >= cql.HeaderLen {
			return b
		}
	}
}

// compressed compresses a framed frame's body now and then on a v3 or v4 connection that
// negotiated compression, setting the flag.
func (h *hostile) compressed(c *fuzzConn, frame []byte) []byte {
	if c.comp == cql.NoCompression || h.v >= primitive.ProtocolVersion5 || h.rng.IntN(2) == 0 {
		return frame
	}
	return compressFrame(frame, c.comp)
}

// split cuts b at up to three random points.
func split(rng *rand.Rand, b []byte) [][]byte {
	var out [][]byte
	for n := rng.IntN(4); n > 0 && len(b) > 1; n-- {
		at := 1 + rng.IntN(len(b)-1)
		out, b = append(out, b[:at]), b[at:]
	}
	return append(out, b)
}

func hexLines(frames [][]byte) string {
	var sb strings.Builder
	for _, f := range frames {
		fmt.Fprintf(&sb, "  %x\n", f[:min(len(f), 2048)])
	}
	return sb.String()
}
