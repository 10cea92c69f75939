package cql

import (
	"encoding/binary"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

const flagDefaultTimestamp = byte(primitive.QueryFlagDefaultTimestamp)

// FlagsOffset finds the query-parameters flags byte of a v3/v4 QUERY, EXECUTE or BATCH frame.
func FlagsOffset(raw []byte) (int, bool) {
	b, ok := requestBody(raw)
	if !ok {
		return 0, false
	}
	base := len(raw) - len(b)
	var off int
	switch ParseHeader(raw).Opcode {
	case primitive.OpCodeQuery:
		_, off, ok = LongString(b, 0)
	case primitive.OpCodeExecute:
		_, off, ok = ShortBytes(b, 0)
	case primitive.OpCodeBatch:
		off, ok = batchEnd(b)
	default:
		return 0, false
	}
	if !ok || off+3 > len(b) {
		return 0, false
	}
	return base + off + 2, true // past the [short] consistency
}

// HasTimestamp reports whether the request at flags offset off carries a default timestamp.
func HasTimestamp(raw []byte, off int) bool { return raw[off]&flagDefaultTimestamp != 0 }

// AppendWithTimestamp appends raw to dst with the default-timestamp flag set and ts (microseconds)
// added. In v3 and v4 the timestamp is the last query parameter of QUERY, EXECUTE and BATCH alike,
// so it goes at the end of the body.
func AppendWithTimestamp(dst, raw []byte, flagsOff int, ts int64) []byte {
	start := len(dst)
	dst = append(dst, raw...)
	dst[start+flagsOff] |= flagDefaultTimestamp
	dst = binary.BigEndian.AppendUint64(dst, uint64(ts))
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst
}
