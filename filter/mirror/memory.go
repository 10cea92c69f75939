package mirror

import (
	"runtime/debug"
	runtimemetrics "runtime/metrics"
)

// The Go runtime keeps heap it freed for reuse, and collects only when it allocates: after a
// burst of connections (or a flood of bad ones) Envoy's RSS would stay high until the next
// forced collection, and then fall only part of the way. The sweeper trims it: when much of the
// heap is free and still held, it is returned to the system.

// trimEvery is how many sweeps pass between two looks at the heap.
const trimEvery = 100 // 10 s

// trimAbove is how much free, unreleased heap is tolerated before it is returned; it must also
// exceed half the heap in use, so a busy proxy is not made to collect again and again.
const trimAbove = 8 << 20

var heapSamples = []runtimemetrics.Sample{
	{Name: "/memory/classes/heap/free:bytes"},
	{Name: "/memory/classes/heap/objects:bytes"},
}

// trimMemory returns free heap to the system when there is much of it.
func trimMemory() {
	runtimemetrics.Read(heapSamples)
	free, inUse := heapSamples[0].Value.Uint64(), heapSamples[1].Value.Uint64()
	if free > trimAbove && free > inUse/2 {
		debug.FreeOSMemory()
	}
}
