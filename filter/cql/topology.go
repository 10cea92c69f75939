package cql

import (
	"bytes"
	"hash/fnv"
	"strconv"

	"encoding/binary"
	"errors"
	"net/netip"
	"strings"

	"github.com/google/uuid"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// Topology tables drivers read to discover nodes.
const (
	SystemLocal   = "local"
	SystemPeers   = "peers"
	SystemPeersV2 = "peers_v2"
)

var systemWord = []byte("system")

// SystemTable names the topology table a SELECT reads (SystemLocal, SystemPeers or
// SystemPeersV2), or returns "" for any other statement. It costs one scan on ordinary queries.
func SystemTable(q []byte) string {
	if !containsFold(q, systemWord) {
		return ""
	}
	fields := strings.Fields(strings.ToLower(strings.NewReplacer(`"`, "", ";", " ", ",", " , ").Replace(string(q))))
	for i := 0; i+1 < len(fields); i++ {
		if fields[i] != "from" {
			continue
		}
		switch fields[i+1] {
		case "system.local":
			return SystemLocal
		case "system.peers":
			return SystemPeers
		case "system.peers_v2":
			return SystemPeersV2
		}
		return ""
	}
	return ""
}

func containsFold(b, word []byte) bool {
	for i := 0; i+len(word) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// Topology is what the proxy reports about itself: its own address, the other proxies serving
// the same migration, and the source node's system.local row (by column name) once seen.
type Topology struct {
	Self  netip.AddrPort
	Peers []netip.AddrPort
	Local map[string][]byte
}

// RewriteTopology re-encodes a RESULT/Rows frame from a topology table so that drivers see only
// proxies: system.local's addresses, ports, host id and tokens become Self's, and the peers tables list Peers,
// with the source's data centre, rack and versions (and no rows until the source's system.local
// has been seen). columns describes the rows when the reply itself skipped its metadata, as
// replies to EXECUTE usually do. For system.local it also returns the source's row by column name.
func RewriteTopology(raw []byte, table string, t Topology, columns []*message.ColumnMetadata) ([]byte, map[string][]byte, error) {
	if !t.Self.IsValid() {
		return nil, nil, errors.New("the proxy's own address is unknown")
	}
	f, err := Decode(raw)
	if err != nil {
		return nil, nil, err
	}
	rows, ok := f.Body.Message.(*message.RowsResult)
	if !ok {
		return raw, nil, nil
	}
	if rows.Metadata != nil && rows.Metadata.Columns != nil {
		columns = rows.Metadata.Columns
	}
	if table != SystemLocal {
		rows.Data = message.RowSet{}
		if columns != nil && t.Local != nil {
			for _, p := range t.Peers {
				rows.Data = append(rows.Data, peerRow(columns, p, t.Local))
			}
		}
		if len(rows.Data) > 0 && rows.Metadata != nil && rows.Metadata.Columns == nil {
			// Without metadata the reply only counts its columns: count the rows' own.
			rows.Metadata.ColumnCount = int32(len(columns))
		}
		out, err := encode(f.Header.Version, f.Header.StreamId, rows)
		return out, nil, err
	}
	if columns == nil {
		return nil, nil, errors.New("the reply has no column metadata")
	}
	var local map[string][]byte
	if len(rows.Data) > 0 {
		local = map[string][]byte{}
		for i, col := range columns {
			if i < len(rows.Data[0]) {
				local[col.Name] = append([]byte(nil), rows.Data[0][i]...)
			}
		}
	}
	for i, col := range columns {
		v := proxyValue(col, t.Self)
		if v == nil {
			continue
		}
		for _, row := range rows.Data {
			if i < len(row) && row[i] != nil {
				row[i] = v
			}
		}
	}
	out, err := encode(f.Header.Version, f.Header.StreamId, rows)
	if err != nil {
		return nil, nil, err
	}
	return out, local, nil
}

// addressValue is a node's address or port for an *_address, *_ip or *_port column, else nil.
func addressValue(col *message.ColumnMetadata, a netip.AddrPort) []byte {
	switch code := col.Type.Code(); {
	case code == primitive.DataTypeCodeInet && (strings.HasSuffix(col.Name, "_address") || strings.HasSuffix(col.Name, "_ip") || col.Name == "peer"):
		return a.Addr().Unmap().AsSlice()
	case code == primitive.DataTypeCodeInt && strings.HasSuffix(col.Name, "_port"):
		return binary.BigEndian.AppendUint32(nil, uint32(a.Port()))
	}
	return nil
}

// proxyValue is the value of column col that describes the proxy at a itself, whichever source
// node answered: its address or port, its host id, its token; nil for the columns that are the
// source's (data_center, rack, release_version, schema_version, ...). Every proxy describes
// another the same way in system.peers, so a driver sees one host id and one token per proxy
// however its connections are spread over the source's nodes.
func proxyValue(col *message.ColumnMetadata, a netip.AddrPort) []byte {
	switch {
	case addressValue(col, a) != nil:
		return addressValue(col, a)
	case col.Name == "host_id":
		id := uuid.NewMD5(uuid.NameSpaceOID, []byte("cqlmirror proxy "+a.String()))
		return id[:]
	case col.Name == "tokens":
		return peerTokens(a)
	}
	return nil
}

// peerRow describes another proxy as a row of system.peers or system.peers_v2.
func peerRow(columns []*message.ColumnMetadata, peer netip.AddrPort, local map[string][]byte) message.Row {
	row := make(message.Row, len(columns))
	for i, col := range columns {
		if v := proxyValue(col, peer); v != nil {
			row[i] = v
		} else {
			row[i] = local[col.Name]
		}
	}
	return row
}

// peerTokens is a set<text> holding one token of the proxy's own, different for every address.
// Drivers drop peers without tokens; which ranges a proxy claims does not matter, as every proxy
// forwards every range to the source.
func peerTokens(peer netip.AddrPort) []byte {
	h := fnv.New64a()
	h.Write([]byte(peer.String()))
	token := strconv.FormatInt(int64(h.Sum64()), 10)
	b := binary.BigEndian.AppendUint32(nil, 1)
	b = binary.BigEndian.AppendUint32(b, uint32(len(token)))
	return append(b, token...)
}
