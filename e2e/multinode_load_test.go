package e2e

import (
	"encoding/binary"
	"fmt"
	"net"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"
)

// The multi-node group's write load: writers of one client connection each (a driver would add a
// control connection per session, and the proxy would give those and the writing connections to
// the nodes in turn), each a prepared INSERT of its own keys, one at a time.

// mnValue is what the load writes for key k.
func mnValue(k int) string { return "mn-" + strconv.Itoa(k) }

// mnWrite is one write of the load: its key, its writer, when it was sent and acknowledged (zero
// if the client got an error), and the error.
type mnWrite struct {
	k, writer   int
	sent, acked time.Time
	err         string
}

// mnWriter is one client connection that writes ks.kv through a prepared INSERT.
type mnWriter struct {
	conn  net.Conn
	codec frame.Codec
	id    []byte
}

func dialMNWriter(addr, marker, ks string) (*mnWriter, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	w := &mnWriter{conn: c, codec: frame.NewCodec()}
	got, err := w.call(&message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0", "DRIVER_NAME": marker, "DRIVER_VERSION": "1"}})
	if err == nil && got.GetOpCode() != primitive.OpCodeReady {
		err = fmt.Errorf("STARTUP answered %v", got)
	}
	if err == nil {
		got, err = w.call(&message.Prepare{Query: "INSERT INTO " + ks + ".kv (k, v) VALUES (?, ?)"})
		if p, ok := got.(*message.PreparedResult); ok {
			w.id = p.PreparedQueryId
		} else if err == nil {
			err = fmt.Errorf("PREPARE answered %v", got)
		}
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return w, nil
}

// call sends msg and returns the reply on its stream (events are skipped), within 15 s.
func (w *mnWriter) call(msg message.Message) (message.Message, error) {
	w.conn.SetDeadline(time.Now().Add(15 * time.Second))
	if err := w.codec.EncodeFrame(frame.NewFrame(primitive.ProtocolVersion4, 1, msg), w.conn); err != nil {
		return nil, err
	}
	for {
		f, err := w.codec.DecodeFrame(w.conn)
		if err != nil {
			return nil, err
		}
		if f.Header.StreamId == 1 {
			return f.Body.Message, nil
		}
	}
}

func (w *mnWriter) write(k int) error {
	kb := binary.BigEndian.AppendUint32(nil, uint32(int32(k)))
	got, err := w.call(&message.Execute{QueryId: w.id, Options: &message.QueryOptions{
		Consistency:      primitive.ConsistencyLevelOne,
		PositionalValues: []*primitive.Value{primitive.NewValue(kb), primitive.NewValue([]byte(mnValue(k)))},
	}})
	if err == nil && got.GetOpCode() != primitive.OpCodeResult {
		err = fmt.Errorf("EXECUTE answered %v", got)
	}
	return err
}

// mnLoad runs writers side by side, each writing the next key every pause at most.
type mnLoad struct {
	writers []*mnWriter
	next    atomic.Int64
	quit    chan struct{}
	wg      sync.WaitGroup
	stopped sync.Once
	mu      sync.Mutex
	writes  []mnWrite
	last    []mnWrite // per writer, its last acknowledged write
}

func startMNLoad(addr, marker, ks string, writers int, pause time.Duration) (*mnLoad, error) {
	l := &mnLoad{quit: make(chan struct{}), last: make([]mnWrite, writers)}
	for i := range writers {
		w, err := dialMNWriter(addr, marker, ks)
		if err != nil {
			l.stop()
			return nil, fmt.Errorf("writer %d: %w", i, err)
		}
		l.writers = append(l.writers, w)
	}
	for i, w := range l.writers {
		l.wg.Go(func() {
			for {
				select {
				case <-l.quit:
					return
				case <-time.After(pause):
				}
				k := int(l.next.Add(1) - 1)
				rec := mnWrite{k: k, writer: i, sent: time.Now()}
				if err := w.write(k); err != nil {
					rec.err = err.Error()
				} else {
					rec.acked = time.Now()
				}
				l.mu.Lock()
				l.writes = append(l.writes, rec)
				if rec.err == "" {
					l.last[i] = rec
				}
				l.mu.Unlock()
				if rec.err != "" {
					return // a connection that failed a write may be gone; the test reports it
				}
			}
		})
	}
	return l, nil
}

func (l *mnLoad) lastAcked(writer int) mnWrite {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last[writer]
}

// stop ends the load, closes its connections and returns every write made, in key order.
func (l *mnLoad) stop() []mnWrite {
	l.stopped.Do(func() {
		close(l.quit)
		l.wg.Wait()
		for _, w := range l.writers {
			w.conn.Close()
		}
	})
	l.mu.Lock()
	defer l.mu.Unlock()
	sort.Slice(l.writes, func(i, j int) bool { return l.writes[i].k < l.writes[j].k })
	return l.writes
}

// waitResumed waits until each writer has a write sent after at, acknowledged, and found on the
// node behind s (a session to that node alone); it returns when each writer's was first seen
// there, and whether all were within d.
func (l *mnLoad) waitResumed(s *gocql.Session, ks string, at time.Time, d time.Duration) (map[int]time.Time, bool) {
	seen := map[int]time.Time{}
	for deadline := time.Now().Add(d); len(seen) < len(l.writers); time.Sleep(100 * time.Millisecond) {
		for i := range l.writers {
			if _, ok := seen[i]; ok {
				continue
			}
			w := l.lastAcked(i)
			if !w.sent.After(at) {
				continue
			}
			var v string
			if s.Query("SELECT v FROM "+ks+".kv WHERE k = ?", w.k).Scan(&v) == nil && v == mnValue(w.k) {
				seen[i] = time.Now()
			}
		}
		if time.Now().After(deadline) {
			return seen, false
		}
	}
	return seen, true
}
