package cql

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

func TestSegmentsRoundTrip(t *testing.T) {
	v := primitive.ProtocolVersion5
	var frames []byte
	for i := range 50 {
		frames = append(frames, Encode(v, int16(i), &message.Query{Query: "SELECT 1", Options: &message.QueryOptions{}})...)
	}
	big := Encode(v, 99, &message.Query{Query: "INSERT INTO t (k, v) VALUES (1, '" + strings.Repeat("x", 300_000) + "')", Options: &message.QueryOptions{}})
	frames = append(frames, big...)
	frames = append(frames, Encode(v, 100, &message.Options{})...)
	for _, compressed := range []bool{false, true} {
		roundTrip(t, frames, compressed)
	}
}

func roundTrip(t *testing.T, frames []byte, compressed bool) {
	wire, err := AppendSegments(nil, frames, compressed)
	if err != nil {
		t.Fatal(err)
	}
	if compressed && len(wire) >= len(frames)/2 {
		t.Fatalf("lz4 segments of repetitive frames take %d bytes for %d", len(wire), len(frames))
	}
	for _, chunk := range []int{1, 7, 1000, len(wire)} {
		d := Desegmenter{Compressed: compressed}
		var got []byte
		for i := 0; i < len(wire); i += chunk {
			if err := d.Feed(wire[i:min(i+chunk, len(wire))], func(p []byte) { got = append(got, p...) }); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, frames) {
			t.Fatalf("chunks of %d: %d bytes out, want %d", chunk, len(got), len(frames))
		}
	}
	wire[10] ^= 0xff
	d := Desegmenter{Compressed: compressed}
	if err := d.Feed(wire, func([]byte) {}); err == nil {
		t.Fatal("a corrupted segment must fail its checksum")
	}
}

func TestIncompressibleSegments(t *testing.T) {
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(i*7919 + i*i*31)
	}
	frames := Encode(primitive.ProtocolVersion5, 1, &message.Query{Query: string(random), Options: &message.QueryOptions{}})
	roundTrip(t, frames, true)
}

func BenchmarkAppendSegmentLZ4(b *testing.B) {
	for _, size := range []int{60, 255, 256, 4096} {
		payload := bytes.Repeat([]byte("cqlmirror "), size/10+1)[:size]
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			var dst []byte
			for range b.N {
				dst = appendSegment(dst[:0], payload, true, true)
			}
		})
	}
}
