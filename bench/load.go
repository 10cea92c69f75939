package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"math/bits"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// shape is how load is offered: conns connections with inflight requests each, back to back
// (closed loop), or, with rate set, one request at a time per connection at a fixed total rate
// (open loop).
type shape struct {
	name     string
	conns    int
	inflight int
	rate     float64
}

// cell is one measurement: a shape, protocol and statement through one path.
type cell struct {
	shape    shape
	proto    protocol
	op, path string
	ops      int
	errors   int // replies other than RESULT
	perSec   float64
	p50, p99 time.Duration
	cpuPerOp float64 // Envoy process CPU µs per request; 0 for direct
}

func (c cell) name() string { return c.shape.name + "/" + c.proto.name + "/" + c.op + "/" + c.path }

// Phases of a cell, as the connections' goroutines see them.
const (
	warming int32 = iota
	measuring
	stopping
)

// measure offers the load for warm+d and measures the last d. Envoy's CPU time is read from
// /proc at both ends of that window; during, if set, runs (in a goroutine) while it is open.
func measure(c cell, addr string, warm, d time.Duration, envoyPid int, during func(time.Duration)) cell {
	conns := make([]*conn, c.shape.conns)
	execs := make([][]byte, c.shape.conns)
	for i := range conns {
		var err error
		if conns[i], execs[i], err = dialClient(addr, c.proto, statements[c.op]); err != nil {
			log.Fatalf("%s: %v", c.name(), err)
		}
		defer conns[i].Close()
	}
	var phase atomic.Int32
	hists := make([]hist, len(conns))
	errs := make([]int, len(conns))
	var wg sync.WaitGroup
	var due []chan time.Time
	dropped := 0
	if c.shape.rate > 0 {
		for range conns {
			due = append(due, make(chan time.Time, 1<<14))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if dropped, err = pace(c.shape.rate, due, &phase); err != nil {
				log.Fatalf("%s: %v", c.name(), err)
			}
		}()
	}
	base := time.Now()
	for i, cn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if c.shape.rate > 0 {
				errs[i], err = paced(cn, execs[i], due[i], &phase, &hists[i])
			} else {
				errs[i], err = closedLoop(cn, execs[i], c.shape.inflight, base, &phase, &hists[i])
			}
			if err != nil {
				log.Fatalf("%s: %v", c.name(), err)
			}
		}()
	}
	time.Sleep(warm)
	cpu0, t0 := cpuTime(envoyPid), time.Now()
	phase.Store(measuring)
	if during != nil {
		go during(d)
	}
	time.Sleep(d)
	phase.Store(stopping)
	cpu1, t1 := cpuTime(envoyPid), time.Now()
	wg.Wait()

	c.errors += dropped
	var all hist
	for i := range hists {
		all.merge(&hists[i])
		c.errors += errs[i]
	}
	c.ops = int(all.count)
	c.perSec = float64(all.count) / t1.Sub(t0).Seconds()
	c.p50, c.p99 = all.quantile(0.5), all.quantile(0.99)
	if envoyPid != 0 && all.count > 0 {
		c.cpuPerOp = float64((cpu1 - cpu0).Microseconds()) / float64(all.count)
	}
	return c
}

// hist counts latencies in buckets less than 1% wide: exact below 256 ns, then 128 buckets per
// power of two.
type hist struct {
	n     [256 + 56*128]uint64
	count uint64
}

func (h *hist) add(d time.Duration) {
	v := uint64(max(d, 0))
	h.count++
	if v < 256 {
		h.n[v]++
		return
	}
	e := bits.Len64(v) - 8
	h.n[256+(e-1)*128+int(v>>e)-128]++
}

func (h *hist) merge(o *hist) {
	for i, n := range o.n {
		h.n[i] += n
	}
	h.count += o.count
}

// quantile returns the lower bound of the bucket holding the q-th latency.
func (h *hist) quantile(q float64) time.Duration {
	rank := uint64(float64(h.count) * q)
	var seen uint64
	for i, n := range h.n {
		if seen += n; seen > rank {
			if i < 256 {
				return time.Duration(i)
			}
			e := (i-256)/128 + 1
			return time.Duration(uint64((i-256)%128+128) << e)
		}
	}
	return 0
}

func isResult(f []byte) bool { return cql.ParseHeader(f).Opcode == primitive.OpCodeResult }

func appendExec(dst, exec []byte, stream int) []byte {
	dst = append(dst, exec...)
	cql.SetStream(dst[len(dst)-len(exec):], int16(stream))
	return dst
}

// closedLoop keeps inflight requests outstanding on distinct stream ids: each reply's stream is
// reused at once, and the requests that replies read together make free go out in one write,
// as a driver coalesces them. Once stopping it sends no more and waits for what is in flight.
func closedLoop(c *conn, exec []byte, inflight int, base time.Time, phase *atomic.Int32, h *hist) (int, error) {
	errs := 0
	sent := make([]time.Duration, inflight)
	var batch []byte
	for s := range inflight {
		batch = appendExec(batch, exec, s)
		sent[s] = time.Since(base)
	}
	if err := c.send(batch); err != nil {
		return 0, err
	}
	for outstanding := inflight; outstanding > 0; {
		batch = batch[:0]
		err := c.recv(func(f []byte) {
			now := time.Since(base)
			s := int(cql.ParseHeader(f).Stream)
			if s < 0 || s >= inflight || !isResult(f) {
				errs++
			}
			s = min(max(s, 0), inflight-1)
			switch phase.Load() {
			case measuring:
				h.add(now - sent[s])
			case stopping:
				outstanding--
				return
			}
			batch = appendExec(batch, exec, s)
			sent[s] = now
		})
		if err != nil {
			return 0, err
		}
		if len(batch) > 0 {
			if err := c.send(batch); err != nil {
				return 0, err
			}
		}
	}
	return errs, nil
}

// paced sends one request for each due time that arrives on due, after the previous one's
// reply. Latency is counted from when a request was due, not from when it went out: a reply that
// comes late delays the next request, and that wait is the queueing a client at this rate would
// see (no coordinated omission).
func paced(c *conn, exec []byte, due <-chan time.Time, phase *atomic.Int32, h *hist) (int, error) {
	errs := 0
	for t := range due {
		if phase.Load() == stopping {
			continue
		}
		reply, err := c.roundTrip(exec)
		if err != nil {
			return 0, err
		}
		if !isResult(reply) {
			errs++
		}
		if phase.Load() == measuring {
			h.add(time.Since(t))
		}
	}
	return errs, nil
}

// pace hands out due times, rate a second in total, to the connections' channels in turn, until
// stopping; then it closes them. It counts the due times it found no room for.
//
// The ticks come from a timerfd read through Go's netpoller: time.Sleep, which the netpoller
// serves with millisecond epoll timeouts, oversleeps by up to a millisecond, as much as the
// differences being measured.
func pace(rate float64, due []chan time.Time, phase *atomic.Int32) (dropped int, err error) {
	defer func() {
		for _, ch := range due {
			close(ch)
		}
	}()
	interval := time.Duration(float64(time.Second) / rate)
	fd, _, errno := syscall.Syscall(syscall.SYS_TIMERFD_CREATE, 1 /* CLOCK_MONOTONIC */, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if errno != 0 {
		return 0, fmt.Errorf("timerfd_create: %w", errno)
	}
	timer := os.NewFile(fd, "timerfd")
	defer timer.Close()
	spec := [4]int64{0, int64(interval), 0, int64(interval)} // it_interval, it_value
	start := time.Now()
	if _, _, errno := syscall.Syscall6(syscall.SYS_TIMERFD_SETTIME, fd, 0, uintptr(unsafe.Pointer(&spec)), 0, 0, 0); errno != 0 {
		return 0, fmt.Errorf("timerfd_settime: %w", errno)
	}
	var buf [8]byte
	for k := 0; phase.Load() != stopping; {
		if _, err := io.ReadFull(timer, buf[:]); err != nil {
			return dropped, err
		}
		for range binary.NativeEndian.Uint64(buf[:]) {
			k++
			select {
			case due[k%len(due)] <- start.Add(time.Duration(k) * interval):
			default:
				dropped++
			}
		}
	}
	return dropped, nil
}

func (c cell) String() string {
	return fmt.Sprintf("%-40s %8.0f ops/s p50 %-9v p99 %-9v envoy %5.1f µs/op", c.name(), c.perSec,
		c.p50.Round(time.Microsecond), c.p99.Round(time.Microsecond), c.cpuPerOp)
}
