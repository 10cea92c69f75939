package cql

import (
	"bytes"
	"testing"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// FuzzFramer feeds a byte stream to a Framer whole and in fuzzer-chosen chunks. in[0] picks the
// mode (bit 0: Replies) and Max (bits 1-2); in[1] seeds the chunk sizes; the rest is the stream.
func FuzzFramer(f *testing.F) {
	for _, s := range framerSeeds() {
		f.Add(s)
	}
	f.Fuzz(checkFramer)
}

// TestFramerRandomStreams runs checkFramer on mutated streams from a fixed seed.
func TestFramerRandomStreams(t *testing.T) {
	randomInputs(t, 20000, framerSeeds(), checkFramer)
}

// framerSeeds are, per direction, every seed frame alone (captured ones also compressed, as
// they went over the wire) and the first 16 KiB of them back to back, under a few modes and
// chunkings.
func framerSeeds() [][]byte {
	var out [][]byte
	for _, replies := range []bool{false, true} {
		ctl := byte(2 << 1) // Max 1 MiB
		if replies {
			ctl |= 1
		}
		frames := append(seedFrames(replies), cqlfuzz.Captured(replies, cqlfuzz.KindLZ4Frame)...)
		frames = append(frames, cqlfuzz.Captured(replies, cqlfuzz.KindSnappyFrame)...)
		for i, fr := range frames {
			out = append(out, append([]byte{ctl, byte(i)}, fr...))
		}
		stream := joinUpTo(16<<10, frames)
		out = append(out, append([]byte{ctl, 7}, stream...))
		out = append(out, append([]byte{ctl &^ 6, 0}, stream...)) // Max 64
	}
	return out
}

var framerMax = [4]int{64, 1024, 1 << 20, 256 << 20}

func checkFramer(t *testing.T, in []byte) {
	if len(in) < 2 {
		return
	}
	stream := in[2:]
	mk := func() *Framer { return &Framer{Max: framerMax[in[0]>>1&3], Replies: in[0]&1 != 0} }
	whole := frameAll(t, in, mk(), [][]byte{stream})
	chunked := frameAll(t, in, mk(), chunks(stream, in[1]))
	if len(whole) != len(chunked) {
		fatalf(t, in, "%d frames whole, %d in chunks", len(whole), len(chunked))
	}
	max, consumed := mk().Max, 0
	for i, w := range whole {
		c := chunked[i]
		switch {
		case w.Unframable != c.Unframable:
			fatalf(t, in, "frame %d: Unframable whole %v, in chunks %v", i, w.Unframable, c.Unframable)
		case w.Unframable:
			// Raw holds what had arrived: it depends on the chunks.
			if w.Header.Version != c.Header.Version || w.Header.Response != c.Header.Response || i != len(whole)-1 {
				fatalf(t, in, "Unframable frame %d: whole %+v, chunked %+v", i, w.Header, c.Header)
			}
			continue
		case w.Header != c.Header || w.Oversized != c.Oversized || !bytes.Equal(w.Raw, c.Raw):
			fatalf(t, in, "frame %d differs: whole %+v, chunked %+v", i, w, c)
		}
		switch {
		case w.Oversized:
			if w.Header.Length <= max || len(w.Raw) != HeaderLen {
				fatalf(t, in, "Oversized frame %d: length %d, Max %d, %d raw bytes", i, w.Header.Length, max, len(w.Raw))
			}
			consumed += HeaderLen
		default:
			if w.Header.Length > max || len(w.Raw) != HeaderLen+w.Header.Length || !Framable(w.Header.Version) {
				fatalf(t, in, "frame %d: header %+v with %d raw bytes, Max %d", i, w.Header, len(w.Raw), max)
			}
			consumed += len(w.Raw)
		}
	}
	if consumed > len(stream) {
		fatalf(t, in, "%d bytes of frames out of a %d-byte stream", consumed, len(stream))
	}
}

// frameAll feeds the chunks to f and returns copies of the frames, checking after each chunk
// that f buffers less than one header and Max body bytes.
func frameAll(t *testing.T, in []byte, f *Framer, chunks [][]byte) []Frame {
	var got []Frame
	for _, c := range chunks {
		f.Feed(c, func(fr Frame) {
			fr.Raw = append([]byte(nil), fr.Raw...)
			got = append(got, fr)
		})
		if len(f.buf) >= HeaderLen+f.Max {
			fatalf(t, in, "the Framer buffers %d bytes with Max %d", len(f.buf), f.Max)
		}
	}
	return got
}
