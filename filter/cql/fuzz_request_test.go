package cql

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
)

// FuzzRequest runs every reader of client request frames on one frame: QueryText, ExecuteID,
// BatchPreparedIDs, the timestamp stamping path, WithQueryText and StartupOptions, and checks
// that what they return lies within the frame and that their rewrites parse again.
func FuzzRequest(f *testing.F) {
	for _, s := range seedFrames(false) {
		f.Add(s)
	}
	f.Fuzz(checkRequest)
}

// TestRequestRandomFrames runs checkRequest on mutated requests from a fixed seed.
func TestRequestRandomFrames(t *testing.T) {
	randomInputs(t, 20000, seedFrames(false), checkRequest)
}

func checkRequest(t *testing.T, raw []byte) {
	budget(t, raw, 64, func() {
		checkQueryText(t, raw)
		checkExecuteID(t, raw)
		checkBatchIDs(t, raw)
		checkTimestamp(t, raw)
		StartupOptions(raw)
		ParseHeader(raw)
	})
}

// checkQueryText: the text lies in the frame, and WithQueryText puts a new one in its place.
func checkQueryText(t *testing.T, raw []byte) {
	q, ok := QueryText(raw)
	if !ok {
		if _, ok := WithQueryText(nil, raw, []byte("x")); ok {
			fatalf(t, raw, "WithQueryText rewrote a frame QueryText cannot read")
		}
		return
	}
	if len(q) > len(raw)-HeaderLen-4 {
		fatalf(t, raw, "a %d-byte text in a %d-byte frame", len(q), len(raw))
	}
	IsSelect(q)
	SystemTable(q)
	text := []byte("SELECT now() FROM t")
	out, ok := WithQueryText([]byte("prefix"), raw, text)
	if !ok || !bytes.HasPrefix(out, []byte("prefix")) {
		fatalf(t, raw, "WithQueryText failed on a frame QueryText reads")
	}
	out = out[len("prefix"):]
	if got, ok := QueryText(out); !ok || !bytes.Equal(got, text) || ParseHeader(out).Length != len(out)-HeaderLen {
		fatalf(t, raw, "after WithQueryText: %q, %v, header %+v for %d bytes", got, ok, ParseHeader(out), len(out))
	}
}

// checkExecuteID: the id lies in the frame at the offset returned, and Splice replaces it.
func checkExecuteID(t *testing.T, raw []byte) {
	id, off, ok := ExecuteID(raw)
	if !ok {
		return
	}
	checkShortBytesAt(t, raw, id, off)
	out := Splice(nil, raw, []Edit{{Off: off, New: []byte("new id")}})
	if got, _, ok := ExecuteID(out); !ok || string(got) != "new id" || ParseHeader(out).Length != len(out)-HeaderLen {
		fatalf(t, raw, "after Splice, ExecuteID = %q, %v", got, ok)
	}
}

// checkBatchIDs: each prepared id lies in the frame at its offset, and Splice replaces them all.
func checkBatchIDs(t *testing.T, raw []byte) {
	var edits []Edit
	err := BatchPreparedIDs(raw, func(id []byte, off int) {
		checkShortBytesAt(t, raw, id, off)
		edits = append(edits, Edit{Off: off, New: []byte{byte(len(edits)), 0xee}})
	})
	if err != nil || len(edits) == 0 {
		return
	}
	out := Splice(nil, raw, edits)
	n := 0
	err = BatchPreparedIDs(out, func(id []byte, off int) {
		if n < len(edits) && !bytes.Equal(id, edits[n].New) {
			fatalf(t, raw, "after Splice, id %d is %x, want %x", n, id, edits[n].New)
		}
		n++
	})
	if err != nil || n != len(edits) || ParseHeader(out).Length != len(out)-HeaderLen {
		fatalf(t, raw, "after Splice: %d ids, want %d: %v", n, len(edits), err)
	}
}

func checkShortBytesAt(t *testing.T, raw, id []byte, off int) {
	if off < HeaderLen || off+2+len(id) > len(raw) || int(binary.BigEndian.Uint16(raw[off:])) != len(id) || !bytes.Equal(raw[off+2:off+2+len(id)], id) {
		fatalf(t, raw, "id %x is not the [short bytes] at %d", id, off)
	}
}

// checkTimestamp stamps the frame as the mirror does: the flag byte lies in the body, the stamped
// frame stamps no further, and when the library reads the frame back as it was written, it reads
// the stamped one with the new timestamp.
func checkTimestamp(t *testing.T, raw []byte) {
	at, insert, ok := TimestampFlag(raw)
	if !ok {
		return
	}
	if at < HeaderLen || at >= len(raw) || insert <= at || insert > len(raw) {
		fatalf(t, raw, "the flag byte at %d or the timestamp's place %d is outside the body", at, insert)
	}
	if HasTimestamp(raw, at) {
		return
	}
	const ts = 0x0102030405060708
	out := AppendWithTimestamp(nil, raw, at, insert, ts)
	if at2, _, ok := TimestampFlag(out); !ok || at2 != at || !HasTimestamp(out, at) || ParseHeader(out).Length != len(out)-HeaderLen {
		fatalf(t, raw, "the stamped frame: flag at %d (%v), want %d", at2, ok, at)
	}
	f, err := Decode(raw)
	if err != nil {
		return
	}
	if again, err := encode(f.Header.Version, f.Header.StreamId, f.Body.Message); err != nil || !bytes.Equal(again, raw) {
		return // not as the library writes it: trailing bytes, say
	}
	stamped, err := Decode(out)
	if err != nil {
		fatalf(t, raw, "the stamped frame does not decode: %v", err)
	}
	var got *int64
	switch m := stamped.Body.Message.(type) {
	case *message.Query:
		got = m.Options.DefaultTimestamp
	case *message.Execute:
		got = m.Options.DefaultTimestamp
	case *message.Batch:
		got = m.DefaultTimestamp
	}
	if got == nil || *got != ts {
		fatalf(t, raw, "the stamped frame decodes with timestamp %v", got)
	}
}
