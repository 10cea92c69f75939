package nodes

import "net/netip"

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
