package cql

import (
	"bytes"
	"math/rand/v2"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// Helpers shared by the fuzz targets, their deterministic random-input tests and the regression
// tests.

var compressions = [3]Compression{NoCompression, LZ4, Snappy}

// fuzzLiterals replace non-deterministic calls with fixed values.
var fuzzLiterals = Literals{
	Now:      time.Date(2026, 11, 25, 4, 5, 6, 789000000, time.UTC),
	TimeUUID: func() string { return "11111111-2222-1333-8444-555555555555" },
	UUID:     func() string { return "99999999-8888-4777-8666-555555555555" },
}

// seedFrames are the valid requests (or replies) at v3, v4 and v5, those captured from real
// drivers (or a real node), uncompressed and outside segments, and the edge frames.
func seedFrames(replies bool) [][]byte {
	var out [][]byte
	for _, v := range cqlfuzz.Versions {
		if replies {
			out = append(out, cqlfuzz.Replies(v)...)
		} else {
			out = append(out, cqlfuzz.Requests(v)...)
		}
	}
	out = append(out, cqlfuzz.Captured(replies, cqlfuzz.KindFrame)...)
	return append(out, cqlfuzz.Edges()...)
}

// joinUpTo joins whole inputs, in order, while the result stays within max bytes.
func joinUpTo(max int, in [][]byte) []byte {
	var out []byte
	for _, b := range in {
		if len(out)+len(b) > max {
			break
		}
		out = append(out, b...)
	}
	return out
}

// randomInputs runs check on n inputs mutated from seeds by a fixed-seed generator, so that plain
// go test covers far more than the seeds. A panic fails the test with the input in hex; check
// reports its own failures with fatalf.
func randomInputs(t *testing.T, n int, seeds [][]byte, check func(*testing.T, []byte)) {
	t.Helper()
	rng := rand.New(rand.NewPCG(15, uint64(n)))
	for i := 0; i < n; i++ {
		in := cqlfuzz.Mutate(rng, seeds)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("input %d panicked: %v\ninput (%d bytes): %x\n%s", i, r, len(in), in[:min(len(in), 4096)], debug.Stack())
				}
			}()
			check(t, in)
		}()
	}
}

// fatalf fails the test and names the input in hex (its first 4 KiB).
func fatalf(t testing.TB, in []byte, format string, args ...any) {
	t.Helper()
	t.Fatalf(format+"\ninput (%d bytes): %x", append(args, len(in), in[:min(len(in), 4096)])...)
}

var heapAllocs = []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}

// allocated is the heap's running total of bytes allocated. Large objects count as soon as they
// are allocated, so a huge allocation shows at once.
func allocated() uint64 {
	metrics.Read(heapAllocs)
	return heapAllocs[0].Value.Uint64()
}

// budget runs fn and fails if it allocated more than 1 MiB plus perByte bytes per input byte:
// a length field must never make a parser allocate what the input does not hold. The count is
// the process's, which the fuzzing engine adds to now and then: fn must exceed the limit three
// times running.
func budget(t testing.TB, in []byte, perByte int, fn func()) {
	t.Helper()
	limit := uint64(1<<20 + perByte*len(in))
	var got uint64
	for range 3 {
		before := allocated()
		fn()
		if got = allocated() - before; got <= limit {
			return
		}
	}
	fatalf(t, in, "%d bytes allocated for a %d-byte input (limit %d)", got, len(in), limit)
}

// chunks cuts b into pieces whose sizes (1 to 23 bytes) follow seed; seed 0 keeps b whole.
func chunks(b []byte, seed byte) [][]byte {
	if seed == 0 {
		return [][]byte{b}
	}
	var out [][]byte
	x := uint32(seed)
	for len(b) > 0 {
		x = x*1103515245 + 12345
		n := min(len(b), 1+int(x>>16)%23)
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

// canonical decodes a frame of a version the proxy serves with the library, and reports whether
// the library writes it back byte for byte. Only then do the library's readings bind the proxy's:
// the library reads more than the protocol allows (a negative [long string] length as an empty
// string, a body shorter or longer than the header says), which Cassandra refuses. The library
// writes maps (a custom payload, named values) in Go's random order: a few tries find the
// frame's, and a frame whose order none finds only goes unchecked.
func canonical(raw []byte) (*frame.Frame, bool) {
	if len(raw) < HeaderLen || !Supported(ParseHeader(raw).Version) {
		return nil, false
	}
	f, err := Decode(raw)
	if err != nil {
		return nil, false
	}
	for range 8 {
		var buf bytes.Buffer
		if err := codec.EncodeFrame(f, &buf); err != nil || buf.Len() != len(raw) {
			return nil, false
		}
		again := buf.Bytes()
		SetLength(again, len(again)-HeaderLen) // the library miscounts a request that asks for tracing
		if bytes.Equal(again, raw) {
			if f, err = Decode(raw); err != nil { // the encoder may have changed f
				return nil, false
			}
			return f, true
		}
	}
	return nil, false
}
