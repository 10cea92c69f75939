package cql

import (
	"encoding/binary"
	"errors"
)

// Edit replaces the [short bytes] that starts at Off in a frame with New.
type Edit struct {
	Off int
	New []byte
}

var errShortBatch = errors.New("malformed BATCH body")

// batchEnd returns the offset in a BATCH body just past its last statement.
func batchEnd(b []byte) (int, bool) {
	off, err := walkBatch(b, 0, batchVisitor{})
	return off, err == nil
}

// BatchPreparedIDs calls fn with every prepared id in a BATCH frame and the offset of its
// [short bytes] in the frame. It returns an error for a malformed body.
func BatchPreparedIDs(raw []byte, fn func(id []byte, off int)) error {
	b, ok := requestBody(raw)
	if !ok {
		return errShortBatch
	}
	_, err := walkBatch(b, len(raw)-len(b), batchVisitor{id: fn})
	return err
}

// batchVisitor is called by walkBatch for each statement, when set: id with a prepared id and
// the offset of its [short bytes], query with a CQL text and the offset of its [long string].
type batchVisitor struct {
	id    func(id []byte, off int)
	query func(q []byte, off int)
}

// walkBatch walks the statements of a BATCH body, calling visit for each with its offset plus
// base, and returns the offset just past the last statement.
func walkBatch(b []byte, base int, visit batchVisitor) (int, error) {
	var ok bool
	if len(b) < 3 {
		return 0, errShortBatch
	}
	n := int(binary.BigEndian.Uint16(b[1:3]))
	off := 3
	for i := 0; i < n; i++ {
		if off >= len(b) {
			return 0, errShortBatch
		}
		kind := b[off]
		off++
		start := off
		switch kind {
		case 0:
			var q []byte
			if q, off, ok = LongString(b, off); !ok {
				return 0, errShortBatch
			}
			if visit.query != nil {
				visit.query(q, base+start)
			}
		case 1:
			var id []byte
			if id, off, ok = ShortBytes(b, off); !ok {
				return 0, errShortBatch
			}
			if visit.id != nil {
				visit.id(id, base+start)
			}
		default:
			return 0, errShortBatch
		}
		if off > len(b)-2 {
			return 0, errShortBatch
		}
		values := int(binary.BigEndian.Uint16(b[off:]))
		off += 2
		for v := 0; v < values; v++ {
			if off > len(b)-4 {
				return 0, errShortBatch
			}
			l := int(int32(binary.BigEndian.Uint32(b[off:])))
			off += 4
			if l > len(b)-off {
				return 0, errShortBatch
			}
			if l > 0 {
				off += l
			}
		}
	}
	return off, nil
}

// Splice appends raw to dst with each edit applied, in ascending offset order, and fixes the
// header's body length. Edits must not overlap.
func Splice(dst, raw []byte, edits []Edit) []byte {
	start := len(dst)
	pos := 0
	for _, e := range edits {
		dst = append(dst, raw[pos:e.Off]...)
		dst = binary.BigEndian.AppendUint16(dst, uint16(len(e.New)))
		dst = append(dst, e.New...)
		pos = e.Off + 2 + int(binary.BigEndian.Uint16(raw[e.Off:]))
	}
	dst = append(dst, raw[pos:]...)
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst
}
