package e2e

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// The soak's load, its reading of the clusters and the journal, the replay, and what it watches
// of Envoy (RSS, log).

// soakLoad is the writers: cfg.conns gocql sessions through the proxy, each with one connection,
// writing the keys 0, 1, 2... in turn, together at cfg.rate (late writes go at once). Key k's
// value is soakValue(k). Of ten writes, eight are a prepared INSERT (EXECUTE), one a QUERY with
// the values in its text, one a BATCH holding such a statement. The driver's timestamps (gocql's
// default) and no driver retries: each key is written once.
type soakLoad struct {
	start       time.Time
	sent, acked atomic.Int64
	lastAck     atomic.Int64 // UnixNano
	sessions    []*gocql.Session
	quit        chan struct{}
	stopped     sync.Once
	wg          sync.WaitGroup
	mu          sync.Mutex
	writes      []soakWrite
}

// soakWrite is one client write: its key, when it was sent, and the error the client got.
type soakWrite struct {
	k   int
	at  time.Duration
	err string
}

func soakValue(k int) string { return "soak-" + strconv.Itoa(k) }

// newSoakLoad connects the writers' sessions; run sets them writing.
func newSoakLoad(t *testing.T, cfg soakSettings, addr string) *soakLoad {
	t.Helper()
	l := &soakLoad{quit: make(chan struct{})}
	for range cfg.conns {
		l.sessions = append(l.sessions, session(t, addr, func(c *gocql.ClusterConfig) {
			c.NumConns = 1
			c.ReconnectInterval = time.Second
		}))
	}
	t.Cleanup(func() { l.stop() }) // a test that failed before it stopped the load
	return l
}

func (l *soakLoad) run(cfg soakSettings, ks string) {
	prepared := "INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)"
	// gocql prepares every statement that starts with INSERT; a leading comment keeps it a QUERY.
	literal := func(k int) string {
		return fmt.Sprintf("/* soak */ INSERT INTO %s.kv (k, v) VALUES (%d, '%s')", ks, k, soakValue(k))
	}
	var next atomic.Int64
	l.start = time.Now()
	for _, s := range l.sessions {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			var mine []soakWrite
			defer func() {
				l.mu.Lock()
				l.writes = append(l.writes, mine...)
				l.mu.Unlock()
			}()
			for {
				k := int(next.Add(1) - 1)
				due := l.start.Add(time.Duration(float64(k) / cfg.rate * float64(time.Second)))
				select {
				case <-l.quit:
					return
				case <-time.After(time.Until(due)):
				}
				w := soakWrite{k: k, at: time.Since(l.start)}
				var err error
				switch k % 10 {
				case 0:
					err = s.Query(literal(k)).Exec()
				case 5:
					b := s.NewBatch(gocql.UnloggedBatch)
					b.Query(literal(k))
					err = s.ExecuteBatch(b)
				default:
					err = s.Query(prepared, k, soakValue(k)).Exec()
				}
				l.sent.Add(1)
				if err != nil {
					w.err = err.Error()
				} else {
					l.acked.Add(1)
					l.lastAck.Store(time.Now().UnixNano())
				}
				mine = append(mine, w)
				if err != nil {
					time.Sleep(50 * time.Millisecond) // while the driver reconnects
				}
			}
		}()
	}
}

// waitAckAfter waits up to d for a write acknowledged after at.
func (l *soakLoad) waitAckAfter(at time.Time, d time.Duration) bool {
	for deadline := time.Now().Add(d); l.lastAck.Load() <= at.UnixNano(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// stop ends the load, closes the sessions, and returns every write made.
func (l *soakLoad) stop() []soakWrite {
	l.stopped.Do(func() {
		close(l.quit)
		l.wg.Wait()
		for _, s := range l.sessions {
			s.Close()
		}
	})
	return l.writes
}

// errKind is an error message without its numbers, so that alike errors count together.
func errKind(msg string) string {
	return regexp.MustCompile(`[0-9]+`).ReplaceAllString(msg, "N")
}

type soakRow struct {
	v  string
	wt int64
}

// scanSoak reads the whole of ks.kv from one cluster directly, with each row's WRITETIME.
func scanSoak(t *testing.T, s *gocql.Session, ks string) map[int]soakRow {
	t.Helper()
	rows := map[int]soakRow{}
	it := s.Query("SELECT k, v, WRITETIME(v) FROM " + ks + ".kv").PageSize(5000).Iter()
	var k int
	var r soakRow
	for it.Scan(&k, &r.v, &r.wt) {
		rows[k] = r
	}
	if err := it.Close(); err != nil {
		t.Fatalf("scan %s.kv: %v", ks, err)
	}
	return rows
}

var soakQueryKey = regexp.MustCompile(`VALUES \((\d+),`)

// soakRecordKey is the key a journaled statement wrote: its first bound value (a 4-byte int), or,
// for a statement without values, the first value in its text.
func soakRecordKey(stmt string, values []*string) (int, bool) {
	if len(values) > 0 && values[0] != nil {
		b, err := hex.DecodeString(*values[0])
		if err != nil || len(b) != 4 {
			return 0, false
		}
		return int(int32(binary.BigEndian.Uint32(b))), true
	}
	m := soakQueryKey.FindStringSubmatch(stmt)
	if m == nil {
		return 0, false
	}
	k, err := strconv.Atoi(m[1])
	return k, err == nil
}

// eachSoakRecord calls fn with every record of the journal at path (rotated files first).
func eachSoakRecord(path string, fn func(rec *journal.Record) error) error {
	files, err := journal.Files(path)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := journal.ReadFile(f, func(_ int, rec *journal.Record) error { return fn(rec) }); err != nil {
			return err
		}
	}
	return nil
}

// readSoakJournal reads the journal: the keys it holds and its number of records.
func readSoakJournal(t *testing.T, path string) (map[int]bool, int) {
	t.Helper()
	keys, records := map[int]bool{}, 0
	err := eachSoakRecord(path, func(rec *journal.Record) error {
		records++
		for i, stmt := range rec.Statements {
			var vals []*string
			if i < len(rec.Values) {
				vals = rec.Values[i]
			}
			k, ok := soakRecordKey(stmt, vals)
			if !ok {
				return fmt.Errorf("record %d: no key in %q %v", records, stmt, vals)
			}
			keys[k] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, records
}

// waitJournalSettled waits until the journal's size stays the same for a second.
func waitJournalSettled(t *testing.T, path string) {
	t.Helper()
	size := func() int64 {
		files, _ := journal.Files(path)
		var n int64
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				n += fi.Size()
			}
		}
		return n
	}
	last := size()
	for deadline := time.Now().Add(60 * time.Second); ; {
		time.Sleep(time.Second)
		now := size()
		if now == last {
			return
		}
		last = now
		if time.Now().After(deadline) {
			t.Fatalf("the journal %s still grows a minute after the clients left", path)
		}
	}
}

// replayJournal runs `controlplane replay -config` on the scenario's control plane config (the
// journal and the target it names now) and returns the number of journal records, all of which it
// replayed if it exits with status 0. Its output is logged, not parsed.
func replayJournal(t *testing.T, cp *controlPlane, path string) (int, error) {
	t.Helper()
	_, records := readSoakJournal(t, path)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, cp.bin, "replay", "-config", cp.config).CombinedOutput()
	t.Logf("controlplane replay -config %s:\n%s", cp.config, out)
	if err != nil {
		return 0, fmt.Errorf("controlplane replay: %v", err)
	}
	return records, nil
}

// gaugeValue reads one series (as series() spells it) from the metrics endpoint at addr.
func gaugeValue(addr, key string) (float64, error) {
	resp, err := metricsClient.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	v, ok := gaugeIn(resp.Body, key)
	if !ok {
		return 0, fmt.Errorf("no %s on %s", key, addr)
	}
	return v, nil
}

// envoyLogWatch reads an Envoy log as it grows: the health transitions the filter logs per target
// address, and recovered panics.
type envoyLogWatch struct {
	path   string
	off    int64
	down   map[string]bool // address → the last transition logged for it was "unhealthy"
	panics []string
}

var healthLine = regexp.MustCompile(`msg="cluster (unhealthy|healthy again)[^"]*".* cluster=target address=(\S+)`)

func (w *envoyLogWatch) poll() {
	f, err := os.Open(w.path)
	if err != nil {
		return
	}
	defer f.Close()
	if _, err := f.Seek(w.off, io.SeekStart); err != nil {
		return
	}
	if w.down == nil {
		w.down = map[string]bool{}
	}
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return // a partial line is read again next time
		}
		w.off += int64(len(line))
		if m := healthLine.FindStringSubmatch(line); m != nil {
			w.down[m[2]] = m[1] == "unhealthy"
		}
		if strings.Contains(line, panicLine) && len(w.panics) < 3 {
			w.panics = append(w.panics, strings.TrimSpace(line))
		}
	}
}

// healthy reports whether the last health transition logged for the target at addr (if any) was
// "healthy again".
func (w *envoyLogWatch) healthy(addr string) bool {
	w.poll()
	return !w.down[addr]
}

// rssSampler samples Envoy's VmRSS every 100 ms.
type rssSampler struct {
	mu      sync.Mutex
	samples []int
	from    int // index of the first sample after mark
	quit    chan struct{}
	done    chan struct{}
}

func startRSSSampler(e *envoy) *rssSampler {
	r := &rssSampler{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if kb, err := e.rssKB(); err == nil {
				r.mu.Lock()
				r.samples = append(r.samples, kb)
				r.mu.Unlock()
			}
			select {
			case <-r.quit:
				return
			case <-tick.C:
			}
		}
	}()
	return r
}

func (r *rssSampler) mark() {
	r.mu.Lock()
	r.from = len(r.samples)
	r.mu.Unlock()
}

// since returns the last sample before mark and the peak after it.
func (r *rssSampler) since() (before, peak int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.from > 0 {
		before = r.samples[r.from-1]
	}
	for _, kb := range r.samples[r.from:] {
		peak = max(peak, kb)
	}
	return before, peak
}

// stop ends the sampling and returns the last sample.
func (r *rssSampler) stop() int {
	close(r.quit)
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.samples) == 0 {
		return 0
	}
	return r.samples[len(r.samples)-1]
}
