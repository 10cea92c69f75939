package mirror

import (
	"fmt"
	"net"
	"syscall"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// pushWrites runs on the binding's thread after a chunk of client data: each cluster's queued
// bytes go out in one non-blocking write, and only what the socket does not take is left for the
// backend's goroutine. Most requests thus reach the clusters without waking a goroutine.
func (s *Session) pushWrites() {
	for r := range s.backends {
		b := &s.backends[r]
		s.mu.Lock()
		var buf []byte
		if b.raw != nil && !b.segmented { // segments go out through the goroutine's blocking write
			buf = b.takeLocked()
		}
		queued := buf == nil && len(b.wbuf) > 0
		s.mu.Unlock()
		if buf != nil {
			n := writeNow(b.raw, buf)
			s.mu.Lock()
			queued = b.doneLocked(buf, n)
			s.mu.Unlock()
		}
		if queued {
			select {
			case b.kick <- struct{}{}:
			default:
			}
		}
	}
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

// writeNow writes as much of buf as the socket takes without blocking. Errors are left for the
// backend's goroutine, whose blocking write will meet them again and fail the session.
func writeNow(rc syscall.RawConn, buf []byte) (n int) {
	rc.Write(func(fd uintptr) bool {
		for n < len(buf) {
			m, err := syscall.Write(int(fd), buf[n:])
			if err == syscall.EINTR {
				continue
			}
			if err != nil || m <= 0 {
				break
			}
			n += m
		}
		return true
	})
	return n
}

// runBackend dials cluster r and then serves the connection.
func (s *Session) runBackend(r role) {
	conn, err := s.m.dial(r)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		if conn != nil {
			conn.Close()
		}
		return
	}
	if err != nil {
		wake := s.failLocked(r, err)
		s.mu.Unlock()
		if wake {
			s.d.Wake()
		}
		return
	}
	gen := s.attachLocked(r, conn)
	s.mu.Unlock()
	s.serve(r, conn, gen)
}

// attachLocked makes conn cluster r's connection and returns its generation: goroutines of an
// earlier connection to r find out they are stale by comparing it.
func (s *Session) attachLocked(r role, conn net.Conn) int {
	b := &s.backends[r]
	b.gen++
	b.conn, b.raw = conn, nil
	if tcp, ok := conn.(*net.TCPConn); ok {
		b.raw, _ = tcp.SyscallConn()
	}
	if !b.connected {
		b.connected = true
		s.m.mt.clusterConnected[r].Inc()
	}
	return b.gen
}

// serve reads replies from conn in a goroutine and writes whatever the binding's thread could
// not, until the connection fails or the session ends.
func (s *Session) serve(r role, conn net.Conn, gen int) {
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
					s.backendError(r, gen, err)
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
				s.backendError(r, gen, err)
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
	fr := cql.Framer{Max: ProtocolMaxFrameBytes, Replies: true}
	var ds cql.Desegmenter
	s.mu.Lock()
	segmented := s.backends[r].segmented
	ds.Compressed = s.comp == cql.LZ4
	s.mu.Unlock()
	var failure error
	wake, stale := false, false
	onFrame := func(f cql.Frame) {
		if failure != nil || stale {
			return
		}
		if f.Unframable || f.Oversized {
			failure = fmt.Errorf("malformed reply header % x", f.Raw[:min(len(f.Raw), cql.HeaderLen)])
			fr.Stop()
			return
		}
		s.mu.Lock()
		if s.backends[r].gen != gen {
			stale = true
		} else {
			wake = s.onReplyLocked(r, f.Raw) || wake
			if !segmented && s.backends[r].segmented {
				segmented, ds.Compressed = true, s.comp == cql.LZ4
				fr.Stop() // what follows this reply is v5 segments
			}
		}
		s.mu.Unlock()
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
		if n > 0 {
			feed(buf[:n])
		}
		if wake {
			wake = false
			s.d.Wake()
		}
		if stale {
			return
		}
		if failure != nil {
			err = failure
		}
		if err != nil {
			s.backendError(r, gen, err)
			return
		}
	}
}

// disconnectedLocked takes cluster r's connection out of cqlmirror_cluster_connected.
func (s *Session) disconnectedLocked(r role) {
	if b := &s.backends[r]; b.connected {
		b.connected = false
		s.m.mt.clusterConnected[r].Dec()
	}
}

func (s *Session) backendError(r role, gen int, err error) {
	s.mu.Lock()
	if s.backends[r].gen != gen {
		s.mu.Unlock()
		return
	}
	wake := s.failLocked(r, err)
	s.mu.Unlock()
	if wake {
		s.d.Wake()
	}
}
