package cql

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/golang/snappy"
	"github.com/pierrec/lz4/v4"
)

// Compression is a frame body compression of protocol v3 and v4, as a client names it in STARTUP.
type Compression string

// The compressions the proxy understands.
const (
	NoCompression Compression = ""
	LZ4           Compression = "lz4"
	Snappy        Compression = "snappy"
)

// ParseCompression checks a STARTUP COMPRESSION option.
func ParseCompression(s string) (Compression, error) {
	switch c := Compression(strings.ToLower(s)); c {
	case NoCompression, LZ4, Snappy:
		return c, nil
	}
	return "", fmt.Errorf("COMPRESSION %q is not supported; use lz4 or snappy", s)
}

// maxBody is the protocol's limit on a frame body: 256 MiB.
const maxBody = 256 << 20

// A compressed body declares its uncompressed length, which is allocated before decompressing.
// No valid body expands more than its format allows, so a larger claim is refused without
// allocating: an lz4 block yields at most 255 bytes per byte (a match length grows by 255 per
// extension byte), a snappy stream at most 64 bytes per 3-byte copy element.
const (
	lz4MaxRatio    = 255
	snappyMaxRatio = 22
)

// Uncompressed appends raw to dst with its body decompressed and the compression flag cleared.
// Frames without the flag are legal on a compressed connection too; they are appended as they are.
func Uncompressed(dst, raw []byte, c Compression) ([]byte, error) {
	if len(raw) < HeaderLen {
		return nil, errors.New("a frame shorter than its header")
	}
	h := ParseHeader(raw)
	if h.Flags&FlagCompression == 0 {
		return append(dst, raw...), nil
	}
	body := Body(raw)
	start := len(dst)
	dst = append(dst, raw[:HeaderLen]...)
	switch c {
	case LZ4:
		// Cassandra's lz4 body: the uncompressed length, then one lz4 block.
		if len(body) < 4 {
			return nil, errors.New("lz4 body shorter than its length prefix")
		}
		n := int(binary.BigEndian.Uint32(body))
		if n > maxBody || n > lz4MaxRatio*(len(body)-4) {
			return nil, fmt.Errorf("lz4 body of %d bytes claims %d uncompressed bytes", len(body), n)
		}
		if n > 0 {
			dst = slices.Grow(dst, n)[:start+HeaderLen+n]
			m, err := lz4.UncompressBlock(body[4:], dst[start+HeaderLen:])
			if err != nil {
				return nil, fmt.Errorf("lz4: %w", err)
			}
			dst = dst[:start+HeaderLen+m]
		}
	case Snappy:
		n, err := snappy.DecodedLen(body)
		if err != nil {
			return nil, fmt.Errorf("snappy: %w", err)
		}
		if n > maxBody || n > snappyMaxRatio*len(body) {
			return nil, fmt.Errorf("snappy body of %d bytes claims %d uncompressed bytes", len(body), n)
		}
		dst = slices.Grow(dst, n)[:start+HeaderLen+n]
		if _, err := snappy.Decode(dst[start+HeaderLen:], body); err != nil {
			return nil, fmt.Errorf("snappy: %w", err)
		}
	default:
		return nil, errors.New("a compressed frame on a connection that negotiated no compression")
	}
	dst[start+1] &^= FlagCompression
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst, nil
}
