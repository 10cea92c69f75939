package main

/*
#include "abi.h"
*/
import "C"

import (
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"runtime/cgo"
	"runtime/debug"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// filter is one client connection.
type filter struct {
	envoy  C.envoy_dynamic_module_type_network_filter_envoy_ptr
	mirror *mirror.Mirror
	stats  *envoyStats
	// session is set in new_connection, once the scheduler exists; Envoy may destroy a filter
	// that never got there.
	session *mirror.Session
	// broken is set once a hook of this connection recovered from a panic: the session was
	// aborted and the connection is being closed, so no hook touches the session again.
	broken atomic.Bool

	// sched is set in new_connection, before the session's goroutines exist. commits counts the
	// commits to it in progress, with schedGone added once the connection closed: no commit
	// starts after that. A commit must never outlive the connection: when it holds Envoy's last
	// reference to the filter, Envoy destroys the filter on the committing goroutine's thread.
	sched   C.envoy_dynamic_module_type_network_filter_scheduler_module_ptr
	commits atomic.Int64

	// readOff is set, on the worker thread, while this filter keeps Envoy from reading the client
	// (read_disable counts its callers).
	readOff bool
}

const schedGone = 1 << 62

// Wake is called from the engine's goroutines; the scheduler brings us back on the worker thread.
func (f *filter) Wake() { f.schedule(0) }

// schedule asks for on_network_filter_scheduled with event id on the connection's worker thread,
// and reports whether it could.
func (f *filter) schedule(id uint64) bool {
	for {
		n := f.commits.Load()
		if n&schedGone != 0 || f.sched == nil {
			return false
		}
		if f.commits.CompareAndSwap(n, n+1) {
			break
		}
	}
	C.envoy_dynamic_module_callback_network_filter_scheduler_commit(f.sched, C.uint64_t(id))
	f.commits.Add(-1)
	return true
}

// stopCommits, on the worker thread, lets no new commit start and waits up to wait for those in
// progress (a commit only queues a callback: microseconds). It reports whether none is left.
func (f *filter) stopCommits(wait time.Duration) bool {
	for {
		n := f.commits.Load()
		if f.commits.CompareAndSwap(n, n|schedGone) {
			break
		}
	}
	for deadline := time.Now().Add(wait); f.commits.Load() != schedGone; runtime.Gosched() {
		if time.Now().After(deadline) {
			return false
		}
	}
	return true
}

// LocalAddr is the listener address the client reached.
func (f *filter) LocalAddr() netip.AddrPort {
	var buf C.envoy_dynamic_module_type_envoy_buffer
	var port C.uint32_t
	if !C.envoy_dynamic_module_callback_network_filter_get_local_address(f.envoy, &buf, &port) {
		slog.Error("cqlmirror: Envoy did not report the connection's local address")
		return netip.AddrPort{}
	}
	addr, err := netip.ParseAddr(string(envoyBytes(buf)))
	if err != nil {
		slog.Error("cqlmirror: unreadable local address", "address", string(envoyBytes(buf)), "error", err)
		return netip.AddrPort{}
	}
	return netip.AddrPortFrom(addr, uint16(port))
}

func (f *filter) flush() {
	closeConn := f.session.Flush(func(p []byte) {
		C.envoy_dynamic_module_callback_network_filter_write(f.envoy, moduleBuffer(p), false)
	})
	if closeConn {
		C.envoy_dynamic_module_callback_network_filter_close(f.envoy, C.envoy_dynamic_module_type_network_connection_close_type_FlushWrite)
	}
}

// guard recovers from a panic in a hook that has no connection to blame (config hooks, or before
// the connection's filter is found).
func guard(where string) {
	if r := recover(); r != nil {
		slog.Error("cqlmirror: recovered from a panic", "where", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	}
}

// recover handles a panic in one of f's hooks: it is counted and logged, the session is aborted
// without taking its locks, and, where the hook may (envoy is not nil), the connection is closed.
// Envoy's worker thread goes on serving every other connection.
func (f *filter) recover(where string, envoy C.envoy_dynamic_module_type_network_filter_envoy_ptr) {
	r := recover()
	if r == nil {
		return
	}
	f.mirror.Recovered(where, r)
	if !f.broken.CompareAndSwap(false, true) {
		return
	}
	if f.session != nil {
		f.session.Abort()
	}
	if envoy != nil {
		C.envoy_dynamic_module_callback_network_filter_close(envoy, C.envoy_dynamic_module_type_network_connection_close_type_NoFlush)
	}
}

func filterOf(p C.envoy_dynamic_module_type_network_filter_module_ptr) *filter {
	return ptrHandle(unsafe.Pointer(p)).Value().(*filter)
}

//export envoy_dynamic_module_on_network_filter_new
func envoy_dynamic_module_on_network_filter_new(cfgPtr C.envoy_dynamic_module_type_network_filter_config_module_ptr, envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr) (out C.envoy_dynamic_module_type_network_filter_module_ptr) {
	defer guard("filter_new")
	c := configOf(cfgPtr)
	f := &filter{envoy: envoyPtr, mirror: c.mirror, stats: c.stats}
	return C.envoy_dynamic_module_type_network_filter_module_ptr(handlePtr(cgo.NewHandle(f)))
}

//export envoy_dynamic_module_on_network_filter_new_connection
func envoy_dynamic_module_on_network_filter_new_connection(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr) C.envoy_dynamic_module_type_on_network_filter_data_status {
	defer guard("new_connection")
	f := filterOf(modPtr)
	defer f.recover("new_connection", envoyPtr)
	C.envoy_dynamic_module_callback_network_filter_enable_half_close(envoyPtr, true)
	f.sched = C.envoy_dynamic_module_callback_network_filter_scheduler_new(envoyPtr)
	f.session = f.mirror.NewSession(f)
	f.session.OnLatency(func(us uint32) { f.stats.record(f.envoy, us) })
	f.stats.track(f, true)
	return C.envoy_dynamic_module_type_on_network_filter_data_status_StopIteration
}

//export envoy_dynamic_module_on_network_filter_read
func envoy_dynamic_module_on_network_filter_read(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr, dataLength C.size_t, endStream C.bool) C.envoy_dynamic_module_type_on_network_filter_data_status {
	defer guard("read")
	f := filterOf(modPtr)
	defer f.recover("read", envoyPtr)
	if f.session == nil || f.broken.Load() {
		return C.envoy_dynamic_module_type_on_network_filter_data_status_StopIteration
	}
	if n := C.envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(envoyPtr); n > 0 {
		var one [1]C.envoy_dynamic_module_type_envoy_buffer
		chunks := one[:]
		if n > 1 {
			chunks = make([]C.envoy_dynamic_module_type_envoy_buffer, n)
		}
		if C.envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(envoyPtr, unsafe.SliceData(chunks)) {
			for _, c := range chunks {
				f.session.OnData(envoyBytes(c))
			}
		}
		C.envoy_dynamic_module_callback_network_filter_drain_read_buffer(envoyPtr, dataLength)
	}
	if endStream {
		f.session.OnClientEOF()
	}
	f.flush()
	return C.envoy_dynamic_module_type_on_network_filter_data_status_StopIteration
}

//export envoy_dynamic_module_on_network_filter_write
func envoy_dynamic_module_on_network_filter_write(C.envoy_dynamic_module_type_network_filter_envoy_ptr, C.envoy_dynamic_module_type_network_filter_module_ptr, C.size_t, C.bool) C.envoy_dynamic_module_type_on_network_filter_data_status {
	return C.envoy_dynamic_module_type_on_network_filter_data_status_Continue
}

//export envoy_dynamic_module_on_network_filter_scheduled
func envoy_dynamic_module_on_network_filter_scheduled(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr, id C.uint64_t) {
	defer guard("scheduled")
	f := filterOf(modPtr)
	defer f.recover("scheduled", envoyPtr)
	if id == statsEvent {
		f.stats.asked.Store(0)
		f.stats.push(envoyPtr)
		return
	}
	if f.session != nil && !f.broken.Load() {
		f.flush()
	}
}

//export envoy_dynamic_module_on_network_filter_event
func envoy_dynamic_module_on_network_filter_event(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr, event C.envoy_dynamic_module_type_network_connection_event) {
	defer guard("event")
	switch event {
	case C.envoy_dynamic_module_type_network_connection_event_RemoteClose, C.envoy_dynamic_module_type_network_connection_event_LocalClose:
		f := filterOf(modPtr)
		defer f.recover("event", nil)
		f.stopCommits(time.Second)
		if f.session != nil {
			f.session.Close()
		}
		f.stats.track(f, false)
		f.stats.push(envoyPtr) // the last connection leaves no one else to push
	}
}

//export envoy_dynamic_module_on_network_filter_destroy
func envoy_dynamic_module_on_network_filter_destroy(modPtr C.envoy_dynamic_module_type_network_filter_module_ptr) {
	defer guard("destroy")
	f := filterOf(modPtr)
	defer f.recover("destroy", nil)
	if f.session != nil {
		f.session.Close()
	}
	f.stats.track(f, false)
	// The close event stopped the commits already, unless Envoy destroys a filter it never
	// opened or never closed. A commit still running then is the one this destroy runs inside
	// of: its scheduler is left to leak rather than freed under it.
	if f.stopCommits(10*time.Millisecond) && f.sched != nil {
		C.envoy_dynamic_module_callback_network_filter_scheduler_delete(f.sched)
	}
	releaseHandle(unsafe.Pointer(modPtr))
}

// The client does not read what it is sent: the session holds the replies (and past a bound
// stops reading the clusters), and Envoy stops reading the client's requests.
//
//export envoy_dynamic_module_on_network_filter_above_write_buffer_high_watermark
func envoy_dynamic_module_on_network_filter_above_write_buffer_high_watermark(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr) {
	defer guard("above_write_buffer_high_watermark")
	f := filterOf(modPtr)
	defer f.recover("above_write_buffer_high_watermark", nil)
	if f.session == nil || f.broken.Load() {
		return
	}
	f.session.ClientBackpressure(true)
	if !f.readOff && C.envoy_dynamic_module_callback_network_filter_get_connection_state(envoyPtr) == C.envoy_dynamic_module_type_network_connection_state_Open {
		C.envoy_dynamic_module_callback_network_filter_read_disable(envoyPtr, true)
		f.readOff = true
	}
}

// The client read enough: Envoy reads its requests again, and the session wakes the binding for
// the replies it held.
//
//export envoy_dynamic_module_on_network_filter_below_write_buffer_low_watermark
func envoy_dynamic_module_on_network_filter_below_write_buffer_low_watermark(envoyPtr C.envoy_dynamic_module_type_network_filter_envoy_ptr, modPtr C.envoy_dynamic_module_type_network_filter_module_ptr) {
	defer guard("below_write_buffer_low_watermark")
	f := filterOf(modPtr)
	defer f.recover("below_write_buffer_low_watermark", nil)
	if f.readOff {
		f.readOff = false
		C.envoy_dynamic_module_callback_network_filter_read_disable(envoyPtr, false)
	}
	if f.session != nil && !f.broken.Load() {
		f.session.ClientBackpressure(false)
	}
}
