package replay

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// plan is one journaled write made ready to send: its decoded request, and where and how it runs.
type plan struct {
	version  primitive.ProtocolVersion
	keyspace string
	msg      message.Message
	// texts holds the statement of each QUERY, EXECUTE or BATCH child, in order; prepared marks
	// those sent by id, which the replay prepares again on the target.
	texts    []string
	prepared []bool
	// nonIdempotent says why running the write twice could change what it stores; "" if not.
	nonIdempotent string
}

var keyspaceName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// newPlan decodes a record's frame and checks it against the record. Its errors name the field.
func newPlan(rec *journal.Record) (*plan, error) {
	raw, err := base64.StdEncoding.DecodeString(rec.Frame)
	if err != nil {
		return nil, fmt.Errorf("field \"frame\" is not base64: %w", err)
	}
	if len(raw) < cql.HeaderLen {
		return nil, fmt.Errorf("field \"frame\" holds %d bytes, less than a frame header", len(raw))
	}
	h := cql.ParseHeader(raw)
	if h.Response || !cql.Supported(h.Version) {
		return nil, fmt.Errorf("field \"frame\" is not a protocol v3, v4 or v5 request (first byte %#02x)", raw[0])
	}
	if rec.Version != 0 && rec.Version != int(h.Version) {
		return nil, fmt.Errorf("field \"protocol_version\" is %d but the frame is v%d", rec.Version, h.Version)
	}
	if h.Flags&cql.FlagCompression != 0 {
		return nil, errors.New("field \"frame\" is compressed; the journal keeps uncompressed frames")
	}
	f, err := cql.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("field \"frame\" does not decode: %w", err)
	}
	p := &plan{version: h.Version, msg: f.Body.Message}
	switch ks := rec.Keyspace; {
	case ks == "":
	case keyspaceName.MatchString(ks):
		p.keyspace = ks
	case len(ks) > 2 && ks[0] == '"' && ks[len(ks)-1] == '"' && keyspaceName.MatchString(ks[1:len(ks)-1]):
		p.keyspace = ks[1 : len(ks)-1]
	default:
		return nil, fmt.Errorf("field \"keyspace\": %q is not a keyspace name", ks)
	}
	statement := func(i int, id []byte) (string, error) {
		if i >= len(rec.Statements) {
			return "", fmt.Errorf("field \"statements\" has %d statements; the frame's statement %d is prepared statement %x, whose text the replay needs", len(rec.Statements), i+1, id)
		}
		s := rec.Statements[i]
		if strings.HasPrefix(s, "<prepared statement") || strings.TrimSpace(s) == "" {
			return "", fmt.Errorf("field \"statements\": the journal does not have the text of prepared statement %x (%q)", id, s)
		}
		return s, nil
	}
	var ts **int64
	switch m := p.msg.(type) {
	case *message.Query:
		if m.Options == nil {
			m.Options = &message.QueryOptions{}
		}
		p.texts, p.prepared, ts = []string{m.Query}, []bool{false}, &m.Options.DefaultTimestamp
	case *message.Execute:
		if m.Options == nil {
			m.Options = &message.QueryOptions{}
		}
		s, err := statement(0, m.QueryId)
		if err != nil {
			return nil, err
		}
		p.texts, p.prepared, ts = []string{s}, []bool{true}, &m.Options.DefaultTimestamp
	case *message.Batch:
		for i, c := range m.Children {
			s := c.Query
			if c.Id != nil {
				if s, err = statement(i, c.Id); err != nil {
					return nil, err
				}
			}
			p.texts, p.prepared = append(p.texts, s), append(p.prepared, c.Id != nil)
		}
		ts = &m.DefaultTimestamp
		if m.Type == primitive.BatchTypeCounter {
			p.nonIdempotent = "counter batch"
		}
	default:
		return nil, fmt.Errorf("field \"frame\" is a %s request, not a write (QUERY, EXECUTE or BATCH)", strings.TrimPrefix(h.Opcode.String(), "OpCode "))
	}
	if *ts == nil && rec.TimestampMicros != nil {
		*ts = rec.TimestampMicros
	}
	for _, s := range p.texts {
		if p.nonIdempotent == "" {
			p.nonIdempotent = journal.NonIdempotent(s)
		}
	}
	if p.nonIdempotent == "" && *ts == nil {
		for _, s := range p.texts {
			if !journal.UsesTimestamp(s) {
				p.nonIdempotent = "no timestamp (the target would give the write a new one)"
				break
			}
		}
	}
	return p, nil
}

// statement is the plan's CQL text, its statements joined by "; ".
func (p *plan) statement() string { return strings.Join(p.texts, "; ") }

// build is the plan's request for c: each prepared statement's id is the one c's PREPARE got.
func (p *plan) build(c *conn) ([]byte, error) {
	for i, s := range p.texts {
		if !p.prepared[i] {
			continue
		}
		ps, err := c.prepare(s)
		if err != nil {
			return nil, err
		}
		switch m := p.msg.(type) {
		case *message.Execute:
			m.QueryId, m.ResultMetadataId = ps.id, ps.resultMetadataID
		case *message.Batch:
			m.Children[i].Id = ps.id
		}
	}
	return encode(p.version, p.msg)
}
