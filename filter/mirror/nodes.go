package mirror

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cqlmirror/cqlmirror/filter/nodes"
)

// nodeMetrics exports every config's nodes as cqlmirror_node_sessions and cqlmirror_node_up.
var nodeMetrics = nodes.NewCollector()

func init() { Registry.MustRegister(nodeMetrics) }

const (
	// maxDialTries bounds the nodes one session dial tries: each failed one is marked down, so
	// the next try goes elsewhere.
	maxDialTries = 4
	// maxNodeBackoff caps the wait before a down node is probed again.
	maxNodeBackoff = 10 * time.Second
)

// newNodes builds cluster r's node list from its config; it dials nothing until startNodes.
func (m *Mirror) newNodes(r role, cl Cluster, token []byte) (*nodes.Cluster, error) {
	interval := time.Duration(m.cfg.HealthCheck.Interval)
	o := nodes.Options{
		Name:              r.String(),
		ContactPoints:     cl.Nodes(),
		LocalDC:           cl.LocalDC,
		ContactPointsOnly: cl.Discovery == DiscoveryContactPointsOnly,
		Token:             token,
		ConnectTimeout:    time.Duration(m.cfg.ConnectTimeout),
		MinBackoff:        interval,
		MaxBackoff:        max(interval, maxNodeBackoff),
		Logger:            m.log,
	}
	if m.tls[r] != nil {
		o.TLS = nodes.StaticTLS(m.tls[r])
	}
	c, err := nodes.New(o)
	if err != nil {
		return nil, fmt.Errorf("cqlmirror config: %w", err)
	}
	return c, nil
}

// startNodes starts discovery of the clusters this config routes to, and exports their nodes.
func (m *Mirror) startNodes() {
	for r, c := range m.nodes {
		if c != nil && m.routes&role(r).bit() != 0 {
			c.Start()
			m.unexport = append(m.unexport, nodeMetrics.Add(m.cfg.StatPrefix, c))
		}
	}
}

// closeNodes stops discovery once the config is closed and its last session ended.
func (m *Mirror) closeNodes() {
	if !m.closed.Load() || m.stats.Sessions.Load() > 0 || !m.nodesClosed.CompareAndSwap(false, true) {
		return
	}
	go func() {
		for _, c := range m.nodes {
			if c != nil {
				c.Close()
			}
		}
	}()
	for _, f := range m.unexport {
		f()
	}
}

// dialNode connects a session to cluster r: to the node Pick chooses, else (when that dial
// fails, which marks the node down) to the next one. The node counts the session until release.
// The first sessions after a start wait up to connect_timeout for the first node list, or for
// the first news of it.
func (m *Mirror) dialNode(r role) (conn net.Conn, node netip.AddrPort, release func(), err error) {
	return m.dialNodeOf(r, true)
}

// dialNodeOf is dialNode; without kick, it fails at once when no node is live (the health probe
// must find a dead cluster without waiting for it).
func (m *Mirror) dialNodeOf(r role, kick bool) (conn net.Conn, node netip.AddrPort, release func(), err error) {
	c := m.nodes[r]
	timeout := time.Duration(m.cfg.ConnectTimeout)
	awaitNodes(c, timeout, false)
	var tried []string
	kicked := false
	for range maxDialTries {
		if node, release, err = c.Pick(); err != nil {
			if kicked || !kick {
				break
			}
			// The nodes may be back before their next probe is due: ask now, and wait for news.
			kicked = true
			c.Kick()
			awaitNodes(c, timeout, true)
			if node, release, err = c.Pick(); err != nil {
				break
			}
		}
		if conn, err = c.Dial(context.Background(), node); err == nil {
			return conn, node, release, nil
		}
		release()
		tried = append(tried, fmt.Sprintf("node %s: %v", node, err))
	}
	if len(tried) == 0 {
		return nil, netip.AddrPort{}, nil, err
	}
	if err != nil && errors.Is(err, nodes.ErrNoLiveNode) {
		tried = append(tried, "then "+err.Error())
	}
	return nil, netip.AddrPort{}, nil, errors.New(strings.Join(tried, "; "))
}

// awaitNodes waits, for timeout at most, until c has a live node or an error to tell (no contact
// point answered, and none answered with a refusal that leaves its contact points to be probed),
// or, unless again, its first node list. Again, after a Kick, it waits for news first: the error
// to tell is then that of the attempt the Kick caused.
func awaitNodes(c *nodes.Cluster, timeout time.Duration, again bool) {
	if !again {
		select {
		case <-c.Ready():
			return
		default:
		}
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	for first := true; ; first = false {
		changed := c.Changed()
		if c.Live() > 0 {
			return
		}
		if s := c.Snapshot(); s.ControlError != "" && !s.Static && !(again && first) {
			return
		}
		ready := c.Ready()
		if again {
			ready = nil
		}
		select {
		case <-ready:
			return
		case <-t.C:
			return
		case <-changed:
		}
	}
}

// nodeFailed reports that node of cluster r left a request unanswered: new sessions skip it
// until a probe sees it answer. It reports whether other live nodes remain.
func (m *Mirror) nodeFailed(r role, node netip.AddrPort, why string) (othersLive bool) {
	c := m.nodes[r]
	if c == nil || !node.IsValid() {
		return false
	}
	c.Report(node, errors.New(why))
	return c.Live() > 0
}

// nodeState is the node list's part of a Mirror.
type nodeState struct {
	nodes       [2]*nodes.Cluster // nil for a target this config never routes to
	unexport    []func()
	closed      atomic.Bool
	nodesClosed atomic.Bool
}
