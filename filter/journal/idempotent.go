package journal

import (
	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// NonIdempotent says why running the write stmt a second time could change what it stores, or ""
// when it could not: a counter update (c = c + 1, c = c - ?, c += 1, a COUNTER batch), a list
// append or prepend (l = l + [...], l = [...] + l), or a conditional write (IF NOT EXISTS,
// IF EXISTS, IF cond), whose outcome depends on what the table holds by then. A bound value
// added to or taken from a column (c = c + ?, c = c - ?) counts too: whether the column is a
// counter or a collection is not in the text. Set and
// map additions and removals are idempotent. Only INSERT, UPDATE, DELETE and BEGIN BATCH are
// judged; string literals, quoted names and comments are not read as keywords.
func NonIdempotent(stmt string) (why string) {
	toks := cql.Tokens(stmt)
	if len(toks) == 0 || !isWrite(toks[0]) {
		return ""
	}
	for i, t := range toks {
		switch {
		case t.Is("COUNTER") && i > 0 && toks[i-1].Is("BEGIN"):
			return "counter batch"
		case t.Is("IF"):
			switch {
			case i+2 < len(toks) && toks[i+1].Is("NOT") && toks[i+2].Is("EXISTS"):
				return "conditional write (IF NOT EXISTS)"
			case i+1 < len(toks) && toks[i+1].Is("EXISTS"):
				return "conditional write (IF EXISTS)"
			}
			return "conditional write (IF condition)"
		case t.Kind == cql.Symbol && (t.Text == "+=" || t.Text == "-=") && i > 0 && i+1 < len(toks):
			if _, ok := toks[i-1].Name(); ok {
				if why := addition(t.Text[:1], toks[i+1]); why != "" {
					return why
				}
			}
		case t.Kind == cql.Symbol && t.Text == "=" && i > 0 && i+1 < len(toks):
			col, ok := toks[i-1].Name()
			if !ok {
				continue
			}
			// col = col + term, col = col - term
			if i+3 < len(toks) && sameName(toks[i+1], col) && (toks[i+2].Text == "+" || toks[i+2].Text == "-") && toks[i+2].Kind == cql.Symbol {
				if why := addition(toks[i+2].Text, toks[i+3]); why != "" {
					return why
				}
				continue
			}
			// col = term + col: only lists prepend.
			if end := termEnd(toks, i+1); end+1 < len(toks) && toks[end].Kind == cql.Symbol && toks[end].Text == "+" && sameName(toks[end+1], col) {
				return "list prepend"
			}
		}
	}
	return ""
}

// addition judges col = col op term (or col op= term) by the first token of term.
func addition(op string, term cql.Token) string {
	switch {
	case term.Kind == cql.Symbol && term.Text == "{": // a set or a map
		return ""
	case term.Kind == cql.Symbol && term.Text == "[":
		if op == "+" {
			return "list append"
		}
		return "" // removing elements from a list
	case term.Kind == cql.Number, term.Kind == cql.Symbol && (term.Text == "-" || term.Text == "+"):
		return "counter update"
	case op == "+":
		return "counter update or list append (the value's type is not in the text)"
	}
	return "counter update or collection removal (the value's type is not in the text)"
}

// termEnd is the index just past the term that starts at toks[i]: a bracketed literal, a
// function call, or one token.
func termEnd(toks []cql.Token, i int) int {
	if i+1 < len(toks) && toks[i].Kind == cql.Word && toks[i+1].Text == "(" {
		i++
	}
	depth := 0
	for ; i < len(toks); i++ {
		if toks[i].Kind == cql.Symbol {
			switch toks[i].Text {
			case "[", "{", "(":
				depth++
			case "]", "}", ")":
				depth--
			}
		}
		if depth <= 0 {
			return i + 1
		}
	}
	return i
}

func sameName(t cql.Token, name string) bool {
	n, ok := t.Name()
	return ok && n == name
}

func isWrite(t cql.Token) bool {
	return t.Is("INSERT") || t.Is("UPDATE") || t.Is("DELETE") || t.Is("BEGIN")
}

// UsesTimestamp reports whether stmt sets its own write timestamp (USING TIMESTAMP): for a BEGIN
// BATCH text, the batch's own USING or that of every statement in it.
func UsesTimestamp(stmt string) bool {
	toks := cql.Tokens(stmt)
	if len(toks) == 0 || !isWrite(toks[0]) {
		return false
	}
	if !toks[0].Is("BEGIN") {
		return hasUsingTimestamp(toks)
	}
	// The batch's own USING comes before its first statement.
	first := 1
	for first < len(toks) && !(toks[first].Is("INSERT") || toks[first].Is("UPDATE") || toks[first].Is("DELETE")) {
		first++
	}
	if hasUsingTimestamp(toks[:first]) {
		return true
	}
	if first == len(toks) {
		return false
	}
	start := first
	for i := first + 1; i <= len(toks); i++ {
		if i < len(toks) && !(toks[i].Is("INSERT") || toks[i].Is("UPDATE") || toks[i].Is("DELETE") || toks[i].Is("APPLY")) {
			continue
		}
		if !hasUsingTimestamp(toks[start:i]) {
			return false
		}
		if i < len(toks) && toks[i].Is("APPLY") {
			return true
		}
		start = i
	}
	return true
}

// hasUsingTimestamp finds USING [TTL x AND] TIMESTAMP x among toks.
func hasUsingTimestamp(toks []cql.Token) bool {
	for i, t := range toks {
		if !t.Is("USING") {
			continue
		}
		for j := i + 1; j+1 < len(toks); j += 2 {
			if toks[j].Is("TIMESTAMP") {
				return true
			}
			if !toks[j].Is("TTL") {
				break
			}
			if j+2 < len(toks) && toks[j+2].Is("AND") {
				j++
			}
		}
	}
	return false
}
