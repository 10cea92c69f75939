package cql

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"

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

// RewriteTopology re-encodes a RESULT/Rows frame from a topology table so that drivers see only
// the proxy: system.local's addresses and ports become proxy's, and the peers tables return no
// rows. Anything else is returned unchanged. columns describes the rows when the reply itself
// skipped its metadata, as replies to EXECUTE usually do.
func RewriteTopology(raw []byte, table string, proxy netip.AddrPort, columns []*message.ColumnMetadata) ([]byte, error) {
	if !proxy.IsValid() {
		return nil, errors.New("the proxy's own address is unknown")
	}
	f, err := Decode(raw)
	if err != nil {
		return nil, err
	}
	rows, ok := f.Body.Message.(*message.RowsResult)
	if !ok {
		return raw, nil
	}
	if table != SystemLocal {
		rows.Data = message.RowSet{}
		return Encode(f.Header.Version, f.Header.StreamId, rows), nil
	}
	if rows.Metadata != nil && rows.Metadata.Columns != nil {
		columns = rows.Metadata.Columns
	}
	if columns == nil {
		return nil, errors.New("the reply has no column metadata")
	}
	ip := proxy.Addr().Unmap().AsSlice()
	port := binary.BigEndian.AppendUint32(nil, uint32(proxy.Port()))
	for i, col := range columns {
		var v []byte
		switch {
		case strings.HasSuffix(col.Name, "_address") && col.Type.Code() == primitive.DataTypeCodeInet:
			v = ip
		case strings.HasSuffix(col.Name, "_port") && col.Type.Code() == primitive.DataTypeCodeInt:
			v = port
		default:
			continue
		}
		for _, row := range rows.Data {
			if i < len(row) && row[i] != nil {
				row[i] = v
			}
		}
	}
	return Encode(f.Header.Version, f.Header.StreamId, rows), nil
}
