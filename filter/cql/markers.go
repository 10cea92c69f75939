package cql

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// FunctionCall is a call of now(), uuid(), currentTimestamp(), currentDate(), currentTime() or
// currentTimeUUID() that FunctionMarkers turned into a bind marker.
type FunctionCall struct {
	// Var is the marker's index among the statement's bind markers: its variable's index in a
	// PREPARED result and in an EXECUTE's values.
	Var int
	// Name is the function, in lower case.
	Name string
}

// FunctionMarkers replaces each call of a non-deterministic function in a statement by a bind
// marker, so that a prepared statement takes the value as a variable: "?" where the statement's
// markers are positional, ":cqlmirror_fn_N" where they are named. A call that is the argument of
// another function (toTimestamp(now())) is left alone: a marker there has no type Cassandra can
// infer. So are string literals, quoted identifiers and comments. Without any call to replace, or
// in a statement that mixes positional and named markers, it returns q and no calls.
func FunctionMarkers(q []byte) ([]byte, []FunctionCall) {
	var out []byte
	var calls []FunctionCall
	var marks []int    // where in out each marker goes
	var calling []bool // per open parenthesis: whether it opens a function's arguments
	vars, last := 0, 0
	positional, named := false, false
	prevIdent := false // the last token was a name that a '(' would make a function call
	for i := 0; i < len(q); {
		c := q[i]
		if next, ok := skipNonCode(q, i); ok {
			i, prevIdent = next, c == '"' // a quoted name before '(' is a function's too
			continue
		}
		switch {
		case c == '?':
			positional, prevIdent = true, false
			vars++
			i++
		case c == ':' && i+1 < len(q) && isIdentStart(q[i+1]):
			named, prevIdent = true, false
			for i++; i < len(q) && isIdentPart(q[i]); i++ {
			}
			vars++
		case c == '(':
			calling = append(calling, prevIdent)
			prevIdent = false
			i++
		case c == ')':
			if n := len(calling); n > 0 {
				calling = calling[:n-1]
			}
			prevIdent = false
			i++
		case isIdentStart(c):
			start := i
			for i < len(q) && isIdentPart(q[i]) {
				i++
			}
			word := bytes.ToLower(q[start:i])
			prevIdent = !isKeywordBeforeParen(word)
			end, ok := emptyCall(q, i)
			if !ok || (start > 0 && q[start-1] == '.') || !isNondeterministic(word) {
				continue
			}
			if n := len(calling); n > 0 && calling[n-1] {
				continue // an argument of another function
			}
			out = append(out, q[last:start]...)
			marks = append(marks, len(out)) // filled in once the statement's style is known
			calls = append(calls, FunctionCall{Var: vars, Name: string(word)})
			vars++
			last, i, prevIdent = end, end, false
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			prevIdent = false
			i++
		}
	}
	if len(calls) == 0 || positional && named {
		return q, nil
	}
	out = append(out, q[last:]...)
	text := make([]byte, 0, len(out)+len(calls)*16)
	from := 0
	for n, at := range marks {
		text = append(text, out[from:at]...)
		if named {
			text = append(append(text, ":cqlmirror_fn_"...), strconv.Itoa(n)...)
			if at < len(out) && isIdentPart(out[at]) {
				text = append(text, ' ') // "now()AND" must not become the marker ":cqlmirror_fn_0AND"
			}
		} else {
			text = append(text, '?')
		}
		from = at
	}
	return append(text, out[from:]...), calls
}

// isKeywordBeforeParen reports words after which a '(' opens a list, not a function's arguments.
func isKeywordBeforeParen(w []byte) bool {
	switch string(w) {
	case "values", "in", "and", "or", "where", "set", "if", "not", "contains", "key":
		return true
	}
	return false
}

func isNondeterministic(w []byte) bool {
	switch string(w) {
	case "now", "currenttimeuuid", "uuid", "currenttimestamp", "currentdate", "currenttime":
		return true
	}
	return false
}

// FunctionValue is the serialized value of a call of function name (as FunctionCall names it)
// evaluated at now: a version-1 UUID for now() and currentTimeUUID(), a random UUID for uuid(),
// and now's timestamp, date or time for the others.
func FunctionValue(name string, now time.Time) []byte {
	switch name {
	case "now", "currenttimeuuid":
		u, err := uuid.NewUUID()
		if err != nil {
			u = uuid.New()
		}
		return u[:]
	case "uuid":
		u := uuid.New()
		return u[:]
	case "currenttimestamp":
		return binary.BigEndian.AppendUint64(nil, uint64(now.UnixMilli()))
	case "currentdate":
		days := now.Unix() / 86400
		if now.Unix() < 0 && now.Unix()%86400 != 0 {
			days--
		}
		return binary.BigEndian.AppendUint32(nil, uint32(days+1<<31))
	case "currenttime":
		y, m, d := now.Date()
		return binary.BigEndian.AppendUint64(nil, uint64(now.Sub(time.Date(y, m, d, 0, 0, 0, 0, now.Location()))))
	}
	return nil
}
