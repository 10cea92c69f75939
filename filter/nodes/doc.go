// Package nodes keeps, for one filter config and one cluster (source or target), the cluster's
// node list and each node's state as this proxy sees it, and chooses the node a new client
// session connects to.
//
// # Discovery
//
// A Cluster keeps one control connection, on a live node, local-DC nodes first. It reads
// system.local and system.peers_v2 (system.peers where peers_v2 does not exist), registers for
// TOPOLOGY_CHANGE and STATUS_CHANGE, reads the tables again every RefreshInterval and soon after a
// topology event. Contact points are starting points only: the node list is the control node, at
// the address it was dialed on, and the peers it lists, at native_address:native_port (peers_v2)
// or at rpc_address and the control connection's port (peers); rows without host_id or
// data_center, remains of nodes removed uncleanly, are left out. A contact point's host name counts
// as every address it resolves to and is resolved again at each refresh and reconnect. When the
// control connection breaks, its node is marked down and the next candidate is dialed: live
// local-DC nodes, live other nodes, the contact points, then down nodes; once all failed, the
// next round waits a backoff. The cluster's TLS settings and credentials apply to the control
// connection; probes use TLS but need no credentials (OPTIONS is not authenticated).
//
// # Static mode
//
// A contact point that answers but refuses the control connection (it asks for authentication
// and Options.Token is nil, it rejects the token, it will not let the tables be read) does not
// leave the Cluster without nodes, as long as no control connection has ever read the tables: the
// contact points' addresses, resolved again at each round, become the node list, all of them in
// the local DC whatever their DC, with the same probes and backoffs as discovered nodes. One
// warning names the reason and the credentials field to set; Snapshot reports Static and keeps
// the reason in ControlError. The control connection is retried as before, and the first one that
// reads the tables replaces the static list with the discovered one. A list once discovered is
// never replaced by the contact points.
//
// Options.ContactPointsOnly makes static mode the only mode: no control connection is ever
// opened, and the contact points' addresses stay the node list. A cluster reached through a proxy
// (a loopback listener of Envoy forwarding to an Envoy cluster) needs it: its system tables list
// the nodes behind the proxy, which must not be dialed directly.
//
// # Node state
//
// A node is up only on evidence: the control connection runs on it, or a probe (a dial with its
// TLS handshake, then an OPTIONS the node answers) reached it. A node the tables list for the first
// time is down ("not probed yet") until its probe answers, so a dead node listed in system.peers
// is never handed to a session. A node goes down on a STATUS_CHANGE DOWN event, a failed probe,
// the loss of the control connection on it, or a failure a session reports (Report, Cluster.Dial).
// A down node is probed again after a backoff that doubles with each failure from MinBackoff up to
// MaxBackoff; a STATUS_CHANGE UP event is a hint that runs the probe at once, never a verdict.
// Reports on a node already down count for nothing: one failure is reported by every session it
// reaches.
//
// # Node choice
//
// Pick serves live nodes of the local DC only: Options.LocalDC, else the DC of the first contact
// point that answered (in static mode, every node). It returns the node with the fewest sessions of this Cluster (Pick counts a
// session until its release func is called); ties go to the node that comes first in an order drawn
// at random once per process, so that several proxies do not all send their first sessions to the
// same node. A down node is never returned. Without a live local-DC node Pick fails with an error
// wrapping ErrNoLiveNode that names the cluster and the local nodes' states. Pick takes no lock and
// starts no goroutine.
//
// # Use
//
// New checks the options and dials nothing; Start begins discovery and Ready is closed once the
// first node list is known, discovered or static, and each listed node has been probed once. Per session: Pick, then
// Cluster.Dial (which reports a failed dial itself), Report for a node that failed later, and the
// release func when the session ends or moves to another node. Snapshot describes every node for
// metrics and logs; Collector exports it to Prometheus.
package nodes
