package mirror

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
)

// envoyConn plays the binding with Envoy's write buffer and its watermarks: what Flush writes
// stays in buf until the test has the client read it.
type envoyConn struct {
	t         *testing.T
	s         *Session
	mu        sync.Mutex // the worker thread
	buf       []byte
	high, low int
	above     bool
	closed    bool
	// manual leaves each Flush to the test, as a worker thread too busy to flush would.
	manual atomic.Bool
	*fakecql.Replies
}

func newEnvoyConn(t *testing.T, m *Mirror) *envoyConn {
	c := &envoyConn{t: t, high: 1 << 20, low: 1 << 19, Replies: fakecql.NewReplies()}
	c.mu.Lock()
	c.s = m.NewSession(c)
	c.mu.Unlock()
	t.Cleanup(c.s.Close)
	return c
}

func (c *envoyConn) Wake() {
	if !c.manual.Load() {
		go c.flush()
	}
}

func (c *envoyConn) LocalAddr() netip.AddrPort { return testProxyAddr }

func (c *envoyConn) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
}

func (c *envoyConn) flushLocked() { c.closed = c.s.Flush(c.write) || c.closed }

func (c *envoyConn) send(frames []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.OnData(frames)
	c.flushLocked()
}

// buffered is what Envoy holds for the client, and whether the session asked to close.
func (c *envoyConn) buffered() (n int, closed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.buf), c.closed
}

// write is Envoy's connection write: the watermark callback comes from inside it.
func (c *envoyConn) write(p []byte) {
	c.buf = append(c.buf, p...)
	if !c.above && len(c.buf) > c.high {
		c.above = true
		c.s.ClientBackpressure(true)
	}
}

// read lets the client read up to n bytes of what Envoy buffered.
func (c *envoyConn) read(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n = min(n, len(c.buf))
	c.Replies.Write(c.buf[:n])
	c.buf = c.buf[:copy(c.buf, c.buf[n:])]
	if c.above && len(c.buf) <= c.low {
		c.above = false
		c.s.ClientBackpressure(false)
	}
}

// held is what the session keeps for its client.
func (c *envoyConn) held() int {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return len(c.s.out)
}

const blobBytes = 64 << 10

// blob is row k's value: k, then a run of 251 bytes that depend on k, repeated.
func blob(k int) []byte {
	run := make([]byte, 251)
	for i := range run {
		run[i] = byte(k*31 + i)
	}
	b := bytes.Repeat(run, blobBytes/len(run)+1)[:blobBytes]
	binary.BigEndian.PutUint32(b, uint32(k))
	return b
}

// blobRows answers "SELECT v FROM ks.big WHERE k = K" with row K.
func blobRows(q string) message.Message {
	i := strings.LastIndex(q, "k = ")
	if !strings.HasPrefix(q, "SELECT v FROM ks.big") || i < 0 {
		return nil
	}
	k, err := strconv.Atoi(q[i+4:])
	if err != nil {
		return nil
	}
	return &message.RowsResult{
		Metadata: &message.RowsMetadata{ColumnCount: 1, Columns: []*message.ColumnMetadata{{Keyspace: "ks", Table: "big", Name: "v", Type: datatype.Blob}}},
		Data:     message.RowSet{{blob(k)}},
	}
}

// pausedRig is a session whose client sent n SELECTs of blobBytes rows and reads nothing.
type pausedRig struct {
	src, tgt *fakeCluster
	m        *Mirror
	c        *envoyConn
	n        int
}

// newPausedRig starts a session whose client sends n SELECTs and reads nothing, and waits until
// the client is paused and the session stopped reading the source.
func newPausedRig(t *testing.T, n int, extra string) *pausedRig {
	t.Helper()
	r := newBlobRig(t, extra)
	r.sendSelects(t, n)
	p := &r.c.s.clientPause
	waitFor(t, "the session to stop reading the clusters for a paused client", func() bool { return p.since.Load() > 0 && p.stopped.Load() > 0 })
	return r
}

// newBlobRig starts a session whose source answers SELECTs of ks.big with blobRows.
func newBlobRig(t *testing.T, extra string) *pausedRig {
	t.Helper()
	r := &pausedRig{src: startFake(t, "s"), tgt: startFake(t, "t")}
	r.src.Mu.Lock()
	r.src.Answer = blobRows
	r.src.Mu.Unlock()
	r.m = newMirror(t, r.src, r.tgt, extra)
	r.c = newEnvoyConn(t, r.m)
	r.c.send(encode(t, primitive.ProtocolVersion4, 1, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}))
	waitFor(t, "READY in Envoy's buffer", func() bool { n, _ := r.c.buffered(); return n > 0 })
	r.c.read(1 << 20)
	if f := r.c.MustNext(t, "STARTUP"); f.Header.OpCode != primitive.OpCodeReady {
		t.Fatalf("STARTUP got %v", f.Body.Message)
	}
	return r
}

// sendSelects has the client send n SELECTs, row k on stream k+2, in one chunk.
func (r *pausedRig) sendSelects(t *testing.T, n int) {
	r.n = n
	var reqs []byte
	for k := range n {
		reqs = append(reqs, encode(t, primitive.ProtocolVersion4, int16(k+2), query(fmt.Sprintf("SELECT v FROM ks.big WHERE k = %d", k)))...)
	}
	r.c.send(reqs)
}

// answered is how many SELECTs the source has run.
func (r *pausedRig) answered() int {
	r.src.Mu.Lock()
	defer r.src.Mu.Unlock()
	return len(r.src.Writes)
}

// readAll has the client read until every SELECT is answered, and checks each reply: in the order
// the source sent them, on the client's stream, with the whole row.
func (r *pausedRig) readAll(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for k := 0; k < r.n; {
		r.c.read(1 << 20)
		got := k
		for ; k < r.n; k++ {
			f, ok := r.c.Next(t, 0)
			if !ok {
				break
			}
			checkBlobReply(t, f, k)
		}
		if k > got {
			continue
		}
		if time.Now().After(deadline) {
			buffered, _ := r.c.buffered()
			t.Fatalf("the client got %d of %d replies; %d bytes held in the session, %d in Envoy's buffer", k, r.n, r.c.held(), buffered)
		}
		time.Sleep(time.Millisecond)
	}
}

func checkBlobReply(t *testing.T, f *frame.Frame, k int) {
	t.Helper()
	if f.Header.StreamId != int16(k+2) {
		t.Fatalf("reply %d is on stream %d, want %d: replies lost or out of order", k, f.Header.StreamId, k+2)
	}
	rows, ok := f.Body.Message.(*message.RowsResult)
	if !ok || len(rows.Data) != 1 || len(rows.Data[0]) != 1 || !bytes.Equal(rows.Data[0][0], blob(k)) {
		t.Fatalf("reply %d (stream %d) is not row %d whole: %v", k, f.Header.StreamId, k, f.Body.Message)
	}
}

// inWaitForClient counts the goroutines stopped in waitForClient.
func inWaitForClient(t *testing.T) int {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
		t.Fatal(err)
	}
	return strings.Count(b.String(), "(*Session).waitForClient(")
}

// A client that stops reading: the session keeps about maxHeldReplies of replies, then stops
// reading the source, so the source stops too. Once the client reads, every reply arrives whole
// and in order.
func TestSlowClientStopsClusterReadsAndLosesNothing(t *testing.T) {
	// 40 MiB of rows: more than the session holds plus what the sockets between proxy and source
	// buffer (about 10 MiB on loopback).
	const n = 640
	r := newPausedRig(t, n, `,"request_timeout":"60s"`)
	mt := r.m.mt
	if got := inWaitForClient(t); got != 1 {
		t.Errorf("%d goroutines stopped in waitForClient, want the source's reader", got)
	}
	held := r.c.held()
	if held < maxHeldReplies || held > maxHeldReplies+(64<<10)+2*blobBytes {
		t.Errorf("the session holds %d reply bytes, want maxHeldReplies (%d) plus at most one read of 64 KiB and a reply", held, maxHeldReplies)
	}
	for st, want := range map[int]float64{pauseClient: 1, pauseClusters: 1} {
		if got := value(t, mt.pausedSessions[st]); got != want {
			t.Errorf("cqlmirror_paused_sessions{stage=%q} = %v, want %v", pauseStageNames[st], got, want)
		}
	}
	time.Sleep(300 * time.Millisecond)
	answered := r.answered()
	t.Logf("the source ran %d of %d SELECTs before the sockets filled", answered, n)
	if answered >= n {
		t.Fatalf("the source ran all %d SELECTs while the proxy was not reading its replies: no back-pressure", answered)
	}
	if got := r.c.held(); got != held {
		t.Errorf("the session's held replies went from %d to %d bytes while its readers were stopped", held, got)
	}

	r.readAll(t)
	for st := range nPauseStages {
		if got := value(t, mt.pausedSessions[st]); got != 0 {
			t.Errorf("cqlmirror_paused_sessions{stage=%q} = %v after the client read everything", pauseStageNames[st], got)
		}
	}
	if got := value(t, mt.pausedClient); got <= 0 {
		t.Errorf("cqlmirror_paused_seconds_total{side=\"client\"} = %v after a pause", got)
	}
	if got := inWaitForClient(t); got != 0 {
		t.Errorf("%d goroutines still stopped in waitForClient after the client read everything", got)
	}
}

// A reply waiting unread in a cluster socket is no cluster timeout: while the readers are stopped
// no sweep expires a request, and once they resume each deadline is later by the time stopped.
func TestStoppedReadersFreezeRequestDeadlines(t *testing.T) {
	r := newPausedRig(t, 200, `,"request_timeout":"30s"`)
	s := r.c.s
	s.mu.Lock()
	original := map[int]int64{}
	for i := range s.slots {
		if p := &s.slots[i]; p.inUse {
			if p.deadline < frozenDeadline/2 {
				t.Errorf("slot %d (stream %d) kept a running deadline while the readers were stopped", i, p.client)
			}
			original[i] = p.deadline - frozenDeadline
		}
	}
	s.expireLocked(s.m.now() + int64(time.Hour))
	s.mu.Unlock()
	if len(original) == 0 {
		t.Fatal("no request in flight while the readers were stopped")
	}
	if got := r.m.Stats().Timeouts.Load(); got != 0 {
		t.Fatalf("a sweep an hour on expired %d requests whose replies the proxy was not reading", got)
	}

	s.mu.Lock()
	stopped := s.clientPause.stopped.Load()
	before := s.m.now()
	s.releaseReadersLocked() // as the Flush that takes the held replies does
	after := s.m.now()
	for i, d := range original {
		p := &s.slots[i]
		if !p.inUse {
			continue
		}
		if shift := p.deadline - d; shift < before-stopped || shift > after-stopped {
			t.Errorf("slot %d's deadline moved by %v, want the %v to %v the readers were stopped", i, time.Duration(shift), time.Duration(before-stopped), time.Duration(after-stopped))
		}
	}
	s.mu.Unlock()
	r.readAll(t)
	if got := r.m.Stats().Timeouts.Load(); got != 0 {
		t.Errorf("%d requests timed out", got)
	}
	if h := r.m.health[source]; !h.healthy() {
		t.Errorf("the source counts as unhealthy after a slow client: %v", h.why())
	}
}

// A session that ends while its readers are stopped lets them go, and takes itself off the gauges.
func TestSessionEndingWhilePausedFreesItsReaders(t *testing.T) {
	for _, end := range []string{"Close", "Abort"} {
		t.Run(end, func(t *testing.T) {
			r := newPausedRig(t, 200, "")
			mt := r.m.mt
			pausedBefore := value(t, mt.pausedClient)
			if end == "Close" {
				r.c.s.Close()
			} else {
				r.c.s.Abort()
			}
			waitFor(t, "the stopped readers to return", func() bool { return inWaitForClient(t) == 0 })
			for st := range nPauseStages {
				if got := value(t, mt.pausedSessions[st]); got != 0 {
					t.Errorf("cqlmirror_paused_sessions{stage=%q} = %v after the session ended", pauseStageNames[st], got)
				}
			}
			if got := value(t, mt.pausedClient); got <= pausedBefore {
				t.Errorf("cqlmirror_paused_seconds_total{side=\"client\"} did not count the pause of a session that ended paused")
			}
			r.c.s.ClientBackpressure(false) // a watermark event after the end changes nothing
			r.c.s.ClientBackpressure(true)
			if got := value(t, mt.pausedSessions[pauseClient]); got != 0 {
				t.Errorf("cqlmirror_paused_sessions{stage=\"client\"} = %v after a watermark event on an ended session", got)
			}
		})
	}
}

// A session that must close while its client is paused (here the target went away under the
// strict policy) hands Envoy what it holds and asks for the close: it does not wait for a client
// that may never read.
func TestPausedSessionStillCloses(t *testing.T) {
	r := newPausedRig(t, 200, `,"failure_policy":"strict"`)
	r.tgt.Close()
	waitFor(t, "the close to be asked for", func() bool { _, closed := r.c.buffered(); return closed })
	if got := r.c.held(); got != 0 {
		t.Errorf("the session still holds %d bytes after asking to close", got)
	}
	r.c.s.Close() // as the binding does once Envoy closed the connection
	waitFor(t, "the stopped readers to return", func() bool { return inWaitForClient(t) == 0 })
}

// The bound holds for a client that reads, too: a session whose replies the worker thread has not
// taken yet stops reading the clusters at maxHeldReplies, and goes on once Flush takes them.
func TestUnflushedRepliesStopTheReaders(t *testing.T) {
	r := newBlobRig(t, `,"request_timeout":"60s"`)
	r.c.mu.Lock()
	r.c.high = 1 << 40
	r.c.mu.Unlock()
	r.c.manual.Store(true)
	r.sendSelects(t, 200)
	waitFor(t, "the session to stop reading the clusters", func() bool { return r.c.s.clientPause.stopped.Load() > 0 })
	if held := r.c.held(); held > maxHeldReplies+(64<<10)+2*blobBytes {
		t.Errorf("the session holds %d reply bytes, want at most maxHeldReplies (%d) plus one read of 64 KiB and a reply", held, maxHeldReplies)
	}
	if got := value(t, r.m.mt.pausedSessions[pauseClient]); got != 0 {
		t.Errorf("cqlmirror_paused_sessions{stage=\"client\"} = %v for a client below the high watermark", got)
	}
	deadline := time.Now().Add(30 * time.Second)
	for k := 0; k < r.n; {
		r.c.flush()
		r.c.read(1 << 30)
		got := k
		for ; k < r.n; k++ {
			f, ok := r.c.Next(t, 0)
			if !ok {
				break
			}
			checkBlobReply(t, f, k)
		}
		if k == got && time.Now().After(deadline) {
			t.Fatalf("the client got %d of %d replies", k, r.n)
		}
		if k == got {
			time.Sleep(time.Millisecond)
		}
	}
}

// A client that is paused but drains before the session holds maxHeldReplies never stops the
// readers; what was held goes out once it drains.
func TestShortPauseKeepsReading(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "")
	r.c.mu.Lock()
	r.c.s.ClientBackpressure(true)
	r.c.mu.Unlock()
	r.c.send(encode(t, v, 2, query("SELECT k FROM ks.t")))
	if f, ok := r.c.next(200 * time.Millisecond); ok {
		t.Fatalf("a reply (stream %d) went to Envoy while the client was above the high watermark", f.Header.StreamId)
	}
	if r.c.s.clientPause.stopped.Load() != 0 {
		t.Fatal("the readers stopped with less than maxHeldReplies held")
	}
	r.c.mu.Lock()
	r.c.s.ClientBackpressure(false)
	r.c.mu.Unlock()
	if f := r.c.mustNext("the SELECT once the client drained"); f.Header.StreamId != 2 {
		t.Fatalf("got stream %d, want 2", f.Header.StreamId)
	}
}
