package nodes

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/google/uuid"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// fakeCluster is an in-memory Cassandra cluster: nodes that answer the handshake, OPTIONS and
// the system tables, and push events to the connections registered for them. Tests dial it
// through its Dial, with addresses of their choosing; net.Pipe carries the bytes, so it runs
// inside a synctest bubble.
type fakeCluster struct {
	mu    sync.Mutex
	nodes []*fakeNode
	wg    sync.WaitGroup
	// token, when set, is the SASL PLAIN token every node requires of new connections.
	token []byte
	// unreadable makes queries answer Unauthorized, as for a user without SELECT on the tables.
	unreadable bool
	// tls, when set, wraps every node's side of a connection in TLS.
	tls *tls.Config
	// maxVersion is the highest protocol version the nodes take (default 4).
	maxVersion primitive.ProtocolVersion
	// noPeersV2 makes system.peers_v2 an unconfigured table, as before Cassandra 4.
	noPeersV2 bool
	// queries and startups record, per node, what the nodes were sent.
	queries  map[netip.AddrPort][]string
	startups []primitive.ProtocolVersion
	tokens   [][]byte
	options  map[netip.AddrPort]int
	// dials counts the Dial calls to each address, answered or not.
	dials map[netip.AddrPort]int
}

type nodeMode int

const (
	serving  nodeMode = iota
	refusing          // the port is closed and open connections are closed
	silent            // accepts and reads, never answers: a node stopped with SIGSTOP
)

type fakeNode struct {
	addr   netip.AddrPort
	dc     string
	rack   string
	hostID uuid.UUID
	mode   nodeMode
	conns  map[*fakeConn]bool
	// ghost makes the node's peers rows have no host_id and no data_center, as rows of a node
	// removed uncleanly do.
	ghost bool
}

type fakeConn struct {
	net.Conn
	mu         sync.Mutex // serializes writes: replies and pushed events
	registered bool       // guarded by fakeCluster.mu
}

func newFakeCluster(t *testing.T) *fakeCluster {
	fc := &fakeCluster{maxVersion: primitive.ProtocolVersion4, queries: map[netip.AddrPort][]string{}, options: map[netip.AddrPort]int{}, dials: map[netip.AddrPort]int{}}
	t.Cleanup(fc.close)
	return fc
}

// add lists a serving node in the cluster.
func (fc *fakeCluster) add(addr, dc, rack string) *fakeNode {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	n := &fakeNode{addr: netip.MustParseAddrPort(addr), dc: dc, rack: rack, hostID: uuid.NewMD5(uuid.NameSpaceOID, []byte(addr)), conns: map[*fakeConn]bool{}}
	fc.nodes = append(fc.nodes, n)
	return n
}

// remove takes the node out of the cluster's tables and closes its connections.
func (fc *fakeCluster) remove(addr string) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	for i, n := range fc.nodes {
		if n.addr.String() == addr {
			fc.nodes = append(fc.nodes[:i], fc.nodes[i+1:]...)
			n.mode = refusing
			n.closeConnsLocked()
			return
		}
	}
}

// setMode changes how a node answers; a node that stops serving loses its connections.
func (fc *fakeCluster) setMode(addr string, m nodeMode) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	n := fc.nodeLocked(netip.MustParseAddrPort(addr))
	n.mode = m
	if m == refusing {
		n.closeConnsLocked()
	}
}

func (n *fakeNode) closeConnsLocked() {
	for c := range n.conns {
		c.Close()
	}
	clear(n.conns)
}

func (fc *fakeCluster) nodeLocked(addr netip.AddrPort) *fakeNode {
	for _, n := range fc.nodes {
		if n.addr == addr {
			return n
		}
	}
	return nil
}

// set changes the fake's settings under its lock.
func (fc *fakeCluster) set(f func()) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	f()
}

// push sends an event to every connection registered on a serving node.
func (fc *fakeCluster) push(ev message.Event) {
	fc.mu.Lock()
	var conns []*fakeConn
	for _, n := range fc.nodes {
		for c := range n.conns {
			if c.registered && n.mode == serving {
				conns = append(conns, c)
			}
		}
	}
	fc.mu.Unlock()
	for _, c := range conns {
		c.send(frame.NewFrame(primitive.ProtocolVersion4, -1, ev))
	}
}

func inet(addr string) *primitive.Inet {
	ap := netip.MustParseAddrPort(addr)
	return &primitive.Inet{Addr: ap.Addr().AsSlice(), Port: int32(ap.Port())}
}

func (fc *fakeCluster) close() {
	fc.mu.Lock()
	for _, n := range fc.nodes {
		n.closeConnsLocked()
	}
	fc.mu.Unlock()
	fc.wg.Wait()
}

func refused(addr string) error {
	return &net.OpError{Op: "dial", Net: "tcp", Addr: net.TCPAddrFromAddrPort(netip.MustParseAddrPort(addr)),
		Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
}

// Dial is Options.Dial for the fake's addresses; any other address is refused.
func (fc *fakeCluster) Dial(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return nil, err
	}
	fc.mu.Lock()
	fc.dials[ap]++
	n := fc.nodeLocked(ap)
	if n == nil || n.mode == refusing {
		fc.mu.Unlock()
		return nil, refused(address)
	}
	fc.mu.Unlock()
	client, server := bufferedPipe()
	fc.accept(n, server)
	return client, nil
}

// bufferedPipe is net.Pipe with a buffer each way, as TCP has: a TLS peer may write its whole
// flight while the other writes an alert. Each end keeps net.Pipe's deadlines.
func bufferedPipe() (client, server net.Conn) {
	client, c2 := net.Pipe()
	s1, server := net.Pipe()
	relay := func(from, to net.Conn) {
		ch := make(chan []byte, 256)
		go func() {
			defer close(ch)
			for {
				b := make([]byte, 32<<10)
				n, err := from.Read(b)
				if n > 0 {
					ch <- b[:n]
				}
				if err != nil {
					from.Close()
					return
				}
			}
		}()
		go func() {
			defer to.Close()
			for b := range ch {
				if _, err := to.Write(b); err != nil {
					for range ch {
					}
					return
				}
			}
		}()
	}
	relay(c2, s1)
	relay(s1, c2)
	return client, server
}

// accept serves conn as node n.
func (fc *fakeCluster) accept(n *fakeNode, conn net.Conn) {
	c := &fakeConn{Conn: conn}
	if fc.tls != nil {
		c.Conn = tls.Server(conn, fc.tls)
	}
	fc.mu.Lock()
	n.conns[c] = true
	fc.wg.Add(1)
	fc.mu.Unlock()
	go fc.serve(n, c)
}

func (c *fakeConn) send(f *frame.Frame) {
	var buf bytes.Buffer
	if err := frame.NewCodec().EncodeFrame(f, &buf); err != nil {
		panic(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Write(buf.Bytes())
}

func (fc *fakeCluster) serve(n *fakeNode, c *fakeConn) {
	defer fc.wg.Done()
	defer c.Close()
	fc.mu.Lock()
	token := fc.token
	fc.mu.Unlock()
	authed := token == nil
	for {
		hdr := make([]byte, cql.HeaderLen)
		if _, err := io.ReadFull(c, hdr); err != nil {
			return
		}
		h := cql.ParseHeader(hdr)
		raw := append(hdr, make([]byte, h.Length)...)
		if _, err := io.ReadFull(c, raw[cql.HeaderLen:]); err != nil {
			return
		}
		req, err := cql.Decode(raw)
		if err != nil {
			return
		}
		reply := func(m message.Message) { c.send(frame.NewFrame(h.Version, h.Stream, m)) }
		fc.mu.Lock()
		if n.mode == silent {
			fc.mu.Unlock()
			io.Copy(io.Discard, c)
			return
		}
		switch m := req.Body.Message.(type) {
		case *message.Options:
			fc.options[n.addr]++
		case *message.Startup:
			fc.startups = append(fc.startups, h.Version)
		case *message.AuthResponse:
			fc.tokens = append(fc.tokens, m.Token)
		case *message.Query:
			fc.queries[n.addr] = append(fc.queries[n.addr], m.Query)
		}
		fc.mu.Unlock()
		if h.Version > fc.maxVersion {
			c.send(frame.NewFrame(fc.maxVersion, h.Stream, &message.ProtocolError{
				ErrorMessage: fmt.Sprintf("Invalid or unsupported protocol version (%d)", h.Version)}))
			continue
		}
		switch m := req.Body.Message.(type) {
		case *message.Options:
			reply(&message.Supported{Options: map[string][]string{"CQL_VERSION": {"3.4.5"}}})
		case *message.Startup:
			if authed {
				reply(&message.Ready{})
			} else {
				reply(&message.Authenticate{Authenticator: "org.apache.cassandra.auth.PasswordAuthenticator"})
			}
		case *message.AuthResponse:
			if authed = bytes.Equal(m.Token, token); authed {
				reply(&message.AuthSuccess{})
			} else {
				reply(&message.AuthenticationError{ErrorMessage: "Provided username and/or password are incorrect"})
			}
		case *message.Register:
			fc.mu.Lock()
			c.registered = true
			fc.mu.Unlock()
			reply(&message.Ready{})
		case *message.Query:
			if !authed {
				reply(&message.ProtocolError{ErrorMessage: "Unexpected message QUERY, expecting SASL_RESPONSE"})
				continue
			}
			fc.mu.Lock()
			unreadable := fc.unreadable
			fc.mu.Unlock()
			if unreadable {
				reply(&message.Unauthorized{ErrorMessage: "User app has no SELECT permission on <keyspace system> or any of its parents"})
				continue
			}
			reply(fc.table(n, m.Query))
		default:
			reply(&message.ProtocolError{ErrorMessage: fmt.Sprintf("fake: unexpected %v", m)})
		}
	}
}

// table answers a query of system.local, system.peers_v2 or system.peers on node n.
func (fc *fakeCluster) table(n *fakeNode, q string) message.Message {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	var names []string
	var types []datatype.DataType
	var table string
	switch {
	case strings.Contains(q, "system.local"):
		table = "local"
		names = []string{"key", "data_center", "rack", "host_id", "rpc_address", "broadcast_address", "release_version"}
	case strings.Contains(q, "system.peers_v2"):
		if fc.noPeersV2 {
			return &message.Invalid{ErrorMessage: "unconfigured table peers_v2"}
		}
		table = "peers_v2"
		names = []string{"peer", "peer_port", "data_center", "rack", "host_id", "native_address", "native_port", "release_version"}
	case strings.Contains(q, "system.peers"):
		table = "peers"
		names = []string{"peer", "data_center", "rack", "host_id", "rpc_address", "release_version"}
	default:
		return &message.Invalid{ErrorMessage: "fake: unknown table in " + q}
	}
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, "_address") || name == "peer":
			types = append(types, datatype.Inet)
		case strings.HasSuffix(name, "_port"):
			types = append(types, datatype.Int)
		case name == "host_id":
			types = append(types, datatype.Uuid)
		default:
			types = append(types, datatype.Varchar)
		}
	}
	rs := &message.RowsResult{Metadata: &message.RowsMetadata{ColumnCount: int32(len(names))}, Data: message.RowSet{}}
	for i, name := range names {
		rs.Metadata.Columns = append(rs.Metadata.Columns, &message.ColumnMetadata{Keyspace: "system", Table: table, Name: name, Index: int32(i), Type: types[i]})
	}
	row := func(p *fakeNode) message.Row {
		r := make(message.Row, len(names))
		for i, name := range names {
			switch name {
			case "key":
				r[i] = []byte("local")
			case "data_center":
				if !p.ghost {
					r[i] = []byte(p.dc)
				}
			case "rack":
				r[i] = []byte(p.rack)
			case "host_id":
				if !p.ghost {
					r[i] = p.hostID[:]
				}
			case "release_version":
				r[i] = []byte("4.1.5")
			case "peer", "rpc_address", "native_address", "broadcast_address":
				r[i] = p.addr.Addr().AsSlice()
			case "peer_port":
				r[i] = binary.BigEndian.AppendUint32(nil, 7000)
			case "native_port":
				r[i] = binary.BigEndian.AppendUint32(nil, uint32(p.addr.Port()))
			}
		}
		return r
	}
	if table == "local" {
		rs.Data = append(rs.Data, row(n))
		return rs
	}
	for _, p := range fc.nodes {
		if p != n {
			rs.Data = append(rs.Data, row(p))
		}
	}
	return rs
}

func (fc *fakeCluster) queried(addr string) []string {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return append([]string(nil), fc.queries[netip.MustParseAddrPort(addr)]...)
}

func (fc *fakeCluster) optionsTo(addr string) int {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.options[netip.MustParseAddrPort(addr)]
}

// dialed lists the addresses dialed, sorted.
func (fc *fakeCluster) dialed() []string {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	var out []string
	for ap := range fc.dials {
		out = append(out, ap.String())
	}
	slices.Sort(out)
	return out
}

// logBuffer collects a Cluster's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
