package mirror

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/datacodec"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// shadowRead is a sampled read (read_report): the request the target gets besides the source,
// and both clusters' answers once they are in. The client only ever gets the source's answer.
type shadowRead struct {
	s       *Session
	frame   []byte // what the target is sent: the client's request, with the target's prepared id
	query   string
	opcode  primitive.OpCode
	version primitive.ProtocolVersion
	columns []*message.ColumnMetadata // a prepared read's result columns; EXECUTE replies may omit them
	replies [2][]byte
}

// keep copies cluster r's (decompressed) answer.
func (sh *shadowRead) keep(r role, plain []byte) { sh.replies[r] = append([]byte(nil), plain...) }

const flagPagingState = 0x08 // QUERY/EXECUTE options

var systemRead = regexp.MustCompile(`(?i)\bfrom\s+"?system`)

// sampleRead decides, on the binding's thread, whether a read is compared, and if so builds what
// the target is sent. q is a QUERY's text; p the statement an EXECUTE runs. Reads of system
// tables and continuation pages (the paging state is the source's) are never sampled.
func (s *Session) sampleRead(raw []byte, user bool, q []byte, p *prepared) *shadowRead {
	if s.m.reports == nil || !user {
		return nil
	}
	text := ""
	if p != nil {
		text = p.query
	} else {
		text = string(q)
	}
	if systemRead.MatchString(text) {
		return nil
	}
	s.sampleAcc += s.m.cfg.ReadReport.SampleRate
	if s.sampleAcc < 1 {
		return nil
	}
	s.sampleAcc--
	if at, _, ok := cql.TimestampFlag(raw); !ok || raw[at]&flagPagingState != 0 {
		return nil
	}
	sh := &shadowRead{s: s, query: text, opcode: cql.ParseHeader(raw).Opcode, version: s.version}
	if p == nil {
		sh.frame = append([]byte(nil), raw...)
		return sh
	}
	id, off, ok := cql.ExecuteID(raw)
	if !ok || p.target == nil {
		return nil // the target has not prepared it (yet)
	}
	sh.frame = cql.Splice(nil, raw, []cql.Edit{{Off: off, New: p.target}})
	if string(p.target) == string(id) {
		sh.frame = append([]byte(nil), raw...)
	}
	sh.columns = p.columns
	return sh
}

// reporter compares sampled reads on its own goroutine, off the client's path.
type reporter struct {
	m     *Mirror
	jobs  chan report
	done  chan struct{}
	once  sync.Once
	limit int

	mu sync.Mutex
	pk map[string]*primaryKey // by keyspace.table
}

type report struct {
	sh  *shadowRead
	out [2]outcome
}

type primaryKey struct {
	ready   chan struct{}
	columns []string // partition key, then clustering columns; nil if unknown
}

const reportQueue = 256

func newReporter(m *Mirror, cfg *ReadReport) *reporter {
	r := &reporter{m: m, jobs: make(chan report, reportQueue), done: make(chan struct{}), limit: cfg.MaxDifferences, pk: map[string]*primaryKey{}}
	m.shared.reports.setLimit(cfg.MaxDifferences)
	go r.run()
	return r
}

func (r *reporter) stop() { r.once.Do(func() { close(r.done) }) }

// submit hands a settled sampled read over; it never blocks the session.
func (r *reporter) submit(sh *shadowRead, out [2]outcome) {
	select {
	case r.jobs <- report{sh: sh, out: out}:
	default:
		r.m.stats.ReadReportsDropped.Add(1)
	}
}

func (r *reporter) run() {
	for {
		select {
		case <-r.done:
			return
		case j := <-r.jobs:
			func() {
				defer r.m.recovered("comparing a read report", nil)
				r.compare(j)
			}()
		}
	}
}

// rows is a decoded RESULT Rows.
type rows struct {
	keyspace, table string
	columns         []*message.ColumnMetadata
	data            message.RowSet
}

func decodeRows(raw []byte, columns []*message.ColumnMetadata) (*rows, bool) {
	f, err := cql.Decode(raw)
	if err != nil {
		return nil, false
	}
	rr, ok := f.Body.Message.(*message.RowsResult)
	if !ok || rr.Metadata == nil {
		return nil, false
	}
	out := &rows{columns: rr.Metadata.Columns, data: rr.Data}
	if len(out.columns) == 0 {
		out.columns = columns
	}
	if len(out.columns) == 0 {
		return nil, false
	}
	out.keyspace, out.table = out.columns[0].Keyspace, out.columns[0].Table
	return out, true
}

func (r *reporter) compare(j report) {
	sh := j.sh
	if !j.out[source].ok() {
		return // nothing to compare the target with
	}
	src, ok := decodeRows(sh.replies[source], sh.columns)
	if !ok || strings.HasPrefix(src.keyspace, "system") {
		return
	}
	rep := ReadReportEntry{Time: time.Now().UTC(), StatPrefix: r.m.cfg.StatPrefix, Keyspace: src.keyspace, Table: src.table,
		Opcode: opcodeName(sh.opcode), Statement: sh.query, SourceRows: len(src.data)}
	var tgt *rows
	if j.out[target].ok() {
		tgt, ok = decodeRows(sh.replies[target], sh.columns)
		if !ok {
			j.out[target] = outcome{failed: "the target's answer is not rows"}
		}
	}
	if tgt == nil {
		rep.Outcome = "target_error"
		rep.TargetError = j.out[target].String()
		if j.out[target].op == primitive.OpCodeError {
			if f, err := cql.Decode(sh.replies[target]); err == nil {
				if e, ok := f.Body.Message.(message.Error); ok {
					rep.TargetError += ": " + e.GetErrorMessage()
				}
			}
		}
		r.count(&rep)
		return
	}
	rep.TargetRows = len(tgt.data)
	pk := r.primaryKey(sh.s, src.keyspace, src.table)
	rep.Differences, rep.MoreDifferences = compareRows(src, tgt, pk, orderedQuery(sh.query), sh.version)
	rep.Outcome = "equal"
	if len(rep.Differences) > 0 {
		rep.Outcome = "different"
	}
	r.count(&rep)
}

func (r *reporter) count(rep *ReadReportEntry) {
	st := &r.m.stats
	switch rep.Outcome {
	case "equal":
		st.ReadReportsEqual.Add(1)
	case "different":
		st.ReadReportsDifferent.Add(1)
		r.m.log.Warn("read report: the target answered a sampled read differently", "keyspace", rep.Keyspace, "table", rep.Table,
			"differences", len(rep.Differences)+rep.MoreDifferences)
	default:
		st.ReadReportsTargetError.Add(1)
	}
	vec.readReports.WithLabelValues(r.m.cfg.StatPrefix, rep.Keyspace, rep.Table, rep.Outcome).Inc()
	if rep.Outcome != "equal" {
		r.m.shared.reports.add(*rep)
	}
}

var orderBy = regexp.MustCompile(`(?i)\border\s+by\b`)

func orderedQuery(q string) bool { return orderBy.MatchString(q) }

// RowDifference is one row that differs between the clusters in a sampled read.
type RowDifference struct {
	// PrimaryKey holds the row's primary key columns, as text; null when the result does not
	// include them all.
	PrimaryKey map[string]string `json:"primary_key"`
	// Kind is "different" (both have the row, Columns differ), "missing_on_target",
	// "extra_on_target", or "order" (same rows, another order where the query has ORDER BY).
	Kind string `json:"kind"`
	// Columns names the columns whose values differ; never the values.
	Columns []string `json:"columns,omitempty"`
}

// ReadReportEntry is one sampled read whose answers differed, or whose target failed.
type ReadReportEntry struct {
	Time            time.Time       `json:"time"`
	StatPrefix      string          `json:"stat_prefix"`
	Keyspace        string          `json:"keyspace"`
	Table           string          `json:"table"`
	Opcode          string          `json:"opcode"`
	Statement       string          `json:"statement"`
	Outcome         string          `json:"outcome"`
	TargetError     string          `json:"target_error,omitempty"`
	SourceRows      int             `json:"source_rows"`
	TargetRows      int             `json:"target_rows"`
	Differences     []RowDifference `json:"differences,omitempty"`
	MoreDifferences int             `json:"more_differences,omitempty"`
}

// maxRowsPerReport bounds the rows one report lists; the rest are only counted.
const maxRowsPerReport = 16

// compareRows compares two answers row by row: by primary key when pk names columns the result
// has, else as multisets of whole rows. Order matters only when ordered.
func compareRows(src, tgt *rows, pk []string, ordered bool, v primitive.ProtocolVersion) (diffs []RowDifference, more int) {
	add := func(d RowDifference) {
		if len(diffs) < maxRowsPerReport {
			diffs = append(diffs, d)
		} else {
			more++
		}
	}
	names := columnNames(src.columns)
	if !slices.Equal(names, columnNames(tgt.columns)) {
		add(RowDifference{Kind: "different", Columns: []string{"<columns: source " + strings.Join(names, ",") + "; target " + strings.Join(columnNames(tgt.columns), ",") + ">"}})
		return diffs, more
	}
	keyIdx := make([]int, 0, len(pk))
	for _, k := range pk {
		if i := slices.Index(names, k); i >= 0 {
			keyIdx = append(keyIdx, i)
		}
	}
	if len(pk) == 0 || len(keyIdx) != len(pk) {
		keyIdx = nil
	}
	keyOf := func(row message.Row) string {
		if keyIdx == nil {
			return encodeRow(row, nil)
		}
		return encodeRow(row, keyIdx)
	}
	describe := func(row message.Row) map[string]string {
		if keyIdx == nil {
			return nil
		}
		m := make(map[string]string, len(keyIdx))
		for _, i := range keyIdx {
			m[names[i]] = formatValue(src.columns[i], row[i], v)
		}
		return m
	}
	// Rows by key, in order of appearance, counting duplicates (rows without a known key).
	index := func(rs message.RowSet) (map[string][]message.Row, []string) {
		m := map[string][]message.Row{}
		var order []string
		for _, row := range rs {
			k := keyOf(row)
			if _, seen := m[k]; !seen {
				order = append(order, k)
			}
			m[k] = append(m[k], row)
		}
		return m, order
	}
	sm, sorder := index(src.data)
	tm, torder := index(tgt.data)
	for _, k := range sorder {
		srows, trows := sm[k], tm[k]
		n := min(len(srows), len(trows))
		for i := range n {
			if cols := differingColumns(names, srows[i], trows[i]); len(cols) > 0 {
				add(RowDifference{PrimaryKey: describe(srows[i]), Kind: "different", Columns: cols})
			}
		}
		for _, row := range srows[n:] {
			add(RowDifference{PrimaryKey: describe(row), Kind: "missing_on_target"})
		}
	}
	for _, k := range torder {
		srows, trows := sm[k], tm[k]
		for _, row := range trows[min(len(srows), len(trows)):] {
			add(RowDifference{PrimaryKey: describe(row), Kind: "extra_on_target"})
		}
	}
	if len(diffs) == 0 && more == 0 && ordered {
		for i := range src.data {
			if encodeRow(src.data[i], nil) != encodeRow(tgt.data[i], nil) {
				add(RowDifference{PrimaryKey: describe(src.data[i]), Kind: "order"})
				break
			}
		}
	}
	return diffs, more
}

func columnNames(cols []*message.ColumnMetadata) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func differingColumns(names []string, a, b message.Row) []string {
	var out []string
	for i := range names {
		if i >= len(a) || i >= len(b) || !bytes.Equal(a[i], b[i]) || (a[i] == nil) != (b[i] == nil) {
			out = append(out, names[i])
		}
	}
	return out
}

// encodeRow makes a map key of the columns idx (all when nil), null distinct from empty.
func encodeRow(row message.Row, idx []int) string {
	var b []byte
	put := func(c []byte) {
		if c == nil {
			b = binary.BigEndian.AppendUint32(b, 0xffffffff)
			return
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(c)))
		b = append(b, c...)
	}
	if idx == nil {
		for _, c := range row {
			put(c)
		}
	} else {
		for _, i := range idx {
			if i < len(row) {
				put(row[i])
			}
		}
	}
	return string(b)
}

func formatValue(col *message.ColumnMetadata, b []byte, v primitive.ProtocolVersion) string {
	if b == nil {
		return "null"
	}
	if codec, err := datacodec.NewCodec(col.Type); err == nil {
		var x any
		if _, err := codec.Decode(b, &x, v); err == nil {
			if s, ok := x.(string); ok {
				return s
			}
			return fmt.Sprint(x)
		}
	}
	return fmt.Sprintf("0x%x", b)
}

// primaryKey returns the primary key columns of keyspace.table, asking the source (on sampled
// session s's own connection) the first time. It waits at most request_timeout; nil if unknown.
func (r *reporter) primaryKey(s *Session, keyspace, table string) []string {
	key := keyspace + "." + table
	r.mu.Lock()
	e := r.pk[key]
	if e == nil {
		e = &primaryKey{ready: make(chan struct{})}
		r.pk[key] = e
		r.mu.Unlock()
		if !s.lookupPrimaryKey(keyspace, table, func(cols []string) {
			e.columns = cols
			if cols == nil { // ask again next time
				r.mu.Lock()
				delete(r.pk, key)
				r.mu.Unlock()
			}
			close(e.ready)
		}) {
			r.mu.Lock()
			delete(r.pk, key)
			r.mu.Unlock()
			close(e.ready)
		}
	} else {
		r.mu.Unlock()
	}
	select {
	case <-e.ready:
		return e.columns
	case <-time.After(r.m.requestTimeout()):
		return nil
	case <-r.done:
		return nil
	}
}

// lookupPrimaryKey asks the source for a table's key columns on the session's own connection
// (with the client's credentials), as a request of the proxy's own. done runs under s.mu.
func (s *Session) lookupPrimaryKey(keyspace, table string, done func([]string)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.over() || s.failed != nil || s.backends[source].conn == nil {
		return false
	}
	qid, ok := s.allocLocked()
	if !ok {
		return false
	}
	q := &s.slots[qid]
	q.inUse, q.internal, q.op = true, true, primitive.OpCodeQuery
	q.await, q.open, q.deadline = source.bit(), source.bit(), s.m.now()+int64(s.m.cfg.RequestTimeout)
	q.onReply = func(raw []byte) { done(parsePrimaryKey(raw)) }
	lit := func(x string) string { return "'" + strings.ReplaceAll(x, "'", "''") + "'" }
	stmt := "SELECT column_name, kind, position FROM system_schema.columns WHERE keyspace_name = " + lit(keyspace) + " AND table_name = " + lit(table)
	s.sendLocked(source, cql.Encode(s.version, qid, &message.Query{Query: stmt, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}), qid)
	return true
}

// parsePrimaryKey reads the answer to lookupPrimaryKey's query: partition key columns by
// position, then clustering columns by position.
func parsePrimaryKey(raw []byte) []string {
	rs, ok := decodeRows(raw, nil)
	if !ok || len(rs.columns) != 3 {
		return nil
	}
	type col struct {
		name      string
		partition bool
		pos       int32
	}
	var key []col
	for _, row := range rs.data {
		if len(row) != 3 || len(row[2]) != 4 {
			continue
		}
		kind := string(row[1])
		if kind == "partition_key" || kind == "clustering" {
			key = append(key, col{string(row[0]), kind == "partition_key", int32(binary.BigEndian.Uint32(row[2]))})
		}
	}
	if len(key) == 0 {
		return nil
	}
	sort.Slice(key, func(i, j int) bool {
		if key[i].partition != key[j].partition {
			return key[i].partition
		}
		return key[i].pos < key[j].pos
	})
	out := make([]string, len(key))
	for i, c := range key {
		out[i] = c.name
	}
	return out
}

// reportStore keeps the most recent differing reads of one stat_prefix.
type reportStore struct {
	mu      sync.Mutex
	limit   int
	entries []ReadReportEntry
	next    int
}

func (st *reportStore) setLimit(n int) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if n != st.limit {
		st.limit, st.entries, st.next = n, nil, 0
	}
}

func (st *reportStore) add(e ReadReportEntry) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.limit == 0 {
		return
	}
	if len(st.entries) < st.limit {
		st.entries = append(st.entries, e)
		return
	}
	st.entries[st.next] = e
	st.next = (st.next + 1) % st.limit
}

// snapshot returns the entries oldest first.
func (st *reportStore) snapshot() []ReadReportEntry {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := append([]ReadReportEntry(nil), st.entries[st.next:]...)
	return append(out, st.entries[:st.next]...)
}

// ReadReports is the JSON served at /read-reports.
type ReadReports struct {
	// Reports holds, per stat_prefix with read_report on, its most recent differing reads,
	// oldest first.
	Reports map[string][]ReadReportEntry `json:"reports"`
}

func serveReadReports(w http.ResponseWriter, _ *http.Request) {
	out := ReadReports{Reports: map[string][]ReadReportEntry{}}
	prefixes.mu.Lock()
	for name, p := range prefixes.m {
		p.reports.mu.Lock()
		on := p.reports.limit > 0
		p.reports.mu.Unlock()
		if on {
			out.Reports[name] = p.reports.snapshot()
		}
	}
	prefixes.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
