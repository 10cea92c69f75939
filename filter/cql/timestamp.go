package cql

import (
	"encoding/binary"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

const flagDefaultTimestamp = byte(primitive.QueryFlagDefaultTimestamp)

// Query flags that decide where a default timestamp goes.
const (
	flagValues            = 0x01
	flagPageSize          = 0x04
	flagPagingState       = 0x08
	flagSerialConsistency = 0x10
	flagNamedValues       = 0x40
)

// TimestampFlag locates the default timestamp of a QUERY, EXECUTE or BATCH frame: at is the byte
// that holds its flag, and insert is where the 8-byte timestamp goes when the flag is not set:
// after the serial consistency, before a v5 keyspace and now_in_seconds.
func TimestampFlag(raw []byte) (at, insert int, ok bool) {
	h := ParseHeader(raw)
	b, ok := requestBody(raw)
	if !ok {
		return 0, 0, false
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
		return 0, 0, false
	}
	off += 2 // the [short] consistency
	if !ok || off >= len(b) {
		return 0, 0, false
	}
	flags, flagAt, off := uint32(b[off]), off, off+1
	if h.Version >= primitive.ProtocolVersion5 { // flags are an [int]; the timestamp's is in its last byte
		if off+3 > len(b) {
			return 0, 0, false
		}
		flags = binary.BigEndian.Uint32(b[flagAt:])
		flagAt, off = flagAt+3, flagAt+4
	}
	if h.Opcode != primitive.OpCodeBatch {
		if off, ok = skipQueryParameters(b, off, flags); !ok {
			return 0, 0, false
		}
	}
	if flags&flagSerialConsistency != 0 {
		off += 2
	}
	if off > len(b) {
		return 0, 0, false
	}
	return base + flagAt, base + off, true
}

// skipQueryParameters skips the values, page size and paging state of QUERY or EXECUTE
// parameters starting at off, as flags announce them.
func skipQueryParameters(b []byte, off int, flags uint32) (int, bool) {
	ok := true
	if flags&flagValues != 0 {
		if off+2 > len(b) {
			return 0, false
		}
		n := int(binary.BigEndian.Uint16(b[off:]))
		off += 2
		for i := 0; i < n && ok; i++ {
			if flags&flagNamedValues != 0 {
				if _, off, ok = ShortBytes(b, off); !ok {
					return 0, false
				}
			}
			off, ok = skipValue(b, off)
		}
	}
	if ok && flags&flagPageSize != 0 {
		off += 4
	}
	if ok && flags&flagPagingState != 0 {
		off, ok = skipValue(b, off)
	}
	return off, ok && off <= len(b)
}

// skipValue skips a [value] or [bytes]: an [int] length, negative for null (or unset), then that
// many bytes.
func skipValue(b []byte, off int) (int, bool) {
	if off+4 > len(b) {
		return 0, false
	}
	n := int(int32(binary.BigEndian.Uint32(b[off:])))
	off += 4
	if n > 0 {
		if n > len(b)-off {
			return 0, false
		}
		off += n
	}
	return off, true
}

// HasTimestamp reports whether the flag byte at carries the default-timestamp flag.
func HasTimestamp(raw []byte, at int) bool { return raw[at]&flagDefaultTimestamp != 0 }

// AppendWithTimestamp appends raw to dst with the default-timestamp flag (in byte at) set and ts
// (microseconds) inserted at insert, both as TimestampFlag found them.
func AppendWithTimestamp(dst, raw []byte, at, insert int, ts int64) []byte {
	start := len(dst)
	dst = append(dst, raw[:insert]...)
	dst[start+at] |= flagDefaultTimestamp
	dst = binary.BigEndian.AppendUint64(dst, uint64(ts))
	dst = append(dst, raw[insert:]...)
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst
}
