package cql

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/datastax/go-cassandra-native-protocol/segment"
)

// Protocol v5 wraps frames in checksummed segments once the STARTUP has been answered with READY
// or AUTHENTICATE. The proxy negotiates no compression in v5, so segments are uncompressed.

var segments = segment.NewCodec()

const segmentHeaderLen = segment.UncompressedHeaderLength + segment.Crc24Length

// Desegmenter turns a v5 byte stream, in arbitrary chunks, back into the frame bytes its
// segments carry. Frames split across segments come out as consecutive payloads, which a Framer
// reassembles.
type Desegmenter struct {
	buf []byte
	err error
}

// Feed appends p and calls fn with the payload of every complete segment. After a checksum
// error it returns that error for good: the stream cannot be resynchronised.
func (d *Desegmenter) Feed(p []byte, fn func(payload []byte)) error {
	if d.err != nil {
		return d.err
	}
	d.buf = append(d.buf, p...)
	b := d.buf
	for len(b) >= segmentHeaderLen {
		n := int(b[0]) | int(b[1])<<8 | int(b[2]&0x01)<<16
		total := segmentHeaderLen + n + segment.Crc32Length
		if len(b) < total {
			break
		}
		seg, err := segments.DecodeSegment(bytes.NewReader(b[:total]))
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
func AppendSegments(dst, frames []byte) ([]byte, error) {
	out := bytes.NewBuffer(dst)
	put := func(payload []byte, selfContained bool) error {
		return segments.EncodeSegment(&segment.Segment{
			Header:  &segment.Header{IsSelfContained: selfContained},
			Payload: &segment.Payload{UncompressedData: payload},
		}, out)
	}
	for start := 0; start < len(frames); {
		end := start
		for end < len(frames) {
			if len(frames)-end < HeaderLen {
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

// ReadSegment reads one segment from r and returns its payload.
func ReadSegment(r io.Reader) ([]byte, error) {
	seg, err := segments.DecodeSegment(r)
	if err != nil {
		return nil, err
	}
	return seg.Payload.UncompressedData, nil
}
