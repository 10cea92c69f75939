package mirror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func value(t *testing.T, m prometheus.Metric) float64 {
	t.Helper()
	var d dto.Metric
	if err := m.Write(&d); err != nil {
		t.Fatal(err)
	}
	switch {
	case d.Counter != nil:
		return d.Counter.GetValue()
	case d.Gauge != nil:
		return d.Gauge.GetValue()
	case d.Histogram != nil:
		return float64(d.Histogram.GetSampleCount())
	}
	t.Fatalf("unexpected metric %v", &d)
	return 0
}

func TestMetricsCountWritesErrorsAndDifferences(t *testing.T) {
	v := primitive.ProtocolVersion4
	r := newRig(t, v, "")
	mt := r.m.mt
	q, prep := opIndex(primitive.OpCodeQuery), opIndex(primitive.OpCodePrepare)
	watch := map[string]prometheus.Metric{
		"requests{query}":                mt.requests[q],
		"mirrored":                       mt.mirrored,
		"writes{source,ok}":              mt.writes[source][outcomeOK],
		"writes{target,ok}":              mt.writes[target][outcomeOK],
		"server_errors{target,invalid}":  mt.serverErrors[target][errorIndex(primitive.ErrorCodeInvalid)],
		"different{prepare}":             mt.different[prep],
		"duration{query}":                mt.duration[q],
		"cluster_duration{target,query}": mt.clusterDuration[target][q],
		"processing{query}":              mt.processing[q],
	}
	before := map[string]float64{}
	for k, m := range watch {
		before[k] = value(t, m)
	}
	r.c.send(encode(t, v, 5, query("INSERT INTO ks.t (k) VALUES (1)")))
	r.c.mustNext("INSERT")
	r.c.send(encode(t, v, 6, &message.Prepare{Query: "INSERT INTO ks.missing_on_target (k) VALUES (?)"}))
	r.c.mustNext("PREPARE refused by the target")
	want := map[string]float64{"requests{query}": 1, "mirrored": 2, "writes{source,ok}": 1, "writes{target,ok}": 1,
		"server_errors{target,invalid}": 1, "different{prepare}": 1, "duration{query}": 1, "cluster_duration{target,query}": 1, "processing{query}": 1}
	waitFor(t, "the counts", func() bool {
		for k, m := range watch {
			if value(t, m)-before[k] != want[k] {
				return false
			}
		}
		return true
	})
	if value(t, mt.connections) < 1 || value(t, mt.clusterConnected[target]) < 1 {
		t.Fatalf("connections %v, target connected %v", value(t, mt.connections), value(t, mt.clusterConnected[target]))
	}
}

func TestServeMetricsOneAddressPerProcess(t *testing.T) {
	cfg := func(addr string) *Mirror {
		c, err := ParseConfig([]byte(`{"stat_prefix":"serve","source":{"address":"a:1"},"target":{"address":"b:1"},"metrics_address":"` + addr + `"}`))
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		return m
	}
	if err := cfg("127.0.0.1:0").ServeMetrics(); err != nil {
		t.Fatal(err)
	}
	if err := cfg("127.0.0.1:0").ServeMetrics(); err != nil {
		t.Fatalf("a second config with the same address: %v", err)
	}
	err := cfg("127.0.0.1:1").ServeMetrics()
	if err == nil || !strings.Contains(err.Error(), `field "metrics_address": "127.0.0.1:1"`) || !strings.Contains(err.Error(), `"127.0.0.1:0"`) {
		t.Fatalf("want an error naming metrics_address and both addresses, got %v", err)
	}
	get := func(path string) string {
		resp, err := http.Get("http://" + MetricsAddress() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if body := get("/metrics"); !strings.Contains(body, `cqlmirror_requests_mirrored_total{stat_prefix="serve"} 0`) {
		t.Fatalf("/metrics lacks the serve prefix:\n%.2000s", body)
	}
	var rep ReadReports
	if err := json.Unmarshal([]byte(get("/read-reports")), &rep); err != nil || rep.Reports == nil {
		t.Fatalf("/read-reports: %v %+v", err, rep)
	}
}

func TestParseConfigObservabilityFields(t *testing.T) {
	base := `"stat_prefix":"p","source":{"address":"a:1"},"target":{"address":"b:1"}`
	c, err := ParseConfig([]byte(`{` + base + `,"read_report":{"sample_rate":0.5}}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.MetricsAddress != DefaultMetricsAddress || c.ReadReport.MaxDifferences != defaultMaxDifferences || c.LogBoundValues {
		t.Fatalf("defaults: %q %+v %v", c.MetricsAddress, c.ReadReport, c.LogBoundValues)
	}
	for json, want := range map[string]string{
		`,"metrics_address":"9464"`:                             `"metrics_address": "9464" is not host:port`,
		`,"metrics_address":":9464"`:                            `"metrics_address": ":9464" has no host`,
		`,"read_report":{"sample_rate":1.5}`:                    `"read_report.sample_rate": 1.5 is outside 0..1`,
		`,"read_report":{"sample_rate":1,"max_differences":-1}`: `"read_report.max_differences": -1`,
	} {
		if _, err := ParseConfig([]byte(`{` + base + json + `}`)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want an error containing %q, got %v", json, want, err)
		}
	}
}

func TestCompareRows(t *testing.T) {
	cols := []*message.ColumnMetadata{
		{Keyspace: "ks", Table: "t", Name: "k", Type: datatype.Int},
		{Keyspace: "ks", Table: "t", Name: "c", Type: datatype.Varchar},
		{Keyspace: "ks", Table: "t", Name: "v", Type: datatype.Varchar},
	}
	i := func(n byte) []byte { return []byte{0, 0, 0, n} }
	row := func(k byte, c, v string) message.Row { return message.Row{i(k), []byte(c), []byte(v)} }
	src := &rows{columns: cols, data: message.RowSet{row(1, "a", "x"), row(2, "b", "y"), row(3, "c", "z")}}
	v := primitive.ProtocolVersion4

	same := &rows{columns: cols, data: message.RowSet{row(3, "c", "z"), row(1, "a", "x"), row(2, "b", "y")}}
	if d, more := compareRows(src, same, []string{"k", "c"}, false, v); len(d) != 0 || more != 0 {
		t.Fatalf("the same rows in another order, no ORDER BY: %+v", d)
	}
	if d, _ := compareRows(src, same, []string{"k", "c"}, true, v); len(d) != 1 || d[0].Kind != "order" {
		t.Fatalf("another order with ORDER BY: %+v", d)
	}
	tgt := &rows{columns: cols, data: message.RowSet{row(1, "a", "x"), row(2, "b", "CHANGED"), row(4, "d", "w")}}
	d, _ := compareRows(src, tgt, []string{"k", "c"}, false, v)
	want := []RowDifference{
		{PrimaryKey: map[string]string{"k": "2", "c": "b"}, Kind: "different", Columns: []string{"v"}},
		{PrimaryKey: map[string]string{"k": "3", "c": "c"}, Kind: "missing_on_target"},
		{PrimaryKey: map[string]string{"k": "4", "c": "d"}, Kind: "extra_on_target"},
	}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("got %+v\nwant %+v", d, want)
	}
	// Without the key (or with key columns the query did not select), rows compare whole.
	d, _ = compareRows(src, tgt, nil, false, v)
	if len(d) != 4 || d[0].PrimaryKey != nil {
		t.Fatalf("without a key: %+v", d)
	}
}

// A write the target misses is logged with its statement and reason; its bound values only with
// log_bound_values.
func TestTargetFailureLogsValuesOnlyWithTheSwitch(t *testing.T) {
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprint("log_bound_values=", on), func(t *testing.T) {
			v := primitive.ProtocolVersion4
			var buf syncBuffer
			r := newRig(t, v, fmt.Sprintf(`,"log_bound_values":%t`, on), func(r *rig) {
				r.tgt.Close()
				r.m.log = slog.New(slog.NewTextHandler(&buf, nil))
			})
			wantUnreachable := r.m.mt.targetFailed[outcomeUnreachable]
			before := value(t, wantUnreachable)
			r.c.send(encode(t, v, 2, &message.Query{Query: "INSERT INTO ks.t (k, v) VALUES (?, ?)", Options: &message.QueryOptions{
				PositionalValues: []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 7}), primitive.NewValue([]byte("secret-ish"))}}}))
			r.c.mustNext("INSERT with the target down")
			waitFor(t, "the log line", func() bool { return strings.Contains(buf.String(), "the target missed a write") })
			out := buf.String()
			if !strings.Contains(out, `statements="[INSERT INTO ks.t (k, v) VALUES (?, ?)]"`) || !strings.Contains(out, "reason=") {
				t.Fatalf("the log line lacks the statement or reason:\n%s", out)
			}
			if has := strings.Contains(out, "00000007"); has != on {
				t.Fatalf("bound values in the log: %v, want %v:\n%s", has, on, out)
			}
			if got := value(t, wantUnreachable) - before; got != 1 {
				t.Fatalf("target_failed_writes{reason=unreachable} grew by %v", got)
			}
		})
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
