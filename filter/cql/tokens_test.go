package cql

import (
	"fmt"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for in, want := range map[string]string{
		`UPDATE ks.t SET c = c + 1 WHERE k = ?`:                     `w:UPDATE w:ks s:. w:t w:SET w:c s:= w:c s:+ n:1 w:WHERE w:k s:= m:?`,
		`insert into "My""T" (k) values ('it''s IF') -- IF x`:       `w:insert w:into q:My"T s:( w:k s:) w:values s:( l:'it''s IF' s:)`,
		`UPDATE t /* IF */ SET l += [1], m -= {'a'} WHERE k = :key`: `w:UPDATE w:t w:SET w:l s:+= s:[ n:1 s:] s:, w:m s:-= s:{ l:'a' s:} w:WHERE w:k s:= m::key`,
		`SELECT $$a'b$$, 1.5e3, 0xcafe FROM t // rest`:              `w:SELECT l:$$a'b$$ s:, n:1.5e3 s:, n:0xcafe w:FROM w:t`,
		`"unterminated`: `q:unterminated`,
	} {
		var got []string
		for _, tok := range Tokens(in) {
			got = append(got, fmt.Sprintf("%c:%s", "?wqlnms"[tok.Kind], tok.Text))
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("Tokens(%q)\n got %s\nwant %s", in, g, want)
		}
	}
}
