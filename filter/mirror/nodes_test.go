package mirror

import (
	"fmt"
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
	"github.com/cqlmirror/cqlmirror/filter/nodes"
)

// twoTargetNodes starts a source and a target of two nodes, of which the config names only the
// first; discovery finds the second in its system.peers_v2.
func twoTargetNodes(t *testing.T) (m *Mirror, src *fakeCluster, tgt [2]*fakeCluster, journal string) {
	src = startFake(t, "s")
	tgt = [2]*fakeCluster{startFake(t, "t"), startFake(t, "t")}
	tgt[0].Peers = []netip.AddrPort{netip.MustParseAddrPort(tgt[1].ListenAddress)}
	tgt[1].Peers = []netip.AddrPort{netip.MustParseAddrPort(tgt[0].ListenAddress)}
	journal = filepath.Join(t.TempDir(), "failed.jsonl")
	m = newMirrorJSON(t, `{"stat_prefix":"t","source":{"address":"`+src.ListenAddress+`"},`+
		`"target":{"contact_points":["`+tgt[0].ListenAddress+`"]},"failed_writes_file":"`+journal+`"}`)
	waitNodesUp(t, m, target, 2)
	return m, src, tgt, journal
}

// waitNodesUp starts m, as the bindings do, and waits until discovery lists n nodes of r up: a
// session opened before that would find only the contact point.
func waitNodesUp(t *testing.T, m *Mirror, r role, n int) {
	t.Helper()
	m.Start()
	waitFor(t, fmt.Sprintf("discovery to list %d %s nodes up", n, r), func() bool {
		up := 0
		for _, node := range m.nodes[r].Snapshot().Nodes {
			if node.State == nodes.Up {
				up++
			}
		}
		return up == n
	})
}

// targetSessions is how many sessions each target node holds, by address.
func targetSessions(m *Mirror) map[string]int64 {
	out := map[string]int64{}
	for _, n := range m.nodes[target].Snapshot().Nodes {
		out[n.Addr.String()] = n.Sessions
	}
	return out
}

// openSessions opens n sessions one after the other, each once the one before holds a target node.
func openSessions(t *testing.T, m *Mirror, n int) []*testConn {
	var conns []*testConn
	for i := range n {
		c := newTestConn(t, m)
		handshake(t, c, primitive.ProtocolVersion4)
		conns = append(conns, c)
		waitFor(t, fmt.Sprintf("session %d on a target node", i), func() bool {
			total := int64(0)
			for _, n := range targetSessions(m) {
				total += n
			}
			return total == int64(i+1)
		})
	}
	return conns
}

func TestSessionsSpreadOverTheTargetNodes(t *testing.T) {
	m, _, tgt, _ := twoTargetNodes(t)
	conns := openSessions(t, m, 4)
	got := targetSessions(m)
	if got[tgt[0].ListenAddress] != 2 || got[tgt[1].ListenAddress] != 2 {
		t.Fatalf("4 sessions over 2 target nodes: %v", got)
	}
	for _, c := range conns {
		c.s.Close()
	}
	waitFor(t, "closed sessions to leave their nodes", func() bool {
		got := targetSessions(m)
		return got[tgt[0].ListenAddress] == 0 && got[tgt[1].ListenAddress] == 0
	})
}

func TestATargetSessionMovesToAnotherNodeWhenItsNodeDies(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			m, _, tgt, journal := twoTargetNodes(t)
			c := newTestConn(t, m)
			handshake(t, c, v)
			c.send(encode(t, v, 2, query("USE ks")))
			c.mustNext("USE")
			var dead, alive *fakeCluster
			waitFor(t, "the session on a target node", func() bool {
				got := targetSessions(m)
				switch {
				case got[tgt[0].ListenAddress] == 1:
					dead, alive = tgt[0], tgt[1]
				case got[tgt[1].ListenAddress] == 1:
					dead, alive = tgt[1], tgt[0]
				}
				return dead != nil
			})
			dead.Close()
			for k := 1; ; k++ {
				c.send(encode(t, v, 3, query(fmt.Sprintf("INSERT INTO t (k) VALUES (%d)", k))))
				c.mustNext("INSERT while a target node dies")
				if fakecql.Contains(alive.Seen(), fmt.Sprintf("INSERT INTO t (k) VALUES (%d)", k)) {
					if missed := len(readJournal(t, journal)); missed != k-1 {
						t.Fatalf("%d writes before the move, %d recorded as missed", k-1, missed)
					}
					break
				}
				if k == 500 {
					t.Fatal("no write reached the surviving target node in 5 s")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if seen := alive.Seen(); seen[0] != "USE ks" {
				t.Fatalf("the new node must be caught up with USE first; it ran %q", seen)
			}
			if m.Stats().TargetReconnects.Load() != 1 {
				t.Fatalf("target reconnects: %d", m.Stats().TargetReconnects.Load())
			}
			if got := targetSessions(m); got[alive.ListenAddress] != 1 || got[dead.ListenAddress] != 0 {
				t.Fatalf("sessions per target node after the move: %v", got)
			}
			for _, n := range m.nodes[target].Snapshot().Nodes {
				if n.Addr.String() == dead.ListenAddress && n.State != nodes.Down {
					t.Fatalf("the dead node is %v", n.State)
				}
			}
		})
	}
}

// A driver prepares a statement on one connection and executes it on another, which the proxy
// gave another source node: the proxy prepares it on that node first, so the source does not
// refuse the write the target already took (the driver would run it again).
func TestAWriteIsPreparedOnItsSourceNodeFirst(t *testing.T) {
	for _, v := range versions {
		t.Run(v.String(), func(t *testing.T) {
			src := [2]*fakeCluster{startFake(t, "s"), startFake(t, "s")}
			src[0].Peers = []netip.AddrPort{netip.MustParseAddrPort(src[1].ListenAddress)}
			src[1].Peers = []netip.AddrPort{netip.MustParseAddrPort(src[0].ListenAddress)}
			tgt := startFake(t, "t")
			m := newMirrorJSON(t, `{"stat_prefix":"t","source":{"contact_points":["`+src[0].ListenAddress+`"]},`+
				`"target":{"address":"`+tgt.ListenAddress+`"},"failed_writes_file":"`+filepath.Join(t.TempDir(), "f.jsonl")+`"}`)
			waitNodesUp(t, m, source, 2)
			sessionsOn := func() map[string]int64 {
				out := map[string]int64{}
				for _, n := range m.nodes[source].Snapshot().Nodes {
					out[n.Addr.String()] = n.Sessions
				}
				return out
			}
			var conns [2]*testConn
			for i := range conns {
				conns[i] = newTestConn(t, m)
				handshake(t, conns[i], v)
				waitFor(t, "the session on a source node", func() bool {
					got := sessionsOn()
					return got[src[0].ListenAddress]+got[src[1].ListenAddress] == int64(i+1)
				})
			}
			if got := sessionsOn(); got[src[0].ListenAddress] != 1 {
				t.Fatalf("two sessions over two source nodes: %v", got)
			}
			const insert = "UPDATE ks.c SET n = n + 1 WHERE k = 1"
			id := conns[0].prepare(v, 2, insert)
			for round := range 2 {
				for i, c := range conns {
					c.send(encode(t, v, 3, &message.Execute{QueryId: id, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}))
					if f := c.mustNext("EXECUTE"); f.Header.OpCode != primitive.OpCodeResult {
						t.Fatalf("round %d, session %d: EXECUTE answered %v", round, i, f.Body.Message)
					}
				}
			}
			count := func(f *fakeCluster) (n int) {
				for _, q := range f.Seen() {
					if q == insert {
						n++
					}
				}
				return n
			}
			if a, b, tg := count(src[0]), count(src[1]), count(tgt); a+b != 4 || a != 2 || tg != 4 {
				t.Fatalf("4 executions: source nodes ran %d and %d, the target %d", a, b, tg)
			}
		})
	}
}
