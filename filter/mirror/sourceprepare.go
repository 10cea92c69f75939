package mirror

import (
	"bytes"
	"net/netip"
	"sync"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// preparedOn remembers which statements each source node prepared, as far as this config saw:
// Cassandra keeps prepared statements per node, and a driver that prepared a statement on one of
// its connections to the proxy executes it on the others. A session whose source node lacks one
// of a write's statements prepares it there first (holdForSourceLocked). Otherwise the source
// would answer UNPREPARED after the target took the write, the driver would prepare and run it
// again, and a counter increment or list append would land twice on the target.
type preparedOn struct {
	mu sync.Mutex
	m  map[netip.AddrPort]map[string]struct{}
}

func (o *preparedOn) has(node netip.AddrPort, id []byte) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.m[node][string(id)]
	return ok
}

func (o *preparedOn) add(node netip.AddrPort, id []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[netip.AddrPort]map[string]struct{}{}
	}
	ids := o.m[node]
	if ids == nil || len(ids) >= maxPrepared { // bounded as the statements are: start over
		ids = map[string]struct{}{}
		o.m[node] = ids
	}
	ids[string(id)] = struct{}{}
}

func (o *preparedOn) forget(node netip.AddrPort, id []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.m[node], string(id))
}

// sourceLacksLocked lists the statements of ids (source ids) that the session's source node has
// not prepared; none while the session has no source node yet.
func (s *Session) sourceLacksLocked(ids [][]byte) (missing [][]byte) {
	node := s.backends[source].node
	if !node.IsValid() {
		return nil
	}
	for _, id := range ids {
		if !s.m.onSource.has(node, id) {
			missing = append(missing, id)
		}
	}
	return missing
}

// holdForSourceLocked keeps the write in slot parent from the source until the source node has
// prepared each statement of missing: it is sent there once each PREPARE is answered, however
// it is answered (a PREPARE that fails leaves the write to meet UNPREPARED, as without the
// proxy).
func (s *Session) holdForSourceLocked(parent int16, frame []byte, missing [][]byte) {
	node := s.backends[source].node
	s.slots[parent].srcHeld = append(s.slots[parent].srcHeld[:0], frame...)
	for _, id := range missing {
		stmt := s.m.prepared.get(id)
		if stmt == nil {
			continue
		}
		qid, ok := s.allocLocked()
		if !ok {
			break
		}
		q := &s.slots[qid]
		q.inUse, q.internal, q.answered, q.parent, q.op = true, true, true, parent, primitive.OpCodePrepare
		q.await, q.open, q.deadline = source.bit(), source.bit(), s.m.now()+int64(s.m.cfg.RequestTimeout)
		want := bytes.Clone(id)
		q.onReply = func(raw []byte) {
			if res, ok := cql.Prepared(raw); ok && bytes.Equal(res.PreparedQueryId, want) {
				s.m.onSource.add(node, want)
			}
			s.sourcePreparedLocked(parent)
		}
		prep := &message.Prepare{Query: stmt.query}
		if s.version >= primitive.ProtocolVersion5 {
			prep.Keyspace = stmt.keyspace
		}
		s.sendLocked(source, cql.Encode(s.version, qid, prep), qid)
		s.slots[parent].srcWaits++
	}
	if s.slots[parent].srcWaits == 0 {
		s.releaseToSourceLocked(parent)
	}
}

// sourcePreparedLocked counts one answered PREPARE of the write in slot parent.
func (s *Session) sourcePreparedLocked(parent int16) {
	p := &s.slots[parent]
	if p.srcWaits--; p.srcWaits <= 0 {
		s.releaseToSourceLocked(parent)
	}
}

// releaseToSourceLocked sends the held write to the source, unless it ran out its deadline
// meanwhile: then it no longer waits for the source at all.
func (s *Session) releaseToSourceLocked(parent int16) {
	p := &s.slots[parent]
	p.srcWaits = 0
	if !p.inUse || p.await&source.bit() == 0 {
		return
	}
	if p.open&source.bit() == 0 {
		p.await &^= source.bit()
		if p.await == 0 {
			s.finishLocked(p, parent)
		}
		return
	}
	s.sendLocked(source, p.srcHeld, parent)
	p.srcHeld = p.srcHeld[:0]
}

// noteSourcePrepareLocked learns from a source reply which statements its node has: a PREPARE
// answered, or an UNPREPARED (the node restarted or evicted the statement).
func (s *Session) noteSourcePrepareLocked(p *pending, h cql.Header, plain []byte) {
	node := s.backends[source].node
	switch {
	case p.prep != nil && h.Opcode == primitive.OpCodeResult:
		if res, ok := cql.Prepared(plain); ok {
			s.m.onSource.add(node, res.PreparedQueryId)
		}
	case p.journal && h.Opcode == primitive.OpCodeError:
		if id, ok := cql.UnpreparedID(plain); ok {
			s.m.onSource.forget(node, id)
		}
	}
}
