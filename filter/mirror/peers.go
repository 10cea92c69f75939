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
			s.m.sourceLocal.Store(&local)
			t.Local = local
		}
		peers, _, err := cql.RewriteTopology(p.peersReply, p.topo, t, p.columns)
		p.peersReply = nil
		if err != nil {
			s.m.log.Error("could not describe the proxy peers", "error", err)
			return reply, false
		}
		p.topo = "" // rewritten already
		return peers, false
	case (p.topo == cql.SystemPeers || p.topo == cql.SystemPeersV2) && len(s.m.peers) > 0 && s.m.sourceLocal.Load() == nil:
		p.peersReply = append([]byte(nil), reply...)
		q := cql.Encode(s.version, 0, &message.Query{Query: "SELECT * FROM system.local WHERE key = 'local'",
			Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}})
		s.sendLocked(source, q, id)
		p.await |= source.bit()
		return nil, true
	}
	return reply, false
}
