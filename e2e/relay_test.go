package e2e

import (
	"io"
	"net"
	"sync"
	"testing"
)

// relay is a TCP relay in front of one Cassandra node: Envoy dials the relay, the relay dials the
// node. cut resets every connection it carries, as a network fault between the proxy and the node
// would; new connections are relayed as before.
type relay struct {
	ln       net.Listener
	upstream string

	mu    sync.Mutex
	conns map[*net.TCPConn]struct{}
	wg    sync.WaitGroup
}

func startRelay(t *testing.T, listen, upstream string) *relay {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Fatalf("relay on %s: %v", listen, err)
	}
	r := &relay{ln: ln, upstream: upstream, conns: map[*net.TCPConn]struct{}{}}
	r.wg.Add(1)
	go r.accept()
	t.Cleanup(r.close)
	return r
}

func (r *relay) addr() string { return r.ln.Addr().String() }

func (r *relay) accept() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.wg.Add(1)
		go r.serve(c.(*net.TCPConn))
	}
}

func (r *relay) serve(down *net.TCPConn) {
	defer r.wg.Done()
	c, err := net.Dial("tcp", r.upstream)
	if err != nil {
		// The node is down: the proxy sees its connection reset at once.
		down.SetLinger(0)
		down.Close()
		return
	}
	up := c.(*net.TCPConn)
	if !r.track(down, up) {
		return
	}
	var pipes sync.WaitGroup
	pipe := func(dst, src *net.TCPConn) {
		defer pipes.Done()
		io.Copy(dst, src)
		// One side ended: end the other, so neither end waits on a half-open relay.
		dst.Close()
		src.Close()
	}
	pipes.Add(2)
	go pipe(up, down)
	go pipe(down, up)
	pipes.Wait()
	r.mu.Lock()
	delete(r.conns, down)
	delete(r.conns, up)
	r.mu.Unlock()
}

// track registers both ends, or closes them when the relay is closed already.
func (r *relay) track(down, up *net.TCPConn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.conns == nil {
		down.Close()
		up.Close()
		return false
	}
	r.conns[down], r.conns[up] = struct{}{}, struct{}{}
	return true
}

// cut resets every relayed connection (both ends get an RST) and returns how many pairs it cut.
func (r *relay) cut() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.conns {
		c.SetLinger(0)
		c.Close()
	}
	return len(r.conns) / 2
}

func (r *relay) close() {
	r.ln.Close()
	r.cut()
	r.mu.Lock()
	r.conns = nil
	r.mu.Unlock()
	r.wg.Wait()
}
