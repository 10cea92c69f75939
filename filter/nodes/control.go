package nodes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// eventRefreshDelay is how long after a topology event the tables are read again: the node that
// sends NEW_NODE may not list the newcomer in its peers table yet, and events come in bursts.
const eventRefreshDelay = time.Second

// maxReplyBytes bounds a reply on the control connection and to a probe (the protocol's own
// limit).
const maxReplyBytes = 256 << 20

// refusal is an ERROR (or another unwanted answer) a node sent to a request of the proxy's own: the
// node is up, so it is not marked down for it.
type refusal struct {
	code primitive.ErrorCode
	msg  string
}

func (r *refusal) Error() string { return r.msg }

// nodeFailed reports whether err shows the node itself failing, rather than refusing a request.
func nodeFailed(err error) bool {
	var r *refusal
	return !errors.As(err, &r)
}

// roundError is a failed round of control connection attempts: one error per candidate, each
// naming the candidate's address.
type roundError []error

func (e roundError) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

func (e roundError) Unwrap() []error { return e }

// firstRefusal is the first attempt in err that a node answered with a refusal, or nil.
func firstRefusal(err error) error {
	attempts, ok := err.(roundError)
	if !ok {
		attempts = roundError{err}
	}
	for _, e := range attempts {
		if e != nil && !nodeFailed(e) {
			return e
		}
	}
	return nil
}

// controlConn is the control connection: one goroutine reads its frames, the Cluster's run
// goroutine sends requests and handles replies and events.
type controlConn struct {
	conn    net.Conn
	addr    netip.AddrPort
	version primitive.ProtocolVersion
	timeout time.Duration
	frames  chan *frame.Frame
	quit    chan struct{}
	err     error // why reading stopped; read after frames is closed
	stream  int16
	peersV2 bool
	onEvent func(message.Event)
}

func (cc *controlConn) read() {
	defer close(cc.frames)
	for {
		f, err := readFrame(cc.conn)
		if err != nil {
			cc.err = err
			return
		}
		select {
		case cc.frames <- f:
		case <-cc.quit:
			return
		}
	}
}

func (cc *controlConn) close() {
	close(cc.quit)
	cc.conn.Close()
}

// readFrame reads one reply frame.
func readFrame(r io.Reader) (*frame.Frame, error) {
	raw := make([]byte, cql.HeaderLen)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, err
	}
	h := cql.ParseHeader(raw)
	if !h.Response || !cql.Framable(h.Version) {
		return nil, fmt.Errorf("not a CQL reply: header % x", raw)
	}
	if h.Length < 0 || h.Length > maxReplyBytes {
		return nil, fmt.Errorf("reply of %d bytes", h.Length)
	}
	raw = append(raw, make([]byte, h.Length)...)
	if _, err := io.ReadFull(r, raw[cql.HeaderLen:]); err != nil {
		return nil, err
	}
	return cql.Decode(raw)
}

// roundTrip sends msg and waits for its reply, handing events that come meanwhile to onEvent. An
// ERROR reply is returned as a *refusal.
func (cc *controlConn) roundTrip(ctx context.Context, msg message.Message) (message.Message, error) {
	cc.stream = cc.stream%32000 + 1
	cc.conn.SetWriteDeadline(time.Now().Add(cc.timeout))
	if _, err := cc.conn.Write(cql.Encode(cc.version, cc.stream, msg)); err != nil {
		return nil, err
	}
	t := time.NewTimer(cc.timeout)
	defer t.Stop()
	for {
		select {
		case f, ok := <-cc.frames:
			if !ok {
				return nil, cc.err
			}
			if ev, isEvent := f.Body.Message.(message.Event); isEvent {
				if cc.onEvent != nil {
					cc.onEvent(ev)
				}
				continue
			}
			if f.Header.StreamId != cc.stream {
				continue
			}
			if e, isErr := f.Body.Message.(message.Error); isErr {
				return nil, &refusal{e.GetErrorCode(), fmt.Sprintf("%s answered %s: %s", opName(msg), codeName(e.GetErrorCode()), e.GetErrorMessage())}
			}
			return f.Body.Message, nil
		case <-t.C:
			return nil, fmt.Errorf("no answer to %s within %s", opName(msg), cc.timeout)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// opName is a message's opcode as the library names it: "AUTH RESPONSE".
func opName(m message.Message) string { return between(m.GetOpCode().String(), "OpCode ") }

// codeName is an error code's name: "AuthenticationError".
func codeName(c primitive.ErrorCode) string { return between(c.String(), "ErrorCode ") }

// between strips the library's prefix and " [0x..]" suffix from a constant's String.
func between(s, prefix string) string {
	s = strings.TrimPrefix(s, prefix)
	if i := strings.Index(s, " ["); i >= 0 {
		s = s[:i]
	}
	return s
}

func (cc *controlConn) query(ctx context.Context, q string) (*message.RowsResult, error) {
	m, err := cc.roundTrip(ctx, &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	rows, ok := m.(*message.RowsResult)
	if !ok {
		return nil, &refusal{msg: fmt.Sprintf("%s: answered %s, not rows", q, opName(m))}
	}
	return rows, nil
}

// openControl dials addr and readies a control connection on it, retrying with protocol v3 if
// the node refuses v4.
func (c *Cluster) openControl(addr netip.AddrPort) (*controlConn, error) {
	v := primitive.ProtocolVersion(c.version.Load())
	cc, err := c.handshake(addr, v)
	var r *refusal
	if errors.As(err, &r) && r.code == primitive.ErrorCodeProtocolError && v > primitive.ProtocolVersion3 {
		c.log.Info("node refused protocol v4 on the control connection; trying v3", "node", addr.String(), "error", err)
		if cc, err = c.handshake(addr, primitive.ProtocolVersion3); err == nil {
			c.version.Store(uint32(primitive.ProtocolVersion3))
		}
	}
	return cc, err
}

// handshake sends STARTUP, answers AUTHENTICATE with the token, and registers for events.
func (c *Cluster) handshake(addr netip.AddrPort, v primitive.ProtocolVersion) (*controlConn, error) {
	conn, err := c.dial(c.ctx, addr)
	if err != nil {
		return nil, err
	}
	cc := &controlConn{conn: conn, addr: addr, version: v, timeout: c.o.ConnectTimeout, frames: make(chan *frame.Frame, 16),
		quit: make(chan struct{}), peersV2: true}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		cc.read()
	}()
	if err := c.startup(cc); err != nil {
		cc.close()
		return nil, err
	}
	cc.onEvent = c.handleEvent
	return cc, nil
}

func (c *Cluster) startup(cc *controlConn) error {
	m, err := cc.roundTrip(c.ctx, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0", "DRIVER_NAME": DriverName}})
	if err != nil {
		return err
	}
	switch a := m.(type) {
	case *message.Ready:
	case *message.Authenticate:
		if c.o.Token == nil {
			return &refusal{msg: fmt.Sprintf("the node asks for authentication (%s) and %s.credentials are not set", a.Authenticator, c.o.Name)}
		}
		m, err := cc.roundTrip(c.ctx, &message.AuthResponse{Token: c.o.Token})
		if err != nil {
			return fmt.Errorf("authentication with %s.credentials: %w", c.o.Name, err)
		}
		if _, ok := m.(*message.AuthSuccess); !ok {
			return &refusal{msg: fmt.Sprintf("authentication with %s.credentials: the node answered %s; only SASL PLAIN is supported", c.o.Name, opName(m))}
		}
	default:
		return &refusal{msg: fmt.Sprintf("STARTUP answered %s", opName(m))}
	}
	_, err = cc.roundTrip(c.ctx, &message.Register{EventTypes: []primitive.EventType{
		primitive.EventTypeTopologyChange, primitive.EventTypeStatusChange}})
	return err
}

// ping dials addr and sends OPTIONS; any answer will do.
func (c *Cluster) ping(addr netip.AddrPort) error {
	conn, err := c.dial(c.ctx, addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(c.ctx, func() { conn.Close() })
	defer stop()
	conn.SetDeadline(time.Now().Add(c.o.ConnectTimeout))
	v := primitive.ProtocolVersion(c.version.Load())
	if _, err := conn.Write(cql.Encode(v, 0, &message.Options{})); err != nil {
		return err
	}
	if _, err := readFrame(conn); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("no answer to OPTIONS within %s", c.o.ConnectTimeout)
		}
		return fmt.Errorf("OPTIONS: %w", err)
	}
	return nil
}

// run keeps a control connection open until Close.
func (c *Cluster) run() {
	defer c.wg.Done()
	rounds := 0
	for c.ctx.Err() == nil {
		cc, err := c.connect()
		if err == nil {
			var served bool
			served, err = c.serve(cc)
			cc.close()
			if c.ctx.Err() != nil {
				return
			}
			c.controlLost(cc.addr, err, served)
			if served {
				rounds = 0
				continue
			}
			err = fmt.Errorf("%s: %w", cc.addr, err)
		}
		rounds++
		wait := c.backoff(rounds)
		c.mu.Lock()
		c.lastErr = err
		began := c.staticLocked(err)
		static := c.static
		c.changedLocked()
		c.mu.Unlock()
		switch {
		case began:
			c.log.Warn(fmt.Sprintf("%s discovery refused: the contact points are the node list (static mode) until a control connection reads the system tables; to discover the cluster, set %s.credentials to a user that may read them",
				c.o.Name, c.o.Name), "reason", firstRefusal(err), "retry_in", wait.String())
		case static:
			c.log.Debug("no control connection: the contact points stay the node list", "error", err, "retry_in", wait.String())
		case rounds&(rounds-1) == 0: // the 1st, 2nd, 4th, 8th... failure in a row: a dead cluster is kicked every health_check.interval
			c.log.Warn("no control connection: the node list is not kept up to date", "error", err, "failures_in_a_row", rounds, "retry_in", wait.String())
		default:
			c.log.Debug("no control connection: the node list is not kept up to date", "error", err, "failures_in_a_row", rounds, "retry_in", wait.String())
		}
		select {
		case <-c.ctx.Done():
			return
		case <-time.After(wait):
		case <-c.retry:
		}
	}
}

// connect dials the candidates in turn until one takes a control connection.
func (c *Cluster) connect() (*controlConn, error) {
	cands := c.candidates()
	if len(cands) == 0 {
		return nil, fmt.Errorf("no contact point of %s.contact_points resolved to an address", c.o.Name)
	}
	var errs roundError
	for _, addr := range cands {
		cc, err := c.openControl(addr)
		if err == nil {
			return cc, nil
		}
		if c.ctx.Err() != nil {
			return nil, c.ctx.Err()
		}
		errs = append(errs, fmt.Errorf("%s: %w", addr, err))
		c.mu.Lock()
		if n := c.nodes[addr]; n != nil && nodeFailed(err) {
			c.markDownLocked(n, "control connection: "+err.Error())
		}
		c.mu.Unlock()
	}
	return nil, errs
}

// candidates lists the nodes to try for the control connection, best first: live local-DC
// nodes, other live nodes, the contact points (resolved again), then down nodes, soonest due
// first.
func (c *Cluster) candidates() []netip.AddrPort {
	seeds := c.resolve()
	c.mu.Lock()
	defer c.mu.Unlock()
	var upLocal, upOther, down []*node
	for _, n := range c.nodes {
		switch {
		case !n.up.Load():
			down = append(down, n)
		case n.dc == c.localDC:
			upLocal = append(upLocal, n)
		default:
			upOther = append(upOther, n)
		}
	}
	byRank := func(a, b *node) int { return cmp.Compare(a.rank, b.rank) }
	slices.SortFunc(upLocal, byRank)
	slices.SortFunc(upOther, byRank)
	slices.SortFunc(down, func(a, b *node) int { return a.retryAt.Compare(b.retryAt) })
	var out []netip.AddrPort
	seen := map[netip.AddrPort]bool{}
	add := func(a netip.AddrPort) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for _, n := range slices.Concat(upLocal, upOther) {
		add(n.addr)
	}
	for _, a := range seeds {
		add(a)
	}
	for _, n := range down {
		add(n.addr)
	}
	return out
}

// resolve returns the contact points' addresses in order, resolving host names again. A name
// that fails to resolve keeps its last addresses.
func (c *Cluster) resolve() []netip.AddrPort {
	var out []netip.AddrPort
	for _, cp := range c.contacts {
		if cp.host == "" {
			out = append(out, netip.AddrPortFrom(cp.addr, cp.port))
			continue
		}
		ctx, cancel := context.WithTimeout(c.ctx, c.o.ConnectTimeout)
		addrs, err := c.o.Resolve(ctx, cp.host)
		cancel()
		c.mu.Lock()
		if err != nil || len(addrs) == 0 {
			if err == nil {
				err = errors.New("no address")
			}
			c.log.Warn("contact point does not resolve; using its last addresses", "contact_point", cp.host, "error", err, "last", c.resolved[cp])
		} else {
			var aps []netip.AddrPort
			for _, a := range addrs {
				aps = append(aps, netip.AddrPortFrom(a.Unmap(), cp.port))
			}
			c.resolved[cp] = aps
		}
		out = append(out, c.resolved[cp]...)
		c.mu.Unlock()
	}
	c.mu.Lock()
	clear(c.hosts)
	for cp, aps := range c.resolved {
		for _, ap := range aps {
			c.hosts[ap] = cp.host
		}
	}
	c.seeds = out
	c.mu.Unlock()
	return out
}

// serve reads the tables, then handles events and refreshes until the connection fails or the
// Cluster closes. served reports whether the tables were read at least once.
func (c *Cluster) serve(cc *controlConn) (served bool, err error) {
	if err := c.refresh(cc); err != nil {
		return false, err
	}
	c.log.Info("control connection open", "node", cc.addr.String(), "protocol_version", int(cc.version))
	tick := time.NewTicker(c.o.RefreshInterval)
	defer tick.Stop()
	var soon *time.Timer
	defer func() {
		if soon != nil {
			soon.Stop()
		}
	}()
	for {
		var soonC <-chan time.Time
		if c.wantRefresh {
			if soon == nil {
				soon = time.NewTimer(eventRefreshDelay)
			}
			soonC = soon.C
		}
		select {
		case <-c.ctx.Done():
			return true, nil
		case f, ok := <-cc.frames:
			if !ok {
				return true, fmt.Errorf("control connection to %s: %w", cc.addr, cmpErr(cc.err, io.EOF))
			}
			if ev, isEvent := f.Body.Message.(message.Event); isEvent {
				c.handleEvent(ev)
			}
			continue
		case <-tick.C:
		case <-soonC:
		}
		if soon != nil {
			soon.Stop()
			soon = nil
		}
		if err := c.refresh(cc); err != nil {
			return true, err
		}
	}
}

func cmpErr(err, def error) error {
	if err == nil {
		return def
	}
	return err
}

// controlLost records the end of the control connection on addr; served is whether it had read
// the tables (else run logs the failure with its round).
func (c *Cluster) controlLost(addr netip.AddrPort, err error, served bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.control = netip.AddrPort{}
	c.lastErr = err
	if served {
		c.log.Warn("control connection lost; reconnecting", "node", addr.String(), "error", err)
	}
	if n := c.nodes[addr]; n != nil && nodeFailed(err) {
		c.markDownLocked(n, "control connection: "+err.Error())
	}
	c.changedLocked()
	c.wakeProber()
}

// nodeRow is one node as the system tables describe it.
type nodeRow struct {
	addr             netip.AddrPort
	hostID, dc, rack string
}

// refresh reads the system tables on cc and applies them.
func (c *Cluster) refresh(cc *controlConn) error {
	c.wantRefresh = false
	local, err := cc.query(c.ctx, "SELECT * FROM system.local WHERE key='local'")
	if err != nil {
		return err
	}
	self, ok := localRow(local, cc.addr)
	if !ok {
		return &refusal{msg: "system.local has no row"}
	}
	var peers []nodeRow
	if cc.peersV2 {
		rows, err := cc.query(c.ctx, "SELECT * FROM system.peers_v2")
		var r *refusal
		switch {
		case errors.As(err, &r):
			cc.peersV2 = false
			c.log.Debug("no system.peers_v2; reading system.peers", "node", cc.addr.String(), "error", err)
		case err != nil:
			return err
		default:
			peers = peerRows(rows, true, cc.addr.Port())
		}
	}
	if !cc.peersV2 {
		rows, err := cc.query(c.ctx, "SELECT * FROM system.peers")
		if err != nil {
			return err
		}
		peers = peerRows(rows, false, cc.addr.Port())
	}
	c.resolve()
	c.apply(cc.addr, self, peers)
	return nil
}

// apply makes the node list the control node and its peers.
func (c *Cluster) apply(control netip.AddrPort, self nodeRow, peers []nodeRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.localDC == "" && self.dc != "" {
		c.localDC = self.dc
		c.log.Info("local DC is the first contact point's", "local_dc", self.dc, "node", control.String())
	}
	gone := "no longer in system.peers"
	if c.static {
		c.static, c.refused = false, nil
		gone = "a contact point address that system.peers does not list"
		c.log.Info("control connection reads the system tables: the node list is discovered, no longer the contact points (static mode ends)", "node", control.String())
	}
	listed := map[netip.AddrPort]bool{}
	hostIDs := map[string]bool{}
	for _, r := range append([]nodeRow{self}, peers...) {
		if listed[r.addr] || (r.hostID != "" && hostIDs[r.hostID]) {
			continue
		}
		listed[r.addr] = true
		if r.hostID != "" {
			hostIDs[r.hostID] = true
		}
		n := c.nodes[r.addr]
		if n == nil {
			n = c.newNodeLocked(r.addr)
			if c.controlOK {
				c.log.Info("node found", "node", r.addr.String(), "dc", r.dc, "rack", r.rack)
			}
		}
		n.hostID, n.dc, n.rack = r.hostID, r.dc, r.rack
	}
	for addr, n := range c.nodes {
		if !listed[addr] {
			c.removeLocked(n, gone)
		}
	}
	c.markUpLocked(c.nodes[control], "control connection")
	c.control, c.controlOK, c.lastErr = control, true, nil
	c.checkLocalDCLocked()
	c.changedLocked()
	c.checkReadyLocked()
	c.wakeProber()
}

// staticLocked follows a failed round of control connection attempts (err). While no control
// connection has read the tables, a refusal in err makes the contact points' addresses, as last
// resolved, the node list; each later round updates that list. It reports whether static mode
// began.
func (c *Cluster) staticLocked(err error) (began bool) {
	if c.controlOK || (!c.static && firstRefusal(err) == nil) {
		return false
	}
	began = !c.static
	c.static = true
	if r := firstRefusal(err); r != nil {
		c.refused = r
	}
	listed := map[netip.AddrPort]bool{}
	for _, a := range c.seeds {
		listed[a] = true
		if c.nodes[a] == nil {
			c.newNodeLocked(a)
			if !began {
				c.log.Info("node found: a new address of a contact point", "node", a.String())
			}
		}
	}
	for addr, n := range c.nodes {
		if !listed[addr] {
			c.removeLocked(n, "no longer an address of a contact point")
		}
	}
	c.changedLocked()
	c.checkReadyLocked()
	c.wakeProber()
	return began
}

func (c *Cluster) removeLocked(n *node, why string) {
	n.removed = true
	n.up.Store(false)
	delete(c.nodes, n.addr)
	c.changedLocked()
	c.log.Info("node left the cluster", "node", n.addr.String(), "dc", n.dc, "why", why)
}

// checkLocalDCLocked logs, once per occurrence, that Options.LocalDC names no listed node.
func (c *Cluster) checkLocalDCLocked() {
	dcs := map[string]bool{}
	for _, n := range c.nodes {
		dcs[n.dc] = true
	}
	missing := !dcs[c.localDC]
	if missing && !c.dcMissing {
		c.log.Error(fmt.Sprintf("%s.local_dc %q matches no node: sessions cannot be served", c.o.Name, c.localDC),
			"local_dc", c.localDC, "dcs", slices.Sorted(func(yield func(string) bool) {
				for dc := range dcs {
					if !yield(dc) {
						return
					}
				}
			}))
	}
	c.dcMissing = missing
}

// handleEvent applies a pushed event. It runs on the control connection's goroutine.
func (c *Cluster) handleEvent(ev message.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e := ev.(type) {
	case *message.TopologyChangeEvent:
		addr := inetAddr(e.Address)
		c.log.Debug("event", "change", string(e.ChangeType), "node", addr.String())
		switch e.ChangeType {
		case primitive.TopologyChangeTypeNewNode:
			c.wantRefresh = true
		case primitive.TopologyChangeTypeRemovedNode:
			if n := c.findLocked(addr); n != nil {
				c.removeLocked(n, "REMOVED_NODE event")
			}
			c.wantRefresh = true
		}
	case *message.StatusChangeEvent:
		addr := inetAddr(e.Address)
		c.log.Debug("event", "change", string(e.ChangeType), "node", addr.String())
		n := c.findLocked(addr)
		switch {
		case n == nil:
			if e.ChangeType == primitive.StatusChangeTypeUp {
				c.wantRefresh = true
			}
		case e.ChangeType == primitive.StatusChangeTypeUp:
			c.verifyLocked(n)
		case e.ChangeType == primitive.StatusChangeTypeDown && n.up.Load():
			c.markDownLocked(n, "STATUS_CHANGE DOWN event")
			c.wakeProber()
		}
	}
}

// findLocked finds the node an event names: by address and port, else by address alone if only
// one node has it.
func (c *Cluster) findLocked(addr netip.AddrPort) *node {
	if n := c.nodes[addr]; n != nil {
		return n
	}
	var found *node
	for a, n := range c.nodes {
		if a.Addr() == addr.Addr() {
			if found != nil {
				return nil
			}
			found = n
		}
	}
	return found
}

func inetAddr(in *primitive.Inet) netip.AddrPort {
	if in == nil {
		return netip.AddrPort{}
	}
	a, ok := netip.AddrFromSlice(in.Addr)
	if !ok {
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(a.Unmap(), uint16(in.Port))
}
