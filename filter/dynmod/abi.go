package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../third_party/envoy_dynamic_modules
#cgo linux LDFLAGS: -Wl,--unresolved-symbols=ignore-all
#include <stdint.h>
#include <stdlib.h>
#include "abi.h"
*/
import "C"

import (
	"log/slog"
	"runtime/cgo"
	"unsafe"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// handlePtr boxes a cgo.Handle in C memory and returns the box as the opaque module pointer
// Envoy keeps for us. Envoy never holds a Go pointer, and no small integer ever sits in a
// pointer-typed Go variable: the runtime throws "invalid pointer found on stack" when it moves
// a stack holding one, and handles count up from 1.
func handlePtr(h cgo.Handle) unsafe.Pointer {
	p := C.malloc(C.size_t(unsafe.Sizeof(uintptr(0))))
	*(*uintptr)(p) = uintptr(h)
	return p
}

func ptrHandle(p unsafe.Pointer) cgo.Handle { return cgo.Handle(*(*uintptr)(p)) }

// releaseHandle deletes the handle boxed at p and frees the box.
func releaseHandle(p unsafe.Pointer) {
	ptrHandle(p).Delete()
	C.free(p)
}

func envoyBytes(b C.envoy_dynamic_module_type_envoy_buffer) []byte {
	if b.length == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(b.ptr)), int(b.length))
}

func moduleBuffer(p []byte) C.envoy_dynamic_module_type_module_buffer {
	return C.envoy_dynamic_module_type_module_buffer{ptr: (*C.char)(unsafe.Pointer(unsafe.SliceData(p))), length: C.size_t(len(p))}
}

//export envoy_dynamic_module_on_program_init
func envoy_dynamic_module_on_program_init() C.envoy_dynamic_module_type_abi_version_module_ptr {
	installLogger()
	mirror.TuneProcs(slog.Default())
	return C.envoy_dynamic_modules_abi_version
}
