package main

import (
	"bufio"
	"encoding/binary"
	"io"
	"log"
	"net"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// frame builds a v4 request frame.
func frame(stream int16, opcode byte, body []byte) []byte {
	return cql.AppendFrame(nil, cql.Header{Version: 4, Stream: stream, Opcode: primitive.OpCode(opcode)}, body)
}

func startupBody() []byte {
	b := binary.BigEndian.AppendUint16(nil, 1)
	for _, s := range []string{"CQL_VERSION", "3.0.0"} {
		b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
		b = append(b, s...)
	}
	return b
}

func queryBody(q string) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(q)))
	b = append(b, q...)
	return append(b, 0, 1, 0) // consistency ONE, no flags
}

// roundTrip writes one request and reads its reply.
func roundTrip(c net.Conn, req []byte) {
	if _, err := c.Write(req); err != nil {
		log.Fatal(err)
	}
	var h [9]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		log.Fatal(err)
	}
	if n := binary.BigEndian.Uint32(h[5:]); n > 0 {
		if _, err := io.CopyN(io.Discard, c, int64(n)); err != nil {
			log.Fatal(err)
		}
	}
}

// startResponder runs a CQL server that answers at once: READY, SUPPORTED, or a VOID result.
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
			go respond(c)
		}
	}()
	return l.Addr().String()
}

func respond(c net.Conn) {
	defer c.Close()
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	var h [9]byte
	for {
		if _, err := io.ReadFull(r, h[:]); err != nil {
			return
		}
		if _, err := r.Discard(int(binary.BigEndian.Uint32(h[5:]))); err != nil {
			return
		}
		var body []byte
		op := byte(0x08) // RESULT
		switch h[4] {
		case 0x01, 0x0B: // STARTUP, REGISTER
			op = 0x02
		case 0x05: // OPTIONS
			op, body = 0x06, []byte{0, 0}
		default:
			body = []byte{0, 0, 0, 1} // Void
		}
		resp := cql.AppendFrame(nil, cql.Header{Version: 4, Response: true, Stream: int16(binary.BigEndian.Uint16(h[2:])), Opcode: primitive.OpCode(op)}, body)
		w.Write(resp)
		if r.Buffered() == 0 {
			if w.Flush() != nil {
				return
			}
		}
	}
}
