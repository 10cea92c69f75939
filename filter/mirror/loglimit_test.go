package mirror

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestLogLimit(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	var l logLimit
	for range 50 {
		l.log(log, slog.LevelError, "missed")
	}
	if n := strings.Count(buf.String(), "missed"); n != perSecond {
		t.Fatalf("%d lines in one second, want %d", n, perSecond)
	}
	buf.Reset()
	l.window = time.Now().Add(-2 * time.Second)
	l.log(log, slog.LevelError, "missed")
	if !strings.Contains(buf.String(), "suppressed=30") {
		t.Fatalf("the next second's first line does not count the 30 left out: %s", buf.String())
	}
}
