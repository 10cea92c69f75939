package cqlfuzz

import (
	"encoding/binary"
	"math/rand/v2"
)

// headerLen is the size of a v3+ frame header; its body length is the [int] at offset 5.
const headerLen = 9

// Mutate returns a new input made from seeds with rng: mostly one seed changed in one to four
// ways (bit flips, boundary values written over length fields, truncation, insertion, deletion,
// duplication), sometimes two seeds spliced, sometimes random bytes. The same rng state gives
// the same input. seeds are not modified.
func Mutate(rng *rand.Rand, seeds [][]byte) []byte {
	switch rng.IntN(16) {
	case 0:
		b := make([]byte, rng.IntN(64))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	case 1:
		a, b := seeds[rng.IntN(len(seeds))], seeds[rng.IntN(len(seeds))]
		return append(append([]byte(nil), a[:rng.IntN(len(a)+1)]...), b[rng.IntN(len(b)+1):]...)
	}
	b := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
	for n := 1 + rng.IntN(4); n > 0; n-- {
		b = mutateOnce(rng, b)
	}
	return b
}

// Boundary values for one-, two- and four-byte fields.
var (
	bytes8  = []byte{0, 1, 2, 3, 4, 5, 6, 0x7f, 0x80, 0x81, 0x84, 0x85, 0xfe, 0xff}
	bytes16 = []uint16{0, 1, 2, 0x7fff, 0x8000, 0xfffe, 0xffff}
	bytes32 = []uint32{0, 1, 2, 4, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 1 << 16, 1 << 20, 1 << 28, 256<<20 + 1}
)

func mutateOnce(rng *rand.Rand, b []byte) []byte {
	if len(b) == 0 {
		return append(b, bytes8[rng.IntN(len(bytes8))])
	}
	pos := position(rng, len(b))
	switch rng.IntN(10) {
	case 0:
		b[pos] ^= 1 << rng.IntN(8)
	case 1:
		b[pos] = byte(rng.Uint32())
	case 2:
		b[pos] = bytes8[rng.IntN(len(bytes8))]
	case 3:
		if pos+2 <= len(b) {
			binary.BigEndian.PutUint16(b[pos:], bytes16[rng.IntN(len(bytes16))])
		}
	case 4:
		v := bytes32[rng.IntN(len(bytes32))]
		if rng.IntN(4) == 0 {
			v = uint32(len(b) - pos + rng.IntN(9) - 4) // near the bytes that are left
		}
		if rng.IntN(3) == 0 && len(b) >= headerLen {
			pos = 5 // the frame's body length
		}
		if pos+4 <= len(b) {
			binary.BigEndian.PutUint32(b[pos:], v)
		}
	case 5:
		return b[:pos]
	case 6:
		end := min(len(b), pos+1+rng.IntN(16))
		return append(b[:pos], b[end:]...)
	case 7:
		ins := make([]byte, 1+rng.IntN(16))
		for i := range ins {
			ins[i] = byte(rng.Uint32())
		}
		return append(b[:pos], append(ins, b[pos:]...)...)
	case 8:
		end := min(len(b), pos+1+rng.IntN(32))
		at := rng.IntN(len(b) + 1)
		return append(b[:at], append(append([]byte(nil), b[pos:end]...), b[at:]...)...)
	case 9:
		FixLength(b)
	}
	return b
}

// position picks where to mutate: half the time in the first 48 bytes, where the header and the
// first length fields are.
func position(rng *rand.Rand, n int) int {
	if rng.IntN(2) == 0 {
		return rng.IntN(min(n, 48))
	}
	return rng.IntN(n)
}

// FixLength sets the header's body length to the bytes after the header, so that a mutated frame
// still frames as one.
func FixLength(b []byte) {
	if len(b) >= headerLen {
		binary.BigEndian.PutUint32(b[5:], uint32(len(b)-headerLen))
	}
}
