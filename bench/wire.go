package main

import (
	"crypto/md5"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// protocol is how a client connection talks: v4 frames, or v5 frames in segments after the
// STARTUP exchange, lz4-compressed ones if the STARTUP asks for lz4.
type protocol struct {
	name    string
	version primitive.ProtocolVersion
	lz4     bool
}

var protocols = []protocol{{"v4", 4, false}, {"v5", 5, false}, {"v5-lz4", 5, true}}

// The statements each client connection prepares: writes go to both clusters through cqlmirror,
// reads to the source alone.
var statements = map[string]string{
	"write": "INSERT INTO ks.t (k, v) VALUES (?, ?)",
	"read":  "SELECT v FROM ks.t WHERE k = ?",
}

// conn carries frames over a TCP connection, segmented (v5) once segmented is set, with the
// filter's own segment codec (allocation-free, so it costs the load generator little).
type conn struct {
	net.Conn
	segmented, lz4 bool
	deseg          cql.Desegmenter
	frames         []byte // frame bytes, not yet delivered
	rd, out        []byte
}

func newConn(c net.Conn) *conn {
	return &conn{Conn: c, rd: make([]byte, 64<<10)}
}

// send writes frames (whole ones, back to back) in one write.
func (c *conn) send(frames []byte) error {
	if !c.segmented {
		_, err := c.Write(frames)
		return err
	}
	out, err := cql.AppendSegments(c.out[:0], frames, c.lz4)
	if err != nil {
		return err
	}
	c.out = out
	_, err = c.Write(c.out)
	return err
}

// recv reads until at least one whole frame arrived, then calls fn with every whole frame it
// has, in order. A frame is only valid during fn.
func (c *conn) recv(fn func(frame []byte)) error {
	for {
		n := 0
		for len(c.frames)-n >= cql.HeaderLen {
			end := n + cql.HeaderLen + cql.ParseHeader(c.frames[n:]).Length
			if end > len(c.frames) {
				break
			}
			fn(c.frames[n:end])
			n = end
		}
		if n > 0 {
			c.frames = c.frames[:copy(c.frames, c.frames[n:])]
			return nil
		}
		m, err := c.Read(c.rd)
		if err != nil {
			return err
		}
		if !c.segmented {
			c.frames = append(c.frames, c.rd[:m]...)
			continue
		}
		c.deseg.Compressed = c.lz4
		if err := c.deseg.Feed(c.rd[:m], func(p []byte) { c.frames = append(c.frames, p...) }); err != nil {
			return err
		}
	}
}

// roundTrip sends one frame and returns the reply (valid until the next recv).
func (c *conn) roundTrip(frame []byte) ([]byte, error) {
	if err := c.send(frame); err != nil {
		return nil, err
	}
	var reply []byte
	err := c.recv(func(f []byte) { reply = f })
	return reply, err
}

// dialClient connects, does STARTUP (switching to segments under v5) and prepares stmt. It
// returns the connection and an EXECUTE frame of the statement, stream 0.
func dialClient(addr string, p protocol, stmt string) (*conn, []byte, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	c := newConn(nc)
	opts := map[string]string{"CQL_VERSION": "3.0.0"}
	if p.lz4 {
		opts["COMPRESSION"] = "lz4"
	}
	reply, err := c.roundTrip(cql.Encode(p.version, 0, &message.Startup{Options: opts}))
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	if op := cql.ParseHeader(reply).Opcode; op != primitive.OpCodeReady {
		nc.Close()
		return nil, nil, fmt.Errorf("STARTUP answered with %v", op)
	}
	c.segmented, c.lz4 = p.version >= primitive.ProtocolVersion5, p.lz4
	if reply, err = c.roundTrip(cql.Encode(p.version, 0, &message.Prepare{Query: stmt})); err != nil {
		nc.Close()
		return nil, nil, err
	}
	prep, ok := cql.Prepared(reply)
	if !ok {
		nc.Close()
		return nil, nil, fmt.Errorf("PREPARE answered with %v", cql.ParseHeader(reply).Opcode)
	}
	values := []*primitive.Value{primitive.NewValue([]byte{0, 0, 0, 1})}
	if strings.Count(stmt, "?") == 2 {
		values = append(values, primitive.NewValue([]byte("x")))
	}
	exec := cql.Encode(p.version, 0, &message.Execute{QueryId: prep.PreparedQueryId, ResultMetadataId: prep.ResultMetadataId,
		Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne, PositionalValues: values}})
	return c, exec, nil
}

// startResponder runs a CQL server that answers at once: READY, SUPPORTED, a PREPARED result,
// or a VOID result; in v5 segments (lz4 if asked) after a v5 STARTUP.
func startResponder() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go respond(newConn(c))
		}
	}()
	return l.Addr().String()
}

var voidBody = []byte{0, 0, 0, 1}

func respond(c *conn) {
	defer c.Close()
	var out []byte
	for {
		var startup map[string]string
		startupVersion := primitive.ProtocolVersion(0)
		err := c.recv(func(f []byte) {
			h := cql.ParseHeader(f)
			rh := cql.Header{Version: h.Version, Response: true, Stream: h.Stream, Opcode: primitive.OpCodeResult}
			switch h.Opcode {
			case primitive.OpCodeStartup:
				startup, _ = cql.StartupOptions(f)
				startupVersion = h.Version
				rh.Opcode = primitive.OpCodeReady
				out = cql.AppendFrame(out, rh, nil)
			case primitive.OpCodeRegister:
				rh.Opcode = primitive.OpCodeReady
				out = cql.AppendFrame(out, rh, nil)
			case primitive.OpCodeOptions:
				rh.Opcode = primitive.OpCodeSupported
				out = cql.AppendFrame(out, rh, []byte{0, 0})
			case primitive.OpCodePrepare:
				out = append(out, prepared(f)...)
			default:
				out = cql.AppendFrame(out, rh, voidBody)
			}
		})
		if err != nil {
			return
		}
		if err := c.send(out); err != nil {
			return
		}
		out = out[:0]
		if startupVersion >= primitive.ProtocolVersion5 {
			c.segmented, c.lz4 = true, strings.EqualFold(startup["COMPRESSION"], "lz4")
		}
	}
}

// prepared answers a PREPARE with an id derived from the query text, as Cassandra does, and
// metadata for the statements the bench prepares.
func prepared(f []byte) []byte {
	h := cql.ParseHeader(f)
	q, _, _ := cql.LongString(f[cql.HeaderLen:], 0)
	id := md5.Sum(q)
	col := func(name string, t datatype.DataType, i int32) *message.ColumnMetadata {
		return &message.ColumnMetadata{Keyspace: "ks", Table: "t", Name: name, Index: i, Type: t}
	}
	res := &message.PreparedResult{PreparedQueryId: id[:],
		VariablesMetadata: &message.VariablesMetadata{PkIndices: []uint16{0}, Columns: []*message.ColumnMetadata{col("k", datatype.Int, 0)}},
		ResultMetadata:    &message.RowsMetadata{},
	}
	if strings.HasPrefix(string(q), "INSERT") {
		res.VariablesMetadata.Columns = append(res.VariablesMetadata.Columns, col("v", datatype.Varchar, 1))
	} else {
		res.ResultMetadata = &message.RowsMetadata{ColumnCount: 1, Columns: []*message.ColumnMetadata{col("v", datatype.Varchar, 0)}}
	}
	if h.Version >= primitive.ProtocolVersion5 {
		res.ResultMetadataId = id[:8]
	}
	return cql.Encode(h.Version, h.Stream, res)
}
