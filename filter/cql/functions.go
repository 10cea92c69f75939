package cql

import (
	"bytes"

	"encoding/binary"
	"strconv"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/google/uuid"
)

// Literals supplies the values that replace non-deterministic calls in one statement.
type Literals struct {
	Now      time.Time
	TimeUUID func() string // a new version-1 UUID
	UUID     func() string // a new random UUID
}

// DefaultLiterals uses the wall clock and google/uuid.
func DefaultLiterals() Literals {
	return Literals{
		Now:      time.Now().UTC(),
		TimeUUID: func() string { u, _ := uuid.NewUUID(); return u.String() },
		UUID:     func() string { return uuid.NewString() },
	}
}

// literal is the CQL literal that stands for a zero-argument call of fn, or "" if fn is not one
// of the non-deterministic functions.
func (l Literals) literal(fn []byte) string {
	switch string(bytes.ToLower(fn)) {
	case "now", "currenttimeuuid":
		return l.TimeUUID()
	case "uuid":
		return l.UUID()
	case "currenttimestamp":
		return strconv.FormatInt(l.Now.UnixMilli(), 10)
	case "currentdate":
		return "'" + l.Now.Format("2006-01-02") + "'"
	case "currenttime":
		return "'" + l.Now.Format("15:04:05.000000000") + "'"
	}
	return ""
}

// RewriteFunctions replaces each call of now(), uuid(), currentTimestamp(), currentDate(),
// currentTime() and currentTimeUUID() in a CQL statement by a literal chosen once, so that both
// clusters store the same value. String literals, quoted identifiers and comments are left alone.
// It returns the new text and how many calls it replaced.
func RewriteFunctions(q []byte, l Literals) ([]byte, int) {
	var out []byte
	n, last := 0, 0
	for i := 0; i < len(q); {
		c := q[i]
		if next, ok := skipNonCode(q, i); ok {
			i = next
			continue
		}
		switch {
		case isIdentStart(c):
			start := i
			for i < len(q) && isIdentPart(q[i]) {
				i++
			}
			end, ok := emptyCall(q, i)
			if !ok || (start > 0 && q[start-1] == '.') {
				continue
			}
			lit := l.literal(q[start:i])
			if lit == "" {
				continue
			}
			out = append(append(out, q[last:start]...), lit...)
			last, i = end, end
			n++
		default:
			i++
		}
	}
	if n == 0 {
		return q, 0
	}
	return append(out, q[last:]...), n
}

// skipNonCode returns the offset after the string literal, quoted identifier, $$ string or comment
// that starts at i, and whether one does.
func skipNonCode(q []byte, i int) (int, bool) {
	c := q[i]
	switch {
	case c == '\'' || c == '"':
		return skipQuoted(q, i, c), true
	case c == '$' && i+1 < len(q) && q[i+1] == '$':
		if end := bytes.Index(q[i+2:], []byte("$$")); end >= 0 {
			return i + end + 4, true
		}
		return len(q), true
	case (c == '-' || c == '/') && i+1 < len(q) && q[i+1] == c:
		for i < len(q) && q[i] != '\n' {
			i++
		}
		return i, true
	case c == '/' && i+1 < len(q) && q[i+1] == '*':
		if end := bytes.Index(q[i+2:], []byte("*/")); end >= 0 {
			return i + end + 4, true
		}
		return len(q), true
	}
	return i, false
}

// emptyCall reports whether q at i holds "()" (blanks allowed) and returns the offset after it.
func emptyCall(q []byte, i int) (int, bool) {
	i = skipBlanks(q, i)
	if i >= len(q) || q[i] != '(' {
		return 0, false
	}
	i = skipBlanks(q, i+1)
	if i >= len(q) || q[i] != ')' {
		return 0, false
	}
	return i + 1, true
}

func skipBlanks(q []byte, i int) int {
	for i < len(q) && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
		i++
	}
	return i
}

// skipQuoted returns the offset after the quoted run that starts at i; a doubled quote escapes.
func skipQuoted(q []byte, i int, quote byte) int {
	for i++; i < len(q); i++ {
		if q[i] == quote {
			if i+1 < len(q) && q[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(q)
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' || c == '_' }

// WithQueryText appends a QUERY frame to dst with its CQL text replaced by text.
func WithQueryText(dst, raw, text []byte) ([]byte, bool) {
	b, ok := requestBody(raw)
	if !ok {
		return nil, false
	}
	_, next, ok := LongString(b, 0)
	if !ok {
		return nil, false
	}
	base := len(raw) - len(b)
	start := len(dst)
	dst = append(dst, raw[:base]...)
	dst = binary.BigEndian.AppendUint32(dst, uint32(len(text)))
	dst = append(dst, text...)
	dst = append(dst, b[next:]...)
	SetLength(dst[start:], len(dst)-start-HeaderLen)
	return dst, true
}

// RewriteBatchFunctions is RewriteFunctions for the CQL text of every statement in a BATCH frame.
// It returns the frame with those texts replaced, every other byte as it was, and how many calls
// it replaced; raw itself when none (or when the body is malformed).
func RewriteBatchFunctions(raw []byte, l Literals) ([]byte, int) {
	if !containsCall(raw) {
		return raw, 0
	}
	h := ParseHeader(raw)
	b, ok := requestBody(raw)
	if !ok || h.Opcode != primitive.OpCodeBatch || h.Flags&FlagCompression != 0 {
		return raw, 0
	}
	var out []byte
	last, total := 0, 0
	_, err := walkBatch(b, len(raw)-len(b), batchVisitor{query: func(q []byte, off int) {
		text, n := RewriteFunctions(q, l)
		if n == 0 {
			return
		}
		out = append(out, raw[last:off]...)
		out = binary.BigEndian.AppendUint32(out, uint32(len(text)))
		out = append(out, text...)
		last, total = off+4+len(q), total+n
	}})
	if err != nil || total == 0 {
		return raw, 0
	}
	out = append(out, raw[last:]...)
	SetLength(out, len(out)-HeaderLen)
	return out, total
}

// containsCall is a cheap test for "()" anywhere, before decoding a whole BATCH.
func containsCall(raw []byte) bool {
	return bytes.Contains(raw, []byte("()")) || bytes.Contains(raw, []byte("( )"))
}
