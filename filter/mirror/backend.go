package mirror

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// pushWrites runs on the binding's thread after a chunk of client data: each cluster's queued
// bytes go out in one non-blocking write (in v5, wrapped in segments first), and only what the
// socket does not take is left for the backend's goroutine. Most requests thus reach the
// clusters without waking a goroutine.
func (s *Session) pushWrites() {
	for r := range s.backends {
		b := &s.backends[r]
		s.mu.Lock()
		var buf []byte
		if b.raw != nil && len(b.segTail) == 0 {
			buf = b.takeLocked()
		}
		segmented, lz4 := b.segmented, s.comp == cql.LZ4
		queued := buf == nil && (len(b.wbuf) > 0 || len(b.segTail) > 0)
		s.mu.Unlock()
		if buf != nil {
			queued = s.writeInline(b, buf, segmented, lz4)
		}
		if queued {
			select {
			case b.kick <- struct{}{}:
			default:
			}
		}
	}
}

// writeInline writes buf, taken from b's queue, without blocking, and reports whether bytes
// remain for the backend's goroutine. A v5 connection gets buf as segments: a tail of them the
// socket did not take waits in segTail, to go out before anything else.
func (s *Session) writeInline(b *backend, buf []byte, segmented, lz4 bool) (queued bool) {
	if !segmented {
		n := b.rw.write(b.raw, buf)
		s.mu.Lock()
		defer s.mu.Unlock()
		return b.doneLocked(buf, n)
	}
	seg, err := cql.AppendSegments(b.inlineSeg[:0], buf, lz4)
	if err != nil { // the goroutine meets the error again and fails the connection
		s.mu.Lock()
		defer s.mu.Unlock()
		return b.doneLocked(buf, 0)
	}
	b.inlineSeg = seg
	n := b.rw.write(b.raw, seg)
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < len(seg) {
		b.segTail = append(b.segTail, seg[n:]...)
	}
	if cap(b.inlineSeg) > keepBuffer {
		b.inlineSeg = nil
	}
	return b.doneLocked(buf, len(buf)) || len(b.segTail) > 0
}

// takeLocked hands the queued bytes to the caller, unless another writer holds them.
func (b *backend) takeLocked() []byte {
	if b.writing || len(b.wbuf) == 0 {
		return nil
	}
	buf := b.wbuf
	b.wbuf, b.wspare = b.wspare[:0], nil
	b.writing = true
	return buf
}

// doneLocked takes back buf, of which n bytes were written, and reports whether bytes remain
// queued. An unwritten tail goes back ahead of anything queued since.
func (b *backend) doneLocked(buf []byte, n int) (more bool) {
	b.writing = false
	if n < len(buf) {
		queued := b.wbuf
		b.wbuf = append(buf[:copy(buf, buf[n:])], queued...)
		b.wspare = queued[:0]
		return true
	}
	if cap(buf) <= keepBuffer {
		b.wspare = buf[:0]
	}
	return len(b.wbuf) > 0
}

// rawWriter writes to a socket without blocking, from the binding's thread. Its callback is
// made once per connection, so a write allocates nothing.
type rawWriter struct {
	fd  func(fd uintptr) bool
	buf []byte
	n   int
}

func newRawWriter() *rawWriter {
	w := &rawWriter{}
	w.fd = w.writeFD
	return w
}

// write writes as much of buf as the socket takes without blocking. Errors are left for the
// backend's goroutine, whose blocking write will meet them again and fail the session.
func (w *rawWriter) write(rc syscall.RawConn, buf []byte) (n int) {
	w.buf, w.n = buf, 0
	rc.Write(w.fd)
	n = w.n
	w.buf = nil
	return n
}

func (w *rawWriter) writeFD(fd uintptr) bool {
	for w.n < len(w.buf) {
		m, err := syscall.Write(int(fd), w.buf[w.n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil || m <= 0 {
			break
		}
		w.n += m
	}
	return true
}

// runBackend dials a node of cluster r and then serves the connection.
func (s *Session) runBackend(r role) {
	defer s.m.recovered("connecting to the "+r.String(), s.kill)
	conn, node, release, err := s.m.dialNode(r)
	if err != nil {
		s.backendError(r, s.gen(r), err, true)
		return
	}
	gen, ok := s.attach(r, conn, node, release)
	if ok {
		s.serve(r, conn, gen)
	}
}

func (s *Session) gen(r role) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.backends[r].gen
}

// attach makes conn, to node, cluster r's connection unless the session ended, and returns its
// generation: goroutines of an earlier connection to r find out they are stale by comparing it.
// release ends the session's count on node, when the connection goes.
func (s *Session) attach(r role, conn net.Conn, node netip.AddrPort, release func()) (gen int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attachLocked(r, conn, node, release)
}

func (s *Session) attachLocked(r role, conn net.Conn, node netip.AddrPort, release func()) (gen int, ok bool) {
	if s.over() {
		closeConn(conn)
		release()
		return 0, false
	}
	b := &s.backends[r]
	b.gen++
	b.conn, b.raw, b.segTail = conn, nil, nil
	b.releaseNode()
	b.node = node
	b.release.Store(&release)
	if tcp, ok := conn.(*net.TCPConn); ok {
		b.raw, _ = tcp.SyscallConn()
		if b.rw == nil {
			b.rw = newRawWriter()
		}
	}
	b.live.Store(&liveConn{conn})
	if s.over() { // end() ran after the check above and may have missed conn
		if c := b.live.Swap(nil); c != nil {
			closeConn(c.Conn)
		}
		b.releaseNode()
		return 0, false
	}
	b.setConnected(s.m, r, true)
	return b.gen, true
}

// releaseNode ends the session's count on its node of this cluster.
func (b *backend) releaseNode() {
	if f := b.release.Swap(nil); f != nil {
		(*f)()
	}
}

// setConnected counts cluster r's connection in cqlmirror_cluster_connected, or takes it out.
func (b *backend) setConnected(m *Mirror, r role, on bool) {
	if b.connected.CompareAndSwap(!on, on) {
		if on {
			m.mt.clusterConnected[r].Inc()
		} else {
			m.mt.clusterConnected[r].Dec()
		}
	}
}

// serve reads replies from conn in a goroutine and writes whatever the binding's thread could
// not, until the connection fails or the session ends.
func (s *Session) serve(r role, conn net.Conn, gen int) {
	defer s.m.recovered("writing to the "+r.String(), s.kill)
	b := &s.backends[r]
	go s.readBackend(r, conn, gen)
	for {
		for {
			s.mu.Lock()
			if b.gen != gen {
				s.mu.Unlock()
				select { // pass the wake-up on to the current connection's writer
				case b.kick <- struct{}{}:
				default:
				}
				return
			}
			if len(b.segTail) > 0 && !b.writing {
				tail := b.segTail
				b.segTail, b.writing = nil, true
				s.mu.Unlock()
				_, err := conn.Write(tail)
				s.mu.Lock()
				b.writing = false
				s.mu.Unlock()
				if err != nil {
					s.backendError(r, gen, err, false)
					return
				}
				continue
			}
			buf := b.takeLocked()
			segmented, lz4 := b.segmented, s.comp == cql.LZ4
			s.mu.Unlock()
			if buf == nil {
				break
			}
			data := buf
			if segmented {
				var err error
				if b.seg, err = cql.AppendSegments(b.seg[:0], buf, lz4); err != nil {
					s.backendError(r, gen, err, false)
					return
				}
				data = b.seg
			}
			began := s.m.now()
			_, err := conn.Write(data)
			s.m.mt.pausedServer.Add(seconds(s.m.now() - began))
			n := len(buf)
			if err != nil {
				n = 0
			}
			s.mu.Lock()
			more := b.doneLocked(buf, n)
			s.mu.Unlock()
			if err != nil {
				s.backendError(r, gen, err, false)
				return
			}
			if !more {
				break
			}
		}
		select {
		case <-b.kick:
		case <-s.done:
			return
		}
	}
}

// readBackend reads replies from cluster r until the connection ends, in chunks: the binding is
// woken at most once per chunk, however many replies it holds.
func (s *Session) readBackend(r role, conn net.Conn, gen int) {
	defer s.m.recovered("reading from the "+r.String(), s.kill)
	fr := cql.Framer{Max: ProtocolMaxFrameBytes, Replies: true}
	var ds cql.Desegmenter
	segmented, lz4 := s.framing(r)
	ds.Compressed = lz4
	var failure error
	wake, stale := false, false
	onFrame := func(f cql.Frame) { // under s.mu: see repliesFrom
		if failure != nil || stale {
			return
		}
		if s.backends[r].gen != gen { // a reply before this one in the chunk replaced the connection
			stale = true
			return
		}
		if f.Unframable || f.Oversized {
			failure = fmt.Errorf("malformed reply header % x", f.Raw[:min(len(f.Raw), cql.HeaderLen)])
			fr.Stop()
			return
		}
		if s.onReplyLocked(r, f.Raw) {
			wake = true
		}
		if !segmented && s.backends[r].segmented {
			segmented, lz4 = true, s.comp == cql.LZ4
			ds.Compressed = lz4
			fr.Stop() // what follows this reply is v5 segments
		}
	}
	feed := func(p []byte) {
		if !segmented {
			if rest := fr.Feed(p, onFrame); len(rest) > 0 && segmented && failure == nil {
				p = rest
			} else {
				return
			}
		}
		if err := ds.Feed(p, func(payload []byte) { fr.Feed(payload, onFrame) }); err != nil && failure == nil {
			failure = err
		}
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := conn.Read(buf)
		if n > 0 && !s.repliesFrom(r, gen, buf[:n], feed) {
			stale = true
		}
		s.afterUnlock(wake)
		wake = false
		if stale {
			return
		}
		if failure != nil {
			err = failure
		}
		if err != nil {
			s.backendError(r, gen, err, false)
			return
		}
		if !s.waitForClient() {
			return
		}
	}
}

// framing reports whether cluster r's connection carries v5 segments, and whether lz4 applies.
func (s *Session) framing(r role) (segmented, lz4 bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.backends[r].segmented, s.comp == cql.LZ4
}

// repliesFrom hands one chunk read from connection gen of cluster r to feed, under the session's
// lock (once per chunk, not per reply); false means gen is no longer the cluster's connection.
func (s *Session) repliesFrom(r role, gen int, chunk []byte, feed func([]byte)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.backends[r].gen != gen {
		return false
	}
	s.replyAt[r] = s.m.now()
	s.replyProcFrom[r] = s.replyAt[r]
	feed(chunk)
	return true
}

// disconnectedLocked takes cluster r's connection out of cqlmirror_cluster_connected.
func (s *Session) disconnectedLocked(r role) {
	s.backends[r].setConnected(s.m, r, false)
}

// backendError handles a failure of connection gen to cluster r: a dial that failed (dialing),
// or a connection that broke. Only a failed dial counts against the cluster's health: a node
// also closes a connection for what the client sent on it, and the probe finds a node that went.
func (s *Session) backendError(r role, gen int, err error, dialing bool) {
	s.afterUnlock(s.backendErrorLocked(r, gen, err, dialing))
}

func (s *Session) backendErrorLocked(r role, gen int, err error, dialing bool) (wake bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.backends[r].gen != gen {
		return false
	}
	return s.failLocked(r, err, dialing)
}

// afterUnlock does what a locked section left for after the session's lock: the writes the
// target missed go to the recorder, which wakes the binding once they are written (Flush holds
// replies back until then); otherwise the binding is woken now, if asked to be. Only the engine's
// goroutines call it.
func (s *Session) afterUnlock(wake bool) {
	if s.hasMissed.Load() {
		if ws := s.takeMissed(wake); len(ws) > 0 {
			s.m.record(ws, s.recorded)
			return
		}
	}
	if wake {
		s.d.Wake()
	}
}

// takeMissed hands the missed writes to the caller; they count as recording until recorded, and
// the wake the caller owes the binding (if any) is left to recorded.
func (s *Session) takeMissed(wake bool) []missedWrite {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.missed
	s.missed = nil
	s.hasMissed.Store(false)
	if len(ws) > 0 {
		s.recording++
		s.wakeOwed = s.wakeOwed || wake
	}
	return ws
}

// recorded runs on the journal's writer once a batch of this session's missed writes is written,
// or dropped (source-decides still answers with the source's reply; strict answered with the
// target's error already): the replies Flush held back may go.
func (s *Session) recorded(error) {
	s.mu.Lock()
	s.recording--
	wake := s.recording == 0 && (s.wakeOwed || !s.woken && (len(s.out) > 0 || s.closing))
	if wake {
		s.woken, s.wakeOwed = true, false
	}
	s.mu.Unlock()
	if wake {
		s.d.Wake()
	}
}

// kill ends the session and asks the binding to close the client connection; the engine's
// goroutines call it after recovering from a panic.
func (s *Session) kill() {
	s.end()
	s.mu.Lock()
	s.closing, s.woken = true, true
	s.mu.Unlock()
	s.d.Wake()
}
