package mirror

import (
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// peersNeedLocalLocked handles a source reply to a peers query when proxy peers are configured
// but the source's system.local row (which describes them) is not known yet: drivers ask for
// both tables at once. It holds the peers reply, asks the source for system.local under the same
// stream id, and reports fetching. When that answer comes, it returns the peers reply rewritten
// from it, which then goes on as the source's reply. Any other reply is returned as it is.
func (s *Session) peersNeedLocalLocked(p *pending, id int16, reply []byte) ([]byte, bool) {
	switch {
	case p.peersReply != nil: // the system.local answer to our own query
		t := cql.Topology{Self: s.local, Peers: s.m.peers}
		if _, local, err := cql.RewriteTopology(reply, cql.SystemLocal, t, nil); err == nil && local != nil {
			t.Local = s.m.learnLocal(local)
		}
		peers, _, err := cql.RewriteTopology(p.peersReply, p.topo, t, p.columns)
		p.peersReply = nil
		if err != nil {
			s.m.log.Error("could not describe the proxy peers", "error", err)
			return reply, false
		}
		p.topo = "" // rewritten already
		return peers, false
	case (p.topo == cql.SystemPeers || p.topo == cql.SystemPeersV2) && len(s.m.peers) > 0 && !s.m.knowsLocal():
		p.peersReply = append([]byte(nil), reply...)
		q := cql.Encode(s.version, 0, &message.Query{Query: "SELECT * FROM system.local WHERE key = 'local'",
			Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
		s.sendLocked(source, q, id)
		p.await |= source.bit()
		return nil, true
	}
	return reply, false
}

// learnLocal merges columns of the source's system.local row into what the proxy knows of it and
// returns the result. Clients often select only some columns (schema_version for schema
// agreement): each answer adds to the row instead of replacing it.
func (m *Mirror) learnLocal(cols map[string][]byte) map[string][]byte {
	for {
		old := m.sourceLocal.Load()
		merged := make(map[string][]byte, len(cols))
		if old != nil {
			for k, v := range *old {
				merged[k] = v
			}
		}
		for k, v := range cols {
			merged[k] = v
		}
		if m.sourceLocal.CompareAndSwap(old, &merged) {
			return merged
		}
	}
}

// knowsLocal reports whether the proxy knows enough of the source's system.local to describe
// its peers.
func (m *Mirror) knowsLocal() bool {
	local := m.sourceLocal.Load()
	return local != nil && (*local)["data_center"] != nil
}
