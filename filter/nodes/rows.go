package nodes

import (
	"encoding/binary"
	"net/netip"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/google/uuid"
)

// columns reads the rows of a system table by column name.
type columns map[string]int

func columnsOf(rs *message.RowsResult) columns {
	cols := columns{}
	if rs.Metadata != nil {
		for i, c := range rs.Metadata.Columns {
			cols[c.Name] = i
		}
	}
	return cols
}

func (cols columns) value(row message.Row, name string) []byte {
	if i, ok := cols[name]; ok && i < len(row) {
		return row[i]
	}
	return nil
}

func (cols columns) text(row message.Row, name string) string { return string(cols.value(row, name)) }

// inet reads an inet column; unspecified addresses (0.0.0.0, ::) count as absent.
func (cols columns) inet(row message.Row, name string) (netip.Addr, bool) {
	a, ok := netip.AddrFromSlice(cols.value(row, name))
	if !ok || a.IsUnspecified() {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func (cols columns) port(row message.Row, name string) (uint16, bool) {
	b := cols.value(row, name)
	if len(b) != 4 {
		return 0, false
	}
	p := binary.BigEndian.Uint32(b)
	return uint16(p), p > 0 && p <= 65535
}

func (cols columns) uuid(row message.Row, name string) string {
	id, err := uuid.FromBytes(cols.value(row, name))
	if err != nil {
		return ""
	}
	return id.String()
}

// localRow describes the control node from system.local, at the address it was dialed on.
func localRow(rs *message.RowsResult, dialed netip.AddrPort) (nodeRow, bool) {
	if len(rs.Data) == 0 {
		return nodeRow{}, false
	}
	cols, row := columnsOf(rs), rs.Data[0]
	return nodeRow{addr: dialed, hostID: cols.uuid(row, "host_id"), dc: cols.text(row, "data_center"), rack: cols.text(row, "rack")}, true
}

// peerRows describes the nodes of system.peers_v2 (v2) or system.peers. Their client address is
// native_address:native_port, or rpc_address and the control connection's port; where that
// address is unset or 0.0.0.0, the peer column (the node's internode address) stands in, as
// drivers do. Rows without host_id or data_center are left out, as drivers leave them: they are
// what remains of nodes removed uncleanly. So are rows without any address.
func peerRows(rs *message.RowsResult, v2 bool, port uint16) []nodeRow {
	cols := columnsOf(rs)
	var out []nodeRow
	for _, row := range rs.Data {
		if cols.value(row, "host_id") == nil || cols.value(row, "data_center") == nil {
			continue
		}
		addrCol, p := "rpc_address", port
		if v2 {
			addrCol = "native_address"
			if np, ok := cols.port(row, "native_port"); ok {
				p = np
			}
		}
		a, ok := cols.inet(row, addrCol)
		if !ok {
			if a, ok = cols.inet(row, "peer"); !ok {
				continue
			}
		}
		out = append(out, nodeRow{addr: netip.AddrPortFrom(a, p), hostID: cols.uuid(row, "host_id"),
			dc: cols.text(row, "data_center"), rack: cols.text(row, "rack")})
	}
	return out
}
