package main

import (
	"crypto/md5"
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"net"
	"slices"
	"strings"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/datastax/go-cassandra-native-protocol/crc"
	"github.com/datastax/go-cassandra-native-protocol/datatype"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/datastax/go-cassandra-native-protocol/segment"
	"github.com/pierrec/lz4/v4"
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

// conn carries frames over a TCP connection, segmented (v5) once segmented is set. The segment
// code is the bench's own rather than filter/cql's, which allocates a segment's maximum size for
// each lz4 payload it decodes: here that would cost the load generator's core, shared with the
// responders, more than the proxies being measured.
type conn struct {
	net.Conn
	segmented, lz4 bool
	raw            []byte // bytes read, not yet desegmented
	frames         []byte // frame bytes, not yet delivered
	rd, out, tmp   []byte
	comp           lz4.Compressor
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
	c.out = c.out[:0]
	for start := 0; start < len(frames); {
		end := start
		for end < len(frames) {
			next := end + cql.HeaderLen + cql.ParseHeader(frames[end:]).Length
			if next-start > segment.MaxPayloadLength {
				break
			}
			end = next
		}
		if end == start {
			return errors.New("a frame larger than a segment")
		}
		c.out = c.appendSegment(c.out, frames[start:end])
		start = end
	}
	_, err := c.Write(c.out)
	return err
}

// appendSegment appends payload as one self-contained segment.
func (c *conn) appendSegment(dst, payload []byte) []byte {
	var header uint64
	hl := segment.UncompressedHeaderLength
	body := payload
	if !c.lz4 {
		header = uint64(len(payload)) | 1<<17
	} else {
		hl = segment.CompressedHeaderLength
		if bound := lz4.CompressBlockBound(len(payload)); cap(c.tmp) < bound {
			c.tmp = make([]byte, bound)
		}
		c.tmp = c.tmp[:cap(c.tmp)]
		n, err := c.comp.CompressBlock(payload, c.tmp)
		if err != nil || n == 0 || n >= len(payload) {
			header = uint64(len(payload)) // stored as is: uncompressed length 0
		} else {
			body, header = c.tmp[:n], uint64(n)|uint64(len(payload))<<17
		}
		header |= 1 << 34
	}
	for i := 0; i < hl; i++ {
		dst = append(dst, byte(header>>(8*i)))
	}
	c24 := crc.ChecksumKoopman(header, hl)
	dst = append(dst, byte(c24), byte(c24>>8), byte(c24>>16))
	dst = append(dst, body...)
	return binary.LittleEndian.AppendUint32(dst, crc.ChecksumIEEE(body))
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
		c.raw = append(c.raw, c.rd[:m]...)
		if err := c.desegment(); err != nil {
			return err
		}
	}
}

// desegment moves the payloads of the whole segments in c.raw to c.frames.
func (c *conn) desegment() error {
	b := c.raw
	for {
		hl := segment.UncompressedHeaderLength
		if c.lz4 {
			hl = segment.CompressedHeaderLength
		}
		if len(b) < hl+segment.Crc24Length {
			break
		}
		var header uint64
		for i := 0; i < hl; i++ {
			header |= uint64(b[i]) << (8 * i)
		}
		if c24 := uint32(b[hl]) | uint32(b[hl+1])<<8 | uint32(b[hl+2])<<16; c24 != crc.ChecksumKoopman(header, hl) {
			return errors.New("segment header checksum mismatch")
		}
		n := int(header & 0x1FFFF)
		total := hl + segment.Crc24Length + n + segment.Crc32Length
		if len(b) < total {
			break
		}
		body := b[hl+segment.Crc24Length : total-segment.Crc32Length]
		if binary.LittleEndian.Uint32(b[total-segment.Crc32Length:]) != crc.ChecksumIEEE(body) {
			return errors.New("segment payload checksum mismatch")
		}
		if ulen := int(header >> 17 & 0x1FFFF); c.lz4 && ulen > 0 {
			start := len(c.frames)
			c.frames = slices.Grow(c.frames, ulen)[:start+ulen]
			if _, err := lz4.UncompressBlock(body, c.frames[start:]); err != nil {
				return fmt.Errorf("lz4 segment: %w", err)
			}
		} else {
			c.frames = append(c.frames, body...)
		}
		b = b[total:]
	}
	c.raw = c.raw[:copy(c.raw, b)]
	return nil
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
