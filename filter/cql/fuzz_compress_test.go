package cql

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/compression/lz4"
	"github.com/datastax/go-cassandra-native-protocol/compression/snappy"
	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	gosnappy "github.com/golang/snappy"
	pierrec "github.com/pierrec/lz4/v4"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// FuzzUncompressed decompresses a frame: in[0]%3 picks none, lz4 or snappy, the rest is the
// frame. Whatever the body claims, Uncompressed allocates no more than the format can expand to,
// and the rest, compressed as a frame body, comes back unchanged.
func FuzzUncompressed(f *testing.F) {
	for _, s := range compressedSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(checkUncompressed)
}

// TestUncompressedRandomFrames runs checkUncompressed on mutated frames from a fixed seed.
func TestUncompressedRandomFrames(t *testing.T) {
	randomInputs(t, 10000, compressedSeeds(t), checkUncompressed)
}

// compressedSeeds are the v3 and v4 requests compressed with lz4 and with snappy, the compressed
// frames captured from real drivers and a real node, and the edge frames, each under every
// compression.
func compressedSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for i, body := range []frame.BodyCompressor{lz4.Compressor{}, snappy.Compressor{}} {
		codec := frame.NewCodecWithCompression(body)
		for _, v := range []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4} {
			for _, raw := range cqlfuzz.Requests(v) {
				f, err := codec.DecodeFrame(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				f.SetCompress(true)
				var buf bytes.Buffer
				if err := codec.EncodeFrame(f, &buf); err != nil {
					t.Fatal(err)
				}
				out = append(out, append([]byte{byte(i + 1)}, buf.Bytes()...))
			}
		}
	}
	for _, replies := range []bool{false, true} {
		for _, raw := range cqlfuzz.Captured(replies, cqlfuzz.KindLZ4Frame) {
			out = append(out, append([]byte{1}, raw...))
		}
		for _, raw := range cqlfuzz.Captured(replies, cqlfuzz.KindSnappyFrame) {
			out = append(out, append([]byte{2}, raw...))
		}
	}
	for _, e := range cqlfuzz.Edges() {
		for c := range compressions {
			out = append(out, append([]byte{byte(c)}, e...))
		}
	}
	return out
}

func checkUncompressed(t *testing.T, in []byte) {
	if len(in) < 1 {
		return
	}
	c, raw := compressions[int(in[0])%3], in[1:]
	budget(t, raw, lz4MaxRatio+1, func() {
		out, err := Uncompressed([]byte("dst"), raw, c)
		if err != nil {
			return
		}
		out = out[len("dst"):]
		switch {
		case raw[1]&FlagCompression == 0:
			if !bytes.Equal(out, raw) {
				fatalf(t, in, "an uncompressed frame changed")
			}
		case out[1]&FlagCompression != 0 || ParseHeader(out).Length != len(out)-HeaderLen ||
			len(out)-HeaderLen > min(maxBody, lz4MaxRatio*len(Body(raw))):
			fatalf(t, in, "decompressed to %d bytes, header %+v", len(out), ParseHeader(out))
		}
	})
	plain := AppendFrame(nil, Header{Version: primitive.ProtocolVersion4, Stream: 1, Opcode: primitive.OpCodeQuery}, raw)
	for _, c := range []Compression{LZ4, Snappy} {
		if got, err := Uncompressed(nil, compressFrame(plain, c), c); err != nil || !bytes.Equal(got, plain) {
			fatalf(t, in, "%s: a %d-byte body came back as %d bytes: %v", c, len(raw), len(got), err)
		}
	}
}

// compressFrame compresses a frame's body as Cassandra does.
func compressFrame(plain []byte, c Compression) []byte {
	body := Body(plain)
	var z []byte
	if c == LZ4 {
		z = make([]byte, pierrec.CompressBlockBound(len(body)))
		n, err := pierrec.CompressBlock(body, z, nil)
		if err != nil || n == 0 {
			// Incompressible: a block of literals only, as Cassandra's compressor writes it.
			z = literalBlock(body)
		} else {
			z = z[:n]
		}
		z = append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), z...)
	} else {
		z = gosnappy.Encode(nil, body)
	}
	h := ParseHeader(plain)
	h.Flags |= FlagCompression
	return AppendFrame(nil, h, z)
}

// literalBlock is an lz4 block holding b as one run of literals.
func literalBlock(b []byte) []byte {
	if len(b) < 15 {
		return append([]byte{byte(len(b) << 4)}, b...)
	}
	out := []byte{0xf0}
	for n := len(b) - 15; ; n -= 255 {
		if n < 255 {
			out = append(out, byte(n))
			break
		}
		out = append(out, 255)
	}
	return append(out, b...)
}
