package cql

import (
	"fmt"
	"slices"
	"testing"
)

// FuzzFunctionMarkers turns the non-deterministic calls of a CQL text into bind markers, as the
// proxy does for prepared statements: the statement's own markers stay, in order, each call's
// marker sits at the variable index it reports, the style (positional or named) is the
// statement's, and the result has no calls left to replace. Without calls the text is unchanged.
func FuzzFunctionMarkers(f *testing.F) {
	for _, s := range functionTexts() {
		f.Add(s)
	}
	f.Fuzz(checkFunctionMarkers)
}

// TestFunctionMarkersRandomTexts runs checkFunctionMarkers on mutated texts from a fixed seed.
func TestFunctionMarkersRandomTexts(t *testing.T) {
	randomInputs(t, 20000, functionTexts(), checkFunctionMarkers)
}

func checkFunctionMarkers(t *testing.T, q []byte) {
	budget(t, q, 64, func() {
		out, calls := FunctionMarkers(q)
		if len(calls) == 0 {
			if string(out) != string(q) {
				fatalf(t, q, "no call replaced, yet the text changed to %q", out)
			}
			return
		}
		was, got := markers(q), markers(out)
		if len(got) != len(was)+len(calls) {
			fatalf(t, q, "%d markers and %d calls became %d markers: %q", len(was), len(calls), len(got), out)
		}
		named := slices.ContainsFunc(was, func(m string) bool { return m != "?" })
		prev := -1
		for n, c := range calls {
			want := "?"
			if named {
				want = fmt.Sprintf(":cqlmirror_fn_%d", n)
			}
			if c.Var <= prev || c.Var >= len(got) || got[c.Var] != want || !isNondeterministic([]byte(c.Name)) {
				fatalf(t, q, "call %d %+v: marker %q of %q, want %q", n, c, got[min(max(c.Var, 0), len(got)-1)], out, want)
			}
			got[c.Var], prev = "", c.Var
		}
		if own := slices.DeleteFunc(got, func(m string) bool { return m == "" }); !slices.Equal(own, was) {
			fatalf(t, q, "the statement's markers %q became %q", was, own)
		}
		if _, again := FunctionMarkers(out); len(again) != 0 {
			fatalf(t, q, "%q still has calls to replace: %v", out, again)
		}
	})
}

// markers lists a statement's bind markers, "?" or ":name", outside literals and comments.
func markers(q []byte) []string {
	var out []string
	for i := 0; i < len(q); {
		if next, ok := skipNonCode(q, i); ok {
			i = next
			continue
		}
		switch {
		case q[i] == '?':
			out = append(out, "?")
			i++
		case q[i] == ':' && i+1 < len(q) && isIdentStart(q[i+1]):
			start := i
			for i++; i < len(q) && isIdentPart(q[i]); i++ {
			}
			out = append(out, string(q[start:i]))
		default:
			i++
		}
	}
	return out
}
