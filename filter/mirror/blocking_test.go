package mirror

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// returns fails the test unless fn, a call Envoy's worker thread makes, returns within a few
// seconds: a call that waits on something a goroutine holds never returns here.
func returns(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s blocked the worker thread", what)
	}
}

// A failed_writes_file that blocks (here a FIFO nobody reads, as a hung disk would) holds up
// neither the worker thread nor the process's deadline sweeper: requests are still taken, other
// sessions' deadlines still expire, and the records are written once the file takes them. The
// session's replies wait for its records, so no client hears of a write that is not recorded.
func TestStuckFailedWritesFileBlocksNoOne(t *testing.T) {
	v := primitive.ProtocolVersion4
	fifo := filepath.Join(t.TempDir(), "failed.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	src, tgt := startFake(t, "s"), startFake(t, "t")
	m := newMirror(t, src, tgt, `,"failed_writes_file":"`+fifo+`","request_timeout":"200ms"`)
	a, b := newTestConn(t, m), newTestConn(t, m)
	handshake(t, a, v)
	handshake(t, b, v)
	tgt.Mu.Lock()
	tgt.Gate = make(chan struct{})
	tgt.Mu.Unlock()

	returns(t, "OnData of a write the target will miss", func() { a.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (1)"))) })
	waitFor(t, "the write to be recorded as missed", func() bool { return m.Stats().TargetFailedWrites.Load() == 1 })
	// The recorder is now stuck opening the FIFO; b's deadline must still expire.
	returns(t, "OnData on another session", func() { b.send(encode(t, v, 3, query("INSERT INTO ks.t (k) VALUES (2)"))) })
	waitFor(t, "the other session's deadline to expire", func() bool { return m.Stats().TargetFailedWrites.Load() == 2 })
	returns(t, "Flush", func() { a.flush() })
	returns(t, "OnData of a read", func() { a.send(encode(t, v, 4, query("SELECT k FROM ks.t"))) })
	// Replies wait for the records: a client never hears of a write whose record does not exist.
	if f, ok := a.Next(t, 300*time.Millisecond); ok {
		t.Fatalf("a reply on stream %d went out before the missed write's record was written", f.Header.StreamId)
	}

	r, err := os.OpenFile(fifo, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 1<<16)
	got := 0
	r.SetReadDeadline(time.Now().Add(5 * time.Second))
	for lines := 0; lines < 2; {
		n, err := r.Read(buf[got:])
		if err != nil {
			t.Fatalf("read the FIFO after %d records: %v", lines, err)
		}
		for _, c := range buf[got : got+n] {
			if c == '\n' {
				lines++
			}
		}
		got += n
	}
	for _, stream := range []int16{2, 4} {
		if f := a.mustNext("the replies once the records are written"); f.Header.StreamId != stream {
			t.Fatalf("got stream %d, want %d", f.Header.StreamId, stream)
		}
	}
	close(tgt.Gate)
	tgt.Mu.Lock()
	tgt.Gate = nil
	tgt.Mu.Unlock()
}

// A session whose lock is never released again (as after a panic under it, before locked
// sections released their lock on every path) holds up neither the sweeper nor other sessions,
// and Abort ends it without taking the lock.
func TestALockedSessionHoldsUpNoOne(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, `,"request_timeout":"200ms"`)
	stuck := newTestConn(t, r.m)
	handshake(t, stuck, v)
	stuck.s.mu.Lock()
	defer stuck.s.mu.Unlock()
	gate(t, r.tgt)

	r.c.send(encode(t, v, 2, query("INSERT INTO ks.t (k) VALUES (1)")))
	if f := r.c.mustNext("a write whose target deadline expires"); f.Header.OpCode != primitive.OpCodeResult {
		t.Fatalf("INSERT: %v", f.Body.Message)
	}
	before := r.m.OpenConnections()
	returns(t, "Abort of the locked session", stuck.s.Abort)
	returns(t, "Close after Abort", stuck.s.Close)
	if got := r.m.OpenConnections(); got != before-1 {
		t.Fatalf("open connections %d after Abort, want %d", got, before-1)
	}
}
