package e2e

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type readReports struct {
	Reports map[string][]struct {
		Keyspace    string `json:"keyspace"`
		Table       string `json:"table"`
		Opcode      string `json:"opcode"`
		Statement   string `json:"statement"`
		Outcome     string `json:"outcome"`
		SourceRows  int    `json:"source_rows"`
		TargetRows  int    `json:"target_rows"`
		Differences []struct {
			PrimaryKey map[string]string `json:"primary_key"`
			Kind       string            `json:"kind"`
			Columns    []string          `json:"columns"`
		} `json:"differences"`
		MoreDifferences int `json:"more_differences"`
	} `json:"reports"`
}

// Rows written through the proxy, one changed on the target behind its back: reads through the
// proxy still get the source's rows, and the read report (sample_rate 1) names exactly that row
// and column, for a whole-table QUERY and for a prepared read of the row.
func TestReadReportNamesTheRowThatDiffers(t *testing.T) {
	const ks = "e2e_read_report"
	proxy := session(t, readAddr)
	createKeyspace(t, proxy, ks)
	for k, v := range map[int]string{1: "one", 2: "two", 3: "three"} {
		if err := proxy.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (" + string(rune('0'+k)) + ", '" + v + "')").Exec(); err != nil {
			t.Fatal(err)
		}
	}
	tgt := session(t, targetAddr())
	if err := tgt.Query("UPDATE " + ks + ".kv SET v = 'changed on the target' WHERE k = 2").Exec(); err != nil {
		t.Fatal(err)
	}
	before := scrape(t, extraMetrics)

	scan := "SELECT k, v FROM " + ks + ".kv"
	iter := proxy.Query(scan).Iter()
	var k int
	var v string
	got := map[int]string{}
	for iter.Scan(&k, &v) {
		got[k] = v
	}
	if err := iter.Close(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, map[int]string{1: "one", 2: "two", 3: "three"}) {
		t.Fatalf("a read through the proxy got %v; the client must get the source's rows", got)
	}
	byKey := "SELECT k, v FROM " + ks + ".kv WHERE k = ?"
	for _, key := range []int{2, 1} { // 2 differs, 1 is equal
		if err := proxy.Query(byKey, key).Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
	}
	if v != "one" {
		t.Fatalf("prepared read of k=1: %q", v)
	}

	var rep readReports
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		rep = readReports{}
		if err := json.Unmarshal([]byte(httpGet(t, "http://"+extraMetrics+"/read-reports")), &rep); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range rep.Reports["rr"] {
			if r.Keyspace == ks {
				n++
			}
		}
		after := scrape(t, extraMetrics)
		compared := 0.0
		for _, outcome := range []string{"equal", "different", "target_error"} {
			s := series("cqlmirror_read_reports_total", "stat_prefix", "rr", "keyspace", ks, "table", "kv", "outcome", outcome)
			compared += after[s] - before[s]
		}
		if n >= 2 && compared >= 3 {
			for outcome, want := range map[string]float64{"equal": 1, "different": 2, "target_error": 0} {
				s := series("cqlmirror_read_reports_total", "stat_prefix", "rr", "keyspace", ks, "table", "kv", "outcome", outcome)
				if got := after[s] - before[s]; got != want {
					t.Errorf("%s grew by %v, want %v", s, got, want)
				}
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20s, %d reports for %s and %v reads compared; want 2 and 3: %+v", n, ks, compared, rep.Reports["rr"])
		}
	}
	statements := map[string]bool{}
	for _, r := range rep.Reports["rr"] {
		if r.Keyspace != ks {
			continue
		}
		statements[r.Statement] = true
		if r.Table != "kv" || r.Outcome != "different" || len(r.Differences) != 1 || r.MoreDifferences != 0 {
			t.Errorf("report %+v: want one differing row of %s.kv", r, ks)
			continue
		}
		d := r.Differences[0]
		if d.Kind != "different" || !reflect.DeepEqual(d.PrimaryKey, map[string]string{"k": "2"}) || !reflect.DeepEqual(d.Columns, []string{"v"}) {
			t.Errorf("report for %q names %+v; want primary key k=2 and column v", r.Statement, d)
		}
	}
	if !statements[scan] || !statements[byKey] {
		t.Errorf("reports for %v; want one for %q and one for %q", statements, scan, byKey)
	}
	checkEnvoys(t)
}
