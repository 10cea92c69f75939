package mirror

import (
	"encoding/binary"
	"runtime"
	runtimemetrics "runtime/metrics"
	"testing"
)

// After a burst freed much heap, trimMemory gives it back to the system.
func TestTrimMemoryReturnsFreedHeap(t *testing.T) {
	burst := make([][]byte, 64<<10) // small objects, as sessions' buffers and frames are
	for i := range burst {
		burst[i] = make([]byte, 1<<10)
	}
	burst = nil
	runtime.GC()
	free := func() uint64 {
		s := []runtimemetrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
		runtimemetrics.Read(s)
		return s[0].Value.Uint64()
	}
	before := free()
	if before <= trimAbove {
		t.Skipf("the runtime already returned the burst (%d bytes free)", before)
	}
	trimMemory()
	if after := free(); after > trimAbove {
		t.Fatalf("%d bytes of heap still free and held after trimMemory (%d before)", after, before)
	}
}

// The prepared-statement map of a config stays bounded however many statements clients prepare.
func TestPreparedStatementsAreBounded(t *testing.T) {
	c := preparedCache{m: map[string]*prepared{}}
	id := func(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(i)) }
	for i := range maxPrepared + 5 {
		c.put(id(i), &prepared{})
	}
	if n := len(c.m); n != maxPrepared {
		t.Fatalf("%d statements kept, want at most %d", n, maxPrepared)
	}
	if c.get(id(maxPrepared+4)) == nil {
		t.Fatal("the statement prepared last was evicted")
	}
}
