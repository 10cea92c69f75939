package main

import (
	"runtime"
	"runtime/cgo"
	"testing"
	"unsafe"
)

// Module pointers live in pointer-typed Go variables; a small integer there makes the runtime
// throw when it moves the stack. Each handle must come back through a real address.
func TestModulePointersAreRealAddresses(t *testing.T) {
	var ptrs []unsafe.Pointer
	for i := range 100 {
		h := cgo.NewHandle(i)
		p := handlePtr(h)
		if uintptr(p) < 4096 {
			t.Fatalf("handle %d became module pointer %#x", h, uintptr(p))
		}
		ptrs = append(ptrs, p)
	}
	runtime.GC() // scans the pointer-typed slice, as a stack copy would
	for i, p := range ptrs {
		if got := ptrHandle(p).Value().(int); got != i {
			t.Fatalf("module pointer %d holds %d", i, got)
		}
		releaseHandle(p)
	}
}
