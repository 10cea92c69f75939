package cql

import "strings"

// TokenKind is the kind of a Token.
type TokenKind uint8

// Token kinds.
const (
	// Word is a keyword or an unquoted name, as written.
	Word TokenKind = iota + 1
	// QuotedName is a double-quoted name; its Text has the quotes removed and "" undoubled.
	QuotedName
	// Literal is a string literal, '...' or $$...$$, as written.
	Literal
	// Number is a run of letters, digits, '.' and '_' that starts with a digit: a number, or part
	// of a UUID, blob or duration literal.
	Number
	// Marker is a bind marker, ? or :name.
	Marker
	// Symbol is the operator += or -=, or any other single character.
	Symbol
)

// Token is one lexical unit of CQL text.
type Token struct {
	Kind TokenKind
	Text string
}

// Name is the column or table name the token stands for: a Word in lower case, a QuotedName as
// it is. ok is false for other kinds.
func (t Token) Name() (name string, ok bool) {
	switch t.Kind {
	case Word:
		return strings.ToLower(t.Text), true
	case QuotedName:
		return t.Text, true
	}
	return "", false
}

// Is reports whether the token is the unquoted keyword kw, in any case.
func (t Token) Is(kw string) bool { return t.Kind == Word && strings.EqualFold(t.Text, kw) }

// Tokens splits CQL text into tokens, leaving out blanks and comments. String literals, quoted
// names and comments are found by the same scanner as RewriteFunctions uses.
func Tokens(text string) []Token {
	q := []byte(text)
	var out []Token
	for i := 0; i < len(q); {
		c := q[i]
		if next, ok := skipNonCode(q, i); ok {
			switch {
			case c == '"':
				end := next
				if end > i+1 && q[end-1] == '"' {
					end--
				}
				out = append(out, Token{QuotedName, strings.ReplaceAll(text[i+1:end], `""`, `"`)})
			case c == '\'' || c == '$':
				out = append(out, Token{Literal, text[i:next]})
			}
			i = next
			continue
		}
		start := i
		kind := Symbol
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isIdentStart(c):
			kind = Word
			for i < len(q) && isIdentPart(q[i]) {
				i++
			}
		case c >= '0' && c <= '9':
			kind = Number
			for i < len(q) && (isIdentPart(q[i]) || q[i] == '.') {
				i++
			}
		case c == '?':
			kind = Marker
			i++
		case c == ':' && i+1 < len(q) && isIdentStart(q[i+1]):
			kind = Marker
			for i++; i < len(q) && isIdentPart(q[i]); i++ {
			}
		case (c == '+' || c == '-') && i+1 < len(q) && q[i+1] == '=':
			i += 2
		default:
			i++
		}
		out = append(out, Token{kind, text[start:i]})
	}
	return out
}
