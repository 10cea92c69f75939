package nodes

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrNoLiveNode is wrapped by Pick's error when the local DC has no live node.
var ErrNoLiveNode = errors.New("no live node")

// processSeed orders nodes that tie in Pick; it differs from process to process.
var processSeed = rand.Uint64()

// Cluster is one cluster as one filter config sees it. Its methods are safe for concurrent use.
type Cluster struct {
	o        Options
	contacts []contact
	log      *slog.Logger
	seed     uint64
	version  atomic.Uint32 // the control connection's protocol version, which probes use too

	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	started atomic.Bool
	ready   chan struct{}
	wake    chan struct{} // makes the prober look at the nodes again
	retry   chan struct{} // ends the control connection's wait before its next attempt

	// live are the up local-DC nodes in tie-break order; Pick reads it without a lock.
	live atomic.Pointer[[]*node]

	mu        sync.Mutex
	nodes     map[netip.AddrPort]*node
	localDC   string
	control   netip.AddrPort   // the control connection's node; invalid while there is none
	controlOK bool             // a control connection has read the tables at least once
	static    bool             // the node list is the contact points' addresses (see staticLocked)
	refused   error            // the last refusal of a control connection in static mode
	seeds     []netip.AddrPort // the contact points' addresses at the last resolution
	lastErr   error            // why the last control connection attempt or connection failed
	resolved  map[contact][]netip.AddrPort
	hosts     map[netip.AddrPort]string // the host name each contact-point address came from
	changed   chan struct{}
	dcMissing bool // LocalDC was set and no node had it at the last refresh
	kicked    time.Time
	// wantRefresh is touched by the control connection's goroutine only.
	wantRefresh bool
}

// State is a node's state as the proxy sees it.
type State uint8

const (
	Down State = iota
	Up
)

func (s State) String() string {
	if s == Up {
		return "up"
	}
	return "down"
}

// node is one node; addr and rank never change.
type node struct {
	addr     netip.AddrPort
	rank     uint64
	up       atomic.Bool
	sessions atomic.Int64

	// Guarded by Cluster.mu.
	hostID, dc, rack string
	since            time.Time
	reason           string
	failures         int
	retryAt          time.Time
	probing          bool
	removed          bool
}

// New checks o and returns a Cluster that dials nothing until Start.
func New(o Options) (*Cluster, error) {
	contacts, err := o.normalize()
	if err != nil {
		return nil, err
	}
	c := &Cluster{
		o:        o,
		contacts: contacts,
		log:      o.Logger.With("cluster", o.Name),
		seed:     processSeed,
		ready:    make(chan struct{}),
		wake:     make(chan struct{}, 1),
		retry:    make(chan struct{}, 1),
		nodes:    map[netip.AddrPort]*node{},
		localDC:  o.LocalDC,
		resolved: map[contact][]netip.AddrPort{},
		hosts:    map[netip.AddrPort]string{},
		changed:  make(chan struct{}),
	}
	c.version.Store(uint32(o.ProtocolVersion))
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.live.Store(&[]*node{})
	return c, nil
}

// Name is Options.Name.
func (c *Cluster) Name() string { return c.o.Name }

// Start begins discovery: the control connection and the probes of down nodes. Calls after the
// first, or after Close, do nothing.
func (c *Cluster) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx.Err() != nil || c.started.Load() {
		return
	}
	c.started.Store(true)
	c.wg.Add(2)
	if c.o.ContactPointsOnly {
		go c.runContactPointsOnly()
	} else {
		go c.run()
	}
	go c.probeLoop()
}

// Close stops discovery and probes and waits for them. Sessions may still call release funcs and
// Report afterwards.
func (c *Cluster) Close() {
	c.mu.Lock()
	c.cancel()
	c.mu.Unlock()
	c.wg.Wait()
}

// Ready is closed once the first node list is known, discovered or static, and each node in it was
// probed once (each probe takes ConnectTimeout at most).
func (c *Cluster) Ready() <-chan struct{} { return c.ready }

// Changed returns a channel closed at the next change of the node list, a node's state, the
// local DC, the control connection or its last error.
func (c *Cluster) Changed() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// Live is the number of up local-DC nodes: Pick fails when it is 0.
func (c *Cluster) Live() int {
	n := 0
	for _, nd := range *c.live.Load() {
		if nd.up.Load() {
			n++
		}
	}
	return n
}

// Pick chooses the node for a new session (see the package doc) and counts the session on it
// until release is called; release may be called more than once.
func (c *Cluster) Pick() (addr netip.AddrPort, release func(), err error) {
	var best *node
	var least int64
	for _, n := range *c.live.Load() {
		if !n.up.Load() {
			continue
		}
		if s := n.sessions.Load(); best == nil || s < least {
			best, least = n, s
		}
	}
	if best == nil {
		return netip.AddrPort{}, nil, c.noLiveNode()
	}
	best.sessions.Add(1)
	var done atomic.Bool
	return best.addr, func() {
		if done.CompareAndSwap(false, true) {
			best.sessions.Add(-1)
		}
	}, nil
}

// Report records that the node at addr failed a session: a refused or timed-out connection, a
// handshake it did not answer. The node is down until a probe or an event shows it back. A nil
// err, or an address the Cluster does not list, is ignored. Reports on a node already down update
// its reason only: the many sessions one failure reaches all report it, and only the node's own
// probes make its backoff grow.
func (c *Cluster) Report(addr netip.AddrPort, err error) {
	if err == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.nodes[addr]
	switch {
	case n == nil:
	case n.up.Load():
		c.markDownLocked(n, err.Error())
		c.wakeProber()
	default:
		n.reason = err.Error()
	}
}

// Dial connects to the node at addr within ConnectTimeout, with the cluster's TLS settings. A
// failure is reported (see Report) unless ctx ended first.
func (c *Cluster) Dial(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	conn, err := c.dial(ctx, addr)
	if err != nil && ctx.Err() == nil {
		c.Report(addr, err)
	}
	return conn, err
}

func (c *Cluster) dial(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, c.o.ConnectTimeout)
	defer cancel()
	conn, err := c.o.Dial(ctx, "tcp", addr.String())
	if err != nil {
		return nil, err
	}
	if c.o.TLS == nil {
		return conn, nil
	}
	c.mu.Lock()
	host := c.hosts[addr]
	c.mu.Unlock()
	tc, err := c.o.TLS(addr, host)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("TLS settings for %s: %w", addr, err)
	}
	t := tls.Client(conn, tc)
	if err := t.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("TLS handshake with %s: %w", addr, err)
	}
	return t, nil
}

// Snapshot is a copy of what a Cluster knows, for metrics and logs.
type Snapshot struct {
	Cluster string
	// LocalDC is the DC sessions use; "" until a contact point answered (without Options.LocalDC).
	LocalDC string
	// Control is the control connection's node; invalid while there is none.
	Control netip.AddrPort
	// ControlError is why the last control connection attempt, or connection, failed.
	ControlError string
	// Static is whether the node list is the contact points' addresses, all in the local DC,
	// because they refused the control connection (see the package doc).
	Static bool
	// Nodes are ordered by address.
	Nodes []NodeInfo
}

// NodeInfo describes one node.
type NodeInfo struct {
	Addr   netip.AddrPort
	HostID string
	DC     string
	Rack   string
	// Local is whether the node is in the local DC.
	Local bool
	State State
	// Since is when the node entered State.
	Since time.Time
	// Reason says why the node is down; "" when up.
	Reason string
	// RetryAt is when a down node is probed next; zero when up or being probed.
	RetryAt time.Time
	// Sessions are the sessions Pick gave the node that have not been released.
	Sessions int64
}

// Snapshot describes every listed node.
func (c *Cluster) Snapshot() Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Snapshot{Cluster: c.o.Name, LocalDC: c.localDC, Control: c.control, Static: c.static, Nodes: make([]NodeInfo, 0, len(c.nodes))}
	if c.lastErr != nil {
		s.ControlError = c.lastErr.Error()
	}
	for _, n := range c.nodes {
		ni := NodeInfo{Addr: n.addr, HostID: n.hostID, DC: n.dc, Rack: n.rack, Local: c.localLocked(n),
			Since: n.since, Reason: n.reason, Sessions: n.sessions.Load()}
		if n.up.Load() {
			ni.State = Up
		} else if !n.probing {
			ni.RetryAt = n.retryAt
		}
		s.Nodes = append(s.Nodes, ni)
	}
	slices.SortFunc(s.Nodes, func(a, b NodeInfo) int { return a.Addr.Compare(b.Addr) })
	return s
}

// noLiveNode explains why Pick found no node.
func (c *Cluster) noLiveNode() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	name := c.o.Name
	switch {
	case !c.started.Load():
		return fmt.Errorf("%s cluster: %w: discovery was not started", name, ErrNoLiveNode)
	case c.ctx.Err() != nil:
		return fmt.Errorf("%s cluster: %w: closed", name, ErrNoLiveNode)
	case c.static:
		var states []string
		for _, n := range c.sortedLocked() {
			states = append(states, c.stateLocked(n))
		}
		why := fmt.Sprintf("the node list since discovery was refused (%v)", c.refused)
		if c.o.ContactPointsOnly {
			why = "the node list, discovery being off (contact_points_only)"
		}
		return fmt.Errorf("%s cluster: %w among the contact points, %s: %s",
			name, ErrNoLiveNode, why, strings.Join(states, "; "))
	case !c.controlOK:
		why := "no contact point has answered yet"
		if c.lastErr != nil {
			why += ": " + c.lastErr.Error()
		}
		return fmt.Errorf("%s cluster: %w: %s", name, ErrNoLiveNode, why)
	}
	var local []string
	dcs := map[string]bool{}
	for _, n := range c.sortedLocked() {
		if n.dc != c.localDC {
			dcs[fmt.Sprintf("%q", n.dc)] = true
			continue
		}
		local = append(local, c.stateLocked(n))
	}
	if len(local) == 0 {
		return fmt.Errorf("%s cluster: %w: no node is in local DC %q (nodes are in %s)", name, ErrNoLiveNode, c.localDC,
			strings.Join(slices.Sorted(func(yield func(string) bool) {
				for dc := range dcs {
					if !yield(dc) {
						return
					}
				}
			}), ", "))
	}
	return fmt.Errorf("%s cluster: %w in local DC %q: %s", name, ErrNoLiveNode, c.localDC, strings.Join(local, "; "))
}

// stateLocked describes n's state for Pick's error.
func (c *Cluster) stateLocked(n *node) string {
	if n.up.Load() {
		return n.addr.String() + " up"
	}
	d := fmt.Sprintf("%s down since %s: %s", n.addr, n.since.UTC().Format(time.RFC3339), n.reason)
	if !n.probing {
		d += fmt.Sprintf(" (next probe at %s)", n.retryAt.UTC().Format(time.RFC3339))
	}
	return d
}

// localLocked reports whether n is in the local DC; static nodes all are.
func (c *Cluster) localLocked(n *node) bool {
	return c.static || (c.localDC != "" && n.dc == c.localDC)
}

func (c *Cluster) sortedLocked() []*node {
	ns := make([]*node, 0, len(c.nodes))
	for _, n := range c.nodes {
		ns = append(ns, n)
	}
	slices.SortFunc(ns, func(a, b *node) int { return a.addr.Compare(b.addr) })
	return ns
}

// newNodeLocked lists a node that is down until its first probe, which is due at once.
func (c *Cluster) newNodeLocked(addr netip.AddrPort) *node {
	now := time.Now()
	n := &node{addr: addr, rank: c.rank(addr), since: now, retryAt: now, reason: "not probed yet"}
	c.nodes[addr] = n
	return n
}

// rank places addr in this process's tie-break order.
func (c *Cluster) rank(addr netip.AddrPort) uint64 {
	h := fnv.New64a()
	h.Write(binary.BigEndian.AppendUint64(nil, c.seed))
	h.Write([]byte(addr.String()))
	return h.Sum64()
}

func (c *Cluster) markUpLocked(n *node, why string) {
	if n.up.Load() || n.removed {
		return
	}
	wasReason, downFor := n.reason, time.Since(n.since)
	n.up.Store(true)
	n.since, n.reason, n.failures, n.retryAt = time.Now(), "", 0, time.Time{}
	c.changedLocked()
	c.log.Info("node up", "node", n.addr.String(), "dc", n.dc, "evidence", why, "was", wasReason, "down_for", downFor.Round(time.Millisecond).String())
}

// markDownLocked marks n down for reason and schedules its next probe after a backoff that grows
// with each failure in a row.
func (c *Cluster) markDownLocked(n *node, reason string) {
	now := time.Now()
	n.failures++
	n.reason = reason
	n.retryAt = now.Add(c.backoff(n.failures))
	if !n.up.Load() {
		return
	}
	n.up.Store(false)
	n.since = now
	c.changedLocked()
	c.log.Warn("node down: new sessions skip it", "node", n.addr.String(), "dc", n.dc, "reason", reason, "next_probe_in", c.backoff(n.failures).String())
}

// backoff is the wait after the failures-th failure in a row.
func (c *Cluster) backoff(failures int) time.Duration {
	d := c.o.MinBackoff
	for i := 1; i < failures && d < c.o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, c.o.MaxBackoff)
}

// changedLocked rebuilds the list Pick reads and wakes whoever waits on Changed.
func (c *Cluster) changedLocked() {
	live := []*node{}
	for _, n := range c.nodes {
		if n.up.Load() && c.localLocked(n) {
			live = append(live, n)
		}
	}
	slices.SortFunc(live, func(a, b *node) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), a.addr.Compare(b.addr))
	})
	c.live.Store(&live)
	close(c.changed)
	c.changed = make(chan struct{})
}

// checkReadyLocked closes Ready once the tables were read, or static mode began, and every listed
// node was probed.
func (c *Cluster) checkReadyLocked() {
	select {
	case <-c.ready:
		return
	default:
	}
	if !c.controlOK && !c.static {
		return
	}
	for _, n := range c.nodes {
		if !n.up.Load() && n.failures == 0 {
			return
		}
	}
	close(c.ready)
}

func (c *Cluster) wakeProber() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// probeLoop probes down nodes whose backoff ran out.
func (c *Cluster) probeLoop() {
	defer c.wg.Done()
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		wait := time.Hour
		if next := c.launchDueProbes(); !next.IsZero() {
			wait = time.Until(next)
		}
		t.Reset(wait)
		select {
		case <-c.ctx.Done():
			return
		case <-c.wake:
		case <-t.C:
		}
	}
}

// launchDueProbes starts a probe of each down node that is due and returns when the next one is.
func (c *Cluster) launchDueProbes() (next time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	for _, n := range c.nodes {
		if n.up.Load() || n.probing {
			continue
		}
		if n.retryAt.After(now) {
			if next.IsZero() || n.retryAt.Before(next) {
				next = n.retryAt
			}
			continue
		}
		n.probing = true
		c.wg.Add(1)
		go c.probe(n)
	}
	return next
}

// probe dials n and sends OPTIONS: any answer shows the node serves clients.
func (c *Cluster) probe(n *node) {
	defer c.wg.Done()
	err := c.ping(n.addr)
	if c.ctx.Err() != nil {
		return
	}
	c.mu.Lock()
	n.probing = false
	if err == nil {
		c.markUpLocked(n, "probe answered")
	} else {
		c.markDownLocked(n, "probe: "+err.Error())
	}
	c.checkReadyLocked()
	c.mu.Unlock()
	c.wakeProber()
}

// verifyLocked makes n's probe due at once: an event says it may be back.
func (c *Cluster) verifyLocked(n *node) {
	if !n.up.Load() {
		n.retryAt = time.Now()
		c.wakeProber()
	}
}
