package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The soak (issue: fault injection with real Cassandra). Two Cassandra nodes of its own; a TCP
// relay in front of the source, another in front of the target; per mode (wait and no-wait, side
// by side) a control plane and an Envoy configured over xDS. Writers on many connections write
// distinct keys through each proxy while faults hit both modes at once, one after another;
// afterwards every acknowledged write is looked up on each cluster directly and in the journal,
// the journal is replayed, and every acknowledged write must be on both clusters with the same
// WRITETIME. docs/RELIABILITY.md describes it and holds the figures of the last `make soak`.
const (
	soakSourceHost  = "127.0.0.21"
	soakTargetHost  = "127.0.0.22"
	soakSourceJMX   = "7699"
	soakTargetJMX   = "7799"
	soakSourceRelay = "127.0.0.1:29110"
	soakTargetRelay = "127.0.0.1:29111"
	soakPause       = 10 * time.Second
)

// soakSlot is where one scenario's proxy listens, serves its admin and metrics, and finds its
// control plane; the modes that run side by side have one each.
type soakSlot struct {
	port, admin  int
	metrics, xds string
}

var soakSlots = []soakSlot{
	{port: 29100, admin: 29910, metrics: "127.0.0.1:9470", xds: "127.0.0.1:18010"},
	{port: 29101, admin: 29911, metrics: "127.0.0.1:9471", xds: "127.0.0.1:18011"},
}

// soakSettings come from the environment; the defaults are the short run `make test` does.
type soakSettings struct {
	writes  int           // per mode, at least
	rate    float64       // writes per second, per mode
	gap     time.Duration // load between two faults: a tenth of writes/rate
	conns   int           // client connections per mode (one gocql session each)
	report  string        // a file whose soak section gets the figures (make soak: docs/RELIABILITY.md)
	command string        // the command that ran, for the report
}

func soakSettingsFromEnv(t *testing.T) soakSettings {
	t.Helper()
	s := soakSettings{writes: 8000, rate: 250, conns: 32,
		report: os.Getenv("CQLMIRROR_SOAK_REPORT"), command: os.Getenv("CQLMIRROR_SOAK_COMMAND")}
	num := func(name string, dst *int) {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				t.Fatalf("%s=%q: want a positive number", name, v)
			}
			*dst = n
		}
	}
	num("CQLMIRROR_SOAK_WRITES", &s.writes)
	num("CQLMIRROR_SOAK_CONNS", &s.conns)
	rate := int(s.rate)
	num("CQLMIRROR_SOAK_RATE", &rate)
	s.rate = float64(rate)
	s.gap = time.Duration(float64(s.writes) / s.rate / 10 * float64(time.Second))
	if s.command == "" {
		s.command = "make e2e E2E_RUN=TestSoak"
	}
	return s
}

// soakNode is one of the soak's Cassandra nodes.
type soakNode struct {
	name, host, jmx string
	env             []string
}

func (n soakNode) addr() string { return n.host + ":9042" }

func (n soakNode) script(args ...string) error {
	cmd := exec.Command(filepath.Join(repoRoot, "e2e", "testbed", "cassandra.sh"), args...)
	cmd.Env = append(os.Environ(), n.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("cassandra.sh %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// start starts the node fresh, or with keep on the data it left.
func (n soakNode) start(keep bool) error {
	cmd := "restart"
	if keep {
		cmd = "start-kept"
	}
	if err := n.script(cmd, n.name, n.host, n.jmx); err != nil {
		return err
	}
	return n.script("wait", n.name, n.host, "180")
}

// ensureUp brings the node back if a scenario that failed left it paused or killed.
func (n soakNode) ensureUp() error {
	n.script("resume", n.name)
	if n.script("status", n.name) != nil {
		return n.start(true)
	}
	return nil
}

func TestSoak(t *testing.T) {
	cfg := soakSettingsFromEnv(t)
	// The target acknowledges a write once its commitlog is synced: a kill -9 then loses nothing
	// it acknowledged, so whatever is missing afterwards is the proxy's doing (RELIABILITY.md).
	src := soakNode{name: "soak-source", host: soakSourceHost, jmx: soakSourceJMX}
	tgt := soakNode{name: "soak-target", host: soakTargetHost, jmx: soakTargetJMX, env: []string{"CASSANDRA_COMMITLOG_SYNC=batch"}}
	t.Cleanup(func() {
		src.script("stop", src.name)
		tgt.script("stop", tgt.name)
	})
	errs := make(chan error, 2)
	for _, n := range []soakNode{src, tgt} {
		go func() { errs <- n.start(false) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var results []*soakResult
	t.Run("Faults", func(t *testing.T) {
		results = append(results, runSoak(t, cfg, src, tgt)...)
	})
	t.Run("NoWaitClientsLeaveThenTargetCrashes", func(t *testing.T) {
		results = append(results, runClientsLeave(t, cfg, src, tgt))
	})
	table := soakTable(cfg, results)
	t.Log("\n" + table)
	// The figures are written whenever every scenario ran to its end, failed or not.
	if cfg.report != "" && len(results) == 3 {
		if err := writeSoakReport(cfg.report, table); err != nil {
			t.Fatal(err)
		}
		t.Logf("figures written to %s", cfg.report)
	}
}

// soakResult is one scenario's run, as reported.
type soakResult struct {
	mode                    string
	sent, acked, clientErrs int
	errKinds                map[string]int
	erroredButStored        int // writes the client saw fail that the source has anyway
	journalRecords          int
	journalKeys             int // distinct acknowledged keys in the journal
	missingBefore           int // acknowledged, not on the target (or another WRITETIME) before replay
	unjournaled             int // ... and not in the journal either
	notOnSource             int
	replayed                int // journal records replayed
	replayTook              time.Duration
	lost, mismatched        int
	duration                time.Duration
	rate                    float64
	timeline                []soakEvent
	phases                  []soakPhase
	rssBefore, rssPeak      int // Envoy's VmRSS (kB) just before the target was paused, and its peak while paused
	rssEnd                  int
	logBytes                int64 // Envoy's log
	load                    string
	notes                   []string
}

type soakEvent struct {
	at, took time.Duration
	sent     int64
	what     string
}

// soakPhase counts the writes sent from one point of the fault schedule to the next.
type soakPhase struct {
	name                           string
	from                           time.Duration
	sent, acked, missing, recorded int
}

// soakRig is one scenario's proxy: a control plane and an Envoy of its own in front of the soak's
// nodes, with a journal and a keyspace of its own; and, while it runs, its load.
type soakRig struct {
	t           *testing.T
	cfg         soakSettings
	src, tgt    soakNode
	slot        soakSlot
	res         *soakResult
	prefix, ks  string
	journalPath string
	cp          *controlPlane
	e           *envoy
	log         *envoyLogWatch
	gauge       string
	load        *soakLoad
	rss         *rssSampler
	phases      []soakPhase
}

// newSoakRig starts a proxy in slot that reaches the source and the target at sourceAddr and
// targetAddr.
func newSoakRig(t *testing.T, cfg soakSettings, src, tgt soakNode, slot soakSlot, sourceAddr, targetAddr, mode, name string, wait bool) *soakRig {
	t.Helper()
	r := &soakRig{t: t, cfg: cfg, src: src, tgt: tgt, slot: slot, res: &soakResult{mode: mode, errKinds: map[string]int{}}, prefix: "soak_" + name}
	r.ks = r.prefix
	if err := tgt.ensureUp(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r.journalPath = filepath.Join(dir, "failed-writes.jsonl")
	for _, n := range []soakNode{src, tgt} {
		s := session(t, n.addr())
		createKeyspace(t, s, r.ks)
		s.Close()
	}
	r.cp = startSoakControlPlane(t, dir, name, slot.xds, map[string]any{
		"listener":           map[string]any{"address": "127.0.0.1", "port": slot.port},
		"stat_prefix":        r.prefix,
		"source":             map[string]any{"address": sourceAddr},
		"target":             map[string]any{"address": targetAddr},
		"wait":               wait,
		"failure_policy":     "source-decides",
		"failed_writes_file": r.journalPath,
		"metrics_address":    slot.metrics,
	})
	r.e = startSoakEnvoy(t, dir, "soak-"+name, slot)
	r.cp.waitApplied(t, r.e, "first config")
	r.log = &envoyLogWatch{path: r.e.log}
	r.gauge = series("cqlmirror_cluster_healthy", "stat_prefix", r.prefix, "cluster", "target")
	return r
}

func (r *soakRig) proxyAddr() string { return fmt.Sprintf("127.0.0.1:%d", r.slot.port) }

// connectLoad connects the rig's writers; startLoad sets them writing (and samples its Envoy's
// RSS).
func (r *soakRig) connectLoad(cfg soakSettings) {
	r.load = newSoakLoad(r.t, cfg, r.proxyAddr())
}

func (r *soakRig) startLoad(cfg soakSettings, first string) {
	r.rss = startRSSSampler(r.e)
	r.load.run(cfg, r.ks)
	r.phases = []soakPhase{{name: first}}
}

func (r *soakRig) phase(name string) {
	r.phases = append(r.phases, soakPhase{name: name, from: time.Since(r.load.start)})
}

// stopLoad stops the writers and returns every write made.
func (r *soakRig) stopLoad() []soakWrite {
	writes := r.load.stop()
	r.res.duration = time.Since(r.load.start)
	r.res.rssEnd = r.rss.stop()
	return writes
}

// waitHealthy waits until the config in use sees the target at addr healthy. Its log says so; the
// gauge may not: a config replaced by a retarget drains for Envoy's drain time, and its probe of
// the old address writes the same series meanwhile. What the gauge read while the two disagreed
// is noted.
func (r *soakRig) waitHealthy(addr, what string) {
	r.t.Helper()
	start := time.Now()
	noted := false
	for deadline := start.Add(90 * time.Second); !r.log.healthy(addr); time.Sleep(100 * time.Millisecond) {
		if g, err := gaugeValue(r.slot.metrics, r.gauge); err == nil && g == 1 && !noted && !r.log.healthy(addr) {
			noted = true
			r.res.notes = append(r.res.notes, fmt.Sprintf("%s: %s read 1 while the config in use still had the target %s unhealthy (%s into the wait)",
				what, r.gauge, addr, time.Since(start).Round(100*time.Millisecond)))
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: the proxy does not see the target %s healthy 90 s on; Envoy log:\n%s", what, addr, r.e.tail())
		}
	}
	if g, err := gaugeValue(r.slot.metrics, r.gauge); err == nil && g != 1 {
		r.res.notes = append(r.res.notes, fmt.Sprintf("%s: %s read %v once the config in use saw the target %s healthy", what, r.gauge, g, addr))
	}
}

// noteGauge waits (10 s at most) for the config in use to log the target at addr unhealthy, and
// notes the gauge if it reads otherwise.
func (r *soakRig) noteGauge(addr, what string) {
	for deadline := time.Now().Add(10 * time.Second); r.log.healthy(addr) && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	if r.log.healthy(addr) {
		return
	}
	if g, err := gaugeValue(r.slot.metrics, r.gauge); err == nil && g != 0 {
		r.res.notes = append(r.res.notes, fmt.Sprintf("%s: %s read %v while the config in use had the target %s unhealthy", what, r.gauge, g, addr))
	}
}

// crashTarget kills the target with SIGKILL, starts it again on its data, and waits until every
// rig sees it healthy; it returns how long the node took to answer CQL.
func crashTarget(t *testing.T, tgt soakNode, rigs ...*soakRig) time.Duration {
	t.Helper()
	if err := tgt.script("kill", tgt.name); err != nil {
		t.Fatal(err)
	}
	for _, r := range rigs {
		r.noteGauge(tgt.addr(), "target killed")
	}
	start := time.Now()
	if err := tgt.start(true); err != nil {
		t.Fatal(err)
	}
	up := time.Since(start)
	for _, r := range rigs {
		r.waitHealthy(tgt.addr(), "after the restart")
	}
	return up
}

// runSoak runs the schedule on both modes at once: the loads, and one gap into them a
// retarget, then a source cut, then the target paused for soakPause, then the target killed and
// restarted, then a last gap. Each mode is then checked on its own.
func runSoak(t *testing.T, cfg soakSettings, src, tgt soakNode) []*soakResult {
	srcRelay := startRelay(t, soakSourceRelay, src.addr())
	tgtRelay := startRelay(t, soakTargetRelay, tgt.addr())
	rigs := []*soakRig{
		newSoakRig(t, cfg, src, tgt, soakSlots[0], srcRelay.addr(), tgtRelay.addr(), "wait", "wait", true),
		newSoakRig(t, cfg, src, tgt, soakSlots[1], srcRelay.addr(), tgtRelay.addr(), "no-wait", "nowait", false),
	}
	for _, r := range rigs {
		r.res.load = fmt.Sprintf("%.0f/s, %d connections", cfg.rate, cfg.conns)
		r.connectLoad(cfg)
	}
	for _, r := range rigs {
		r.startLoad(cfg, "before the faults")
	}
	phase := func(name string) {
		for _, r := range rigs {
			r.phase(name)
		}
	}
	fault := func(what string, f func() string) {
		t.Helper()
		time.Sleep(cfg.gap)
		at := time.Now()
		sent := make([]int64, len(rigs))
		for i, r := range rigs {
			sent[i] = r.load.sent.Load()
		}
		detail := f()
		for i, r := range rigs {
			r.res.timeline = append(r.res.timeline, soakEvent{at: at.Sub(r.load.start), took: time.Since(at), sent: sent[i], what: what + detail})
			if !r.e.alive() {
				t.Fatalf("Envoy %s died (%s); log:\n%s", r.e.name, what, r.e.tail())
			}
		}
	}

	fault("retarget", func() string {
		phase("after the retarget")
		for _, r := range rigs {
			r.cp.set(t, "target.address="+tgt.addr())
		}
		for _, r := range rigs {
			r.cp.waitApplied(t, r.e, "retarget")
		}
		return fmt.Sprintf(": target.address %s (a relay to the node) → %s (the node), until Envoy ACKed the listener", tgtRelay.addr(), tgt.addr())
	})
	fault("source cut", func() string {
		at := time.Now()
		phase("after the source cut")
		n := srcRelay.cut()
		for _, r := range rigs {
			if !r.load.waitAckAfter(at, 60*time.Second) {
				t.Fatalf("%s: no write acknowledged within 60 s of the source cut; Envoy log:\n%s", r.res.mode, r.e.tail())
			}
		}
		return fmt.Sprintf(": the relay reset its %d connections, until each mode's next acknowledged write", n)
	})
	fault("target paused", func() string {
		for _, r := range rigs {
			r.rss.mark()
		}
		paused := time.Now()
		phase("target paused, until healthy")
		if err := tgt.script("pause", tgt.name); err != nil {
			t.Fatal(err)
		}
		for _, r := range rigs {
			r.noteGauge(tgt.addr(), "target paused")
		}
		time.Sleep(time.Until(paused.Add(soakPause)))
		if err := tgt.script("resume", tgt.name); err != nil {
			t.Fatal(err)
		}
		for _, r := range rigs {
			r.res.rssBefore, r.res.rssPeak = r.rss.since()
		}
		for _, r := range rigs {
			r.waitHealthy(tgt.addr(), "after the pause")
		}
		phase("after the pause")
		return fmt.Sprintf(" (SIGSTOP) for %s, until both proxies saw it healthy", soakPause)
	})
	fault("target killed", func() string {
		phase("target killed, until healthy")
		up := crashTarget(t, tgt, rigs...)
		phase("after the restart")
		return fmt.Sprintf(" (kill -9) and restarted on its data (answered CQL %s after the start), until both proxies saw it healthy", up.Round(100*time.Millisecond))
	})
	time.Sleep(cfg.gap)
	for _, r := range rigs {
		for r.load.sent.Load() < int64(cfg.writes) {
			time.Sleep(100 * time.Millisecond)
		}
	}
	writes := make([][]soakWrite, len(rigs))
	var stopping sync.WaitGroup
	for i, r := range rigs {
		stopping.Go(func() { writes[i] = r.stopLoad() })
	}
	stopping.Wait()
	var results []*soakResult
	for i, r := range rigs {
		t.Run(map[bool]string{true: "Wait", false: "NoWait"}[i == 0], func(t *testing.T) {
			r.t = t
			r.verify(writes[i])
		})
		results = append(results, r.res)
	}
	return results
}

// runClientsLeave: no-wait mode; the target falls behind the source (it syncs its commitlog
// before each acknowledgement, the source does not) and then stalls (SIGSTOP); the clients close
// their connections while writes they were told succeeded are still on their way to the target;
// then the target crashes (kill -9) and is restarted. Every acknowledged write must still be on the
// target or in the journal.
func runClientsLeave(t *testing.T, cfg soakSettings, src, tgt soakNode) *soakResult {
	r := newSoakRig(t, cfg, src, tgt, soakSlots[0], src.addr(), tgt.addr(), "no-wait: clients leave during a stall, then the target crashes", "leave", false)
	fast := cfg
	fast.rate, fast.conns = 1e6, 16
	r.res.load = fmt.Sprintf("unpaced, %d connections", fast.conns)
	r.connectLoad(fast)
	r.startLoad(fast, "target up")
	event := func(at time.Time, what string) {
		r.res.timeline = append(r.res.timeline, soakEvent{at: at.Sub(r.load.start), took: time.Since(at), sent: r.load.sent.Load(), what: what})
	}
	time.Sleep(2 * time.Second)
	r.phase("target paused")
	at := time.Now()
	if err := tgt.script("pause", tgt.name); err != nil {
		t.Fatal(err)
	}
	event(at, "target paused (SIGSTOP)")
	time.Sleep(500 * time.Millisecond)
	at = time.Now()
	writes := r.stopLoad()
	event(at, "the clients closed their connections (gocql Session.Close)")
	at = time.Now()
	up := crashTarget(t, tgt, r)
	event(at, fmt.Sprintf("target killed (kill -9) while paused, restarted on its data (answered CQL %s after the start), until the proxy saw it healthy", up.Round(100*time.Millisecond)))
	r.verify(writes)
	return r.res
}

// verify waits for the proxy to settle, then checks and counts: every acknowledged write on the
// source, on the target or in the journal; after replay, on both with one WRITETIME.
func (r *soakRig) verify(writes []soakWrite) {
	t, res := r.t, r.res
	t.Helper()
	if !r.e.alive() {
		t.Fatalf("Envoy died during the load; log:\n%s", r.e.tail())
	}
	// The clients are gone; what the proxy still owes the journal gets there before anything is read.
	if err := waitGauge(r.slot.metrics, series("cqlmirror_connections", "stat_prefix", r.prefix), 0, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	waitJournalSettled(t, r.journalPath)

	acked := map[int]bool{}
	for _, w := range writes {
		res.sent++
		if w.err == "" {
			res.acked++
			acked[w.k] = true
		} else {
			res.clientErrs++
			res.errKinds[errKind(w.err)]++
		}
	}
	res.rate = float64(res.sent) / res.duration.Seconds()
	srcS, tgtS := session(t, r.src.addr()), session(t, r.tgt.addr())
	onSource := scanSoak(t, srcS, r.ks)
	onTarget := scanSoak(t, tgtS, r.ks)
	journaled, records := readSoakJournal(t, r.journalPath)
	res.journalRecords = records
	for k := range journaled {
		if acked[k] {
			res.journalKeys++
		}
	}
	missing := map[int]bool{}
	var unjournaled []int
	for k := range acked {
		s, ok := onSource[k]
		if !ok || s.v != soakValue(k) {
			res.notOnSource++
			t.Errorf("k=%d: acknowledged to the client, but the source has %+v (present %v)", k, s, ok)
			continue
		}
		if d, ok := onTarget[k]; ok && d == s {
			continue
		}
		missing[k] = true
		if !journaled[k] {
			unjournaled = append(unjournaled, k)
		}
	}
	res.missingBefore, res.unjournaled = len(missing), len(unjournaled)
	if len(unjournaled) > 0 {
		sort.Ints(unjournaled)
		t.Errorf("%d acknowledged writes are on the source, not on the target (or with another WRITETIME) and not in the journal; first keys %v",
			len(unjournaled), unjournaled[:min(10, len(unjournaled))])
	}
	res.phases = countPhases(r.phases, writes, acked, missing, journaled)
	for _, w := range writes {
		if _, ok := onSource[w.k]; ok && w.err != "" {
			res.erroredButStored++
		}
	}

	replayStart := time.Now()
	n, err := replayJournal(t, r.cp, r.journalPath)
	res.replayed, res.replayTook = n, time.Since(replayStart)
	if err != nil {
		t.Errorf("replay: %v", err)
	}
	onSource, onTarget = scanSoak(t, srcS, r.ks), scanSoak(t, tgtS, r.ks)
	var lost, mismatched []string
	for k := range acked {
		s, okS := onSource[k]
		d, okT := onTarget[k]
		switch {
		case !okS || !okT || s.v != soakValue(k) || d.v != soakValue(k):
			lost = append(lost, fmt.Sprintf("k=%d source %+v target %+v", k, s, d))
		case s.wt != d.wt:
			mismatched = append(mismatched, fmt.Sprintf("k=%d WRITETIME source %d target %d", k, s.wt, d.wt))
		}
	}
	res.lost, res.mismatched = len(lost), len(mismatched)
	sort.Strings(lost)
	sort.Strings(mismatched)
	if len(lost) > 0 {
		t.Errorf("after replay, %d acknowledged writes are missing; first: %v", len(lost), lost[:min(10, len(lost))])
	}
	if len(mismatched) > 0 {
		t.Errorf("after replay, %d acknowledged writes have another WRITETIME on each cluster; first: %v", len(mismatched), mismatched[:min(10, len(mismatched))])
	}
	r.log.poll()
	if len(r.log.panics) > 0 {
		t.Errorf("the filter recovered from panics: %v", r.log.panics)
	}
	if !r.e.alive() {
		t.Fatalf("Envoy died; log:\n%s", r.e.tail())
	}
	res.logBytes = r.log.off
	t.Logf("%s: sent %d, acknowledged %d, client errors %d, journal %d records (%d acknowledged keys), acknowledged writes not on the target before replay %d (not journaled %d), replayed %d in %s, lost %d, WRITETIME mismatches %d; %s at %.0f writes/s; Envoy VmRSS %d kB before the pause, peak %d kB while paused, %d kB at the end",
		res.mode, res.sent, res.acked, res.clientErrs, res.journalRecords, res.journalKeys, res.missingBefore, res.unjournaled,
		res.replayed, res.replayTook.Round(time.Second), res.lost, res.mismatched, res.duration.Round(time.Second), res.rate, res.rssBefore, res.rssPeak, res.rssEnd)
	for _, ev := range res.timeline {
		t.Logf("  +%5.1fs  %6d writes sent  %s (%s)", ev.at.Seconds(), ev.sent, ev.what, ev.took.Round(10*time.Millisecond))
	}
	for _, p := range res.phases {
		t.Logf("  %-30s sent %6d  acknowledged %6d  not on the target before replay %6d  of which journaled %6d", p.name, p.sent, p.acked, p.missing, p.recorded)
	}
	for _, n := range res.notes {
		t.Log("  note: " + n)
	}
}

// countPhases counts the writes of each phase (by when they were sent).
func countPhases(phases []soakPhase, writes []soakWrite, acked, missing, journaled map[int]bool) []soakPhase {
	for _, w := range writes {
		p := &phases[sort.Search(len(phases), func(i int) bool { return phases[i].from > w.at })-1]
		p.sent++
		if acked[w.k] {
			p.acked++
		}
		if missing[w.k] {
			p.missing++
			if journaled[w.k] {
				p.recorded++
			}
		}
	}
	return phases
}

// startSoakEnvoy starts an Envoy on envoy.yaml (everything from the control plane) with the
// slot's admin port and control plane; it is stopped when the test ends.
func startSoakEnvoy(t *testing.T, dir, name string, slot soakSlot) *envoy {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "envoy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	boot := string(b)
	_, xdsPort, _ := strings.Cut(slot.xds, ":")
	for from, to := range map[string]string{"port_value: 29901": fmt.Sprintf("port_value: %d", slot.admin), "port_value: 18000": "port_value: " + xdsPort} {
		if !strings.Contains(boot, from) {
			t.Fatalf("envoy.yaml no longer has %q", from)
		}
		boot = strings.Replace(boot, from, to, 1)
	}
	path := filepath.Join(dir, "envoy-soak.yaml")
	if err := os.WriteFile(path, []byte(boot), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := startEnvoy(workDir, name, path, moduleDir, slot.admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
	return e
}

// startSoakControlPlane runs the control plane on a config made of cfg, serving xDS on xds; it is
// stopped when the test ends. Its log is e2e-logs/controlplane-NAME.log.
func startSoakControlPlane(t *testing.T, dir, name, xds string, cfg map[string]any) *controlPlane {
	t.Helper()
	return startControlPlaneOn(t, dir, xds, "controlplane-"+name, cfg)
}
