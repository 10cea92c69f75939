package mirror

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/nodes"
)

// health is what one filter config knows about one cluster's health: a circuit breaker fed by
// the sessions (request deadlines, broken or refused connections, failed catch-ups) and by a
// probe that sends OPTIONS on a connection of its own every health_check.interval.
//
// While the target is unhealthy, sessions under source-decides neither dial it nor wait for it:
// they serve from the source and record the writes it misses, and each catches its own target
// connection up (STARTUP, authentication, USE, prepares) once the probe sees the target answer.
type health struct {
	r     role
	addr  string
	gauge prometheus.Gauge
	// current reports whether this config is its stat_prefix's newest: a config Envoy replaced
	// keeps probing until it drains, but only the newest one's state is the gauge's.
	current func() bool
	log     func(msg string, args ...any)

	down atomic.Bool
	// soft counts failures in a row that open the breaker only at softThreshold: a probe or a
	// session's handshake that went unanswered for health_check.timeout (a long GC pause looks
	// the same once).
	soft atomic.Int32

	mu     sync.Mutex
	reason string
	up     chan struct{} // closed while healthy
}

// softThreshold is how many unanswered probes or handshakes in a row open the breaker.
const softThreshold = 2

func newHealth(r role, addr string, gauge prometheus.Gauge, current func() bool, log func(string, ...any)) *health {
	h := &health{r: r, addr: addr, gauge: gauge, current: current, log: log, up: make(chan struct{})}
	close(h.up)
	h.show(1)
	return h
}

func (h *health) show(v float64) {
	if h.current() {
		h.gauge.Set(v)
	}
}

func (h *health) healthy() bool { return !h.down.Load() }

// why is the reason the cluster counts as unhealthy.
func (h *health) why() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return fmt.Errorf("%s cluster %s is unhealthy: %s", h.r, h.addr, h.reason)
}

// waitUp returns a channel that is closed while the cluster is healthy.
func (h *health) waitUp() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.up
}

// failed records a failure. A hard one (a refused or broken connection, a request that ran out
// its request_timeout, a failed catch-up) opens the breaker at once; a soft one only when it is
// the softThreshold-th in a row.
func (h *health) failed(reason string, hard bool) {
	if !hard && h.soft.Add(1) < softThreshold {
		return
	}
	h.mu.Lock()
	if h.down.Load() {
		h.mu.Unlock()
		return
	}
	h.reason = reason
	h.up = make(chan struct{})
	h.down.Store(true)
	h.show(0)
	h.mu.Unlock()
	h.log("cluster unhealthy: new sessions and requests no longer wait for it", "cluster", h.r.String(), "address", h.addr, "reason", reason)
}

// ok records that the cluster answered. It is called on every reply, so the common case is two
// atomic loads.
func (h *health) ok() {
	if h.soft.Load() != 0 {
		h.soft.Store(0)
	}
	if !h.down.Load() {
		return
	}
	h.mu.Lock()
	if !h.down.Load() {
		h.mu.Unlock()
		return
	}
	h.down.Store(false)
	close(h.up)
	h.show(1)
	was := h.reason
	h.mu.Unlock()
	h.log("cluster healthy again: sessions catch their connections up and mirror again", "cluster", h.r.String(), "address", h.addr, "was", was)
}

// probe sends OPTIONS to cluster r every interval until stop is closed, keeping one connection
// open between probes. An unanswered probe is retried at once, so a stalled node is found
// within about interval + 2*timeout.
func (m *Mirror) probe(r role, stop <-chan struct{}) {
	defer m.recovered("health probe", nil)
	h := m.health[r]
	interval, timeout := time.Duration(m.cfg.HealthCheck.Interval), time.Duration(m.cfg.HealthCheck.Timeout)
	var conn net.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	options := cql.Encode(primitive.ProtocolVersion4, 0, &message.Options{})
	var node netip.AddrPort
	for {
		var err error
		hard := false
		if conn == nil {
			var release func()
			if conn, node, release, err = m.dialNodeOf(r, false); err != nil {
				hard, err = true, fmt.Errorf("probe: %w", err)
				if errors.Is(err, nodes.ErrNoLiveNode) {
					// Sessions do not dial an unhealthy cluster, so only the probe asks the node
					// list for news before its backoff runs out.
					m.nodes[r].Kick()
				}
			} else {
				release() // the probe is not a session
			}
		}
		if err == nil {
			conn.SetDeadline(time.Now().Add(timeout))
			// Any answer will do, an ERROR too: the node is not stalled.
			var answered *replyError
			if _, err = exchange(conn, options, false, false); errors.As(err, &answered) {
				err = nil
			} else if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					err = fmt.Errorf("no reply to OPTIONS within health_check.timeout %s", timeout)
				} else {
					hard, err = true, fmt.Errorf("probe: %w", err)
				}
			}
		}
		wait := interval
		if err != nil {
			if conn != nil {
				conn.Close()
				conn = nil
				if m.nodeFailed(r, node, "node "+node.String()+": "+err.Error()) {
					// Other nodes are up: the cluster answers if one of them does.
					continue
				}
			}
			h.failed(err.Error(), hard)
			if !hard && h.healthy() {
				wait = 0 // confirm a first unanswered probe at once
			}
		} else {
			h.ok()
		}
		select {
		case <-stop:
			return
		case <-time.After(wait):
		}
	}
}

// Start begins node discovery and the health probes of the clusters this config routes to. The
// bindings call it once Envoy serves with the config; merely checking a config (envoy --mode
// validate, the control plane) dials nothing. A first session starts them too.
func (m *Mirror) Start() { m.startProbes() }

// startProbes starts discovery and the probes, once.
func (m *Mirror) startProbes() {
	m.probes.Do(func() {
		m.startNodes()
		for r := range m.health {
			if m.routes&role(r).bit() != 0 {
				go m.probe(role(r), m.stop)
			}
		}
	})
}
