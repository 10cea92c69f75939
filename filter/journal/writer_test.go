package journal

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func appendWait(t *testing.T, w *Writer, recs ...*Record) error {
	t.Helper()
	errc := make(chan error, 1)
	w.Append(100, func() []*Record { return recs }, func(err error) { errc <- err })
	select {
	case err := <-errc:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("done was never called")
		return nil
	}
}

func rec(stmt string) *Record {
	ts := int64(1700000000000000)
	return &Record{Opcode: "QUERY", Version: 4, Keyspace: "ks", Statements: []string{stmt}, TimestampMicros: &ts, Frame: "AA=="}
}

func readAll(t *testing.T, path string) (stmts []string) {
	t.Helper()
	files, err := Files(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := ReadFile(f, func(_ int, r *Record) error {
			stmts = append(stmts, r.Statements...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return stmts
}

func TestWriterRecordsInOrderAndSyncs(t *testing.T) {
	for _, sync := range []string{SyncPeriodic, SyncBatch} {
		t.Run(sync, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.jsonl")
			w := Open(Options{Path: path, Sync: sync, SyncInterval: 10 * time.Millisecond}, quiet)
			for _, s := range []string{"a", "b", "c"} {
				if err := appendWait(t, w, rec(s)); err != nil {
					t.Fatal(err)
				}
			}
			w.Close()
			waitIdle(t, w)
			if got := strings.Join(readAll(t, path), ","); got != "a,b,c" {
				t.Fatalf("journal holds %q, want a,b,c", got)
			}
			if w.Stats.Records.Load() != 3 || w.Stats.Syncs.Load() == 0 {
				t.Fatalf("records %d syncs %d", w.Stats.Records.Load(), w.Stats.Syncs.Load())
			}
			if sync == SyncBatch && w.Stats.Syncs.Load() != 3 {
				t.Fatalf("batch: %d syncs for 3 groups, want one each", w.Stats.Syncs.Load())
			}
		})
	}
}

func waitIdle(t *testing.T, w *Writer) {
	t.Helper()
	for i := 0; ; i++ {
		w.mu.Lock()
		idle := !w.running
		w.mu.Unlock()
		if idle {
			return
		}
		if i > 1000 {
			t.Fatal("the writer goroutine did not finish")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestWriterRotatesAndCapsTotal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	line, _ := Encode(rec("x"))
	size := int64(len(line))
	w := Open(Options{Path: path, Sync: SyncPeriodic, SyncInterval: time.Millisecond, MaxFileBytes: 2 * size, MaxTotalBytes: 5 * size}, quiet)
	defer w.Close()
	for i := 0; i < 5; i++ {
		if err := appendWait(t, w, rec("x")); err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
	}
	err := appendWait(t, w, rec("x"))
	if !errors.Is(err, ErrFull) {
		t.Fatalf("the 6th record past max_total_bytes got %v, want ErrFull", err)
	}
	if r, d := w.Stats.Rotations.Load(), w.Stats.Dropped.Load(); r != 2 || d != 1 {
		t.Fatalf("rotations %d dropped %d, want 2 and 1", r, d)
	}
	files, _ := Files(path)
	if len(files) != 3 || files[2] != path {
		t.Fatalf("files %q: want two rotated ones, oldest first, then %s", files, path)
	}
	if n := len(readAll(t, path)); n != 5 {
		t.Fatalf("%d records on disk, want 5", n)
	}
	// Once the operator removes a replayed file, records fit again.
	os.Remove(files[0])
	if err := appendWait(t, w, rec("y")); err != nil {
		t.Fatalf("after removing a rotated file: %v", err)
	}
	if w.Stats.Bytes.Load() != 4*size {
		t.Fatalf("bytes %d, want %d", w.Stats.Bytes.Load(), 4*size)
	}
}

func TestWriterQueueCap(t *testing.T) {
	w := Open(Options{Path: filepath.Join(t.TempDir(), "j.jsonl"), MaxQueueBytes: 50}, quiet)
	defer w.Close()
	if err := appendWait(t, w, rec("a")); !errors.Is(err, ErrFull) {
		t.Fatalf("100 bytes into a 50-byte queue: %v, want ErrFull", err)
	}
}

func TestWriterEndsALineACrashCut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	line, _ := Encode(rec("a"))
	os.WriteFile(path, append(line, `{"time":"20`...), 0o600)
	w := Open(Options{Path: path}, quiet)
	if err := appendWait(t, w, rec("b")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	waitIdle(t, w)
	var got []string
	err := ReadFile(path, func(_ int, r *Record) error { got = append(got, r.Statements[0]); return nil })
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("reading: %v, want an error naming line 2", err)
	}
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("read %q around the damaged line, want a and b", got)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(b), "\n") || !strings.Contains(string(b), `"statements":["b"]`) {
		t.Fatalf("record b was not written whole on a line of its own:\n%s", b)
	}
}

func TestWriterSurvivesAPanickingBuilder(t *testing.T) {
	w := Open(Options{Path: filepath.Join(t.TempDir(), "j.jsonl")}, quiet)
	defer w.Close()
	errc := make(chan error, 1)
	w.Append(1, func() []*Record { panic("boom") }, func(err error) { errc <- err })
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("got %v", err)
	}
	if err := appendWait(t, w, rec("after")); err != nil {
		t.Fatal(err)
	}
}
