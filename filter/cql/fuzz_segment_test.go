package cql

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/datastax/go-cassandra-native-protocol/segment"
	"github.com/pierrec/lz4/v4"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// FuzzDesegmenter feeds a v5 byte stream to a Desegmenter whole and in fuzzer-chosen chunks.
// in[0] bit 0 selects lz4 segments; in[1] seeds the chunk sizes; the rest is the stream. The
// stream also goes through AppendSegments, as frames and as the body of one frame, and must come
// back unchanged.
func FuzzDesegmenter(f *testing.F) {
	for _, s := range segmentSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(checkDesegmenter)
}

// TestDesegmenterRandomStreams runs checkDesegmenter on mutated streams from a fixed seed.
func TestDesegmenterRandomStreams(t *testing.T) {
	randomInputs(t, 10000, segmentSeeds(t), checkDesegmenter)
}

// segmentSeeds are the v5 requests in segments, one per segment and all in one, plain and lz4;
// a self-contained segment of several frames whose payload is corrupted; and the segments
// captured from real drivers and a real node, alone and the first 16 KiB of them back to back.
func segmentSeeds(t testing.TB) [][]byte {
	frames := cqlfuzz.Requests(primitive.ProtocolVersion5)
	var out [][]byte
	for _, ctl := range []byte{0, 1} {
		for i, fr := range append(frames, bytes.Join(frames, nil)) {
			wire, err := AppendSegments(nil, fr, ctl == 1)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, append([]byte{ctl, byte(i)}, wire...))
		}
		corrupt := bytes.Clone(out[len(out)-1])
		corrupt[len(corrupt)/2] ^= 0x40
		out = append(out, corrupt)
		kind := map[byte]string{0: cqlfuzz.KindSegment, 1: cqlfuzz.KindLZ4Segment}[ctl]
		for _, replies := range []bool{false, true} {
			segs := cqlfuzz.Captured(replies, kind)
			for i, s := range segs {
				out = append(out, append([]byte{ctl, byte(i)}, s...))
			}
			out = append(out, append([]byte{ctl, 3}, joinUpTo(16<<10, segs)...))
		}
	}
	return out
}

func checkDesegmenter(t *testing.T, in []byte) {
	if len(in) < 2 {
		return
	}
	compressed, wire := in[0]&1 != 0, in[2:]
	whole, wholeErr := desegmentAll(t, in, compressed, [][]byte{wire})
	chunked, chunkErr := desegmentAll(t, in, compressed, chunks(wire, in[1]))
	if (wholeErr == nil) != (chunkErr == nil) || !bytes.Equal(whole, chunked) {
		fatalf(t, in, "whole: %d bytes, %v; in chunks: %d bytes, %v", len(whole), wholeErr, len(chunked), chunkErr)
	}
	if ref := referenceDesegment(wire, compressed); wholeErr == nil && !bytes.Equal(whole, ref) {
		fatalf(t, in, "%d bytes of payloads, the library's decoder finds %d", len(whole), len(ref))
	}
	// The stream as the body of one frame: any bytes survive segmentation.
	one := AppendFrame(nil, Header{Version: primitive.ProtocolVersion5, Stream: 1, Opcode: primitive.OpCodeQuery}, wire)
	roundTripSegments(t, in, one, compressed)
	// The stream as frames: AppendSegments refuses it or carries it whole.
	roundTripSegments(t, in, wire, compressed)
}

// roundTripSegments checks that frames come back from their segments unchanged, if
// AppendSegments takes them.
func roundTripSegments(t *testing.T, in, frames []byte, compressed bool) {
	segs, err := AppendSegments(nil, frames, compressed)
	if err != nil {
		return
	}
	got, err := desegmentAll(t, in, compressed, [][]byte{segs})
	if err != nil || !bytes.Equal(got, frames) {
		fatalf(t, in, "%d bytes of frames came back from their segments as %d bytes: %v", len(frames), len(got), err)
	}
}

// desegmentAll feeds the chunks to a Desegmenter and returns the payloads joined, checking that
// no payload exceeds a segment's and that the Desegmenter buffers less than one segment.
func desegmentAll(t *testing.T, in []byte, compressed bool, chunks [][]byte) ([]byte, error) {
	d := Desegmenter{Compressed: compressed}
	var got []byte
	maxSegment := segmentHeaderLen(compressed) + segment.MaxPayloadLength + segment.Crc32Length
	for _, c := range chunks {
		err := d.Feed(c, func(p []byte) {
			if len(p) > segment.MaxPayloadLength {
				fatalf(t, in, "a %d-byte segment payload", len(p))
			}
			got = append(got, p...)
		})
		if err != nil {
			return got, err
		}
		if len(d.buf) >= maxSegment {
			fatalf(t, in, "the Desegmenter buffers %d bytes", len(d.buf))
		}
	}
	return got, nil
}

// referenceDesegment is the library's decoder on wire: the payloads of the segments it decodes
// before its first error.
func referenceDesegment(wire []byte, compressed bool) []byte {
	codec := segment.NewCodec()
	if compressed {
		codec = segment.NewCodecWithCompression(referenceLZ4{})
	}
	var out []byte
	for r := bytes.NewReader(wire); r.Len() > 0; {
		seg, err := codec.DecodeSegment(r)
		if err != nil {
			break
		}
		out = append(out, seg.Payload.UncompressedData...)
	}
	return out
}

// referenceLZ4 decompresses lz4 blocks for the library's decoder.
type referenceLZ4 struct{}

func (referenceLZ4) Compress(io.Reader, io.Writer) error { return errors.New("not used") }

func (referenceLZ4) Decompress(src io.Reader, dst io.Writer) error {
	in, err := io.ReadAll(src)
	if err != nil {
		return err
	}
	out := make([]byte, segment.MaxPayloadLength)
	n, err := lz4.UncompressBlock(in, out)
	if err != nil {
		return err
	}
	_, err = dst.Write(out[:n])
	return err
}
