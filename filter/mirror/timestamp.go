package mirror

import (
	"sync/atomic"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

var lastStamp atomic.Int64

// nextTimestamp is the wall clock in microseconds, strictly increasing across the process, so
// two writes the proxy stamps never share a timestamp.
func nextTimestamp() int64 {
	for {
		last := lastStamp.Load()
		now := time.Now().UnixMicro()
		if now <= last {
			now = last + 1
		}
		if lastStamp.CompareAndSwap(last, now) {
			return now
		}
	}
}

// stamped returns a mirrored write with a write timestamp: the client's own when it set one,
// otherwise one the proxy chooses, so that both clusters store the same WRITETIME instead of each
// using its own clock. A timestamp in the CQL text (USING TIMESTAMP) still wins over this
// protocol-level default on both clusters, so it passes through in effect untouched.
func (s *Session) stamped(raw []byte) []byte {
	at, insert, ok := cql.TimestampFlag(raw)
	if !ok || cql.HasTimestamp(raw, at) {
		return raw
	}
	s.stamp = cql.AppendWithTimestamp(s.stamp[:0], raw, at, insert, nextTimestamp())
	return s.stamp
}
