package mirror

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// FailedWrite is one line of failed_writes_file.
type FailedWrite = journal.Record

// failedWrite builds the record of a write the target missed, and logs it.
func (m *Mirror) failedWrite(w missedWrite, at time.Time) *FailedWrite {
	rec := &FailedWrite{
		Time: at.UTC(), StatPrefix: m.cfg.StatPrefix, Target: m.addr[target], Reason: w.reason,
		Keyspace: w.keyspace, Frame: base64.StdEncoding.EncodeToString(w.sent),
	}
	if len(w.sent) >= cql.HeaderLen {
		rec.Version = int(cql.ParseHeader(w.sent).Version)
	}
	if f, err := cql.Decode(w.sent); err == nil {
		rec.Opcode = name(f.Header.OpCode)
		m.describe(rec, f.Body.Message, w.texts)
	}
	attrs := []any{"reason", w.reason, "opcode", rec.Opcode, "keyspace", rec.Keyspace, "statements", rec.Statements, "failed_writes_file", m.cfg.FailedWritesFile}
	if len(w.targetErr) > 0 {
		if f, err := cql.Decode(w.targetErr); err == nil {
			if e, ok := f.Body.Message.(message.Error); ok {
				attrs = append(attrs, "error", e.GetErrorMessage())
			}
		}
	}
	if m.cfg.LogBoundValues { // a debug switch: values are data
		vals := make([][]string, len(rec.Values))
		for i, vs := range rec.Values {
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
	m.missedLog.log(m.log, slog.LevelError, "the target missed a write the source took; recorded", attrs...)
	return rec
}

// describe fills in the statements of msg; texts are its prepared statements' texts in order, as
// the session knew them (the prepared map may have dropped an id since).
func (m *Mirror) describe(w *FailedWrite, msg message.Message, texts []string) {
	text := func(id []byte) string {
		if len(texts) > 0 {
			t := texts[0]
			texts = texts[1:]
			return t
		}
		return m.statementFor(id)
	}
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
		w.Consistency, w.TimestampMicros = name(q.Options.Consistency), q.Options.DefaultTimestamp
		if q.Options.Keyspace != "" {
			w.Keyspace = q.Options.Keyspace
		}
	case *message.Execute:
		add(text(q.QueryId), q.Options.PositionalValues)
		w.Consistency, w.TimestampMicros = name(q.Options.Consistency), q.Options.DefaultTimestamp
	case *message.Batch:
		for _, c := range q.Children {
			stmt := c.Query
			if c.Id != nil {
				stmt = text(c.Id)
			}
			add(stmt, c.Values)
		}
		w.Consistency, w.TimestampMicros = name(q.Consistency), q.DefaultTimestamp
		if q.Keyspace != "" {
			w.Keyspace = q.Keyspace
		}
	}
}

// name is a protocol constant's own name: "QUERY" for "OpCode QUERY [0x07]".
func name(c fmt.Stringer) string {
	if f := strings.Fields(c.String()); len(f) == 3 {
		return f[1]
	}
	return c.String()
}

// statementFor names the statement behind an id in a request sent to the target.
func (m *Mirror) statementFor(targetID []byte) string {
	if p := m.prepared.byTarget(targetID); p != nil {
		return p.query
	}
	return fmt.Sprintf("<prepared statement %x>", targetID)
}
