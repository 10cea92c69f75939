package mirror

import "testing"

func TestProcsAboveGoDefaultUnlessTheOperatorChose(t *testing.T) {
	for _, c := range []struct {
		env           string
		current, want int
	}{
		{"", 1, 4},
		{"", 3, 4},
		{"", 4, 5},
		{"", 16, 17},
		{"1", 1, 1},
		{"4", 4, 4},
	} {
		if got := procsFor(c.env, c.current); got != c.want {
			t.Errorf("GOMAXPROCS=%q, Go's default %d: got %d, want %d", c.env, c.current, got, c.want)
		}
	}
}
