package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/gocql/gocql"

	"github.com/cqlmirror/cqlmirror/filter/journal"
	"github.com/cqlmirror/cqlmirror/internal/envoyconf"
)

// The multi-node test bed (issue 12): two real clusters of two nodes each, a third source node
// that joins while the proxy runs, and an Envoy whose filter config names only the first node of
// each cluster.
const (
	mnProxyAddr  = "127.0.0.1:29120"
	mnAdmin      = 29921
	mnMetrics    = "127.0.0.1:9480"
	mnStatPrefix = "multinode"
	mnDC         = "dc1"
)

// mnNode is one node of the bed: a soakNode (its cassandra.sh name, IP, JMX port and environment)
// and the role the proxy gives its cluster, as cqlmirror_node_* label it.
type mnNode struct {
	soakNode
	cluster string // source or target
}

func newMNNode(name, cluster, clusterName, host, seed, jmx string) mnNode {
	env := []string{
		"CASSANDRA_CLUSTER_NAME=" + clusterName,
		"CASSANDRA_SEEDS=" + seed,
		// A replica coordinating a CONSISTENCY ONE read then serves it from its own data, so a
		// single-host session reads what that node holds; the dynamic snitch could send the read
		// to another replica it scores faster.
		"CASSANDRA_JVM_OPTS=-Dcassandra.settings.dynamic_snitch=false",
	}
	if cluster == "target" {
		// An acknowledged target write survives the target's kill -9 (cassandra.sh), so every
		// acknowledged write the target does not have afterwards is the proxy's to account for.
		env = append(env, "CASSANDRA_COMMITLOG_SYNC=batch")
	}
	return mnNode{soakNode: soakNode{name: name, host: host, jmx: jmx, env: env}, cluster: cluster}
}

var (
	msource1 = newMNNode("msource1", "source", "msource", "127.0.0.31", "127.0.0.31", "7899")
	msource2 = newMNNode("msource2", "source", "msource", "127.0.0.32", "127.0.0.31", "7900")
	mtarget1 = newMNNode("mtarget1", "target", "mtarget", "127.0.0.33", "127.0.0.33", "7901")
	mtarget2 = newMNNode("mtarget2", "target", "mtarget", "127.0.0.34", "127.0.0.33", "7902")
	msource3 = newMNNode("msource3", "source", "msource", "127.0.0.35", "127.0.0.31", "7903")
)

// mnRig is the group's proxy and what the tests know of the nodes.
type mnRig struct {
	e       *envoy
	journal string
	mu      sync.Mutex
	ring    map[string]bool // node name → joined its cluster (killed nodes stay in the ring)
}

// startNodes starts nodes side by side (fresh) and waits until each answers CQL; it returns how
// long each took.
func startNodes(t *testing.T, nodes ...mnNode) map[string]time.Duration {
	t.Helper()
	took := map[string]time.Duration{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(nodes))
	for i, n := range nodes {
		wg.Go(func() {
			start := time.Now()
			errs[i] = n.start(false)
			mu.Lock()
			took[n.name] = time.Since(start)
			mu.Unlock()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return took
}

// nodetool runs cassandra.sh nodetool on n and returns its output.
func (n mnNode) nodetool(args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(repoRoot, "e2e", "testbed", "cassandra.sh"), append([]string{"nodetool", n.name}, args...)...)
	cmd.Env = append(os.Environ(), n.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("cassandra.sh nodetool %s %s: %v\n%s", n.name, strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

var upNormal = regexp.MustCompile(`(?m)^UN\s+(\S+)`)

// checkRing fails the test unless `nodetool status` on n lists exactly hosts, each Up and Normal.
func checkRing(t *testing.T, n mnNode, hosts ...string) {
	t.Helper()
	out, err := n.nodetool("status")
	if err != nil {
		t.Fatal(err)
	}
	var un []string
	for _, m := range upNormal.FindAllStringSubmatch(out, -1) {
		un = append(un, m[1])
	}
	sort.Strings(un)
	want := slices.Sorted(slices.Values(hosts))
	if !slices.Equal(un, want) {
		t.Fatalf("nodetool status on %s: Up/Normal %v, want %v:\n%s", n.name, un, want, out)
	}
}

func (r *mnRig) joined(n mnNode) {
	r.mu.Lock()
	r.ring[n.name] = true
	r.mu.Unlock()
}

// ringOf lists the nodes of cluster ("source" or "target") that joined it, killed or not.
func (r *mnRig) ringOf(cluster string) []mnNode {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []mnNode
	for _, n := range []mnNode{msource1, msource2, msource3, mtarget1, mtarget2} {
		if n.cluster == cluster && r.ring[n.name] {
			out = append(out, n)
		}
	}
	return out
}

// startMNEnvoy starts the group's Envoy: one listener whose filter knows each cluster by its
// first node only.
func startMNEnvoy(t *testing.T) *mnRig {
	t.Helper()
	dir := t.TempDir()
	r := &mnRig{journal: filepath.Join(dir, "failed-writes.jsonl"), ring: map[string]bool{}}
	boot := envoyconf.Bootstrap(mnAdmin, "", "", envoyconf.Listener{Name: "multinode", Port: 29120, Config: map[string]any{
		"stat_prefix":        mnStatPrefix,
		"source":             map[string]any{"contact_points": []string{msource1.addr()}, "local_dc": mnDC},
		"target":             map[string]any{"contact_points": []string{mtarget1.addr()}},
		"wait":               true,
		"failure_policy":     "source-decides",
		"failed_writes_file": r.journal,
		"metrics_address":    mnMetrics,
	}})
	path := filepath.Join(dir, "envoy-multinode.yaml")
	if err := os.WriteFile(path, []byte(boot), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, "multinode", path, moduleDir, mnAdmin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
	r.e = e
	return r
}

// nodeGauge reads the series of metric name (cqlmirror_node_up, cqlmirror_node_sessions) for n,
// whatever other labels it has (dc).
func nodeGauge(name string, n mnNode) (float64, error) {
	resp, err := metricsClient.Get("http://" + mnMetrics + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var v float64
	found := false
	err = eachSeries(resp.Body, func(metric string, labels []string, val float64) {
		if metric != name {
			return
		}
		var prefix, cluster, node bool
		for _, l := range labels {
			prefix = prefix || l == `stat_prefix="`+mnStatPrefix+`"`
			cluster = cluster || l == `cluster="`+n.cluster+`"`
			node = node || l == `node="`+n.addr()+`"` || l == `node="`+n.host+`"`
		}
		if prefix && cluster && node {
			v, found = val, true
		}
	})
	if err == nil && !found {
		err = fmt.Errorf("no %s series for %s node %s on %s", name, n.cluster, n.addr(), mnMetrics)
	}
	return v, err
}

// waitNodeGauge waits up to d for metric name of n to read want and returns when it first did.
func waitNodeGauge(name string, n mnNode, want float64, d time.Duration) (time.Time, error) {
	deadline := time.Now().Add(d)
	last := "never read"
	for {
		v, err := nodeGauge(name, n)
		if err == nil && v == want {
			return time.Now(), nil
		}
		if err != nil {
			last = err.Error()
		} else {
			last = fmt.Sprint(v)
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("%s for %s %s did not read %v within %s; last: %s", name, n.cluster, n.name, want, d, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// nodeSession connects to n alone: no other node is looked up or used, so a query at
// CONSISTENCY ONE is coordinated by n.
func nodeSession(t *testing.T, n mnNode, tune ...func(*gocql.ClusterConfig)) (*gocql.Session, error) {
	t.Helper()
	return connect(t, n.addr(), append([]func(*gocql.ClusterConfig){func(c *gocql.ClusterConfig) {
		c.DisableInitialHostLookup = true
		c.HostFilter = gocql.WhiteListHostFilter(n.host)
		c.NumConns = 1
	}}, tune...)...)
}

// markedClients counts the client connections on n whose STARTUP named marker as DRIVER_NAME, from
// system_views.clients on n itself; the proxy passes its clients' STARTUP on to the nodes.
func markedClients(t *testing.T, n mnNode, marker string) (int, error) {
	t.Helper()
	s, err := nodeSession(t, n)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	it := s.Query("SELECT address, driver_name FROM system_views.clients").Iter()
	var addr, driver string
	count := 0
	for it.Scan(&addr, &driver) {
		if driver == marker {
			count++
		}
	}
	return count, it.Close()
}

// waitMarkedClients waits (10 s at most) until the marked connections on nodes add up to want
// and returns the count on each node.
func waitMarkedClients(t *testing.T, marker string, want int, nodes ...mnNode) map[string]int {
	t.Helper()
	var counts map[string]int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		counts = map[string]int{}
		sum := 0
		var failed error
		for _, n := range nodes {
			c, err := markedClients(t, n, marker)
			if err != nil {
				failed = fmt.Errorf("system_views.clients on %s: %w", n.name, err)
			}
			counts[n.name] = c
			sum += c
		}
		if failed == nil && sum == want {
			return counts
		}
		if time.Now().After(deadline) {
			t.Fatalf("the %d proxy connections of clients %q do not add up on %s: %v (%v)", want, marker, names(nodes), counts, failed)
		}
	}
}

func names(nodes []mnNode) string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.name)
	}
	return strings.Join(out, ", ")
}

// openMarked opens n client connections through the proxy, one after the other, each a STARTUP
// whose DRIVER_NAME is marker and a query of system.local; every step must be answered. They
// are closed when the test ends (or by the caller).
func openMarked(t *testing.T, marker string, n int) []*rawConn {
	t.Helper()
	var conns []*rawConn
	for i := range n {
		c, err := dialRaw(mnProxyAddr)
		if err != nil {
			t.Fatalf("client %d of %q: %v", i, marker, err)
		}
		t.Cleanup(func() { c.Close() })
		conns = append(conns, c)
		startup := &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0", "DRIVER_NAME": marker, "DRIVER_VERSION": "1"}}
		h, body, err := c.call(1, startup, 15*time.Second)
		if err == nil && h.Opcode != primitive.OpCodeReady {
			err = fmt.Errorf("STARTUP answered %s", describeReply(h, body))
		}
		if err == nil {
			q := &message.Query{Query: "SELECT release_version FROM system.local", Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
			h, body, err = c.call(2, q, 15*time.Second)
			if err == nil && h.Opcode != primitive.OpCodeResult {
				err = fmt.Errorf("SELECT FROM system.local answered %s", describeReply(h, body))
			}
		}
		if err != nil {
			checkEnvoys(t)
			t.Fatalf("client %d of %q through %s: %v", i, marker, mnProxyAddr, err)
		}
	}
	return conns
}

func closeAll(conns []*rawConn) {
	for _, c := range conns {
		c.Close()
	}
}

// waitNoSessions waits until the proxy counts no session on any node of the ring: the clients
// of the case before are gone.
func (r *mnRig) waitNoSessions(t *testing.T) {
	t.Helper()
	for _, n := range append(r.ringOf("source"), r.ringOf("target")...) {
		if _, err := waitNodeGauge("cqlmirror_node_sessions", n, 0, 15*time.Second); err != nil {
			t.Fatal(err)
		}
	}
}

// sessionsAgree checks that cqlmirror_node_sessions of each node equals the proxy connections
// counted on it (waiting 10 s at most for the gauge).
func sessionsAgree(t *testing.T, counts map[string]int, nodes ...mnNode) {
	t.Helper()
	for _, n := range nodes {
		if _, err := waitNodeGauge("cqlmirror_node_sessions", n, float64(counts[n.name]), 10*time.Second); err != nil {
			t.Errorf("%v (system_views.clients on %s counts %d)", err, n.name, counts[n.name])
		}
	}
}

// createKV makes keyspace ks with table kv on one cluster, directly, replicated to rf nodes of
// dc1, and waits for the schema to agree on the cluster's live nodes.
func createKV(t *testing.T, n mnNode, ks string, rf int) {
	t.Helper()
	s := session(t, n.addr(), func(c *gocql.ClusterConfig) { c.Consistency = gocql.All })
	defer s.Close()
	for _, q := range []string{
		"DROP KEYSPACE IF EXISTS " + ks,
		fmt.Sprintf("CREATE KEYSPACE %s WITH replication = {'class': 'NetworkTopologyStrategy', '%s': %d}", ks, mnDC, rf),
		"CREATE TABLE " + ks + ".kv (k int PRIMARY KEY, v text)",
	} {
		if err := s.Query(q).Exec(); err != nil {
			t.Fatalf("%s on %s: %v", q, n.name, err)
		}
	}
	if err := s.AwaitSchemaAgreement(t.Context()); err != nil {
		t.Fatalf("schema agreement on %s's cluster: %v", n.name, err)
	}
}

// scanKeys reads every key of ks.kv with value v, through s at s's consistency.
func scanKeys(t *testing.T, s *gocql.Session, ks string) map[int]string {
	t.Helper()
	rows := map[int]string{}
	it := s.Query("SELECT k, v FROM " + ks + ".kv").PageSize(5000).Iter()
	var k int
	var v string
	for it.Scan(&k, &v) {
		rows[k] = v
	}
	if err := it.Close(); err != nil {
		t.Fatalf("scan %s.kv: %v", ks, err)
	}
	return rows
}

// journaledKeys reads the rig's failed_writes_file (rotated files first) and returns the keys of
// the statements that wrote ks.kv, and the number of those statements.
func (r *mnRig) journaledKeys(t *testing.T, ks string) (map[int]bool, int) {
	t.Helper()
	keys, records := map[int]bool{}, 0
	err := eachSoakRecord(r.journal, func(rec *journal.Record) error {
		for i, stmt := range rec.Statements {
			if !strings.Contains(stmt, ks+".kv") {
				continue
			}
			var vals []*string
			if i < len(rec.Values) {
				vals = rec.Values[i]
			}
			k, ok := soakRecordKey(stmt, vals)
			if !ok {
				return fmt.Errorf("a record of %q without its key: %v", stmt, vals)
			}
			records++
			keys[k] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, records
}
