package nodes

import (
	"errors"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// With ContactPointsOnly, a cluster whose contact point lists peers (and would let the proxy read
// them) is used through that contact point alone: no control connection, no peer ever dialed.
func TestContactPointsOnlyNeverDialsPeers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		fc.add("10.0.0.3:9042", "dc2", "r1")
		c, logs := start(t, fc, Options{Name: "target", ContactPoints: []string{"10.0.0.1:9042"}, ContactPointsOnly: true,
			Token: PlainToken("cassandra", "secret"), MaxBackoff: 4 * time.Second})
		waitReady(t, c)
		s := c.Snapshot()
		if want := "10.0.0.1:9042   up local"; !s.Static || s.Control.IsValid() || s.ControlError != "" || describe(s) != want {
			t.Errorf("static %v, control %v, control error %q, nodes:\n%s\nwant static, no control connection, nodes:\n%s",
				s.Static, s.Control, s.ControlError, describe(s), want)
		}
		counts, _ := pick(t, c, 5)
		if want := map[string]int{"10.0.0.1:9042": 5}; !maps.Equal(counts, want) {
			t.Errorf("sessions went to %v, want %v", counts, want)
		}

		// The contact point fails: no peer takes over, and Pick says why.
		fc.setMode("10.0.0.1:9042", refusing)
		c.Report(netip.MustParseAddrPort("10.0.0.1:9042"), refused("10.0.0.1:9042"))
		time.Sleep(time.Minute) // refresh rounds and probes go on
		synctest.Wait()
		_, _, err := c.Pick()
		if !errors.Is(err, ErrNoLiveNode) || !strings.Contains(err.Error(), "discovery being off (contact_points_only)") {
			t.Errorf("Pick with the contact point down: %v", err)
		}
		fc.setMode("10.0.0.1:9042", serving)
		waitFor(t, c, "10.0.0.1 up again", state("10.0.0.1:9042", Up))

		if got := fc.dialed(); !slices.Equal(got, []string{"10.0.0.1:9042"}) {
			t.Errorf("dialed %v, want the contact point alone", got)
		}
		if q := fc.queried("10.0.0.1:9042"); len(q) != 0 || len(fc.startups) != 0 {
			t.Errorf("queries %v and %d STARTUPs: a control connection ran", q, len(fc.startups))
		}
		if !strings.Contains(logs.String(), "target discovery is off (contact_points_only)") {
			t.Errorf("no log line on contact_points_only:\n%s", logs)
		}
	})
}

// The same cluster without the option discovers the peers and dials them: the test above can fail.
func TestDiscoveryDialsPeers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fc := newFakeCluster(t)
		fc.add("10.0.0.1:9042", "dc1", "r1")
		fc.add("10.0.0.2:9042", "dc1", "r1")
		c, _ := start(t, fc, Options{Name: "target", ContactPoints: []string{"10.0.0.1:9042"}})
		waitReady(t, c)
		if got := fc.dialed(); !slices.Equal(got, []string{"10.0.0.1:9042", "10.0.0.2:9042"}) {
			t.Errorf("dialed %v, want the contact point and its peer", got)
		}
	})
}
