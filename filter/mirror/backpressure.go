package mirror

import "sync/atomic"

// A client that stops reading: once its connection is above Envoy's write-buffer high watermark,
// replies stay in the session instead of going to Envoy (the binding also stops reading the
// client's requests) until the low watermark. A session that holds maxHeldReplies the binding has
// not taken, because the client is paused or the worker thread has yet to flush, stops reading
// its clusters until they are taken, so TCP back-pressure reaches the clusters.
//
// A reply waiting unread in a cluster socket is no cluster timeout: while the readers are stopped
// the deadlines of the requests in flight are frozen, and the time stopped is added to them when
// the readers resume. A cluster that stalls meanwhile is still found by the health probe, which
// has a connection of its own.

// maxHeldReplies is how many reply bytes a session keeps for its client before it stops reading
// the clusters: Envoy's default per_connection_buffer_limit_bytes, so that a client that reads
// nothing costs the proxy about twice its connection's buffer limit.
const maxHeldReplies = 1 << 20

// frozenDeadline is added to a deadline to put it out of the sweeper's reach.
const frozenDeadline = 1 << 62

// Stages of a paused session, as cqlmirror_paused_sessions labels them.
const (
	pauseClient   = iota // the client's connection is above the high watermark
	pauseClusters        // the session stopped reading its clusters
	nPauseStages
)

var pauseStageNames = [nPauseStages]string{"client", "clusters"}

// pauseEnded marks since and stopped of a session that ended: nothing pauses it again.
const pauseEnded = -1

// clientPause is a session's state while its client does not read. since and stopped are
// atomics so that Session.end, which takes no lock, can settle them: whoever moves one from a
// positive stamp counts it off the gauges, exactly once.
type clientPause struct {
	// since is Mirror.now() when the client went above the high watermark, 0 while below.
	since atomic.Int64
	// stopped is Mirror.now() when the cluster readers stopped, 0 while they read.
	stopped atomic.Int64
	// resume is closed when the readers may go on; nil while none waits. Guarded by Session.mu.
	resume chan struct{}
}

// clientAbove runs on the binding's thread when the client's connection goes above Envoy's
// write-buffer high watermark.
func (s *Session) clientAbove() {
	now := max(s.m.now(), 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clientPause.since.CompareAndSwap(0, now) {
		s.m.mt.pausedSessions[pauseClient].Inc()
	}
}

// clientBelow runs on the binding's thread when the client's connection drains below Envoy's
// low watermark: the binding is woken for the replies held meanwhile, and the Flush that takes
// them lets stopped readers go on.
func (s *Session) clientBelow() {
	now := s.m.now()
	s.mu.Lock()
	since := s.clientPause.since.Load()
	if since <= 0 || !s.clientPause.since.CompareAndSwap(since, 0) {
		s.mu.Unlock()
		return
	}
	s.m.mt.pausedSessions[pauseClient].Dec()
	s.m.mt.pausedClient.Add(seconds(now - since))
	wake := !s.woken && (len(s.out) > 0 || s.closing)
	if wake {
		s.woken = true
	}
	s.mu.Unlock()
	if wake {
		s.d.Wake()
	}
}

// holdingLocked reports whether Flush keeps the replies: the client is paused, and the session
// is not closing (a closing session hands Envoy what it has).
func (s *Session) holdingLocked() bool {
	return s.clientPause.since.Load() > 0 && !s.closing
}

// waitForClient is where a cluster reader stops between two reads while the session holds
// maxHeldReplies the binding has not taken. It returns false once the session ended.
func (s *Session) waitForClient() bool {
	s.mu.Lock()
	for len(s.out) >= maxHeldReplies && !s.closing {
		if s.clientPause.resume == nil {
			s.clientPause.resume = make(chan struct{})
		}
		resume := s.clientPause.resume
		s.freezeLocked()
		s.mu.Unlock()
		select {
		case <-resume:
		case <-s.done:
			return false
		}
		s.mu.Lock()
	}
	s.mu.Unlock()
	return true
}

// releaseReadersLocked lets stopped readers go on: Flush took the replies they waited on.
func (s *Session) releaseReadersLocked() {
	if s.clientPause.resume == nil {
		return
	}
	close(s.clientPause.resume)
	s.clientPause.resume = nil
	s.thawLocked(s.m.now())
}

// freezeLocked stops the deadlines of the requests in flight, once per stop of the readers.
func (s *Session) freezeLocked() {
	if !s.clientPause.stopped.CompareAndSwap(0, max(s.m.now(), 1)) {
		return
	}
	s.m.mt.pausedSessions[pauseClusters].Inc()
	for i := range s.slots {
		p := &s.slots[i]
		if !p.inUse {
			continue
		}
		p.deadline += frozenDeadline
		if p.setupDeadline != 0 {
			p.setupDeadline += frozenDeadline
		}
	}
}

// thawLocked lets the frozen deadlines run again, later by the time the readers were stopped.
// Requests sent while they were stopped have deadlines of their own, and keep them.
func (s *Session) thawLocked(now int64) {
	stopped := s.clientPause.stopped.Load()
	if stopped <= 0 || !s.clientPause.stopped.CompareAndSwap(stopped, 0) {
		return
	}
	s.m.mt.pausedSessions[pauseClusters].Dec()
	shift := now - stopped - frozenDeadline
	for i := range s.slots {
		p := &s.slots[i]
		if !p.inUse {
			continue
		}
		if p.deadline >= frozenDeadline/2 {
			p.deadline += shift
		}
		if p.setupDeadline >= frozenDeadline/2 {
			p.setupDeadline += shift
		}
	}
}

// endPause settles the pause of a session that ends while paused; the readers waiting in
// waitForClient see s.done closed.
func (s *Session) endPause() {
	now := s.m.now()
	if since := s.clientPause.since.Swap(pauseEnded); since > 0 {
		s.m.mt.pausedSessions[pauseClient].Dec()
		s.m.mt.pausedClient.Add(seconds(now - since))
	}
	if s.clientPause.stopped.Swap(pauseEnded) > 0 {
		s.m.mt.pausedSessions[pauseClusters].Dec()
	}
}
