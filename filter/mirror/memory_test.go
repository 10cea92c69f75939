package mirror

import (
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
