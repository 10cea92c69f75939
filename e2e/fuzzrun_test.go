package e2e

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
)

// The network side of TestWireFuzzLeavesTheProxyServing: connections drawn by planFuzzConn, a
// bounded number at a time, every read and write under a deadline, and a canary client that stops
// the fuzz when fresh clients are no longer served.

type fuzzResult struct {
	frames, conns, startupFailed, lingered int64
	peakRSS                                int   // kB, sampled every canary round
	lingeredConns                          []int // the first lingering connections' numbers, for planFuzzConn
	elapsed                                time.Duration
	stopped                                error // why the fuzz stopped early, if it did
}

type fuzzRun struct {
	addr                                   string
	seed                                   uint64
	ids                                    fuzzIDs
	frames, conns, startupFailed, lingered atomic.Int64
	mu                                     sync.Mutex
	lingeredConns                          []int
}

// runWireFuzz runs connections 0, 1, ... of the fuzz against addr, parallel at a time, until
// minFrames frames were written or budget ran out, or the canary found the proxy not serving.
func runWireFuzz(e *envoy, addr string, seed uint64, ids fuzzIDs, minFrames int64, parallel int, budget time.Duration) fuzzResult {
	ctx, cancel := context.WithTimeoutCause(context.Background(), budget, fmt.Errorf("the fuzz ran out of its %s budget", budget))
	defer cancel()
	stop, stopCause := context.WithCancelCause(ctx)
	defer stopCause(nil)
	r := &fuzzRun{addr: addr, seed: seed, ids: ids}
	var res fuzzResult
	start := time.Now()

	var canary sync.WaitGroup
	canary.Go(func() {
		failures := 0
		for {
			if rss, err := e.rssKB(); err == nil {
				res.peakRSS = max(res.peakRSS, rss)
			}
			select {
			case <-stop.Done():
				return
			case <-time.After(2 * time.Second):
			}
			// Three misses in a row, 10 s a step: a proxy that stopped serving, not a busy machine.
			if err := serveCheck(addr, 10*time.Second); err != nil {
				if failures++; failures == 3 {
					stopCause(fmt.Errorf("fresh clients were not served three times in a row during the fuzz: %w", err))
					return
				}
			} else {
				failures = 0
			}
			if !e.alive() {
				stopCause(errors.New("envoy exited during the fuzz"))
				return
			}
		}
	})

	var next atomic.Int64
	var workers sync.WaitGroup
	for range parallel {
		workers.Go(func() {
			for stop.Err() == nil && r.frames.Load() < minFrames {
				r.conn(stop, int(next.Add(1)-1))
			}
		})
	}
	workers.Wait()
	if stop.Err() != nil {
		res.stopped = context.Cause(stop)
	}
	stopCause(nil)
	canary.Wait()
	res.frames, res.conns, res.startupFailed, res.lingered = r.frames.Load(), r.conns.Load(), r.startupFailed.Load(), r.lingered.Load()
	res.lingeredConns = r.lingeredConns
	res.elapsed = time.Since(start)
	return res
}

// conn runs fuzz connection i: STARTUP if planned, the writes, a half-close, and replies drained
// all along and ignored.
func (r *fuzzRun) conn(ctx context.Context, i int) {
	plan := planFuzzConn(r.seed, i, r.ids)
	c, err := dialRaw(r.addr)
	if err != nil {
		r.startupFailed.Add(1)
		return
	}
	r.conns.Add(1)
	defer c.Close()
	if plan.startup != 0 {
		if err := c.startup(plan.startup, 10*time.Second); err != nil {
			r.startupFailed.Add(1)
			return
		}
	}
	drained := make(chan struct{})
	var lingered atomic.Bool
	go func() {
		defer close(drained)
		buf := make([]byte, 64<<10)
		for {
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			if _, err := c.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					lingered.Store(true) // 3 s without a byte or the close
				}
				return // EOF or reset: the proxy hung up
			}
		}
	}()
	for _, w := range plan.writes {
		if ctx.Err() != nil {
			break
		}
		c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write(w.bytes); err != nil {
			break // the proxy closed the connection: what it does with a stream it cannot read
		}
		r.frames.Add(int64(w.frames))
	}
	c.Conn.(*net.TCPConn).CloseWrite()
	select {
	case <-drained:
	case <-time.After(10 * time.Second): // replies kept coming
		lingered.Store(true)
	}
	if lingered.Load() {
		r.lingered.Add(1)
		r.mu.Lock()
		if len(r.lingeredConns) < 10 {
			r.lingeredConns = append(r.lingeredConns, i)
		}
		r.mu.Unlock()
	}
}

// prepareForFuzz prepares the fuzz's INSERT through addr at v5 and returns its ids.
func prepareForFuzz(addr string) (fuzzIDs, error) {
	c, err := dialRaw(addr)
	if err != nil {
		return fuzzIDs{}, err
	}
	defer c.Close()
	if err := c.startup(primitive.ProtocolVersion5, 10*time.Second); err != nil {
		return fuzzIDs{}, err
	}
	h, body, err := c.call(2, &message.Prepare{Query: "INSERT INTO " + fuzzKeyspace + ".kv (k, v) VALUES (?, ?)"}, 15*time.Second)
	if err != nil {
		return fuzzIDs{}, err
	}
	// RESULT: kind (int, 4 = prepared), id, then in v5 the result metadata id ([short bytes]).
	shortBytes := func(b []byte) ([]byte, []byte, bool) {
		if len(b) < 2 {
			return nil, nil, false
		}
		n := 2 + int(binary.BigEndian.Uint16(b))
		if len(b) < n {
			return nil, nil, false
		}
		return b[2:n], b[n:], true
	}
	if h.Opcode != primitive.OpCodeResult || len(body) < 4 || body[3] != 4 {
		return fuzzIDs{}, fmt.Errorf("PREPARE through %s: %s", addr, describeReply(h, body))
	}
	id, rest, ok := shortBytes(body[4:])
	md, _, ok2 := shortBytes(rest)
	if !ok || !ok2 {
		return fuzzIDs{}, errors.New("a malformed PREPARED result")
	}
	return fuzzIDs{id: id, metadataID: md}, nil
}
