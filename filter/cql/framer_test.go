package cql

import (
	"encoding/hex"
	"strings"
	"testing"
)

// Frames as captured on the wire: OPTIONS on stream 0, and a v4 QUERY "SELECT 1" at ONE on stream 1.
var (
	optionsV4 = mustHex("04000000050000000" + "0")
	queryV4   = mustHex("0400000107" + "0000000f" + "00000008" + hex.EncodeToString([]byte("SELECT 1")) + "0001" + "00")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func collect(f *Framer, chunks ...[]byte) []Frame {
	var got []Frame
	for _, c := range chunks {
		f.Feed(c, func(fr Frame) {
			fr.Raw = append([]byte(nil), fr.Raw...)
			got = append(got, fr)
		})
	}
	return got
}

func TestFramerWholeSplitAndCoalesced(t *testing.T) {
	both := append(append([]byte(nil), optionsV4...), queryV4...)
	cases := map[string][][]byte{
		"whole":            {optionsV4, queryV4},
		"coalesced":        {both},
		"split in header":  {both[:4], both[4:12], both[12:]},
		"split in body":    {both[:20], both[20:]},
		"byte by byte":     splitEvery(both, 1),
		"coalesced + tail": {both[:len(both)-1], both[len(both)-1:]},
	}
	for name, chunks := range cases {
		t.Run(name, func(t *testing.T) {
			got := collect(&Framer{Max: 1 << 20}, chunks...)
			if len(got) != 2 {
				t.Fatalf("got %d frames, want 2", len(got))
			}
			if got[0].Header.Opcode != 0x05 || got[1].Header.Opcode != 0x07 || got[1].Header.Stream != 1 {
				t.Fatalf("wrong frames: %+v %+v", got[0].Header, got[1].Header)
			}
			if hex.EncodeToString(got[1].Raw) != hex.EncodeToString(queryV4) {
				t.Fatalf("QUERY bytes changed: %x", got[1].Raw)
			}
			q, ok := QueryText(got[1].Raw)
			if !ok || string(q) != "SELECT 1" || !IsSelect(q) {
				t.Fatalf("QueryText = %q, %v", q, ok)
			}
		})
	}
}

func splitEvery(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

func TestFramerSkipsOversizedBodies(t *testing.T) {
	f := &Framer{Max: 8}
	in := append(append([]byte(nil), queryV4...), optionsV4...)
	got := collect(f, in[:12], in[12:25], in[25:])
	if len(got) != 2 || !got[0].Oversized || got[0].Header.Stream != 1 || got[1].Header.Opcode != 0x05 {
		t.Fatalf("want an Oversized QUERY then OPTIONS, got %+v", got)
	}
}

func TestFramerStopsOnUnframableStreams(t *testing.T) {
	for name, in := range map[string][]byte{
		"v2 header": mustHex("0200000500000000"),
		"response":  mustHex("8400000600000000" + "00"),
	} {
		t.Run(name, func(t *testing.T) {
			got := collect(&Framer{Max: 1 << 20}, in, optionsV4)
			if len(got) != 1 || !got[0].Unframable {
				t.Fatalf("want one Unframable frame and then nothing, got %+v", got)
			}
		})
	}
}

func TestIsSelect(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT * FROM t":               true,
		"  select k from t":             true,
		"-- note\nSELECT 1":             true,
		"/* hint */ SELECT 1":           true,
		"INSERT INTO t (k) VALUES (1)":  false,
		"UPDATE t SET v = 1":            false,
		"BEGIN BATCH INSERT INTO t ...": false,
		"selection_is_not_a_keyword":    false,
		"":                              false,
		"/* unterminated SELECT":        false,
	} {
		if got := IsSelect([]byte(q)); got != want {
			t.Errorf("IsSelect(%q) = %v, want %v", q, got, want)
		}
	}
}
