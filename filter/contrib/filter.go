package main

import (
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/envoyproxy/envoy/contrib/golang/common/go/api"
	"github.com/envoyproxy/envoy/contrib/golang/filters/network/source/go/pkg/network"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

type configFactory struct{}

// CreateFactoryFromConfig is called for every connection in SDK v1.39.1, so it only wraps what the
// parser built once.
func (configFactory) CreateFactoryFromConfig(config interface{}) network.FilterFactory {
	p, ok := config.(parsed)
	if !ok {
		p = parsed{err: fmt.Errorf("cqlmirror: unexpected parsed config %T", config)}
	}
	return filterFactory(p)
}

type filterFactory parsed

func (f filterFactory) CreateFilter(cb api.ConnectionCallback) api.DownstreamFilter {
	return &filter{cb: cb, cfg: parsed(f)}
}

// filter is one client connection.
type filter struct {
	cb      api.ConnectionCallback
	cfg     parsed
	session *mirror.Session

	mu     sync.Mutex
	closed bool
	// broken is set once a callback of this connection recovered from a panic: the session was
	// aborted and the connection closed, so no callback touches the session again.
	broken atomic.Bool
}

// guard recovers from a panic in one of f's callbacks: it is counted and logged, the session is
// aborted without taking its locks, and the connection is closed.
func (f *filter) guard(where string) {
	r := recover()
	if r == nil {
		return
	}
	if f.cfg.mirror == nil {
		slog.Error("cqlmirror: recovered from a panic", "where", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		return
	}
	f.cfg.mirror.Recovered(where, r)
	if f.broken.CompareAndSwap(false, true) {
		if f.session != nil {
			f.session.Abort()
		}
		f.cb.Close(api.NoFlush)
	}
}

func (f *filter) OnNewConnection() api.FilterStatus {
	defer f.guard("OnNewConnection")
	if f.cfg.err != nil {
		f.cb.Close(api.NoFlush)
		return api.NetworkFilterStopIteration
	}
	f.session = f.cfg.mirror.NewSession(f)
	return api.NetworkFilterStopIteration
}

func (f *filter) OnData(buffer []byte, endOfStream bool) api.FilterStatus {
	defer f.guard("OnData")
	if f.session == nil || f.broken.Load() {
		return api.NetworkFilterStopIteration
	}
	f.session.OnData(buffer)
	if endOfStream {
		f.session.OnClientEOF()
	}
	f.flush()
	return api.NetworkFilterStopIteration
}

func (f *filter) OnEvent(event api.ConnectionEvent) {
	defer f.guard("OnEvent")
	if event != api.RemoteClose && event != api.LocalClose {
		return
	}
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
	if f.session != nil {
		f.session.Close()
	}
}

func (f *filter) OnWrite(buffer []byte, endOfStream bool) api.FilterStatus {
	return api.NetworkFilterContinue
}

// Wake runs on an engine goroutine. The SDK's Write copies the bytes and posts them to the
// connection's worker thread, so flushing from here is safe.
func (f *filter) Wake() {
	defer f.guard("Wake")
	f.flush()
}

// LocalAddr is the listener address the client reached.
func (f *filter) LocalAddr() netip.AddrPort {
	si := f.cb.StreamInfo()
	if si == nil {
		return netip.AddrPort{}
	}
	ap, err := netip.ParseAddrPort(si.DownstreamLocalAddress())
	if err != nil {
		slog.Error("cqlmirror: unreadable downstream local address", "address", si.DownstreamLocalAddress(), "error", err)
	}
	return ap
}

func (f *filter) flush() {
	f.mu.Lock()
	closed := f.closed
	f.mu.Unlock()
	if closed || f.broken.Load() {
		return
	}
	if f.session.Flush(func(p []byte) { f.cb.Write(p, false) }) {
		f.cb.Close(api.FlushWrite)
	}
}
