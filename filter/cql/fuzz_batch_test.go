package cql

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
)

// FuzzBatch walks the statements of a BATCH frame (walkBatch, BatchPreparedIDs, batchEnd). Every
// statement lies within the body, in order; where the library decodes the frame and writes it
// back byte for byte, the walk agrees
// with it statement for statement and ends where the consistency starts; and the frame with every
// prepared id replaced (Splice) walks again to the new ids and decodes to the same batch.
func FuzzBatch(f *testing.F) {
	for _, s := range batchSeeds() {
		f.Add(s)
	}
	f.Fuzz(checkBatch)
}

// TestBatchRandomFrames runs checkBatch on mutated batches from a fixed seed.
func TestBatchRandomFrames(t *testing.T) {
	randomInputs(t, 20000, batchSeeds(), checkBatch)
}

// walked is one statement as walkBatch saw it.
type walked struct {
	id, query []byte
	off       int
}

func walkAll(b []byte) ([]walked, int, error) {
	var got []walked
	end, err := walkBatch(b, 0, batchVisitor{
		id:    func(id []byte, off int) { got = append(got, walked{id: id, off: off}) },
		query: func(q []byte, off int) { got = append(got, walked{query: q, off: off}) },
	})
	return got, end, err
}

func checkBatch(t *testing.T, raw []byte) {
	budget(t, raw, 64, func() {
		b, ok := requestBody(raw)
		if !ok {
			return
		}
		stmts, end, err := walkAll(b)
		if err == nil {
			if end > len(b) {
				fatalf(t, raw, "the walk ends at %d in a %d-byte body", end, len(b))
			}
			last := 2
			for i, s := range stmts {
				if s.off <= last || s.off >= end {
					fatalf(t, raw, "statement %d at %d, after %d, walk ends at %d", i, s.off, last, end)
				}
				last = s.off
			}
			if e, ok := batchEnd(b); !ok || e != end {
				fatalf(t, raw, "batchEnd %d, %v; the walk ends at %d", e, ok, end)
			}
		}
		f, ok := canonical(raw)
		batch, isBatch := (*message.Batch)(nil), false
		if ok {
			batch, isBatch = f.Body.Message.(*message.Batch)
		}
		if isBatch {
			if err != nil || len(stmts) != len(batch.Children) {
				fatalf(t, raw, "the library reads %d statements, the walk %d: %v", len(batch.Children), len(stmts), err)
			}
			for i, c := range batch.Children {
				if s := stmts[i]; string(s.query) != c.Query || !bytes.Equal(s.id, c.Id) {
					fatalf(t, raw, "statement %d: the library reads %q %x, the walk %q %x", i, c.Query, c.Id, s.query, s.id)
				}
			}
			if consistency := b[end:]; len(consistency) < 2 || uint16(consistency[0])<<8|uint16(consistency[1]) != uint16(batch.Consistency) {
				fatalf(t, raw, "the walk ends at %d, which is not the consistency %v", end, batch.Consistency)
			}
		}
		checkBatchSplice(t, raw, batch)
	})
}

// checkBatchSplice replaces every prepared id with one of another length: the ids read back are
// the new ones, and a batch the library decoded decodes to the same batch but for the ids.
func checkBatchSplice(t *testing.T, raw []byte, batch *message.Batch) {
	var edits []Edit
	var ids [][]byte
	if BatchPreparedIDs(raw, func(id []byte, off int) {
		checkShortBytesAt(t, raw, id, off)
		id2 := append(bytes.Repeat([]byte{0xee}, len(edits)%3), byte(len(edits)))
		edits = append(edits, Edit{Off: off, New: id2})
		ids = append(ids, id2)
	}) != nil || len(edits) == 0 {
		return
	}
	out := Splice(nil, raw, edits)
	n := 0
	if err := BatchPreparedIDs(out, func(id []byte, off int) {
		if n >= len(ids) || !bytes.Equal(id, ids[n]) {
			fatalf(t, raw, "after Splice, id %d is %x", n, id)
		}
		checkShortBytesAt(t, out, id, off)
		n++
	}); err != nil || n != len(ids) || ParseHeader(out).Length != len(out)-HeaderLen {
		fatalf(t, raw, "after Splice: %d ids, want %d: %v", n, len(ids), err)
	}
	if batch == nil {
		return
	}
	f, err := Decode(out)
	if err != nil {
		fatalf(t, raw, "the spliced batch does not decode: %v", err)
	}
	got := f.Body.Message.(*message.Batch)
	n = 0
	for _, c := range batch.Children {
		if c.Id != nil {
			c.Id = ids[n]
			n++
		}
	}
	if !reflect.DeepEqual(got, batch) {
		fatalf(t, raw, "the spliced batch decodes to %v, want %v", got, batch)
	}
}
