package cql

import "github.com/datastax/go-cassandra-native-protocol/primitive"

// Framer reassembles frames from arbitrary chunks of a byte stream: one frame split across many
// chunks, many frames in one chunk, or both. Bodies above Max are skipped without being buffered.
type Framer struct {
	// Max is the largest body accepted; larger frames are reported as Oversized and discarded.
	Max int
	// Replies makes the Framer read a server's stream: response frames are expected, requests
	// are unframable.
	Replies bool
	buf     []byte
	skip    int
	dead    bool
	stop    bool
}

// Stop, called from Feed's callback, makes Feed return after the current frame, handing back the
// bytes it has not consumed instead of keeping them: they follow a change of framing (protocol
// v5 switches to segments after the STARTUP exchange).
func (f *Framer) Stop() { f.stop = true }

// Frame is one unit handed out by Framer.Feed.
type Frame struct {
	Header Header
	// Raw is the whole frame, header and body. It is only valid during the callback.
	Raw []byte
	// Oversized means the body exceeded Max and is being discarded; Raw holds only the header.
	Oversized bool
	// Unframable means the stream starts with a version whose header this package cannot read,
	// or with a response. Nothing more will be delivered; Raw holds what is known.
	Unframable bool
}

// Feed appends p and calls fn for every complete frame, in order. p is not retained. After Stop
// it returns the unconsumed bytes (a copy) and keeps nothing.
func (f *Framer) Feed(p []byte, fn func(Frame)) (rest []byte) {
	if f.dead {
		return nil
	}
	if f.skip > 0 {
		n := min(f.skip, len(p))
		f.skip -= n
		p = p[n:]
	}
	if len(f.buf) == 0 {
		rest = f.scan(p, fn)
	} else {
		f.buf = append(f.buf, p...)
		rest = f.scan(f.buf, fn)
	}
	if f.stop {
		f.stop = false
		rest = append([]byte(nil), rest...)
		f.buf = f.buf[:0]
		return rest
	}
	if len(f.buf) == 0 {
		f.buf = append(f.buf, rest...)
	} else {
		f.buf = f.buf[:copy(f.buf, rest)]
	}
	return nil
}

// scan delivers the complete frames in b and returns the unconsumed tail.
func (f *Framer) scan(b []byte, fn func(Frame)) []byte {
	for !f.dead && !f.stop && len(b) > 0 {
		if v := primitive.ProtocolVersion(b[0] &^ responseBit); !Framable(v) || (b[0]&responseBit != 0) != f.Replies {
			f.dead = true
			h := Header{Version: v, Response: b[0]&responseBit != 0}
			if len(b) >= HeaderLen && Framable(v) {
				h = ParseHeader(b)
			}
			fn(Frame{Header: h, Raw: b, Unframable: true})
			return nil
		}
		if len(b) < HeaderLen {
			break
		}
		h := ParseHeader(b)
		if h.Length > f.Max || h.Length < 0 {
			fn(Frame{Header: h, Raw: b[:HeaderLen], Oversized: true})
			b = b[HeaderLen:]
			n := min(h.Length, len(b))
			f.skip = h.Length - n
			b = b[n:]
			continue
		}
		end := HeaderLen + h.Length
		if len(b) < end {
			break
		}
		fn(Frame{Header: h, Raw: b[:end]})
		b = b[end:]
	}
	return b
}
