package cql

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

var codec = frame.NewCodec()

// Body returns the message body of a whole frame (nil for less than a header).
func Body(raw []byte) []byte {
	if len(raw) < HeaderLen {
		return nil
	}
	return raw[HeaderLen:]
}

// LongString reads a [long string] at off and returns it and the offset after it.
func LongString(b []byte, off int) (s []byte, next int, ok bool) {
	if off < 0 || off > len(b)-4 {
		return nil, 0, false
	}
	n := int(int32(binary.BigEndian.Uint32(b[off:])))
	off += 4
	if n < 0 || n > len(b)-off {
		return nil, 0, false
	}
	return b[off : off+n], off + n, true
}

// ShortBytes reads a [short bytes] at off and returns it and the offset after it.
func ShortBytes(b []byte, off int) (s []byte, next int, ok bool) {
	if off < 0 || off > len(b)-2 {
		return nil, 0, false
	}
	n := int(binary.BigEndian.Uint16(b[off:]))
	off += 2
	if n > len(b)-off {
		return nil, 0, false
	}
	return b[off : off+n], off + n, true
}

// Encode builds a whole frame carrying msg. It panics if the library cannot encode msg at
// version: only for messages the caller built itself (use encode for decoded ones).
func Encode(version primitive.ProtocolVersion, stream int16, msg message.Message) []byte {
	raw, err := encode(version, stream, msg)
	if err != nil {
		// Only reachable with a message the library cannot encode at version: a programming error.
		panic(err.Error())
	}
	return raw
}

// encode is Encode for messages that came off the wire, which the library may refuse to encode
// again (a field valid in one version and not in another, say).
func encode(version primitive.ProtocolVersion, stream int16, msg message.Message) ([]byte, error) {
	var buf bytes.Buffer
	if err := codec.EncodeFrame(frame.NewFrame(version, stream, msg), &buf); err != nil {
		return nil, fmt.Errorf("cql: encode %v at %v: %w", msg.GetOpCode(), version, err)
	}
	return buf.Bytes(), nil
}

// Decode decodes a whole frame with the library's codec, after checkBounds made sure no length
// in it makes the library allocate more than the frame holds. A panic inside the library is
// returned as an error: a frame from the wire must never take the proxy down.
func Decode(raw []byte) (f *frame.Frame, err error) {
	if err := checkBounds(raw); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("cql: undecodable frame: %v", r)
		}
	}()
	return codec.DecodeFrame(bytes.NewReader(raw))
}

// ErrorCode returns the code of an ERROR frame's body.
func ErrorCode(raw []byte) (primitive.ErrorCode, bool) {
	h := ParseHeader(raw)
	if len(raw) < HeaderLen || h.Opcode != primitive.OpCodeError {
		return 0, false
	}
	if h.Flags&(FlagTracing|FlagWarning|FlagCustomPayload|FlagCompression) != 0 {
		f, err := Decode(raw)
		if err != nil {
			return 0, false
		}
		if e, ok := f.Body.Message.(message.Error); ok {
			return e.GetErrorCode(), true
		}
		return 0, false
	}
	b := Body(raw)
	if len(b) < 4 {
		return 0, false
	}
	return primitive.ErrorCode(binary.BigEndian.Uint32(b)), true
}

// requestBody returns a request's body past any custom payload, which v4+ requests may carry.
func requestBody(raw []byte) ([]byte, bool) {
	if len(raw) < HeaderLen {
		return nil, false
	}
	h := ParseHeader(raw)
	b := Body(raw)
	if h.Flags&FlagCustomPayload == 0 {
		return b, true
	}
	if len(b) < 2 {
		return nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	off := 2
	for i := 0; i < n; i++ {
		var ok bool
		if _, off, ok = ShortBytes(b, off); !ok {
			return nil, false
		}
		if off+4 > len(b) {
			return nil, false
		}
		l := int(int32(binary.BigEndian.Uint32(b[off:])))
		off += 4
		if l > len(b)-off {
			return nil, false
		}
		if l > 0 {
			off += l
		}
	}
	return b[off:], true
}

// QueryText returns the CQL text of a QUERY or PREPARE request.
func QueryText(raw []byte) ([]byte, bool) {
	b, ok := requestBody(raw)
	if !ok {
		return nil, false
	}
	s, _, ok := LongString(b, 0)
	return s, ok
}

// ExecuteID returns the prepared id of an EXECUTE request and its offset in the frame.
func ExecuteID(raw []byte) (id []byte, off int, ok bool) {
	b, ok := requestBody(raw)
	if !ok {
		return nil, 0, false
	}
	start := len(raw) - len(b)
	id, _, ok = ShortBytes(b, 0)
	return id, start, ok
}

// Prepared decodes a RESULT/Prepared frame.
func Prepared(raw []byte) (*message.PreparedResult, bool) {
	f, err := Decode(raw)
	if err != nil {
		return nil, false
	}
	p, ok := f.Body.Message.(*message.PreparedResult)
	return p, ok
}

// IsSelect reports whether a CQL statement is a SELECT, skipping leading blanks and comments.
func IsSelect(q []byte) bool {
	return bytes.EqualFold(FirstWord(q), []byte("SELECT"))
}

// FirstWord returns the first keyword of a CQL statement as written.
func FirstWord(q []byte) []byte {
	i := 0
	for i < len(q) {
		switch c := q[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(':
			i++
		case c == '-' && i+1 < len(q) && q[i+1] == '-', c == '/' && i+1 < len(q) && q[i+1] == '/':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := bytes.Index(q[i+2:], []byte("*/"))
			if end < 0 {
				return nil
			}
			i += end + 4
		default:
			j := i
			for j < len(q) && (q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z') {
				j++
			}
			return q[i:j]
		}
	}
	return nil
}

// StartupOptions decodes a STARTUP frame's options.
func StartupOptions(raw []byte) (map[string]string, error) {
	f, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	s, ok := f.Body.Message.(*message.Startup)
	if !ok {
		return nil, fmt.Errorf("not a STARTUP message: %v", f.Body.Message.GetOpCode())
	}
	return s.Options, nil
}

// KeepSupportedValues re-encodes a SUPPORTED frame so that option key offers only values in keep.
// The key stays even when nothing is left, because drivers (the Python driver among them) expect
// COMPRESSION to be present.
func KeepSupportedValues(raw []byte, key string, keep ...string) ([]byte, error) {
	f, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	s, ok := f.Body.Message.(*message.Supported)
	if !ok {
		return raw, nil
	}
	kept := []string{}
	for _, v := range s.Options[key] {
		for _, k := range keep {
			if strings.EqualFold(v, k) {
				kept = append(kept, v)
			}
		}
	}
	if len(kept) == len(s.Options[key]) && s.Options[key] != nil {
		return raw, nil
	}
	s.Options[key] = kept
	return encode(f.Header.Version, f.Header.StreamId, s)
}

// UnpreparedID returns the statement id of an ERROR/Unprepared frame.
func UnpreparedID(raw []byte) ([]byte, bool) {
	if code, ok := ErrorCode(raw); !ok || code != primitive.ErrorCodeUnprepared {
		return nil, false
	}
	f, err := Decode(raw)
	if err != nil {
		return nil, false
	}
	u, ok := f.Body.Message.(*message.Unprepared)
	if !ok {
		return nil, false
	}
	return u.Id, true
}

// Applied reads the [applied] column of a conditional write's RESULT/Rows frame. ok is false for
// any other reply, such as the Void result of an unconditional write.
func Applied(raw []byte) (applied, ok bool) {
	h := ParseHeader(raw)
	if len(raw) < HeaderLen || h.Opcode != primitive.OpCodeResult {
		return false, false
	}
	if b := Body(raw); h.Flags == 0 && (len(b) < 4 || binary.BigEndian.Uint32(b) != uint32(primitive.ResultTypeRows)) {
		return false, false
	}
	f, err := Decode(raw)
	if err != nil {
		return false, false
	}
	rows, isRows := f.Body.Message.(*message.RowsResult)
	if !isRows || rows.Metadata == nil || len(rows.Data) == 0 {
		return false, false
	}
	for i, c := range rows.Metadata.Columns {
		if c.Name == "[applied]" && i < len(rows.Data[0]) && len(rows.Data[0][i]) == 1 {
			return rows.Data[0][i][0] != 0, true
		}
	}
	return false, false
}
