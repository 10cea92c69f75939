package mirror

import (
	"fmt"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// reprepareLocked handles a target that answered a mirrored write with UNPREPARED (it restarted,
// or evicted the statement): the proxy prepares the statement on the target again from the text
// it kept, then sends the write once more under the same stream id. It reports false when it
// cannot, and the failure then takes its usual course.
func (s *Session) reprepareLocked(p *pending, id int16, targetID []byte) bool {
	stmt := s.m.prepared.byTarget(targetID)
	if stmt == nil || p.reprepared {
		return false
	}
	qid, ok := s.allocLocked()
	if !ok {
		return false
	}
	p = &s.slots[id] // allocLocked may have grown the slots
	p.reprepared = true
	q := &s.slots[qid]
	q.inUse, q.internal, q.parent, q.op = true, true, id, primitive.OpCodePrepare
	q.await, q.open, q.deadline = target.bit(), target.bit(), s.m.now()+int64(s.m.cfg.RequestTimeout)
	q.oldID, q.stmt = append(q.oldID[:0], targetID...), stmt
	s.sendLocked(target, cql.Encode(s.version, qid, &message.Prepare{Query: stmt.query}), qid)
	s.m.log.Info("target forgot a prepared statement; preparing it again", "statement", stmt.query)
	return true
}

// onInternalReplyLocked finishes a re-prepare: on success the write it was for goes to the target
// again, with the target's new id; otherwise that write's target outcome is the failure.
func (s *Session) onInternalReplyLocked(qid int16, raw []byte, failure string) (wake bool) {
	q := &s.slots[qid]
	q.await, q.open = 0, 0
	if fn := q.onReply; fn != nil {
		q.onReply = nil
		s.finishLocked(q, qid)
		fn(raw)
		return false
	}
	parent, oldID, stmt := q.parent, q.oldID, q.stmt
	s.finishLocked(q, qid)
	p := &s.slots[parent]
	if !p.inUse || p.open&target.bit() == 0 {
		// The write already settled (it timed out); it no longer waits for the target.
		if p.inUse && p.await&target.bit() != 0 {
			p.await &^= target.bit()
			if p.await == 0 {
				s.finishLocked(p, parent)
			}
		}
		return false
	}
	var newID []byte
	if raw != nil {
		if res, ok := cql.Prepared(raw); ok {
			newID = res.PreparedQueryId
		} else if f, err := cql.Decode(raw); err == nil {
			failure = "re-preparing on the target failed: " + fmt.Sprint(f.Body.Message)
		}
	}
	if newID == nil {
		if failure == "" {
			failure = "re-preparing on the target failed"
		}
		p.await &^= target.bit()
		p.reply[target] = outcome{failed: failure}
		wake = s.settleLocked(p, target, nil)
		if p.await == 0 {
			s.finishLocked(p, parent)
		}
		return wake
	}
	stmt.target = newID
	if string(newID) != string(oldID) {
		p.sent = rewriteID(p.sent, oldID, newID)
	}
	s.sendLocked(target, p.sent, parent)
	return false
}

// rewriteID replaces every occurrence of prepared id from with to in an EXECUTE or BATCH frame.
func rewriteID(raw, from, to []byte) []byte {
	var edits []cql.Edit
	if cql.ParseHeader(raw).Opcode == primitive.OpCodeExecute {
		if id, off, ok := cql.ExecuteID(raw); ok && string(id) == string(from) {
			edits = append(edits, cql.Edit{Off: off, New: to})
		}
	} else {
		cql.BatchPreparedIDs(raw, func(id []byte, off int) {
			if string(id) == string(from) {
				edits = append(edits, cql.Edit{Off: off, New: to})
			}
		})
	}
	if len(edits) == 0 {
		return raw
	}
	return cql.Splice(nil, raw, edits)
}

// sendLocked queues a frame of the proxy's own for cluster r under stream id and wakes the
// cluster's writer; it runs on the session's goroutines, not on the binding's thread.
func (s *Session) sendLocked(r role, frame []byte, id int16) {
	b := &s.backends[r]
	start := len(b.wbuf)
	b.wbuf = append(b.wbuf, frame...)
	cql.SetStream(b.wbuf[start:], id)
	select {
	case b.kick <- struct{}{}:
	default:
	}
}
