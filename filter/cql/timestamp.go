package cql

import (
	"encoding/binary"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

const flagDefaultTimestamp = byte(primitive.QueryFlagDefaultTimestamp)

// TimestampFlag locates the default-timestamp flag of a QUERY, EXECUTE or BATCH frame: at is the
// byte that holds it. appendable says whether a timestamp may go at the end of the body, where v3
// and v4 put it; v5 puts a keyspace and now_in_seconds after it, when their flags are set.
func TimestampFlag(raw []byte) (at int, appendable, ok bool) {
	h := ParseHeader(raw)
	b, ok := requestBody(raw)
	if !ok {
		return 0, false, false
	}
	base := len(raw) - len(b)
	var off int
	switch h.Opcode {
	case primitive.OpCodeQuery:
		_, off, ok = LongString(b, 0)
	case primitive.OpCodeExecute:
		_, off, ok = ShortBytes(b, 0)
		if ok && h.Version >= primitive.ProtocolVersion5 {
			_, off, ok = ShortBytes(b, off) // result_metadata_id
		}
	case primitive.OpCodeBatch:
		off, ok = batchEnd(b)
	default:
		return 0, false, false
	}
	off += 2 // the [short] consistency
	if !ok {
		return 0, false, false
	}
	if h.Version < primitive.ProtocolVersion5 {
		return base + off, off < len(b), off < len(b)
	}
	// v5: flags are an [int]; 0x20 (timestamp) and 0x80 (keyspace) sit in its last byte, 0x100
	// (now_in_seconds) in the one before.
	if off+4 > len(b) {
		return 0, false, false
	}
	last := b[off+3]
	return base + off + 3, last&0x80 == 0 && b[off+2]&0x01 == 0, true
}

// HasTimestamp reports whether the flag byte at carries the default-timestamp flag.
func HasTimestamp(raw []byte, at int) bool { return raw[at]&flagDefaultTimestamp != 0 }

// AppendWithTimestamp appends raw to dst with the default-timestamp flag (in byte at) set and ts
// (microseconds) added at the end of the body, which TimestampFlag must have called appendable.
func AppendWithTimestamp(dst, raw []byte, at int, ts int64) []byte {
	start := len(dst)
	dst = append(dst, raw...)
	dst[start+at] |= flagDefaultTimestamp
	dst = binary.BigEndian.AppendUint64(dst, uint64(ts))
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst
}
