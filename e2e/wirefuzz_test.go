package e2e

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"regexp"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/datastax/go-cassandra-native-protocol/segment"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// The generator of TestWireFuzzLeavesTheProxyServing: what one fuzz connection sends, as a pure
// function of the seed and the connection's number.

const fuzzKeyspace = "e2e_fuzz"

// fuzzIDs are the ids of a statement prepared through the proxy before the fuzz, so that EXECUTE
// and BATCH frames reach the engine's prepared path and not only its UNPREPARED answer.
type fuzzIDs struct{ id, metadataID []byte }

// fuzzSeeds are the valid requests the fuzz mutates. None drops, truncates, deletes or alters
// anything: bit flips of these cannot spell a destructive statement.
func fuzzSeeds(v primitive.ProtocolVersion, ids fuzzIDs) [][]byte {
	one := &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}
	q := func(s string) message.Message { return &message.Query{Query: s, Options: one} }
	values := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 7}), primitive.NewValue([]byte("fuzz"))}
	msgs := []message.Message{
		&message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}},
		&message.Options{},
		q("SELECT release_version FROM system.local"),
		q("SELECT peer, tokens FROM system.peers"),
		q("SELECT v FROM " + fuzzKeyspace + ".kv WHERE k = 1"),
		q("INSERT INTO " + fuzzKeyspace + ".kv (k, v) VALUES (1, 'fuzz')"),
		q("UPDATE " + fuzzKeyspace + ".kv SET v = 'fuzzed' WHERE k = 2"),
		q("USE " + fuzzKeyspace),
		&message.Prepare{Query: "INSERT INTO " + fuzzKeyspace + ".kv (k, v) VALUES (?, ?)"},
		&message.Prepare{Query: "SELECT v FROM " + fuzzKeyspace + ".kv WHERE k = ?"},
		&message.Execute{QueryId: ids.id, ResultMetadataId: ids.metadataID,
			Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne, PositionalValues: values}},
		&message.Batch{Type: primitive.BatchTypeUnlogged, Consistency: primitive.ConsistencyLevelOne, Children: []*message.BatchChild{
			{Query: "INSERT INTO " + fuzzKeyspace + ".kv (k, v) VALUES (3, 'batch')"},
			{Id: ids.id, Values: values},
		}},
		&message.Register{EventTypes: []primitive.EventType{primitive.EventTypeSchemaChange, primitive.EventTypeStatusChange}},
	}
	var out [][]byte
	for i, m := range msgs {
		f := encodeRequest(v, int16(i+2), m)
		if destructive.Match(f) {
			panic("a fuzz seed holds a destructive statement")
		}
		out = append(out, f)
	}
	return out
}

var destructive = regexp.MustCompile(`(?i)\b(drop|truncate|delete|alter)\b`)

// fuzzConn is what one connection sends: an optional STARTUP, then writes of fuzz frames.
type fuzzConn struct {
	startup primitive.ProtocolVersion // 0: no STARTUP, frames from the first byte
	writes  []fuzzWrite
}

// fuzzWrite is one Write call; frames counts the fuzz frames that end in it.
type fuzzWrite struct {
	bytes  []byte
	frames int
}

func (c *fuzzConn) frames() (n int) {
	for _, w := range c.writes {
		n += w.frames
	}
	return n
}

// planFuzzConn draws connection i of the fuzz seeded with seed.
func planFuzzConn(seed uint64, i int, ids fuzzIDs) *fuzzConn {
	rng := rand.New(rand.NewPCG(seed, uint64(i)))
	c := &fuzzConn{}
	version := primitive.ProtocolVersion(3 + rng.IntN(3))
	count := 150 + rng.IntN(200)
	if rng.IntN(10) == 0 { // a client that never says STARTUP
		count = 10 + rng.IntN(50)
	} else {
		c.startup = version
	}
	g := &fuzzGen{rng: rng, version: version, seeds: fuzzSeeds(version, ids)}
	for n := 0; n < count; {
		group := min(1+rng.IntN(24), count-n)
		var frames []byte
		for j := range group {
			// A breaker now and then, and in half the connections as the last frame.
			if rng.IntN(300) == 0 || n+j == count-1 && rng.IntN(2) == 0 {
				frames = append(frames, g.breaker()...)
			} else {
				frames = append(frames, g.frame()...)
			}
		}
		n += group
		if c.startup >= primitive.ProtocolVersion5 {
			c.writes = append(c.writes, fuzzWrite{bytes: g.segments(frames), frames: group})
			continue
		}
		// Split at random points: a frame may arrive over several reads.
		for len(frames) > 0 && rng.IntN(3) == 0 {
			cut := rng.IntN(len(frames))
			c.writes = append(c.writes, fuzzWrite{bytes: frames[:cut]})
			frames = frames[cut:]
		}
		c.writes = append(c.writes, fuzzWrite{bytes: frames, frames: group})
	}
	if c.startup >= primitive.ProtocolVersion5 && rng.IntN(4) == 0 {
		// Raw garbage where a segment header belongs, or a segment with one bit flipped.
		tail := g.random(1 + rng.IntN(64))
		if rng.IntN(2) == 0 {
			tail = g.segments(g.frame())
			tail[rng.IntN(len(tail))] ^= 1 << rng.IntN(8)
		}
		c.writes = append(c.writes, fuzzWrite{bytes: tail, frames: 1})
	}
	return c
}

// fuzzGen draws frames for one connection of one protocol version.
type fuzzGen struct {
	rng     *rand.Rand
	version primitive.ProtocolVersion
	seeds   [][]byte
}

func (g *fuzzGen) seed() []byte {
	return append([]byte(nil), g.seeds[g.rng.IntN(len(g.seeds))]...)
}

func (g *fuzzGen) random(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	return b
}

// frame draws one fuzz frame that keeps the framing intact: the header's length matches what
// follows and the version byte is one the proxy frames (3 to 6), so the connection lives on and
// the frames after it are read too.
func (g *fuzzGen) frame() []byte {
	r := g.rng
	switch w := r.IntN(100); {
	case w < 35: // bit flips in the body of a valid request
		f := g.seed()
		if len(f) > cql.HeaderLen {
			for range 1 + r.IntN(8) {
				f[cql.HeaderLen+r.IntN(len(f)-cql.HeaderLen)] ^= 1 << r.IntN(8)
			}
		}
		return f
	case w < 55: // opcode, flags, stream, version: one or several
		f := g.seed()
		for range 1 + r.IntN(3) {
			switch r.IntN(5) {
			case 0:
				f[4] = byte(r.UintN(256))
			case 1:
				f[4] = byte(r.IntN(0x18))
			case 2:
				f[1] = byte(r.UintN(256))
			case 3:
				binary.BigEndian.PutUint16(f[2:], uint16(r.UintN(1<<16)))
			default:
				f[0] = byte(3 + r.IntN(4))
			}
		}
		return f
	case w < 60: // length 0, the body left out
		f := g.seed()[:cql.HeaderLen]
		cql.SetLength(f, 0)
		return f
	case w < 70: // truncated body, the length saying so
		f := g.seed()
		f = f[:cql.HeaderLen+r.IntN(len(f)-cql.HeaderLen+1)]
		cql.SetLength(f, len(f)-cql.HeaderLen)
		return f
	case w < 90: // a random body under a plausible header
		h := cql.Header{Version: g.version, Flags: byte(r.UintN(256)) & 0x1f, Stream: int16(r.UintN(1 << 16)), Opcode: primitive.OpCode(r.IntN(0x18))}
		return cql.AppendFrame(nil, h, g.random(r.IntN(200)))
	default: // a valid request
		return g.seed()
	}
}

// breaker draws a frame after which the proxy cannot find the next one: a version byte it cannot
// frame, an absurd length, a truncation the length does not admit, bit flips in the header, noise.
func (g *fuzzGen) breaker() []byte {
	r := g.rng
	f := g.seed()
	switch r.IntN(5) {
	case 0:
		f[0] = []byte{0, 1, 2, 7, 0x41, 0x83, 0x84, 0x85, 0xff, byte(r.UintN(256))}[r.IntN(10)]
	case 1: // the body stays: it is read as the body, or skipped, or taken for the next header
		binary.BigEndian.PutUint32(f[5:], []uint32{0xffffffff, 0x7fffffff, 0, 0x80000000, 0xe0be35fd, uint32(r.UintN(1 << 20))}[r.IntN(6)])
		if r.IntN(2) == 0 {
			f[0] = byte(3 + r.IntN(4)) // v6 included: a version the proxy frames but does not serve
		}
	case 2:
		f = f[:r.IntN(len(f))]
	case 3:
		for range 1 + r.IntN(4) {
			f[r.IntN(cql.HeaderLen)] ^= 1 << r.IntN(8)
		}
	default:
		f = g.random(1 + r.IntN(40))
	}
	return f
}

// segments wraps payload in well-formed uncompressed v5 segments (the format cql.AppendSegments
// writes), whatever the frames inside: one self-contained segment, or the payload split over two
// or more that are not.
func (g *fuzzGen) segments(payload []byte) []byte {
	var out bytes.Buffer
	parts := [][]byte{payload}
	if len(payload) > 1 && g.rng.IntN(4) == 0 {
		cut := 1 + g.rng.IntN(len(payload)-1)
		parts = [][]byte{payload[:cut], payload[cut:]}
	}
	for len(parts[len(parts)-1]) > segment.MaxPayloadLength {
		last := parts[len(parts)-1]
		parts = append(parts[:len(parts)-1], last[:segment.MaxPayloadLength], last[segment.MaxPayloadLength:])
	}
	for _, p := range parts {
		err := segment.NewCodec().EncodeSegment(&segment.Segment{
			Header:  &segment.Header{IsSelfContained: len(parts) == 1},
			Payload: &segment.Payload{UncompressedData: p},
		}, &out)
		if err != nil {
			panic(fmt.Sprintf("encode a %d-byte segment: %v", len(p), err))
		}
	}
	return out.Bytes()
}
