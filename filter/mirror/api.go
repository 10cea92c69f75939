package mirror

import "net/netip"

// Downstream is what a binding gives a Session: a way to be called back on the thread that owns
// the client connection.
type Downstream interface {
	// Wake asks the binding to call Session.Flush soon, from the thread allowed to write to the
	// client. It is called from the engine's goroutines, at most once between two Flush calls, and
	// must not block.
	Wake()
	// LocalAddr is the address the client connected to. The proxy reports it as the only node in
	// system.local and system.peers, so that drivers keep all traffic on the proxy.
	LocalAddr() netip.AddrPort
}
