package mirror

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// journal is the append-only failed_writes_file: one JSON line per write the target missed. Its
// file is written by one goroutine at a time (see recorder.go), never under a session's lock.
type journal struct {
	path string
	f    *os.File // the writer's

	mu      sync.Mutex
	queue   []journalJob
	queued  int  // bytes in queue
	running bool // a writer goroutine runs
	closing bool // Close was called: the writer closes the file once the queue is empty
}

// FailedWrite is one line of failed_writes_file.
type FailedWrite struct {
	Time        time.Time `json:"time"`
	StatPrefix  string    `json:"stat_prefix"`
	Target      string    `json:"target"`
	Reason      string    `json:"reason"`
	Opcode      string    `json:"opcode"`
	Consistency string    `json:"consistency,omitempty"`
	// TimestampMicros is the write timestamp both clusters were meant to store.
	TimestampMicros *int64 `json:"timestamp_us,omitempty"`
	// Statements holds the CQL text of each statement, in order; Values their bound values in
	// hex, null for a null value.
	Statements []string    `json:"statements"`
	Values     [][]*string `json:"values"`
	// Frame is the exact request the target was sent, base64, for replay.
	Frame string `json:"frame"`
}

// recordFailedWrite appends the request sent to the target (sent) to the journal and logs it;
// targetErr is the target's ERROR reply, if it sent one.
func (m *Mirror) recordFailedWrite(sent []byte, reason string, targetErr []byte) {
	w := FailedWrite{
		Time: time.Now().UTC(), StatPrefix: m.cfg.StatPrefix, Target: m.addr[target], Reason: reason,
		Frame: base64.StdEncoding.EncodeToString(sent),
	}
	if f, err := cql.Decode(sent); err == nil {
		w.Opcode = f.Header.OpCode.String()
		m.describe(&w, f.Body.Message)
	}
	attrs := []any{"reason", reason, "opcode", w.Opcode, "statements", w.Statements, "failed_writes_file", m.journal.path}
	if len(targetErr) > 0 {
		if f, err := cql.Decode(targetErr); err == nil {
			if e, ok := f.Body.Message.(message.Error); ok {
				attrs = append(attrs, "error", e.GetErrorMessage())
			}
		}
	}
	if m.cfg.LogBoundValues { // a debug switch: values are data
		vals := make([][]string, len(w.Values))
		for i, vs := range w.Values {
			for _, v := range vs {
				if v == nil {
					vals[i] = append(vals[i], "null")
				} else {
					vals[i] = append(vals[i], *v)
				}
			}
		}
		attrs = append(attrs, "values", vals)
	}
	m.log.Error("the target missed a write the source took; recorded", attrs...)
	if err := m.journal.append(&w); err != nil {
		m.stats.JournalErrors.Add(1)
		m.log.Error("could not record a failed write", "failed_writes_file", m.journal.path, "error", err)
	}
}

func (m *Mirror) describe(w *FailedWrite, msg message.Message) {
	add := func(stmt string, values []*primitive.Value) {
		w.Statements = append(w.Statements, stmt)
		vs := make([]*string, len(values))
		for i, v := range values {
			if v != nil && v.Type == primitive.ValueTypeRegular {
				h := hex.EncodeToString(v.Contents)
				vs[i] = &h
			}
		}
		w.Values = append(w.Values, vs)
	}
	switch q := msg.(type) {
	case *message.Query:
		add(q.Query, q.Options.PositionalValues)
		w.Consistency, w.TimestampMicros = q.Options.Consistency.String(), q.Options.DefaultTimestamp
	case *message.Execute:
		add(m.statementFor(q.QueryId), q.Options.PositionalValues)
		w.Consistency, w.TimestampMicros = q.Options.Consistency.String(), q.Options.DefaultTimestamp
	case *message.Batch:
		for _, c := range q.Children {
			stmt := c.Query
			if c.Id != nil {
				stmt = m.statementFor(c.Id)
			}
			add(stmt, c.Values)
		}
		w.Consistency, w.TimestampMicros = q.Consistency.String(), q.DefaultTimestamp
	}
}

// statementFor names the statement behind an id in a request sent to the target.
func (m *Mirror) statementFor(targetID []byte) string {
	if p := m.prepared.byTarget(targetID); p != nil {
		return p.query
	}
	return fmt.Sprintf("<prepared statement %x>", targetID)
}

// append writes one record; only the writer goroutine calls it.
func (j *journal) append(w *FailedWrite) error {
	line, err := json.Marshal(w)
	if err != nil {
		return err
	}
	if j.f == nil {
		f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return err
		}
		j.f = f
	}
	_, err = j.f.Write(append(line, '\n'))
	return err
}
