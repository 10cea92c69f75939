package cql

import (
	"encoding/binary"
	"errors"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// go-cassandra-native-protocol allocates before it reads: make([]byte, n) for a [bytes], [value]
// or [long string] of n bytes, make(..., n) for a count of rows, columns or failure reasons, and it
// recurses once per level of a nested type. Fed a hostile frame, a 4-byte length asks for up to
// 2 GiB, a count for tens of GiB, a negative count panics and deep nesting exhausts the stack;
// none of it needs more than a few bytes on the wire. checkBounds walks the same fields first and
// rejects a frame in which any of them claims more than the bytes that follow it.

// maxTypeDepth bounds how deeply list, set, map, tuple and UDT types may nest in result
// metadata. Cassandra's schemas stay far below it.
const maxTypeDepth = 64

// maxEmptyRows bounds the rows of no columns a reply may hold: they take no bytes, but the
// decoder a slice header each.
const maxEmptyRows = 1 << 10

var errBounds = errors.New("malformed frame: a length or count exceeds the bytes that follow")

// checkBounds reports whether raw is safe to hand to the library's decoder: every length and
// count the decoder allocates from is covered by the bytes that follow it. It checks nothing
// else (the decoder does), and accepts what the decoder rejects before allocating.
func checkBounds(raw []byte) error {
	if len(raw) < 1 {
		return nil
	}
	v := primitive.ProtocolVersion(raw[0] &^ responseBit)
	hl := v.FrameHeaderLengthInBytes()
	if !v.IsSupported() || len(raw) < hl {
		return nil // the decoder stops at the header
	}
	response, flags, op := raw[0]&responseBit != 0, raw[1], primitive.OpCode(raw[hl-5])
	if flags&FlagCompression != 0 {
		return nil // the library's codec has no decompressor: it stops there
	}
	r := &boundsReader{b: raw[hl:]}
	if response && flags&FlagTracing != 0 {
		r.take(16)
	}
	if flags&FlagCustomPayload != 0 {
		r.bytesMap()
	}
	if response && flags&FlagWarning != 0 {
		r.strList()
	}
	switch op {
	case primitive.OpCodeStartup:
		r.strMap()
	case primitive.OpCodeRegister:
		r.strList()
	case primitive.OpCodeSupported:
		r.strMultimap()
	case primitive.OpCodeQuery:
		r.longStr()
		r.queryOptions(v)
	case primitive.OpCodePrepare:
		r.longStr()
	case primitive.OpCodeExecute:
		r.shortBytes()
		if v.SupportsResultMetadataId() {
			r.shortBytes()
		}
		r.queryOptions(v)
	case primitive.OpCodeBatch:
		r.batch()
	case primitive.OpCodeAuthResponse, primitive.OpCodeAuthChallenge, primitive.OpCodeAuthSuccess:
		r.bytes()
	case primitive.OpCodeError:
		r.errorBody(v)
	case primitive.OpCodeResult:
		r.result(v)
	}
	// OPTIONS, READY, AUTHENTICATE and EVENT hold only [string]s, which the decoder does not
	// allocate before it has read them.
	if r.bad {
		return errBounds
	}
	return nil
}

// boundsReader reads protocol fields off b; past the first field that does not fit, bad is set
// and every read yields zero.
type boundsReader struct {
	b   []byte
	bad bool
}

func (r *boundsReader) take(n int) []byte {
	if r.bad || n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *boundsReader) u8() int {
	if s := r.take(1); s != nil {
		return int(s[0])
	}
	return 0
}

func (r *boundsReader) u16() int {
	if s := r.take(2); s != nil {
		return int(binary.BigEndian.Uint16(s))
	}
	return 0
}

func (r *boundsReader) i32() int {
	if s := r.take(4); s != nil {
		return int(int32(binary.BigEndian.Uint32(s)))
	}
	return 0
}

// fail marks the frame bad: a count the decoder would allocate from is negative or too large.
func (r *boundsReader) fail() { r.bad, r.b = true, nil }

// count returns n, the number of elements the decoder allocates for before reading any, after
// checking that n elements of at least size bytes each fit in what is left. The walk may stop at
// an element the decoder rejects: the allocation has happened by then.
func (r *boundsReader) count(n, size int) int {
	if n < 0 || n > len(r.b)/size {
		r.fail()
		return 0
	}
	return n
}

func (r *boundsReader) str()        { r.take(r.u16()) }
func (r *boundsReader) shortBytes() { r.take(r.u16()) }

// longStr and bytes: a negative length is an empty string or a null.
func (r *boundsReader) longStr() {
	if n := r.i32(); n > 0 {
		r.take(n)
	}
}

func (r *boundsReader) bytes() {
	if n := r.i32(); n > 0 {
		r.take(n)
	}
}

// value is a [value]: -1 is null, -2 unset, any other negative length an error.
func (r *boundsReader) value() {
	switch n := r.i32(); {
	case n > 0:
		r.take(n)
	case n < -2:
		r.fail()
	}
}

func (r *boundsReader) strList() {
	for n := r.count(r.u16(), 2); n > 0 && !r.bad; n-- {
		r.str()
	}
}

// strMap, strMultimap: the decoder sizes a map from the count of entries, which must be there.
func (r *boundsReader) strMap() {
	for n := r.count(r.u16(), 4); n > 0 && !r.bad; n-- {
		r.str()
		r.str()
	}
}

func (r *boundsReader) strMultimap() {
	for n := r.count(r.u16(), 4); n > 0 && !r.bad; n-- {
		r.str()
		r.strList()
	}
}

func (r *boundsReader) bytesMap() {
	for n := r.count(r.u16(), 6); n > 0 && !r.bad; n-- {
		r.str()
		r.bytes()
	}
}

// queryOptions walks QUERY and EXECUTE options up to the last field that can allocate.
func (r *boundsReader) queryOptions(v primitive.ProtocolVersion) {
	r.u16() // consistency
	var flags primitive.QueryFlag
	if v.Uses4BytesQueryFlags() {
		flags = primitive.QueryFlag(r.i32())
	} else {
		flags = primitive.QueryFlag(r.u8())
	}
	if flags.Contains(primitive.QueryFlagValues) {
		named := flags.Contains(primitive.QueryFlagValueNames)
		for n := r.count(r.u16(), 4); n > 0 && !r.bad; n-- {
			if named {
				r.str()
			}
			r.value()
		}
	}
	if flags.Contains(primitive.QueryFlagPageSize) {
		r.i32()
	}
	if flags.Contains(primitive.QueryFlagPagingState) {
		r.bytes()
	}
}

// batch walks a BATCH body up to its last statement; what follows has fixed sizes.
func (r *boundsReader) batch() {
	r.u8() // type
	for n := r.count(r.u16(), 1+2+2); n > 0 && !r.bad; n-- {
		switch r.u8() {
		case 0:
			r.longStr()
		case 1:
			r.shortBytes()
		default:
			return // the decoder rejects the kind
		}
		for values := r.count(r.u16(), 4); values > 0 && !r.bad; values-- {
			r.value()
		}
	}
}

func (r *boundsReader) errorBody(v primitive.ProtocolVersion) {
	code := primitive.ErrorCode(r.i32())
	r.str()
	if code == primitive.ErrorCodeFunctionFailure {
		r.str()
		r.str()
		r.strList()
		return
	}
	if (code != primitive.ErrorCodeReadFailure && code != primitive.ErrorCodeWriteFailure) || !v.SupportsReadWriteFailureReasonMap() {
		return
	}
	r.take(2 + 4 + 4) // consistency, received, block_for
	for n := r.count(r.i32(), 1+4+2); n > 0 && !r.bad; n-- {
		switch size := r.u8(); size {
		case 4, 16:
			r.take(size + 2) // the address, then the failure code
		default:
			return // the decoder rejects the address
		}
	}
}

func (r *boundsReader) result(v primitive.ProtocolVersion) {
	switch primitive.ResultType(r.i32()) {
	case primitive.ResultTypeRows:
		columns := r.rowsMetadata(v)
		rows := r.i32()
		switch {
		case rows == 0:
		case rows < 0, columns < 0:
			r.fail()
		case columns == 0:
			if rows > maxEmptyRows {
				r.fail()
			}
		default:
			rows = r.count(rows, 4*min(columns, len(r.b)+1))
		}
		for ; rows > 0 && columns > 0 && !r.bad; rows-- {
			for c := columns; c > 0 && !r.bad; c-- {
				r.bytes()
			}
		}
	case primitive.ResultTypePrepared:
		r.shortBytes()
		if v.SupportsResultMetadataId() {
			r.shortBytes()
		}
		flags, columns := r.i32(), r.i32()
		if v >= primitive.ProtocolVersion4 {
			if pk := r.i32(); pk > 0 {
				r.take(2 * r.count(pk, 2)) // pk_index shorts
			}
		}
		if columns > 0 {
			r.columns(flags&int(primitive.VariablesFlagGlobalTablesSpec) != 0, columns)
		}
		r.rowsMetadata(v)
	}
}

// rowsMetadata walks a [rows metadata] and returns its column count.
func (r *boundsReader) rowsMetadata(v primitive.ProtocolVersion) int {
	flags, columns := primitive.RowsFlag(r.i32()), r.i32()
	if flags.Contains(primitive.RowsFlagHasMorePages) {
		r.bytes()
	}
	if flags.Contains(primitive.RowsFlagMetadataChanged) {
		r.shortBytes()
	}
	if flags.Contains(primitive.RowsFlagDseContinuousPaging) {
		r.i32()
	}
	if flags&primitive.RowsFlagNoMetadata == 0 {
		r.columns(flags.Contains(primitive.RowsFlagGlobalTablesSpec), columns)
	}
	return columns
}

func (r *boundsReader) columns(global bool, n int) {
	if global {
		r.str()
		r.str()
	}
	size := 2 + 2 // name, type
	if !global {
		size += 2 + 2 // keyspace, table
	}
	for n = r.count(n, size); n > 0 && !r.bad; n-- {
		if !global {
			r.str()
			r.str()
		}
		r.str()
		r.dataType(0)
	}
}

// dataType walks an [option] naming a column type.
func (r *boundsReader) dataType(depth int) {
	if depth > maxTypeDepth {
		r.fail()
		return
	}
	switch primitive.DataTypeCode(r.u16()) {
	case primitive.DataTypeCodeCustom:
		r.str()
	case primitive.DataTypeCodeList, primitive.DataTypeCodeSet:
		r.dataType(depth + 1)
	case primitive.DataTypeCodeMap:
		r.dataType(depth + 1)
		r.dataType(depth + 1)
	case primitive.DataTypeCodeUdt:
		r.str()
		r.str()
		for n := r.count(r.u16(), 4); n > 0 && !r.bad; n-- {
			r.str()
			r.dataType(depth + 1)
		}
	case primitive.DataTypeCodeTuple:
		for n := r.count(r.u16(), 2); n > 0 && !r.bad; n-- {
			r.dataType(depth + 1)
		}
	}
}
