package cql

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/datastax/go-cassandra-native-protocol/crc"
	"github.com/pierrec/lz4/v4"

	"github.com/datastax/go-cassandra-native-protocol/segment"
)

// Protocol v5 wraps frames in checksummed segments once the STARTUP has been answered with READY
// or AUTHENTICATE; with lz4 negotiated, segment payloads are lz4 blocks.

var (
	segments     = segment.NewCodec()
	lz4Segments  = segment.NewCodecWithCompression(segmentLZ4{})
	segmentCodec = func(compressed bool) segment.Codec {
		if compressed {
			return lz4Segments
		}
		return segments
	}
)

// segmentLZ4 decompresses lz4 segment payloads for the library's decoder. (The library's own lz4
// compressor gives up on payloads that shrink more than 8:1.)
type segmentLZ4 struct{}

// Compress is not used: appendLZ4Segment encodes.
func (segmentLZ4) Compress(io.Reader, io.Writer) error {
	return errors.New("cql: lz4 segments are encoded by appendLZ4Segment")
}

func (segmentLZ4) Decompress(src io.Reader, dst io.Writer) error {
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

func segmentHeaderLen(compressed bool) int {
	if compressed {
		return segment.CompressedHeaderLength + segment.Crc24Length
	}
	return segment.UncompressedHeaderLength + segment.Crc24Length
}

// Desegmenter turns a v5 byte stream, in arbitrary chunks, back into the frame bytes its
// segments carry. Frames split across segments come out as consecutive payloads, which a Framer
// reassembles.
type Desegmenter struct {
	// Compressed is set when the connection negotiated lz4.
	Compressed bool
	buf        []byte
	err        error
}

// Feed appends p and calls fn with the payload of every complete segment. After a checksum
// error it returns that error for good: the stream cannot be resynchronised.
func (d *Desegmenter) Feed(p []byte, fn func(payload []byte)) error {
	if d.err != nil {
		return d.err
	}
	d.buf = append(d.buf, p...)
	b := d.buf
	hl := segmentHeaderLen(d.Compressed)
	for len(b) >= hl {
		n := int(b[0]) | int(b[1])<<8 | int(b[2]&0x01)<<16 // the bytes on the wire, in either header
		total := hl + n + segment.Crc32Length
		if len(b) < total {
			break
		}
		seg, err := segmentCodec(d.Compressed).DecodeSegment(bytes.NewReader(b[:total]))
		if err != nil {
			d.err = fmt.Errorf("v5 segment: %w", err)
			return d.err
		}
		fn(seg.Payload.UncompressedData)
		b = b[total:]
	}
	d.buf = d.buf[:copy(d.buf, b)]
	return nil
}

// AppendSegments appends frames (whole frames, back to back) to dst as v5 segments: as many whole
// frames as fit in each self-contained segment, and a frame larger than a segment alone, split
// over as many segments as it takes.
func AppendSegments(dst, frames []byte, compressed bool) ([]byte, error) {
	out := bytes.NewBuffer(dst)
	put := func(payload []byte, selfContained bool) error {
		if compressed {
			out.Write(appendLZ4Segment(nil, payload, selfContained))
			return nil
		}
		return segments.EncodeSegment(&segment.Segment{
			Header:  &segment.Header{IsSelfContained: selfContained},
			Payload: &segment.Payload{UncompressedData: payload},
		}, out)
	}
	for start := 0; start < len(frames); {
		end := start
		for end < len(frames) {
			if len(frames)-end < HeaderLen || ParseHeader(frames[end:]).Length > len(frames)-end-HeaderLen {
				return nil, errors.New("a partial frame in the output")
			}
			next := end + HeaderLen + ParseHeader(frames[end:]).Length
			if next-start > segment.MaxPayloadLength {
				break
			}
			end = next
		}
		if end > start {
			if err := put(frames[start:end], true); err != nil {
				return nil, err
			}
			start = end
			continue
		}
		// One frame too large for a segment.
		next := start + HeaderLen + ParseHeader(frames[start:]).Length
		for part := start; part < next; part += segment.MaxPayloadLength {
			if err := put(frames[part:min(part+segment.MaxPayloadLength, next)], false); err != nil {
				return nil, err
			}
		}
		start = next
	}
	return out.Bytes(), nil
}

// appendLZ4Segment encodes one lz4 segment. (The library's encoder loses the payload when it falls
// back to storing it uncompressed.)
func appendLZ4Segment(dst, payload []byte, selfContained bool) []byte {
	body := make([]byte, lz4.CompressBlockBound(len(payload)))
	n, err := lz4.CompressBlock(payload, body, nil)
	var header uint64
	if err != nil || n == 0 || n >= len(payload) {
		body, header = payload, uint64(len(payload)) // stored as is: uncompressed length 0
	} else {
		body, header = body[:n], uint64(n)|uint64(len(payload))<<17
	}
	if selfContained {
		header |= 1 << 34
	}
	const hl = segment.CompressedHeaderLength
	for i := 0; i < hl; i++ {
		dst = append(dst, byte(header>>(8*i)))
	}
	c24 := crc.ChecksumKoopman(header, hl)
	dst = append(dst, byte(c24), byte(c24>>8), byte(c24>>16))
	dst = append(dst, body...)
	return binary.LittleEndian.AppendUint32(dst, crc.ChecksumIEEE(body))
}

// ReadSegment reads one segment from r and returns its payload.
func ReadSegment(r io.Reader, compressed bool) ([]byte, error) {
	seg, err := segmentCodec(compressed).DecodeSegment(r)
	if err != nil {
		return nil, err
	}
	return seg.Payload.UncompressedData, nil
}
