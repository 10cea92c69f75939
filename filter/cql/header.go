package cql

import (
	"encoding/binary"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// HeaderLen is the size of a v3, v4 or v5 frame header.
const HeaderLen = 9

// Header flag bits.
const (
	FlagCompression   = 0x01
	FlagTracing       = 0x02
	FlagCustomPayload = 0x04
	FlagWarning       = 0x08
	FlagBeta          = 0x10
)

const responseBit = 0x80

// Header is a decoded frame header.
type Header struct {
	Version  primitive.ProtocolVersion
	Response bool
	Flags    byte
	Stream   int16
	Opcode   primitive.OpCode
	Length   int
}

// ParseHeader reads a header from the first HeaderLen bytes of b. A shorter b gives the zero
// Header, whose version no function of this package accepts.
func ParseHeader(b []byte) Header {
	if len(b) < HeaderLen {
		return Header{}
	}
	return Header{
		Version:  primitive.ProtocolVersion(b[0] &^ responseBit),
		Response: b[0]&responseBit != 0,
		Flags:    b[1],
		Stream:   int16(binary.BigEndian.Uint16(b[2:4])),
		Opcode:   primitive.OpCode(b[4]),
		Length:   int(binary.BigEndian.Uint32(b[5:9])),
	}
}

// PutHeader writes h into the first HeaderLen bytes of b.
func PutHeader(b []byte, h Header) {
	b[0] = byte(h.Version)
	if h.Response {
		b[0] |= responseBit
	}
	b[1] = h.Flags
	binary.BigEndian.PutUint16(b[2:4], uint16(h.Stream))
	b[4] = byte(h.Opcode)
	binary.BigEndian.PutUint32(b[5:9], uint32(h.Length))
}

// SetStream rewrites the stream id of the frame starting at b.
func SetStream(b []byte, stream int16) { binary.BigEndian.PutUint16(b[2:4], uint16(stream)) }

// SetLength rewrites the body length of the frame starting at b.
func SetLength(b []byte, n int) { binary.BigEndian.PutUint32(b[5:9], uint32(n)) }

// Framable reports whether frames of version v have the 9-byte header this package reads.
// Versions 1 and 2 use an 8-byte header, so a stream that starts with them cannot be framed.
func Framable(v primitive.ProtocolVersion) bool { return v >= 3 && v <= 6 }

// Supported reports whether the mirror serves protocol version v.
func Supported(v primitive.ProtocolVersion) bool {
	return v >= primitive.ProtocolVersion3 && v <= primitive.ProtocolVersion5
}

// MaxSupported is the highest protocol version the mirror serves.
const MaxSupported = primitive.ProtocolVersion5

// AppendFrame appends a frame with header h (its Length set from body) and body to dst.
func AppendFrame(dst []byte, h Header, body []byte) []byte {
	start := len(dst)
	h.Length = len(body)
	dst = append(dst, make([]byte, HeaderLen)...)
	PutHeader(dst[start:], h)
	return append(dst, body...)
}
