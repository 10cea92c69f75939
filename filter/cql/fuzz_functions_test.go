package cql

import (
	"bytes"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/cqlfuzz"
)

// FuzzRewriteFunctions rewrites a CQL text: the result grows by at most one literal per call it
// replaced, and has no calls left to replace.
func FuzzRewriteFunctions(f *testing.F) {
	for _, s := range functionTexts() {
		f.Add(s)
	}
	f.Fuzz(checkRewriteFunctions)
}

// FuzzRewriteBatchFunctions rewrites the statements of a BATCH frame: the result is the same
// batch with each text rewritten, and what the library reads of the old frame it reads of the
// new one, texts aside.
func FuzzRewriteBatchFunctions(f *testing.F) {
	for _, s := range batchSeeds() {
		f.Add(s)
	}
	f.Fuzz(checkRewriteBatchFunctions)
}

// TestFunctionsRandomInputs runs both checks on mutated texts and batches from a fixed seed.
func TestFunctionsRandomInputs(t *testing.T) {
	randomInputs(t, 20000, functionTexts(), checkRewriteFunctions)
	randomInputs(t, 20000, batchSeeds(), checkRewriteBatchFunctions)
}

// functionTexts are statements calling the functions in every way, and the CQL texts of the
// captured QUERY, PREPARE and BATCH requests.
func functionTexts() [][]byte {
	var out [][]byte
	seen := map[string]bool{}
	add := func(q []byte, _ int) {
		if !seen[string(q)] {
			seen[string(q)] = true
			out = append(out, q)
		}
	}
	for _, raw := range cqlfuzz.Captured(false, cqlfuzz.KindFrame) {
		switch ParseHeader(raw).Opcode {
		case primitive.OpCodeQuery, primitive.OpCodePrepare:
			if q, ok := QueryText(raw); ok {
				add(q, 0)
			}
		case primitive.OpCodeBatch:
			if b, ok := requestBody(raw); ok {
				walkBatch(b, 0, batchVisitor{query: add})
			}
		}
	}
	for _, q := range []string{
		"INSERT INTO t (k, id, at) VALUES (uuid(), now(), toTimestamp(now()))",
		"UPDATE t SET ts = currentTimestamp ( ), d = CURRENTDATE() WHERE k = 1",
		"INSERT INTO t (k, \"now\") VALUES (1, 'it''s now()') -- now()\n, currentTime()",
		"INSERT INTO t (k, t) VALUES (1, currenttime()) /* uuid() */ $$ now() $$ currentTimeUUID()",
		"INSERT INTO t (k, f) VALUES (1, ks.now(), now(1), now(\t\n))",
		"'unterminated now()", "/* unterminated now()", "$$ now()", "now(", "now()",
	} {
		out = append(out, []byte(q))
	}
	return out
}

// maxLiteral is the longest literal Literals writes: a UUID.
const maxLiteral = 36

func checkRewriteFunctions(t *testing.T, q []byte) {
	budget(t, q, 64, func() {
		out, n := RewriteFunctions(q, fuzzLiterals)
		switch {
		case n == 0 && !bytes.Equal(out, q):
			fatalf(t, q, "no call replaced, yet the text changed to %q", out)
		case len(out) > len(q)+n*maxLiteral:
			fatalf(t, q, "%d calls replaced, the text grew from %d to %d bytes", n, len(q), len(out))
		}
		if _, again := RewriteFunctions(out, fuzzLiterals); n > 0 && again != 0 {
			fatalf(t, q, "the rewritten text %q still has %d calls to replace", out, again)
		}
	})
}

// batchSeeds are the seed BATCH frames, and one whose first statement is an empty text.
func batchSeeds() [][]byte {
	var out [][]byte
	for _, s := range seedFrames(false) {
		if len(s) >= HeaderLen && ParseHeader(s).Opcode == primitive.OpCodeBatch {
			out = append(out, s)
		}
	}
	return append(out, mustHex(emptyStatementBatch))
}

func checkRewriteBatchFunctions(t *testing.T, raw []byte) {
	budget(t, raw, 64, func() {
		out, n := RewriteBatchFunctions(raw, fuzzLiterals)
		if n == 0 {
			if len(out) != len(raw) || len(raw) > 0 && &out[0] != &raw[0] {
				fatalf(t, raw, "no call replaced, yet a new frame came back")
			}
			return
		}
		if ParseHeader(out).Length != len(out)-HeaderLen {
			fatalf(t, raw, "header length %d for a %d-byte frame", ParseHeader(out).Length, len(out))
		}
		b, _ := requestBody(raw)
		var want [][]byte
		end, err := walkBatch(b, 0, batchVisitor{query: func(q []byte, _ int) {
			text, _ := RewriteFunctions(q, fuzzLiterals)
			want = append(want, text)
		}})
		if err != nil {
			fatalf(t, raw, "a malformed batch was rewritten: %v", err)
		}
		ob, _ := requestBody(out)
		i := 0
		oend, err := walkBatch(ob, 0, batchVisitor{query: func(q []byte, _ int) {
			if i >= len(want) || !bytes.Equal(q, want[i]) {
				fatalf(t, raw, "statement %d is %q after the rewrite", i, q)
			}
			i++
		}})
		if err != nil || i != len(want) || !bytes.Equal(b[end:], ob[oend:]) || !sameButLength(raw, out, len(raw)-len(b)) {
			fatalf(t, raw, "the rewritten batch: %d statements, want %d, %v; or its prefix or tail changed", i, len(want), err)
		}
		checkAsReencoded(t, raw, out)
	})
}

// checkAsReencoded: for a batch as the library writes it, the rewrite is what decoding, rewriting
// the texts and encoding again gives (how RewriteBatchFunctions used to work).
func checkAsReencoded(t *testing.T, raw, out []byte) {
	f, err := Decode(raw)
	if err != nil {
		return
	}
	if again, err := encode(f.Header.Version, f.Header.StreamId, f.Body.Message); err != nil || !bytes.Equal(again, raw) {
		return
	}
	b := f.Body.Message.(*message.Batch)
	for _, c := range b.Children {
		text, _ := RewriteFunctions([]byte(c.Query), fuzzLiterals)
		c.Query = string(text)
	}
	if want, err := encode(f.Header.Version, f.Header.StreamId, b); err == nil && !bytes.Equal(want, out) {
		fatalf(t, raw, "the rewrite differs from decoding and encoding again:\n got %x\nwant %x", out, want)
	}
}

// sameButLength reports whether a and b agree on their first n bytes but the header's length.
func sameButLength(a, b []byte, n int) bool {
	return bytes.Equal(a[:5], b[:5]) && bytes.Equal(a[HeaderLen:n], b[HeaderLen:n])
}
