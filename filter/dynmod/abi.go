package main

/*
#cgo CFLAGS: -I${SRCDIR}/../../third_party/envoy_dynamic_modules
#cgo linux LDFLAGS: -Wl,--unresolved-symbols=ignore-all
#include <stdint.h>
#include "abi.h"

static inline const void* cqlmirror_handle_ptr(uintptr_t h) { return (const void*)h; }
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// handlePtr turns a cgo.Handle into the opaque module pointer Envoy keeps for us; Envoy never
// holds a Go pointer.
func handlePtr(h cgo.Handle) unsafe.Pointer {
	return unsafe.Pointer(C.cqlmirror_handle_ptr(C.uintptr_t(h)))
}

func ptrHandle(p unsafe.Pointer) cgo.Handle { return cgo.Handle(uintptr(p)) }

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
	return C.envoy_dynamic_modules_abi_version
}
