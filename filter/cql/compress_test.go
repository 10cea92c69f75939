package cql

import (
	"bytes"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/compression/lz4"
	"github.com/datastax/go-cassandra-native-protocol/compression/snappy"
	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

func TestUncompressed(t *testing.T) {
	// 20 KB of one byte compresses far beyond 8:1, past where the library's own lz4 gives up.
	q := &message.Query{Query: "INSERT INTO t (k, v) VALUES (1, '" + string(bytes.Repeat([]byte{'x'}, 20000)) + "')", Options: &message.QueryOptions{}}
	plain := Encode(primitive.ProtocolVersion4, 3, q)
	for name, tc := range map[string]struct {
		c    Compression
		body frame.BodyCompressor
	}{"lz4": {LZ4, lz4.Compressor{}}, "snappy": {Snappy, snappy.Compressor{}}} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			f := frame.NewFrame(primitive.ProtocolVersion4, 3, q)
			f.SetCompress(true)
			if err := frame.NewCodecWithCompression(tc.body).EncodeFrame(f, &buf); err != nil {
				t.Fatal(err)
			}
			compressed := buf.Bytes()
			if compressed[1]&FlagCompression == 0 || len(compressed) >= len(plain) {
				t.Fatalf("the test frame is not compressed: %d bytes", len(compressed))
			}
			got, err := Uncompressed(nil, compressed, tc.c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Fatalf("decompressed frame differs: %d bytes, want %d", len(got), len(plain))
			}
		})
	}
	if _, err := Uncompressed(nil, append([]byte{4, FlagCompression}, plain[2:]...), NoCompression); err == nil {
		t.Fatal("a compressed frame without negotiated compression must be an error")
	}
	if c, err := ParseCompression("zstd"); err == nil {
		t.Fatalf("zstd accepted as %q", c)
	}
}
