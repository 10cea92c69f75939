package cql

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// FuzzTimestamp places a default timestamp in a QUERY, EXECUTE or BATCH frame as the mirror does
// (TimestampFlag, HasTimestamp, AppendWithTimestamp). Where the library decodes the frame and
// writes it back byte for byte, the
// flag and any timestamp are where TimestampFlag says, and the stamped frame decodes to the same
// message with the new timestamp; in any frame, stamping changes only the flag and adds 8 bytes
// at the place found, and the stamped frame is found stamped.
func FuzzTimestamp(f *testing.F) {
	for _, s := range timestampSeeds() {
		f.Add(s)
	}
	f.Fuzz(checkTimestampPlacement)
}

// TestTimestampRandomFrames runs checkTimestampPlacement on mutated requests from a fixed seed.
func TestTimestampRandomFrames(t *testing.T) {
	randomInputs(t, 20000, timestampSeeds(), checkTimestampPlacement)
}

// timestampSeeds are the seed QUERY, EXECUTE and BATCH frames.
func timestampSeeds() [][]byte {
	var out [][]byte
	for _, s := range seedFrames(false) {
		switch ParseHeader(s).Opcode {
		case primitive.OpCodeQuery, primitive.OpCodeExecute, primitive.OpCodeBatch:
			if len(s) >= HeaderLen {
				out = append(out, s)
			}
		}
	}
	return out
}

func checkTimestampPlacement(t *testing.T, raw []byte) {
	budget(t, raw, 64, func() {
		at, insert, ok := TimestampFlag(raw)
		f, decoded := canonical(raw)
		var msg message.Message
		var ts *int64
		if decoded {
			msg, ts, decoded = decodedTimestamp(f)
		}
		if decoded && !ok {
			fatalf(t, raw, "the library decodes the frame, TimestampFlag finds no flag")
		}
		if !ok {
			return
		}
		if at < HeaderLen || at >= len(raw) || insert <= at || insert > len(raw) {
			fatalf(t, raw, "the flag byte at %d or the timestamp's place %d is outside the body", at, insert)
		}
		has := HasTimestamp(raw, at)
		if decoded && has != (ts != nil) {
			fatalf(t, raw, "the flag at %d says %v, the library reads timestamp %v", at, has, ts)
		}
		if decoded && has && (insert+8 > len(raw) || int64(binary.BigEndian.Uint64(raw[insert:])) != *ts) {
			fatalf(t, raw, "the library reads timestamp %d, not at %d", *ts, insert)
		}
		if has {
			return
		}
		const stamp = 0x0102030405060708
		out := AppendWithTimestamp([]byte("dst"), raw, at, insert, stamp)
		if !bytes.HasPrefix(out, []byte("dst")) {
			fatalf(t, raw, "AppendWithTimestamp lost dst")
		}
		out = out[3:]
		want := append(append(append([]byte(nil), raw[:insert]...), 1, 2, 3, 4, 5, 6, 7, 8), raw[insert:]...)
		want[at] |= flagDefaultTimestamp
		SetLength(want, len(want)-HeaderLen)
		if !bytes.Equal(out, want) {
			fatalf(t, raw, "the stamped frame\n%x\nwant\n%x", out, want)
		}
		if at2, insert2, ok := TimestampFlag(out); !ok || at2 != at || insert2 != insert || !HasTimestamp(out, at) {
			fatalf(t, raw, "the stamped frame: flag at %d, timestamp at %d (%v); want %d, %d", at2, insert2, ok, at, insert)
		}
		if !decoded {
			return
		}
		f2, err := Decode(out)
		if err != nil {
			fatalf(t, raw, "the stamped frame does not decode: %v", err)
		}
		msg2, ts2, ok := decodedTimestamp(f2)
		if !ok || ts2 == nil || *ts2 != stamp {
			fatalf(t, raw, "the stamped frame decodes (%v) with timestamp %v", ok, ts2)
		}
		if !reflect.DeepEqual(msg, msg2) {
			fatalf(t, raw, "the stamped frame decodes to\n%v\nwas\n%v", msg2, msg)
		}
	})
}

// decodedTimestamp returns the message of a decoded QUERY, EXECUTE or BATCH frame with the
// default timestamp taken out, and that timestamp (nil if none).
func decodedTimestamp(f *frame.Frame) (message.Message, *int64, bool) {
	var ts *int64
	switch m := f.Body.Message.(type) {
	case *message.Query:
		if m.Options == nil {
			return nil, nil, false
		}
		ts, m.Options.DefaultTimestamp = m.Options.DefaultTimestamp, nil
	case *message.Execute:
		if m.Options == nil {
			return nil, nil, false
		}
		ts, m.Options.DefaultTimestamp = m.Options.DefaultTimestamp, nil
	case *message.Batch:
		ts, m.DefaultTimestamp = m.DefaultTimestamp, nil
	default:
		return nil, nil, false
	}
	return f.Body.Message, ts, true
}
