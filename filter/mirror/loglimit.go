package mirror

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// logLimit keeps a message that every request may log during an outage (a missed write, replies
// that differ) to perSecond lines a second; the lines left out are counted in the next one let
// through, as suppressed. Counters and the journal still see every event.
type logLimit struct {
	mu         sync.Mutex
	window     time.Time
	n          int
	suppressed int
}

const perSecond = 20

// log writes msg at level unless perSecond lines went out in the current second.
func (l *logLimit) log(log *slog.Logger, level slog.Level, msg string, attrs ...any) {
	now := time.Now()
	l.mu.Lock()
	if now.Sub(l.window) >= time.Second {
		l.window, l.n = now, 0
	}
	if l.n >= perSecond {
		l.suppressed++
		l.mu.Unlock()
		return
	}
	l.n++
	left := l.suppressed
	l.suppressed = 0
	l.mu.Unlock()
	if left > 0 {
		attrs = append(attrs, "suppressed", left)
	}
	log.Log(context.Background(), level, msg, attrs...)
}
