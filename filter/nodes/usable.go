package nodes

import (
	"net/netip"
	"time"
)

// DriverName is what the control connection's STARTUP names as its driver: system_views.clients
// on each node shows it.
const DriverName = "cqlmirror discovery"

// Usable reports whether Pick may choose the node at addr: it is listed, up and in the local DC.
func (c *Cluster) Usable(addr netip.AddrPort) bool {
	for _, n := range *c.live.Load() {
		if n.addr == addr {
			return n.up.Load()
		}
	}
	return false
}

// Kick asks for news now rather than after the backoff: the down nodes are probed, and a control
// connection that is missing is tried again. A session calls it when Pick finds no live node; it
// does nothing within MinBackoff of the last Kick that did something, so that sessions arriving
// at a dead cluster do not hammer it.
func (c *Cluster) Kick() {
	c.mu.Lock()
	now := time.Now()
	if now.Sub(c.kicked) < c.o.MinBackoff {
		c.mu.Unlock()
		return
	}
	c.kicked = now
	for _, n := range c.nodes {
		if !n.up.Load() && !n.probing && n.retryAt.After(now) {
			n.retryAt = now
		}
	}
	c.mu.Unlock()
	c.wakeProber()
	select {
	case c.retry <- struct{}{}:
	default:
	}
}
