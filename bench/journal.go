package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

type journalResult struct {
	sync     string
	writers  int
	perSec   float64
	p50, p99 time.Duration
	syncs    uint64
	bytes    int // one record's line
}

// measureJournal appends records as sessions do (each waits for its record before the next, as a
// held reply does) from writers goroutines for d, under one sync policy, in dir.
func measureJournal(dir, policy string, writers int, d time.Duration) journalResult {
	path := filepath.Join(dir, policy+".jsonl")
	defer os.Remove(path)
	w := journal.Open(journal.Options{Path: path, Sync: policy, SyncInterval: 100 * time.Millisecond,
		MaxFileBytes: 1 << 40, MaxTotalBytes: 1 << 40, MaxQueueBytes: 64 << 20}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer w.Close()
	syncs0 := w.Stats.Syncs.Load()
	ts := time.Now().UnixMicro()
	rec := &journal.Record{Time: time.Now(), StatPrefix: "bench", Target: "127.0.0.1:9042", Reason: "ERROR WriteTimeout",
		Opcode: "EXECUTE", Version: 4, Keyspace: "ks", Consistency: "LOCAL_QUORUM", TimestampMicros: &ts,
		Statements: []string{"INSERT INTO kv (k, v) VALUES (?, ?)"}, Frame: "BAAAAAoAAAA3ABCrq6urq6urq6urq6urq6urAAYFAAAABAAAAAEAAAAQdmFsdWUtb2YtYS1yb3cAAA=="}
	line, _ := journal.Encode(rec)
	var mu sync.Mutex
	var lat []time.Duration
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			done := make(chan error, 1)
			for time.Now().Before(end) {
				start := time.Now()
				w.Append(300, func() []*journal.Record { return []*journal.Record{rec} }, func(err error) { done <- err })
				if err := <-done; err != nil {
					panic(err)
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	r := journalResult{sync: policy, writers: writers, perSec: float64(len(lat)) / d.Seconds(), syncs: w.Stats.Syncs.Load() - syncs0, bytes: len(line)}
	if len(lat) > 0 {
		r.p50, r.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	}
	return r
}

func reportJournal(w io.Writer, dir string, rs []journalResult, d time.Duration) {
	fmt.Fprintf(w, `
## The journal's sync policy

What a write the target missed costs before its client hears back: each writer goroutine appends a
record (a typical prepared INSERT, %d bytes as JSON) and waits for it, as a session's held reply
does, for %v, to a file in %s. `+"`periodic`"+` (the default) writes the record to the OS and
fsyncs every 100 ms; `+"`batch`"+` waits for the fsync of its group (group commit: one fsync for
every record that arrived meanwhile).

| journal.sync | writers | records/s | p50 | p99 | fsyncs |
| --- | ---: | ---: | ---: | ---: | ---: |
`, rs[0].bytes, d, dir)
	for _, r := range rs {
		fmt.Fprintf(w, "| %s | %d | %.0f | %v | %v | %d |\n", r.sync, r.writers, r.perSec, r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), r.syncs)
	}
}
