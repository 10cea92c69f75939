package nodes

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Every test runs in a synctest bubble over the fake's in-memory network: time is fake, so
// backoffs and refresh intervals are exact, and "within a minute" bounds only fail a hung test.

func start(t *testing.T, fc *fakeCluster, o Options) (*Cluster, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	if o.Name == "" {
		o.Name = "target"
	}
	o.Dial, o.Logger = fc.Dial, logs.logger()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	c.Start()
	t.Cleanup(c.Close)
	return c, logs
}

func waitReady(t *testing.T, c *Cluster) {
	t.Helper()
	select {
	case <-c.Ready():
	case <-time.After(time.Minute):
		t.Fatalf("not ready after a minute: %+v", c.Snapshot())
	}
}

// waitFor waits until cond holds for the Cluster's snapshot.
func waitFor(t *testing.T, c *Cluster, what string, cond func(Snapshot) bool) Snapshot {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		changed := c.Changed()
		s := c.Snapshot()
		if cond(s) {
			return s
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("%s: not after a minute: %s", what, describe(s))
		}
	}
}

func nodeOf(s Snapshot, addr string) (NodeInfo, bool) {
	for _, n := range s.Nodes {
		if n.Addr.String() == addr {
			return n, true
		}
	}
	return NodeInfo{}, false
}

func state(addr string, st State) func(Snapshot) bool {
	return func(s Snapshot) bool {
		n, ok := nodeOf(s, addr)
		return ok && n.State == st
	}
}

// describe is one line per node: address, DC, rack, state, local.
func describe(s Snapshot) string {
	var lines []string
	for _, n := range s.Nodes {
		l := fmt.Sprintf("%s %s %s %s", n.Addr, n.DC, n.Rack, n.State)
		if n.Local {
			l += " local"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

// pick takes n sessions and counts them by node.
func pick(t *testing.T, c *Cluster, n int) (map[string]int, map[string][]func()) {
	t.Helper()
	counts, releases := map[string]int{}, map[string][]func(){}
	for range n {
		addr, release, err := c.Pick()
		if err != nil {
			t.Fatal(err)
		}
		counts[addr.String()]++
		releases[addr.String()] = append(releases[addr.String()], release)
	}
	return counts, releases
}

func TestDiscoveryPeersV2(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.1.1:9042", "dc1", "r1")
		fc.add("10.0.1.2:9043", "dc1", "r2")
		fc.add("10.0.1.3:9044", "dc1", "r3")
		fc.add("10.0.1.4:9042", "dc1", "r1")
		fc.setMode("10.0.1.4:9042", refusing) // listed in system.peers_v2, but dead
		fc.add("10.0.2.1:9042", "dc2", "r1")
		fc.add("10.0.1.5:9042", "dc1", "r1").ghost = true // an incomplete row, left out
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.1.1:9042"}})
		waitReady(t, c)

		s := c.Snapshot()
		want := strings.Join([]string{
			"10.0.1.1:9042 dc1 r1 up local",
			"10.0.1.2:9043 dc1 r2 up local",
			"10.0.1.3:9044 dc1 r3 up local",
			"10.0.1.4:9042 dc1 r1 down local",
			"10.0.2.1:9042 dc2 r1 up",
		}, "\n")
		if got := describe(s); got != want {
			t.Errorf("nodes:\n%s\nwant:\n%s", got, want)
		}
		if s.LocalDC != "dc1" || s.Control.String() != "10.0.1.1:9042" || s.ControlError != "" {
			t.Errorf("local DC %q, control %v, control error %q", s.LocalDC, s.Control, s.ControlError)
		}
		dead, _ := nodeOf(s, "10.0.1.4:9042")
		if !strings.Contains(dead.Reason, "connection refused") {
			t.Errorf("dead node's reason %q", dead.Reason)
		}
		if n, _ := nodeOf(s, "10.0.1.2:9043"); n.HostID != fc.nodes[1].hostID.String() {
			t.Errorf("host id %q, want %s", n.HostID, fc.nodes[1].hostID)
		}
		if q := fc.queried("10.0.1.1:9042"); !slices.Equal(q, []string{"SELECT * FROM system.local WHERE key='local'", "SELECT * FROM system.peers_v2"}) {
			t.Errorf("queries %q", q)
		}

		counts, _ := pick(t, c, 12)
		if want := map[string]int{"10.0.1.1:9042": 4, "10.0.1.2:9043": 4, "10.0.1.3:9044": 4}; !maps.Equal(counts, want) {
			t.Errorf("12 sessions went to %v, want %v (no dead node, no other DC)", counts, want)
		}
	})
}

func TestDiscoveryPeersFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.noPeersV2 = true
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc1", "r2")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}, RefreshInterval: 10 * time.Second})
		waitReady(t, c)
		want := "10.0.0.1:9042 dc1 r1 up local\n10.0.0.2:9042 dc1 r1 up local\n10.0.0.3:9042 dc1 r2 up local"
		if got := describe(c.Snapshot()); got != want {
			t.Errorf("nodes:\n%s\nwant:\n%s", got, want)
		}

		time.Sleep(10 * time.Second) // one refresh
		synctest.Wait()
		local := "SELECT * FROM system.local WHERE key='local'"
		wantQ := []string{local, "SELECT * FROM system.peers_v2", "SELECT * FROM system.peers", local, "SELECT * FROM system.peers"}
		if q := fc.queried("10.0.0.1:9042"); !slices.Equal(q, wantQ) {
			t.Errorf("queries %q\nwant %q", q, wantQ)
		}
	})
}

func TestLocalDCIsTheFirstAnsweringContactPoints(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.1.1:9042", "dc1", "r1")
		fc.add("10.0.1.2:9042", "dc1", "r1")
		fc.add("10.0.2.1:9042", "dc2", "r1")
		fc.add("10.0.2.2:9042", "dc2", "r1")
		// 10.0.1.9 does not answer; 10.0.2.1 is the first that does.
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.1.9:9042", "10.0.2.1:9042", "10.0.1.1:9042"}})
		waitReady(t, c)
		if s := c.Snapshot(); s.LocalDC != "dc2" || s.Control.String() != "10.0.2.1:9042" {
			t.Fatalf("local DC %q, control %v; want dc2 on 10.0.2.1:9042", s.LocalDC, s.Control)
		}
		counts, _ := pick(t, c, 6)
		if want := map[string]int{"10.0.2.1:9042": 3, "10.0.2.2:9042": 3}; !maps.Equal(counts, want) {
			t.Errorf("sessions went to %v, want %v", counts, want)
		}
		if c.Live() != 2 {
			t.Errorf("Live() = %d, want 2", c.Live())
		}
	})
}

func TestExplicitLocalDC(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.1.1:9042", "dc1", "r1")
		fc.add("10.0.1.2:9042", "dc1", "r1")
		fc.add("10.0.2.1:9042", "dc2", "r1")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.2.1:9042"}, LocalDC: "dc1"})
		waitReady(t, c)
		counts, _ := pick(t, c, 4)
		if want := map[string]int{"10.0.1.1:9042": 2, "10.0.1.2:9042": 2}; !maps.Equal(counts, want) {
			t.Errorf("sessions went to %v, want %v", counts, want)
		}

		missing, logs := start(t, fc, Options{Name: "source", ContactPoints: []string{"10.0.2.1:9042"}, LocalDC: "dc9"})
		waitReady(t, missing)
		_, _, err := missing.Pick()
		if !errors.Is(err, ErrNoLiveNode) {
			t.Fatalf("Pick: %v, want ErrNoLiveNode", err)
		}
		for _, want := range []string{"source cluster", `local DC "dc9"`, `"dc1", "dc2"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Pick's error %q does not say %s", err, want)
			}
		}
		if !strings.Contains(logs.String(), `source.local_dc \"dc9\" matches no node`) {
			t.Errorf("no log line names local_dc dc9:\n%s", logs)
		}
	})
}

func TestDNSContactPoint(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.setMode("10.0.0.1:9042", refusing)
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc1", "r1")
		var mu sync.Mutex
		lookups := 0
		dns := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.0.2"), netip.MustParseAddr("10.0.0.3")}
		resolve := func(_ context.Context, host string) ([]netip.Addr, error) {
			mu.Lock()
			defer mu.Unlock()
			if host != "cassandra.test" {
				return nil, fmt.Errorf("no such host %q", host)
			}
			lookups++
			return slices.Clone(dns), nil
		}
		c, _ := start(t, fc, Options{ContactPoints: []string{"cassandra.test:9042"}, Resolve: resolve, RefreshInterval: 10 * time.Second})
		waitReady(t, c)
		s := c.Snapshot()
		if s.Control.String() != "10.0.0.2:9042" {
			t.Errorf("control on %v, want 10.0.0.2:9042, the first address that answers", s.Control)
		}
		if want := "10.0.0.1:9042 dc1 r1 down local\n10.0.0.2:9042 dc1 r1 up local\n10.0.0.3:9042 dc1 r1 up local"; describe(s) != want {
			t.Errorf("nodes:\n%s\nwant:\n%s", describe(s), want)
		}

		mu.Lock()
		before := lookups
		mu.Unlock()
		time.Sleep(10 * time.Second)
		synctest.Wait()
		mu.Lock()
		if lookups <= before {
			t.Errorf("the name was not resolved again at the refresh (%d lookups, %d before)", lookups, before)
		}
		// The cluster is replaced by a node at a new address, which only the name knows.
		dns = []netip.Addr{netip.MustParseAddr("10.0.0.7")}
		mu.Unlock()
		fc.add("10.0.0.7:9042", "dc1", "r1")
		for _, a := range []string{"10.0.0.1:9042", "10.0.0.2:9042", "10.0.0.3:9042"} {
			fc.remove(a)
		}
		s = waitFor(t, c, "control connection on 10.0.0.7", func(s Snapshot) bool { return s.Control.String() == "10.0.0.7:9042" })
		if describe(s) != "10.0.0.7:9042 dc1 r1 up local" {
			t.Errorf("nodes:\n%s", describe(s))
		}
	})
}

func TestEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc1", "r1")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}})
		waitReady(t, c)

		fc.push(&message.StatusChangeEvent{ChangeType: primitive.StatusChangeTypeDown, Address: inet("10.0.0.2:9042")})
		s := waitFor(t, c, "10.0.0.2 down", state("10.0.0.2:9042", Down))
		if n, _ := nodeOf(s, "10.0.0.2:9042"); n.Reason != "STATUS_CHANGE DOWN event" {
			t.Errorf("reason %q", n.Reason)
		}
		if counts, _ := pick(t, c, 4); counts["10.0.0.2:9042"] != 0 {
			t.Errorf("a down node got sessions: %v", counts)
		}

		// UP is a hint: the node is probed first, and stays down while it refuses.
		fc.setMode("10.0.0.2:9042", refusing)
		options := fc.optionsTo("10.0.0.2:9042")
		fc.push(&message.StatusChangeEvent{ChangeType: primitive.StatusChangeTypeUp, Address: inet("10.0.0.2:9042")})
		s = waitFor(t, c, "10.0.0.2 probed", func(s Snapshot) bool {
			n, _ := nodeOf(s, "10.0.0.2:9042")
			return strings.HasPrefix(n.Reason, "probe:")
		})
		if n, _ := nodeOf(s, "10.0.0.2:9042"); n.State != Down || !strings.Contains(n.Reason, "connection refused") {
			t.Errorf("after UP for a refusing node: %s, %q", n.State, n.Reason)
		}
		fc.setMode("10.0.0.2:9042", serving)
		fc.push(&message.StatusChangeEvent{ChangeType: primitive.StatusChangeTypeUp, Address: inet("10.0.0.2:9042")})
		waitFor(t, c, "10.0.0.2 up", state("10.0.0.2:9042", Up))
		if fc.optionsTo("10.0.0.2:9042") != options+1 {
			t.Errorf("the node came back without one probe: %d OPTIONS, %d before", fc.optionsTo("10.0.0.2:9042"), options)
		}

		fc.add("10.0.0.4:9042", "dc1", "r2")
		fc.push(&message.TopologyChangeEvent{ChangeType: primitive.TopologyChangeTypeNewNode, Address: inet("10.0.0.4:9042")})
		waitFor(t, c, "10.0.0.4 found and up", state("10.0.0.4:9042", Up))

		fc.remove("10.0.0.3:9042")
		fc.push(&message.TopologyChangeEvent{ChangeType: primitive.TopologyChangeTypeRemovedNode, Address: inet("10.0.0.3:9042")})
		s = waitFor(t, c, "10.0.0.3 gone", func(s Snapshot) bool { _, ok := nodeOf(s, "10.0.0.3:9042"); return !ok })
		want := "10.0.0.1:9042 dc1 r1 up local\n10.0.0.2:9042 dc1 r1 up local\n10.0.0.4:9042 dc1 r2 up local"
		if describe(s) != want {
			t.Errorf("nodes:\n%s\nwant:\n%s", describe(s), want)
		}
	})
}

func TestPickSpreadsAndSkipsDownNodes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		for i := 1; i <= 4; i++ {
			fc.add(fmt.Sprintf("10.0.0.%d:9042", i), "dc1", "r1")
		}
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}})
		waitReady(t, c)

		counts, releases := pick(t, c, 16)
		for addr, n := range counts {
			if n != 4 {
				t.Errorf("16 sessions over 4 nodes: %v", counts)
				break
			}
			if got, _ := nodeOf(c.Snapshot(), addr); got.Sessions != 4 {
				t.Errorf("%s counts %d sessions, want 4", addr, got.Sessions)
			}
		}
		// The node whose sessions end gets the next ones; a second release changes nothing.
		for _, release := range releases["10.0.0.3:9042"] {
			release()
			release()
		}
		if counts, _ := pick(t, c, 4); counts["10.0.0.3:9042"] != 4 {
			t.Errorf("after 10.0.0.3's sessions ended, the next 4 went to %v", counts)
		}

		c.Report(netip.MustParseAddrPort("10.0.0.2:9042"), refused("10.0.0.2:9042"))
		counts, _ = pick(t, c, 6)
		if want := map[string]int{"10.0.0.1:9042": 2, "10.0.0.3:9042": 2, "10.0.0.4:9042": 2}; !maps.Equal(counts, want) {
			t.Errorf("with 10.0.0.2 down, 6 more sessions went to %v, want %v", counts, want)
		}

		for _, a := range []string{"10.0.0.1:9042", "10.0.0.3:9042", "10.0.0.4:9042"} {
			c.Report(netip.MustParseAddrPort(a), errors.New("dial tcp "+a+": i/o timeout"))
		}
		_, _, err := c.Pick()
		want := `target cluster: no live node in local DC "dc1": ` +
			`10.0.0.1:9042 down since 2000-01-01T00:00:00Z: dial tcp 10.0.0.1:9042: i/o timeout (next probe at 2000-01-01T00:00:01Z); ` +
			`10.0.0.2:9042 down since 2000-01-01T00:00:00Z: dial tcp 10.0.0.2:9042: connect: connection refused (next probe at 2000-01-01T00:00:01Z); ` +
			`10.0.0.3:9042 down since 2000-01-01T00:00:00Z: dial tcp 10.0.0.3:9042: i/o timeout (next probe at 2000-01-01T00:00:01Z); ` +
			`10.0.0.4:9042 down since 2000-01-01T00:00:00Z: dial tcp 10.0.0.4:9042: i/o timeout (next probe at 2000-01-01T00:00:01Z)`
		if !errors.Is(err, ErrNoLiveNode) || err.Error() != want {
			t.Errorf("Pick with every node down: %v\nwant %s", err, want)
		}
	})
}

func TestPickTieBreakDiffersBetweenProcesses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		for i := 1; i <= 4; i++ {
			fc.add(fmt.Sprintf("10.0.0.%d:9042", i), "dc1", "r1")
		}
		first := func(seed uint64) string {
			c, err := New(Options{Name: "target", ContactPoints: []string{"10.0.0.1:9042"}, Dial: fc.Dial, Logger: (&logBuffer{}).logger()})
			if err != nil {
				t.Fatal(err)
			}
			c.seed = seed
			c.Start()
			defer c.Close()
			waitReady(t, c)
			addr, _, err := c.Pick()
			if err != nil {
				t.Fatal(err)
			}
			return addr.String()
		}
		firsts := map[string]bool{}
		for seed := range uint64(8) {
			a := first(seed)
			firsts[a] = true
			if again := first(seed); again != a {
				t.Errorf("seed %d: first pick %s, then %s", seed, a, again)
			}
		}
		if len(firsts) < 2 {
			t.Errorf("8 processes all sent their first session to %v", firsts)
		}
	})
}

func TestBackoffAndProbe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc, c := twoNodes(t, 4*time.Second)
		const addr = "10.0.0.2:9042"
		fc.setMode(addr, refusing)
		t0 := time.Now()
		c.Report(netip.MustParseAddrPort(addr), refused(addr))
		synctest.Wait()

		// Probes at t0+1s, +2s, +4s, then every 4s.
		for _, next := range []time.Duration{time.Second, 3 * time.Second, 7 * time.Second, 11 * time.Second} {
			n, _ := nodeOf(c.Snapshot(), addr)
			if n.State != Down || !n.RetryAt.Equal(t0.Add(next)) {
				t.Fatalf("at +%s: %s, next probe at +%s; want down, next probe at +%s", time.Since(t0), n.State, n.RetryAt.Sub(t0), next)
			}
			time.Sleep(time.Until(n.RetryAt))
			synctest.Wait()
			if n, _ := nodeOf(c.Snapshot(), addr); !strings.HasPrefix(n.Reason, "probe: ") {
				t.Fatalf("at +%s: reason %q, want the probe's", time.Since(t0), n.Reason)
			}
		}
		fc.setMode(addr, serving)
		time.Sleep(3 * time.Second) // the next probe is due at +15s
		synctest.Wait()
		if n, _ := nodeOf(c.Snapshot(), addr); n.State != Down || fc.optionsTo(addr) != 1 {
			t.Fatalf("at +%s, before the backoff ran out: %s after %d probes answered", time.Since(t0), n.State, fc.optionsTo(addr))
		}
		time.Sleep(time.Second)
		synctest.Wait()
		n, _ := nodeOf(c.Snapshot(), addr)
		if n.State != Up || !n.Since.Equal(t0.Add(15*time.Second)) || n.Reason != "" {
			t.Fatalf("after the probe at +15s: %s since +%s, %q", n.State, n.Since.Sub(t0), n.Reason)
		}
		if counts, _ := pick(t, c, 2); counts[addr] != 1 {
			t.Errorf("sessions after the node came back: %v", counts)
		}
	})
}

// One failure reaches many sessions, which all report it: only the first counts.
func TestReportOnADownNode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc, c := twoNodes(t, 30*time.Second)
		const addr = "10.0.0.2:9042"
		ap := netip.MustParseAddrPort(addr)
		fc.setMode(addr, refusing)
		t0 := time.Now()
		c.Report(ap, refused(addr))
		first, _ := nodeOf(c.Snapshot(), addr)
		if first.State != Down || !first.RetryAt.Equal(t0.Add(time.Second)) {
			t.Fatalf("after the first Report: %s, next probe at +%s", first.State, first.RetryAt.Sub(t0))
		}
		for i := range 49 {
			time.Sleep(10 * time.Millisecond)
			c.Report(ap, fmt.Errorf("request %d timed out", i))
		}
		n, _ := nodeOf(c.Snapshot(), addr)
		if !n.RetryAt.Equal(first.RetryAt) || !n.Since.Equal(t0) || n.Reason != "request 48 timed out" {
			t.Errorf("after 50 Reports: next probe at +%s, down since +%s, %q; want +1s, +0s, the last reason",
				n.RetryAt.Sub(t0), n.Since.Sub(t0), n.Reason)
		}
		// The failed probe is the second failure: the backoff doubles once.
		time.Sleep(time.Until(n.RetryAt))
		synctest.Wait()
		if n, _ := nodeOf(c.Snapshot(), addr); !n.RetryAt.Equal(t0.Add(3*time.Second)) || !strings.HasPrefix(n.Reason, "probe: ") {
			t.Errorf("after the probe: next probe at +%s, %q; want +3s", n.RetryAt.Sub(t0), n.Reason)
		}

		// An address the Cluster does not list is ignored.
		before := describe(c.Snapshot())
		c.Report(netip.MustParseAddrPort("10.0.0.7:9042"), refused("10.0.0.7:9042"))
		if after := describe(c.Snapshot()); after != before {
			t.Errorf("a Report on an unlisted address changed the nodes:\n%s", after)
		}
	})
}

func TestControlConnectionFailsOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc1", "r1")
		fc.add("10.0.9.1:9042", "dc9", "r1")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}, RefreshInterval: 10 * time.Second, ConnectTimeout: 2 * time.Second})
		waitReady(t, c)

		// The control node dies: its connections close.
		fc.setMode("10.0.0.1:9042", refusing)
		s := waitFor(t, c, "a control connection off 10.0.0.1", func(s Snapshot) bool {
			return s.Control.IsValid() && s.Control.String() != "10.0.0.1:9042"
		})
		first := s.Control.String()
		if n, _ := nodeOf(s, first); !n.Local {
			t.Errorf("control connection moved to %s in %s, not to the local DC", first, n.DC)
		}
		if n, _ := nodeOf(s, "10.0.0.1:9042"); n.State != Down || !strings.HasPrefix(n.Reason, "control connection") {
			t.Errorf("the old control node: %s, %q", n.State, n.Reason)
		}

		// The new control node stalls: the next refresh gets no answer.
		fc.setMode(first, silent)
		s = waitFor(t, c, "a control connection off "+first, func(s Snapshot) bool {
			return s.Control.IsValid() && s.Control.String() != first
		})
		if n, _ := nodeOf(s, s.Control.String()); !n.Local {
			t.Errorf("control connection moved to %s in %s, not to the local DC", s.Control, n.DC)
		}
		if n, _ := nodeOf(s, first); n.State != Down || !strings.Contains(n.Reason, "no answer") {
			t.Errorf("the stalled control node: %s, %q", n.State, n.Reason)
		}

		// Events come through the new control connection.
		fc.push(&message.StatusChangeEvent{ChangeType: primitive.StatusChangeTypeDown, Address: inet("10.0.9.1:9042")})
		waitFor(t, c, "10.0.9.1 down", state("10.0.9.1:9042", Down))
	})
}

func TestCredentials(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.token = PlainToken("cassandra", "secret")
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}, Token: PlainToken("cassandra", "secret")})
		waitReady(t, c)
		if s := c.Snapshot(); len(s.Nodes) != 2 || c.Live() != 2 {
			t.Errorf("with credentials: %s", describe(s))
		}
		fc.mu.Lock()
		if len(fc.tokens) != 1 || string(fc.tokens[0]) != "\x00cassandra\x00secret" {
			t.Errorf("tokens sent: %q", fc.tokens)
		}
		fc.mu.Unlock()
	})
}

// A source that refuses discovery (no credentials, wrong ones, no right to read the system tables)
// still serves sessions: its contact points are the node list.
func TestStaticModeWhenDiscoveryIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name       string
		token      []byte
		unreadable bool
		want       string
	}{
		{"no credentials", nil, false,
			"10.0.0.1:9042: the node asks for authentication (org.apache.cassandra.auth.PasswordAuthenticator) and source.credentials are not set"},
		{"wrong credentials", PlainToken("cassandra", "wrong"), false,
			"10.0.0.1:9042: authentication with source.credentials: AUTH RESPONSE answered AuthenticationError: Provided username and/or password are incorrect"},
		{"unreadable tables", PlainToken("cassandra", "secret"), true,
			"10.0.0.1:9042: SELECT * FROM system.local WHERE key='local': QUERY answered Unauthorized: User app has no SELECT permission on <keyspace system> or any of its parents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fc := newFakeCluster(t)
				fc.token = PlainToken("cassandra", "secret")
				fc.unreadable = tc.unreadable
				fc.add("10.0.0.1:9042", "dc1", "r1")
				fc.add("10.0.0.2:9042", "dc1", "r1")
				c, logs := start(t, fc, Options{Name: "source", ContactPoints: []string{"10.0.0.1:9042"}, Token: tc.token})
				waitReady(t, c)
				s := c.Snapshot()
				if !s.Static || s.ControlError != tc.want || s.Control.IsValid() || s.LocalDC != "" {
					t.Errorf("static %v, control error %q, control %v, local DC %q; want static, %q", s.Static, s.ControlError, s.Control, s.LocalDC, tc.want)
				}
				if want := "10.0.0.1:9042   up local"; describe(s) != want {
					t.Errorf("nodes:\n%s\nwant:\n%s", describe(s), want)
				}
				if addr, _, err := c.Pick(); err != nil || addr.String() != "10.0.0.1:9042" || fc.optionsTo("10.0.0.1:9042") != 1 {
					t.Errorf("Pick: %v, %v after %d probes", addr, err, fc.optionsTo("10.0.0.1:9042"))
				}
				time.Sleep(time.Minute) // control connection rounds go on, with one warning in all
				synctest.Wait()
				if n := strings.Count(logs.String(), "level=WARN"); n != 1 || !strings.Contains(logs.String(), "set source.credentials") {
					t.Errorf("%d warnings, want 1 naming source.credentials:\n%s", n, logs)
				}
				if s := c.Snapshot(); !s.Static || s.ControlError != tc.want {
					t.Errorf("a minute later: static %v, control error %q", s.Static, s.ControlError)
				}
			})
		})
	}
}

func TestStaticMode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		secret := PlainToken("cassandra", "secret")
		fc := newFakeCluster(t)
		fc.token = secret
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc1", "r1")
		fc.add("10.0.2.1:9042", "dc2", "r1")
		var mu sync.Mutex
		dns := []netip.Addr{netip.MustParseAddr("10.0.0.1"), netip.MustParseAddr("10.0.2.1")}
		resolve := func(context.Context, string) ([]netip.Addr, error) {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(dns), nil
		}
		// 10.0.0.9 refuses connections.
		c, logs := start(t, fc, Options{Name: "source", ContactPoints: []string{"cassandra.test:9042", "10.0.0.9:9042"}, LocalDC: "dc1",
			Resolve: resolve, MaxBackoff: 4 * time.Second})
		waitReady(t, c)
		s := c.Snapshot()
		if !s.Static || s.LocalDC != "dc1" || !strings.Contains(s.ControlError, "source.credentials are not set") {
			t.Errorf("static %v, local DC %q, control error %q", s.Static, s.LocalDC, s.ControlError)
		}
		// Every contact point address is a local node, whatever its DC; it is up only once probed.
		want := "10.0.0.1:9042   up local\n10.0.0.9:9042   down local\n10.0.2.1:9042   up local"
		if describe(s) != want {
			t.Errorf("nodes:\n%s\nwant:\n%s", describe(s), want)
		}
		if n, _ := nodeOf(s, "10.0.0.9:9042"); !strings.Contains(n.Reason, "connection refused") {
			t.Errorf("10.0.0.9: %q", n.Reason)
		}
		if fc.optionsTo("10.0.0.1:9042") != 1 || fc.optionsTo("10.0.2.1:9042") != 1 {
			t.Errorf("probes: %d to 10.0.0.1, %d to 10.0.2.1", fc.optionsTo("10.0.0.1:9042"), fc.optionsTo("10.0.2.1:9042"))
		}
		counts, _ := pick(t, c, 4)
		if want := map[string]int{"10.0.0.1:9042": 2, "10.0.2.1:9042": 2}; !maps.Equal(counts, want) {
			t.Errorf("sessions went to %v, want %v", counts, want)
		}

		// A static node that fails is skipped, and Pick's error says why the list is static.
		fc.setMode("10.0.0.1:9042", refusing)
		c.Report(netip.MustParseAddrPort("10.0.0.1:9042"), refused("10.0.0.1:9042"))
		if counts, _ := pick(t, c, 2); !maps.Equal(counts, map[string]int{"10.0.2.1:9042": 2}) {
			t.Errorf("with 10.0.0.1 down, sessions went to %v", counts)
		}
		fc.setMode("10.0.2.1:9042", refusing)
		c.Report(netip.MustParseAddrPort("10.0.2.1:9042"), refused("10.0.2.1:9042"))
		_, _, err := c.Pick()
		for _, want := range []string{"source cluster: no live node among the contact points",
			"source.credentials are not set", "10.0.0.1:9042 down since", "10.0.0.9:9042 down since", "10.0.2.1:9042 down since"} {
			if !errors.Is(err, ErrNoLiveNode) || !strings.Contains(err.Error(), want) {
				t.Errorf("Pick with every static node down: %v\nwant %q in it", err, want)
			}
		}
		fc.setMode("10.0.0.1:9042", serving)
		fc.setMode("10.0.2.1:9042", serving)

		// The name is resolved again at each round.
		mu.Lock()
		dns = append(dns, netip.MustParseAddr("10.0.0.2"))
		mu.Unlock()
		waitFor(t, c, "10.0.0.2 listed and up", state("10.0.0.2:9042", Up))
		if s := c.Snapshot(); !s.Static || len(s.Nodes) != 4 {
			t.Errorf("static %v, nodes:\n%s", s.Static, describe(s))
		}

		// Discovery works once the cluster lets the proxy in: its list replaces the contact points.
		fc.set(func() { fc.token = nil })
		want = "10.0.0.1:9042 dc1 r1 up local\n10.0.0.2:9042 dc1 r1 up local\n10.0.0.3:9042 dc1 r1 up local\n10.0.2.1:9042 dc2 r1 up"
		s = waitFor(t, c, "the discovered list", func(s Snapshot) bool { return describe(s) == want })
		if s.Static || !s.Control.IsValid() || s.ControlError != "" || s.LocalDC != "dc1" {
			t.Errorf("static %v, control %v, control error %q, local DC %q", s.Static, s.Control, s.ControlError, s.LocalDC)
		}
		if counts, _ := pick(t, c, 6); counts["10.0.2.1:9042"] != 0 || counts["10.0.0.3:9042"] == 0 {
			t.Errorf("sessions went to %v, want dc1 nodes only", counts)
		}

		// A discovered list stays when the control connection is refused later.
		fc.set(func() { fc.token = secret })
		control := s.Control.String()
		fc.setMode(control, refusing)
		time.Sleep(time.Minute)
		synctest.Wait()
		s = c.Snapshot()
		if n, _ := nodeOf(s, control); s.Static || s.Control.IsValid() || len(s.Nodes) != 4 || n.State != Down {
			t.Errorf("after the control connection was refused: static %v, control %v, nodes:\n%s", s.Static, s.Control, describe(s))
		}
		if !strings.Contains(s.ControlError, "source.credentials are not set") {
			t.Errorf("control error %q", s.ControlError)
		}
		if n := strings.Count(logs.String(), "static mode"); n != 2 {
			t.Errorf("%d log lines on static mode, want 2 (begins, ends):\n%s", n, logs)
		}
	})
}

func TestProtocolV3Fallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.maxVersion = primitive.ProtocolVersion3
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}})
		waitReady(t, c)
		fc.mu.Lock()
		startups := slices.Clone(fc.startups)
		fc.mu.Unlock()
		if !slices.Equal(startups, []primitive.ProtocolVersion{4, 3}) {
			t.Errorf("STARTUP versions %v, want [4 3]", startups)
		}
		if c.Live() != 2 {
			t.Errorf("nodes: %s", describe(c.Snapshot()))
		}
	})
}

func TestPickBeforeDiscovery(t *testing.T) {
	c, err := New(Options{Name: "source", ContactPoints: []string{"10.0.0.1:9042"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Pick(); !errors.Is(err, ErrNoLiveNode) || !strings.Contains(err.Error(), "source cluster: no live node: discovery was not started") {
		t.Errorf("Pick before Start: %v", err)
	}
	c.Close()
	c.Start()
	if _, _, err := c.Pick(); err == nil || !strings.Contains(err.Error(), "not started") {
		t.Errorf("Pick after Close: %v", err)
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{ContactPoints: []string{"a:1"}}, "Options.Name is empty"},
		{Options{Name: "source"}, `field "source.contact_points": no contact point`},
		{Options{Name: "source", ContactPoints: []string{"10.0.0.1"}}, `field "source.contact_points": "10.0.0.1" is not host:port`},
		{Options{Name: "target", ContactPoints: []string{"a:1", "b:x"}}, `field "target.contact_points": "b:x": port "x" is not a number`},
		{Options{Name: "target", ContactPoints: []string{":9042"}}, `":9042" has no host`},
		{Options{Name: "target", ContactPoints: []string{"a:1"}, ProtocolVersion: 5}, "protocol version 5"},
		{Options{Name: "target", ContactPoints: []string{"a:1"}, ConnectTimeout: -1}, "Options.ConnectTimeout -1ns is negative"},
		{Options{Name: "target", ContactPoints: []string{"a:1"}, MinBackoff: time.Minute}, "Options.MaxBackoff 30s is less than Options.MinBackoff 1m0s"},
	} {
		if _, err := New(tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want %q", tc.o, err, tc.want)
		}
	}
	c, err := New(Options{Name: "target", ContactPoints: []string{"cassandra.test:9042", "[::ffff:10.0.0.1]:9042"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []contact{{host: "cassandra.test", port: 9042}, {addr: netip.MustParseAddr("10.0.0.1"), port: 9042}}; !slices.Equal(c.contacts, want) {
		t.Errorf("contacts %+v, want %+v", c.contacts, want)
	}
}

func TestBackoffDoublesUpToMax(t *testing.T) {
	c, err := New(Options{Name: "target", ContactPoints: []string{"a:1"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []time.Duration
	for f := 1; f <= 8; f++ {
		got = append(got, c.backoff(f))
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second, 30 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("backoffs %v, want %v", got, want)
	}
}

// A session that finds no live node asks for news at once: the down node is probed before its
// backoff runs out. A second Kick within MinBackoff does nothing.
func TestKickProbesDownNodesNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc, c := twoNodes(t, 30*time.Second)
		const addr = "10.0.0.2:9042"
		fc.setMode(addr, refusing)
		c.Report(netip.MustParseAddrPort(addr), refused(addr))
		time.Sleep(8 * time.Second) // probes at +1s, +3s, +7s fail: the next is due at +15s
		synctest.Wait()
		before, _ := nodeOf(c.Snapshot(), addr)
		c.Kick()
		synctest.Wait()
		kicked, _ := nodeOf(c.Snapshot(), addr)
		if kicked.State != Down || !kicked.RetryAt.After(before.RetryAt) {
			t.Fatalf("after a Kick: %s, next probe at %s (before: %s); want a failed probe now", kicked.State, kicked.RetryAt, before.RetryAt)
		}
		fc.setMode(addr, serving)
		c.Kick() // within MinBackoff of the last: nothing
		synctest.Wait()
		if n, _ := nodeOf(c.Snapshot(), addr); n.State != Down || !n.RetryAt.Equal(kicked.RetryAt) {
			t.Fatalf("a second Kick at once: %s, next probe at %s", n.State, n.RetryAt)
		}
		time.Sleep(time.Second)
		c.Kick()
		synctest.Wait()
		if n, _ := nodeOf(c.Snapshot(), addr); n.State != Up {
			t.Fatalf("a Kick a second later: %s, %q", n.State, n.Reason)
		}
	})
}

// twoNodes starts a Cluster on two dc1 nodes, 10.0.0.1 its contact point, with backoffs from 1s
// to maxBackoff, and waits until it is ready.
func twoNodes(t *testing.T, maxBackoff time.Duration) (*fakeCluster, *Cluster) {
	fc := newFakeCluster(t)
	fc.add("10.0.0.1:9042", "dc1", "r1")
	fc.add("10.0.0.2:9042", "dc1", "r1")
	c, _ := start(t, fc, Options{ContactPoints: []string{"10.0.0.1:9042"}, MinBackoff: time.Second, MaxBackoff: maxBackoff})
	waitReady(t, c)
	return fc, c
}
