package e2e

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocql/gocql"
)

// Issue 12, real clusters: the proxy in front of a two-node source and a two-node target (then a
// third source node), configured with the first node of each as its only contact point. Each case
// reads its outcome from the nodes themselves (system_views.clients, rows read at CONSISTENCY ONE
// from one node) and checks the proxy's cqlmirror_node_* gauges against it. Figures worth quoting
// are logged with the prefix "MEASURED:". The cases run in this order, so that no node is
// restarted but the killed target (to count what it holds):
// spread, added node, disabled binary, target killed under load, contact points killed.
func TestMultiNode(t *testing.T) {
	began := time.Now()
	all := []mnNode{msource1, msource2, mtarget1, mtarget2, msource3}
	t.Cleanup(func() {
		var wg sync.WaitGroup
		for _, n := range all {
			wg.Go(func() { n.script("stop", n.name) })
		}
		wg.Wait()
	})
	took := startNodes(t, msource1, mtarget1)
	t.Logf("MEASURED: first nodes, started side by side: msource1 answered CQL %s after its start, mtarget1 %s",
		took["msource1"].Round(100*time.Millisecond), took["mtarget1"].Round(100*time.Millisecond))
	// One joining node per cluster at a time (Cassandra refuses concurrent bootstraps); the two
	// clusters are independent, so their joins overlap.
	took = startNodes(t, msource2, mtarget2)
	t.Logf("MEASURED: joins, side by side: msource2 joined msource and answered CQL %s after its start, mtarget2 joined mtarget in %s",
		took["msource2"].Round(100*time.Millisecond), took["mtarget2"].Round(100*time.Millisecond))
	checkRing(t, msource1, msource1.host, msource2.host)
	checkRing(t, mtarget1, mtarget1.host, mtarget2.host)

	r := startMNEnvoy(t)
	ready := time.Now()
	for _, n := range []mnNode{msource1, msource2, mtarget1, mtarget2} {
		r.joined(n)
	}
	for _, n := range []mnNode{msource1, msource2, mtarget1, mtarget2} {
		if _, err := waitNodeGauge("cqlmirror_node_up", n, 1, 30*time.Second); err != nil {
			t.Fatalf("the proxy does not see every node of both clusters up: %v; Envoy log:\n%s", err, r.e.tail())
		}
	}
	t.Logf("MEASURED: all four nodes up in cqlmirror_node_up %s after Envoy was ready (it knew one node of each cluster)",
		time.Since(ready).Round(10*time.Millisecond))

	t.Run("SessionsSpreadOverBothNodesOfEachCluster", r.spread)
	t.Run("AddedSourceNodeGetsNewSessions", r.addedNode)
	t.Run("DisabledBinaryNodeGetsNoNewSessions", r.disabledBinary)
	t.Run("TargetNodeKilledUnderWriteLoad", r.targetKilledUnderLoad)
	t.Run("ContactPointsKilled", r.contactPointsKilled)
	if !r.e.alive() {
		t.Errorf("Envoy died; log:\n%s", r.e.tail())
	}
	if p := panicsIn(r.e.logSince(t, 0)); len(p) > 0 {
		t.Errorf("the filter recovered from panics: %v", p)
	}
	t.Logf("MEASURED: the group took %s", time.Since(began).Round(time.Second))
}

// 16 client connections, opened one after another, land on both nodes of each cluster.
func (r *mnRig) spread(t *testing.T) {
	const clients, marker = 16, "cqlmirror-e2e-spread"
	conns := openMarked(t, marker, clients)
	src := waitMarkedClients(t, marker, clients, msource1, msource2)
	tgt := waitMarkedClients(t, marker, clients, mtarget1, mtarget2)
	t.Logf("MEASURED: %d client connections: source msource1 %d, msource2 %d; target mtarget1 %d, mtarget2 %d",
		clients, src["msource1"], src["msource2"], tgt["mtarget1"], tgt["mtarget2"])
	// Each connection was answered before the next one opened, so the fewest-sessions rule gives
	// 8 and 8. One either way: under source-decides a session's target connection may still be
	// catching up (the handshake waits health_check.timeout at most) when the next session picks.
	for name, c := range map[string]int{"msource1": src["msource1"], "msource2": src["msource2"], "mtarget1": tgt["mtarget1"], "mtarget2": tgt["mtarget2"]} {
		if c < clients/2-1 || c > clients/2+1 {
			t.Errorf("%s holds %d of the %d proxy connections, want %d±1", name, c, clients, clients/2)
		}
	}
	sessionsAgree(t, src, msource1, msource2)
	sessionsAgree(t, tgt, mtarget1, mtarget2)
	closeAll(conns)
	r.waitNoSessions(t)
}

// A node that joins the source while the proxy runs gets new sessions.
func (r *mnRig) addedNode(t *testing.T) {
	took := startNodes(t, msource3)
	answered := time.Now()
	r.joined(msource3)
	checkRing(t, msource1, msource1.host, msource2.host, msource3.host)
	// The proxy hears of it from its control connection (TOPOLOGY_CHANGE, or the tables read again
	// every 15 s), then probes it: 45 s covers a missed event.
	up, err := waitNodeGauge("cqlmirror_node_up", msource3, 1, 45*time.Second)
	if err != nil {
		t.Fatalf("%v; Envoy log:\n%s", err, r.e.tail())
	}
	t.Logf("MEASURED: msource3 joined msource and answered CQL %s after its start; cqlmirror_node_up 1 for it %s after that",
		took["msource3"].Round(100*time.Millisecond), up.Sub(answered).Round(10*time.Millisecond))

	const clients, marker = 6, "cqlmirror-e2e-added"
	conns := openMarked(t, marker, clients)
	counts := waitMarkedClients(t, marker, clients, msource1, msource2, msource3)
	t.Logf("MEASURED: %d new client connections after the join: msource1 %d, msource2 %d, msource3 %d",
		clients, counts["msource1"], counts["msource2"], counts["msource3"])
	if counts["msource3"] == 0 {
		t.Errorf("the added node msource3 got none of %d new sessions: %v", clients, counts)
	}
	// None of the three holds a session when they open: two each by the fewest-sessions rule.
	for name, c := range counts {
		if c < 1 || c > 3 {
			t.Errorf("%s holds %d of %d new sessions, want 2±1", name, c, clients)
		}
	}
	sessionsAgree(t, counts, msource1, msource2, msource3)
	closeAll(conns)
	r.waitNoSessions(t)
}

// A source node whose native transport is off (nodetool disablebinary) gets no new sessions, and
// gets them again once it is back on.
func (r *mnRig) disabledBinary(t *testing.T) {
	n := msource2
	var others []mnNode
	for _, o := range r.ringOf("source") {
		if o.name != n.name {
			others = append(others, o)
		}
	}
	at := time.Now()
	if _, err := n.nodetool("disablebinary"); err != nil {
		t.Fatal(err)
	}
	returned := time.Now()
	enabled := false
	t.Cleanup(func() {
		if !enabled {
			n.nodetool("enablebinary")
		}
	})
	// Cassandra 5.0 sends no STATUS_CHANGE for a disabled native transport, and the proxy dials
	// a node only for a session: the first new session that picks it is refused, marks it down
	// and goes on to another node, so no client sees the refusal.
	const clients, marker = 6, "cqlmirror-e2e-disabled"
	conns := openMarked(t, marker, clients)
	// The node's CQL port is closed, so its own count cannot be read: the others must hold all.
	counts := waitMarkedClients(t, marker, clients, others...)
	t.Logf("MEASURED: %d new client connections with %s's binary off, none refused: %v", clients, n.name, counts)
	down, err := waitNodeGauge("cqlmirror_node_up", n, 0, 2*time.Second)
	if err != nil {
		t.Fatalf("%v; Envoy log:\n%s", err, r.e.tail())
	}
	t.Logf("MEASURED: nodetool disablebinary on %s returned after %s; cqlmirror_node_up 0 for it %s after it returned (at the first new session that picked it)",
		n.name, returned.Sub(at).Round(10*time.Millisecond), down.Sub(returned).Round(10*time.Millisecond))
	if v, err := nodeGauge("cqlmirror_node_sessions", n); err != nil || v != 0 {
		t.Errorf("cqlmirror_node_sessions for %s reads %v (%v) with its binary off, want 0", n.name, v, err)
	}
	sessionsAgree(t, counts, others...)

	at = time.Now()
	if _, err := n.nodetool("enablebinary"); err != nil {
		t.Fatal(err)
	}
	enabled = true
	returned = time.Now()
	// A STATUS_CHANGE UP makes the proxy probe at once; without it the probe's backoff is at
	// most 30 s.
	up, err := waitNodeGauge("cqlmirror_node_up", n, 1, 45*time.Second)
	if err != nil {
		t.Fatalf("%v; Envoy log:\n%s", err, r.e.tail())
	}
	t.Logf("MEASURED: nodetool enablebinary on %s returned after %s; cqlmirror_node_up 1 for it %s after it returned",
		n.name, returned.Sub(at).Round(10*time.Millisecond), up.Sub(returned).Round(10*time.Millisecond))
	// The node back holds none of the sessions open, so the next ones go to it.
	const marker2 = "cqlmirror-e2e-reenabled"
	more := openMarked(t, marker2, 3)
	back := waitMarkedClients(t, marker2, 3, r.ringOf("source")...)
	if back[n.name] == 0 {
		t.Errorf("%s, its binary back on, got none of 3 new sessions: %v", n.name, back)
	}
	closeAll(conns)
	closeAll(more)
	r.waitNoSessions(t)
}

// The target node holding half the writers' sessions is killed (kill -9) under a continuous write
// load (wait mode, source-decides). Writes go on being acknowledged, the sessions move to the
// other target node, and every acknowledged write is on the target or in the failed_writes_file.
func (r *mnRig) targetKilledUnderLoad(t *testing.T) {
	const (
		ks      = "e2e_mn_failover"
		writers = 8
		marker  = "cqlmirror-e2e-load"
	)
	victim, survivor := mtarget1, mtarget2
	// Replicated to every node of each cluster: whichever node coordinated a write, each holds it.
	createKV(t, msource1, ks, len(r.ringOf("source")))
	createKV(t, mtarget1, ks, len(r.ringOf("target")))
	surv, err := nodeSession(t, survivor)
	if err != nil {
		t.Fatal(err)
	}
	load, err := startMNLoad(mnProxyAddr, marker, ks, writers, 20*time.Millisecond)
	if err != nil {
		checkEnvoys(t)
		t.Fatalf("start the load through %s: %v; Envoy log:\n%s", mnProxyAddr, err, r.e.tail())
	}
	t.Cleanup(func() { load.stop() })
	before := waitMarkedClients(t, marker, writers, victim, survivor)
	t.Logf("the %d writers' target connections before the kill: %v", writers, before)
	if before[victim.name] == 0 {
		t.Fatalf("no writer's target connection is on %s: the kill would test nothing", victim.name)
	}
	time.Sleep(3 * time.Second)

	killAt := time.Now()
	if err := victim.script("kill", victim.name); err != nil {
		t.Fatal(err)
	}
	// Writes sent from gone on cannot have reached the victim; times are taken from killAt.
	gone := time.Now()
	sentAtKill := load.next.Load()
	down, err := waitNodeGauge("cqlmirror_node_up", victim, 0, 15*time.Second)
	if err != nil {
		t.Errorf("after the kill: %v", err)
	} else {
		t.Logf("MEASURED: %s killed (kill -9, gone %s later) %d writes into the load: cqlmirror_node_up 0 for it %s after the kill",
			victim.name, gone.Sub(killAt).Round(10*time.Millisecond), sentAtKill, down.Sub(killAt).Round(10*time.Millisecond))
	}
	resumed, ok := load.waitResumed(surv, ks, gone, 60*time.Second)
	if !ok {
		t.Errorf("within 60 s of the kill, only writers %v had a later write on %s", resumed, survivor.name)
	}
	if ok {
		var last time.Time
		for _, at := range resumed {
			if at.After(last) {
				last = at
			}
		}
		t.Logf("MEASURED: every writer had a write on %s again %s after the kill (polled every 100 ms)", survivor.name, last.Sub(killAt).Round(10*time.Millisecond))
	}
	// The writers' connections, counted on the survivor itself and by the proxy.
	moved := waitMarkedClients(t, marker, writers, survivor)
	t.Logf("the %d writers' target connections after the kill: %v", writers, moved)
	if _, err := waitNodeGauge("cqlmirror_node_sessions", victim, 0, 30*time.Second); err != nil {
		t.Errorf("the killed node keeps its sessions: %v", err)
	}
	time.Sleep(time.Second)
	writes := load.stop()

	// New connections go to the survivor and are answered.
	const marker2 = "cqlmirror-e2e-after-kill"
	closeAll(openMarked(t, marker2, 4))

	if err := waitGauge(mnMetrics, series("cqlmirror_connections", "stat_prefix", mnStatPrefix), 0, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	waitJournalSettled(t, r.journal)

	// The victim again, on its data (its commitlog synced each acknowledged write), to count
	// what the target holds: a write the victim took may not have reached the survivor before
	// the kill.
	restart := time.Now()
	if err := victim.start(true); err != nil {
		t.Fatal(err)
	}
	t.Logf("MEASURED: %s restarted on its data, answered CQL %s after its start", victim.name, time.Since(restart).Round(100*time.Millisecond))
	backAt := time.Now()

	onTarget := map[int]string{}
	for _, n := range []mnNode{victim, survivor} {
		s, err := nodeSession(t, n)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range scanKeys(t, s, ks) {
			onTarget[k] = v
		}
		s.Close()
	}
	srcAll := session(t, msource1.addr(), func(c *gocql.ClusterConfig) { c.Consistency = gocql.All })
	onSource := scanKeys(t, srcAll, ks)
	journaled, records := r.journaledKeys(t, ks)

	var acked, errs, onTgt, journaledOnly, both, neither int
	var lost, notOnSource []int
	for _, w := range writes {
		if w.err != "" {
			errs++
			if errs <= 5 {
				t.Errorf("key %d (writer %d): the client got an error: %s", w.k, w.writer, w.err)
			}
			continue
		}
		acked++
		if onSource[w.k] != mnValue(w.k) {
			notOnSource = append(notOnSource, w.k)
		}
		inT, inJ := onTarget[w.k] == mnValue(w.k), journaled[w.k]
		switch {
		case inT && inJ:
			both++
		case inT:
			onTgt++
		case inJ:
			journaledOnly++
		default:
			neither++
			lost = append(lost, w.k)
		}
	}
	t.Logf("MEASURED: %d writes sent, %d acknowledged, %d client errors; source holds %d rows; target holds %d of the acknowledged writes (%d of them also journaled), %d more are only in failed_writes_file (%d records of %s): %d + %d = %d; acknowledged and neither on the target nor journaled: %d",
		len(writes), acked, errs, len(onSource), onTgt+both, both, journaledOnly, records, ks, onTgt+both, journaledOnly, onTgt+both+journaledOnly, neither)
	if neither > 0 {
		t.Errorf("%d acknowledged writes are neither on the target nor in the failed_writes_file; first keys %v", neither, lost[:min(10, len(lost))])
	}
	if len(notOnSource) > 0 {
		t.Errorf("%d acknowledged writes are not on the source; first keys %v", len(notOnSource), notOnSource[:min(10, len(notOnSource))])
	}
	if errs == 0 && len(onSource) != acked {
		t.Errorf("the source holds %d rows, %d writes were acknowledged", len(onSource), acked)
	}
	if acked == 0 {
		t.Fatal("no write was acknowledged")
	}
	r.reportFailover(t, writes, journaled, onTarget, killAt, gone)

	if up, err := waitNodeGauge("cqlmirror_node_up", victim, 1, 45*time.Second); err != nil {
		t.Errorf("the restarted %s: %v", victim.name, err)
	} else {
		t.Logf("MEASURED: %s back: cqlmirror_node_up 1 %s after it answered CQL", victim.name, up.Sub(backAt).Round(10*time.Millisecond))
	}
}

// reportFailover logs, for the writers the kill hit (those with journaled writes), how long after
// the kill each had its first write on the target again: the first write sent once the victim
// was gone that the target holds, acknowledged (in wait mode) after the survivor stored it.
func (r *mnRig) reportFailover(t *testing.T, writes []mnWrite, journaled map[int]bool, onTarget map[int]string, killAt, gone time.Time) {
	t.Helper()
	hit := map[int]bool{}
	var journaledBefore int
	for _, w := range writes {
		if journaled[w.k] {
			hit[w.writer] = true
			if !w.acked.IsZero() && w.acked.Before(killAt) {
				journaledBefore++
			}
		}
	}
	if journaledBefore > 0 {
		t.Errorf("%d writes acknowledged before the kill were journaled", journaledBefore)
	}
	var took []time.Duration
	var never []int
	for writer := range hit {
		first := time.Duration(-1)
		for _, w := range writes {
			if w.writer == writer && w.sent.After(gone) && !w.acked.IsZero() && onTarget[w.k] == mnValue(w.k) {
				first = w.acked.Sub(killAt)
				break
			}
		}
		if first < 0 {
			never = append(never, writer)
			continue
		}
		took = append(took, first)
	}
	if len(hit) == 0 {
		t.Errorf("no writer was hit by the kill (none has a journaled write): the failover was not exercised")
		return
	}
	if len(never) > 0 {
		sort.Ints(never)
		t.Errorf("writers %v never had a write on the target after the kill", never)
	}
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	var s []string
	for _, d := range took {
		s = append(s, d.Round(time.Millisecond).String())
	}
	t.Logf("MEASURED: failover of the %d writers the kill hit, from the kill to their first write on the target again: min %s, max %s (%s)",
		len(took), took[0].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond), strings.Join(s, ", "))
}

// The nodes the config names as contact points are killed (kill -9). New client connections
// through the proxy are served, and the writes they make are on every surviving node of both
// clusters.
func (r *mnRig) contactPointsKilled(t *testing.T) {
	const (
		ks      = "e2e_mn_contact"
		clients = 4
		perConn = 50
	)
	for _, n := range []mnNode{msource1, mtarget1} {
		if n.script("status", n.name) != nil {
			if err := n.start(true); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Replicated to every node of each cluster, so each survivor must hold every row.
	createKV(t, msource1, ks, len(r.ringOf("source")))
	createKV(t, mtarget1, ks, len(r.ringOf("target")))
	var survivors []mnNode
	for _, n := range append(r.ringOf("source"), r.ringOf("target")...) {
		if n.name != msource1.name && n.name != mtarget1.name {
			survivors = append(survivors, n)
		}
	}

	killAt := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, n := range []mnNode{msource1, mtarget1} {
		wg.Go(func() { errs[i] = n.script("kill", n.name) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	killed := time.Now()

	var firstAck time.Time
	written := map[int]bool{}
	for c := range clients {
		s, err := connect(t, mnProxyAddr, func(cc *gocql.ClusterConfig) { cc.NumConns = 1 })
		if err != nil {
			checkEnvoys(t)
			t.Fatalf("new client %d through the proxy, %s after the contact points were killed: %v; Envoy log:\n%s",
				c, time.Since(killed).Round(10*time.Millisecond), err, r.e.tail())
		}
		for i := range perConn {
			k := c*perConn + i
			if err := s.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", k, mnValue(k)).Exec(); err != nil {
				t.Fatalf("new client %d: write k=%d: %v", c, k, err)
			}
			if firstAck.IsZero() {
				firstAck = time.Now()
			}
			written[k] = true
		}
		s.Close()
	}
	t.Logf("MEASURED: msource1 and mtarget1 killed (kill -9; %s until both were gone): the first write of a new client session acknowledged %s after that; %d new gocql sessions (a control and a pool connection each) wrote %d rows",
		killed.Sub(killAt).Round(10*time.Millisecond), firstAck.Sub(killed).Round(10*time.Millisecond), clients, len(written))
	for _, n := range []mnNode{msource1, mtarget1} {
		if down, err := waitNodeGauge("cqlmirror_node_up", n, 0, 15*time.Second); err != nil {
			t.Errorf("the killed %s: %v", n.name, err)
		} else {
			t.Logf("MEASURED: cqlmirror_node_up 0 for the killed %s %s after the kill", n.name, down.Sub(killAt).Round(10*time.Millisecond))
		}
	}

	waitJournalSettled(t, r.journal)
	journaled, _ := r.journaledKeys(t, ks)
	for _, n := range survivors {
		s, err := nodeSession(t, n)
		if err != nil {
			t.Fatal(err)
		}
		var missing []int
		inJournal := 0
		for k := range written {
			var v string
			err := s.Query("SELECT v FROM "+ks+".kv WHERE k = ?", k).Scan(&v)
			if err != nil && err != gocql.ErrNotFound {
				t.Fatalf("read k=%d on %s: %v", k, n.name, err)
			}
			if v != mnValue(k) {
				missing = append(missing, k)
				if journaled[k] {
					inJournal++
				}
			}
		}
		s.Close()
		sort.Ints(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d of the %d acknowledged writes (%d of them in the failed_writes_file); first keys %v",
				n.name, len(missing), len(written), inJournal, missing[:min(10, len(missing))])
		} else {
			t.Logf("%s (read at CONSISTENCY ONE from it alone) holds all %d acknowledged writes", n.name, len(written))
		}
	}
}
