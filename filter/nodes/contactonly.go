package nodes

import (
	"fmt"
	"time"
)

// runContactPointsOnly keeps the contact points' addresses as the node list (Options.
// ContactPointsOnly) until Close: no control connection, the host names resolved again every
// RefreshInterval or at a Kick. The probes of the list run as for any node.
func (c *Cluster) runContactPointsOnly() {
	defer c.wg.Done()
	c.log.Info(fmt.Sprintf("%s discovery is off (contact_points_only): the contact points are the node list", c.o.Name),
		"contact_points", c.o.ContactPoints)
	why := &refusal{msg: "discovery is off (contact_points_only)"}
	for {
		c.resolve()
		c.mu.Lock()
		c.staticLocked(why)
		c.mu.Unlock()
		select {
		case <-c.ctx.Done():
			return
		case <-time.After(c.o.RefreshInterval):
		case <-c.retry:
		}
	}
}
