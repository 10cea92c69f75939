package cql

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/datastax/go-cassandra-native-protocol/crc"
	"github.com/datastax/go-cassandra-native-protocol/segment"
	"github.com/pierrec/lz4/v4"
)

// Protocol v5 wraps frames in checksummed segments once the STARTUP has been answered with READY
// or AUTHENTICATE; with lz4 negotiated, segment payloads are lz4 blocks. A segment is a header
// (3 bytes: payload length and a self-contained bit; with lz4 5 bytes: the length on the wire,
// the uncompressed length, 0 for a payload stored as is, and the bit), its CRC24, the payload
// and its CRC32.

const maxSegmentPayload = segment.MaxPayloadLength

// minCompressed is the smallest payload lz4 is tried on; smaller ones are stored as is. Each try
// clears the compressor's 8 KiB table, which cost more than the whole request for the single
// frames of a typical request or reply (a prepared INSERT of two values is about 60 bytes), and
// lz4 rarely shrinks so little.
const minCompressed = 256

func segmentHeaderLen(compressed bool) int {
	if compressed {
		return segment.CompressedHeaderLength + segment.Crc24Length
	}
	return segment.UncompressedHeaderLength + segment.Crc24Length
}

// segmentHeader is what a segment's header says: the payload's length on the wire, and whether
// it is an lz4 block of plain bytes once uncompressed.
type segmentHeader struct {
	wire, plain int
	lz4         bool
}

// parseSegmentHeader reads and checks the header at the start of b, which holds at least
// segmentHeaderLen(compressed) bytes.
func parseSegmentHeader(b []byte, compressed bool) (segmentHeader, error) {
	hl := segment.UncompressedHeaderLength
	if compressed {
		hl = segment.CompressedHeaderLength
	}
	var h uint64
	for i := range hl {
		h |= uint64(b[i]) << (8 * i)
	}
	want := uint32(b[hl]) | uint32(b[hl+1])<<8 | uint32(b[hl+2])<<16
	if got := crc.ChecksumKoopman(h, hl); got != want {
		return segmentHeader{}, fmt.Errorf("header %x: CRC24 %06x, computed %06x", h, want, got)
	}
	wire := int(h & maxSegmentPayload)
	if !compressed {
		return segmentHeader{wire: wire, plain: wire}, nil
	}
	if plain := int(h >> 17 & maxSegmentPayload); plain > 0 {
		return segmentHeader{wire: wire, plain: plain, lz4: true}, nil
	}
	return segmentHeader{wire: wire, plain: wire}, nil
}

// Desegmenter turns a v5 byte stream, in arbitrary chunks, back into the frame bytes its
// segments carry. Frames split across segments come out as consecutive payloads, which a Framer
// reassembles.
type Desegmenter struct {
	// Compressed is set when the connection negotiated lz4.
	Compressed bool
	buf        []byte
	plain      []byte // an lz4 payload, decompressed
	err        error
}

// Feed appends p and calls fn with the payload of every complete segment. The payload is valid
// during the call only. After a checksum error it returns that error for good: the stream cannot
// be resynchronised.
func (d *Desegmenter) Feed(p []byte, fn func(payload []byte)) error {
	if d.err != nil {
		return d.err
	}
	b := p
	if len(d.buf) > 0 {
		d.buf = append(d.buf, p...)
		b = d.buf
	}
	hl := segmentHeaderLen(d.Compressed)
	for len(b) >= hl {
		h, err := parseSegmentHeader(b, d.Compressed)
		if err != nil {
			d.err = fmt.Errorf("v5 segment: %w", err)
			return d.err
		}
		total := hl + h.wire + segment.Crc32Length
		if len(b) < total {
			break
		}
		payload, err := d.payload(h, b[hl:total])
		if err != nil {
			d.err = fmt.Errorf("v5 segment: %w", err)
			return d.err
		}
		fn(payload)
		b = b[total:]
	}
	if len(d.buf) > 0 {
		d.buf = d.buf[:copy(d.buf, b)]
	} else {
		d.buf = append(d.buf, b...)
	}
	return nil
}

// payload checks the CRC32 of body (a payload and its CRC32) and returns the payload,
// decompressed into d.plain if it is an lz4 block.
func (d *Desegmenter) payload(h segmentHeader, body []byte) ([]byte, error) {
	wire := body[:h.wire]
	if got, want := crc.ChecksumIEEE(wire), binary.LittleEndian.Uint32(body[h.wire:]); got != want {
		return nil, fmt.Errorf("payload CRC32 %08x, computed %08x", want, got)
	}
	if !h.lz4 {
		return wire, nil
	}
	if cap(d.plain) < h.plain {
		d.plain = make([]byte, min(max(h.plain, 2*cap(d.plain)), maxSegmentPayload))
	}
	n, err := lz4.UncompressBlock(wire, d.plain[:h.plain])
	if err != nil {
		return nil, fmt.Errorf("lz4 payload: %w", err)
	}
	if n != h.plain {
		return nil, fmt.Errorf("lz4 payload of %d bytes, its header says %d", n, h.plain)
	}
	return d.plain[:n], nil
}

// AppendSegments appends frames (whole frames, back to back) to dst as v5 segments: as many whole
// frames as fit in each self-contained segment, and a frame larger than a segment alone, split
// over as many segments as it takes.
func AppendSegments(dst, frames []byte, compressed bool) ([]byte, error) {
	for start := 0; start < len(frames); {
		end := start
		for end < len(frames) {
			if len(frames)-end < HeaderLen || ParseHeader(frames[end:]).Length > len(frames)-end-HeaderLen {
				return nil, errors.New("a partial frame in the output")
			}
			next := end + HeaderLen + ParseHeader(frames[end:]).Length
			if next-start > maxSegmentPayload {
				break
			}
			end = next
		}
		if end > start {
			dst = appendSegment(dst, frames[start:end], true, compressed)
			start = end
			continue
		}
		// One frame too large for a segment.
		next := start + HeaderLen + ParseHeader(frames[start:]).Length
		for part := start; part < next; part += maxSegmentPayload {
			dst = appendSegment(dst, frames[part:min(part+maxSegmentPayload, next)], false, compressed)
		}
		start = next
	}
	return dst, nil
}

// appendSegment appends one segment of payload (at most maxSegmentPayload bytes) to dst. An lz4
// payload that is short (minCompressed) or would not shrink is stored as is.
func appendSegment(dst, payload []byte, selfContained, compressed bool) []byte {
	room := segmentHeaderLen(compressed) // the header and its CRC24
	at := len(dst)
	if !compressed {
		dst = append(dst, make([]byte, room)...)
		dst = append(dst, payload...)
		return finishSegment(dst, at, uint64(len(payload)), 17, selfContained, segment.UncompressedHeaderLength)
	}
	bound := lz4.CompressBlockBound(len(payload))
	dst = growBy(dst, room+bound)
	body := dst[at+room : at+room+bound]
	n, err := 0, error(nil)
	if len(payload) >= minCompressed {
		c := getCompressor()
		n, err = c.CompressBlock(payload, body)
		putCompressor(c)
	}
	var header uint64
	if err != nil || n == 0 || n >= len(payload) {
		n = copy(body, payload)
		header = uint64(n) // the uncompressed length 0 says: stored as is
	} else {
		header = uint64(n) | uint64(len(payload))<<17
	}
	return finishSegment(dst[:at+room+n], at, header, 34, selfContained, segment.CompressedHeaderLength)
}

// finishSegment writes the header and its CRC24 into the hl bytes left for them at dst[at:], and
// appends the payload's CRC32.
func finishSegment(dst []byte, at int, header uint64, selfContainedBit uint, selfContained bool, hl int) []byte {
	if selfContained {
		header |= 1 << selfContainedBit
	}
	for i := range hl {
		dst[at+i] = byte(header >> (8 * i))
	}
	c24 := crc.ChecksumKoopman(header, hl)
	dst[at+hl], dst[at+hl+1], dst[at+hl+2] = byte(c24), byte(c24>>8), byte(c24>>16)
	return binary.LittleEndian.AppendUint32(dst, crc.ChecksumIEEE(dst[at+hl+segment.Crc24Length:]))
}

// growBy extends dst by n bytes, reallocating only when its capacity is short.
func growBy(dst []byte, n int) []byte {
	if cap(dst)-len(dst) < n {
		dst = append(dst[:cap(dst)], make([]byte, n-(cap(dst)-len(dst)))...)[:len(dst)]
	}
	return dst[:len(dst)+n]
}

// ReadSegment reads one segment from r and returns its payload.
func ReadSegment(r io.Reader, compressed bool) ([]byte, error) {
	hl := segmentHeaderLen(compressed)
	head := make([]byte, hl)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, err
	}
	h, err := parseSegmentHeader(head, compressed)
	if err != nil {
		return nil, fmt.Errorf("v5 segment: %w", err)
	}
	body := make([]byte, h.wire+segment.Crc32Length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	var d Desegmenter
	p, err := d.payload(h, body)
	if err != nil {
		return nil, fmt.Errorf("v5 segment: %w", err)
	}
	return p, nil
}

// compressors are the lz4 compressors not in use (their hash tables are large). Unlike a
// sync.Pool's, which the race detector empties at random, they are always reused.
var compressors struct {
	sync.Mutex
	free []*lz4.Compressor
}

func getCompressor() *lz4.Compressor {
	compressors.Lock()
	defer compressors.Unlock()
	if n := len(compressors.free); n > 0 {
		c := compressors.free[n-1]
		compressors.free = compressors.free[:n-1]
		return c
	}
	return new(lz4.Compressor)
}

func putCompressor(c *lz4.Compressor) {
	compressors.Lock()
	compressors.free = append(compressors.free, c)
	compressors.Unlock()
}
