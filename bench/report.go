package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"
)

type reportInfo struct {
	command              string
	duration, warmup     time.Duration
	reps                 int
	envoyVersion         string
	benchCPUs, envoyCPUs string
}

// machineCPUs counts the machine's CPUs; runtime.NumCPU counts only those this process may use.
func machineCPUs() int {
	b, _ := os.ReadFile("/proc/cpuinfo")
	return max(strings.Count(string(b), "\nprocessor\t")+1, runtime.NumCPU())
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func ms(d time.Duration) string { return fmt.Sprintf("%+.3f ms", d.Seconds()*1000) }

func report(w io.Writer, cells []cell, in reportInfo) {
	fmt.Fprintf(w, "# Benchmarks\n\nWritten by `make bench` (`%s`) on %s UTC: %d CPUs (%s), %s, Envoy %s.\n",
		in.command, time.Now().UTC().Format("2006-01-02 15:04"), machineCPUs(), cpuModel(), runtime.Version(), in.envoyVersion)
	fixedRate := 0.0
	for _, c := range cells {
		if c.shape.rate > 0 {
			fixedRate = c.shape.rate
		}
	}
	fmt.Fprintf(w, `The machine is shared and noisy: compare the ratios within one run, not absolute numbers across runs.

What runs: one Envoy (`+"`--concurrency 1`"+`) pinned to CPU %s, the bench (load generator and both
responders, one Go process) pinned to CPU %s. Envoy has these listeners: its own `+"`tcp_proxy`"+` to the
source responder, and cqlmirror (the dynamic module) to the source and the target responder with
`+"`wait: true`"+` ("cqlmirror") and with `+"`wait: false`"+` ("cqlmirror-nowait"); "cqlmirror-via-envoy" is
"cqlmirror" with its target as an Envoy-owned upstream (a loopback listener whose `+"`tcp_proxy`"+`
forwards to an Envoy cluster, the control plane's `+"`via_envoy`"+`; v4 writes only), which prices
that extra hop. "direct" goes to the source responder without Envoy. The responders are in-process CQL servers that answer at once, so the
numbers are the proxies' own cost.

Each client connection does STARTUP, then PREPAREs a statement once and EXECUTEs it: "write" is
`+"`%s`"+` (both clusters through cqlmirror), "read" is `+"`%s`"+`
(the source alone). Protocols: v4; v5 (frames in segments after STARTUP/READY) without
compression; v5 with lz4 segments (STARTUP asks COMPRESSION=lz4; a segment is compressed when that
makes it smaller: a lone request or reply is stored as is, deep's batches compress). Shapes:

- **shallow**: 64 connections, one request in flight each (closed loop: the next goes when the reply arrives).
- **deep**: 8 connections, 64 requests in flight each on distinct stream ids; the requests that one read's replies free go out in one write.
- **fixed**: 64 connections, one in flight each, paced at %.0f requests/s in total (half of cqlmirror's shallow v4 write throughput above, rounded). Latency counts from when a request was due, so a late reply's delay to the next request is counted (no coordinated omission). Requests are paced by a timerfd, so "direct" shows the load generator's own floor.

Each cell offers its load for %v, then measures for %v. "Envoy CPU" is the Envoy process's user+system
time (the Go module included) from /proc over that window, divided by the requests answered in it.
Each cell ran %d time(s), in rounds that run every path of its shape, protocol and statement once,
so noise on this shared machine falls on all of them alike; each figure is its median over the
runs (the lower middle for an even count), taken on its own.
Ratios (×) and differences (±) are against tcp_proxy in the same shape, protocol and statement.

`, in.envoyCPUs, in.benchCPUs, statements["write"], statements["read"], fixedRate, in.warmup, in.duration, in.reps)

	for _, sh := range []string{"shallow", "deep", "fixed"} {
		fmt.Fprintf(w, "### %s\n\n", sh)
		fmt.Fprintf(w, "| protocol | op | path | ops/s | × | p50 | p99 | p50 ± | p99 ± | Envoy CPU µs/op | × |\n")
		fmt.Fprintf(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, c := range cells {
			if c.shape.name != sh {
				continue
			}
			b, _ := find(cells, c.shape.name, c.proto.name, c.op, "tcp_proxy")
			cpu, cpuRatio := "–", "–"
			if c.path != "direct" {
				cpu = micros(c.cpuPerOp)
				cpuRatio = ratio(c.cpuPerOp, b.cpuPerOp)
			}
			d50, d99 := ms(c.p50-b.p50), ms(c.p99-b.p99)
			if c.path == "tcp_proxy" {
				d50, d99 = "–", "–"
			}
			errs := ""
			if c.errors > 0 {
				errs = fmt.Sprintf(" (%d error replies)", c.errors)
			}
			fmt.Fprintf(w, "| %s | %s | %s%s | %.0f | %s | %v | %v | %s | %s | %s | %s |\n", c.proto.name, c.op, c.path, errs,
				c.perSec, ratio(c.perSec, b.perSec), c.p50.Round(time.Microsecond), c.p99.Round(time.Microsecond),
				d50, d99, cpu, cpuRatio)
		}
		fmt.Fprintln(w)
	}
	goals(w, cells)
}

// micros prints a CPU time per request with three significant digits or more.
func micros(us float64) string {
	switch {
	case us >= 10:
		return fmt.Sprintf("%.1f", us)
	case us >= 1:
		return fmt.Sprintf("%.2f", us)
	}
	return fmt.Sprintf("%.3f", us)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// goals checks the write cells against the targets of issue 13, one column per protocol.
func goals(w io.Writer, cells []cell) {
	get := func(sh, p, path string) (cell, bool) { return find(cells, sh, p, "write", path) }
	verdict := func(ok bool, s string) string {
		if ok {
			return "met: " + s
		}
		return "**not met**: " + s
	}
	modes := []struct{ path, label string }{{"cqlmirror", "wait"}, {"cqlmirror-nowait", "no-wait"}}
	fmt.Fprintf(w, "### Goals\n\nComputed from the write cells above.\n\n| goal | cqlmirror |")
	for _, p := range protocols {
		fmt.Fprintf(w, " %s |", p.name)
	}
	fmt.Fprintf(w, "\n| --- | --- |%s\n", strings.Repeat(" --- |", len(protocols)))
	row := func(goal, mode string, fn func(p protocol) string) {
		fmt.Fprintf(w, "| %s | %s |", goal, mode)
		for _, p := range protocols {
			fmt.Fprintf(w, " %s |", fn(p))
		}
		fmt.Fprintln(w)
	}
	for _, m := range modes {
		row("shallow CPU/op ≤ 1.5× tcp_proxy", m.label, func(p protocol) string {
			c, ok1 := get("shallow", p.name, m.path)
			b, ok2 := get("shallow", p.name, "tcp_proxy")
			if !ok1 || !ok2 || b.cpuPerOp == 0 {
				return "–"
			}
			r := c.cpuPerOp / b.cpuPerOp
			return verdict(r <= 1.5, fmt.Sprintf("%.2f×", r))
		})
	}
	for _, m := range modes {
		row("fixed rate p50 and p99 ≤ tcp_proxy's + 0.5 ms", m.label, func(p protocol) string {
			c, ok1 := get("fixed", p.name, m.path)
			b, ok2 := get("fixed", p.name, "tcp_proxy")
			if !ok1 || !ok2 {
				return "–"
			}
			d50, d99 := c.p50-b.p50, c.p99-b.p99
			return verdict(d50 <= 500*time.Microsecond && d99 <= 500*time.Microsecond, "p50 "+ms(d50)+", p99 "+ms(d99))
		})
	}
	for _, m := range modes {
		row("deep throughput ≥ 0.5× tcp_proxy", m.label, func(p protocol) string {
			c, ok1 := get("deep", p.name, m.path)
			b, ok2 := get("deep", p.name, "tcp_proxy")
			if !ok1 || !ok2 || b.perSec == 0 {
				return "–"
			}
			r := c.perSec / b.perSec
			return verdict(r >= 0.5, fmt.Sprintf("%.2f×", r))
		})
	}
	// Throughput is compared where the load is a closed loop; at a fixed rate it is the rate.
	for _, m := range modes {
		row("v5 throughput ≥ 0.9× v4's (shallow, deep)", m.label, func(p protocol) string {
			if p.name == "v4" {
				return "–"
			}
			return compareShapes([]string{"shallow", "deep"}, func(sh string) (float64, bool) {
				c, ok1 := get(sh, p.name, m.path)
				v4, ok2 := get(sh, "v4", m.path)
				if !ok1 || !ok2 || v4.perSec == 0 {
					return 0, false
				}
				return c.perSec / v4.perSec, true
			}, func(r float64) bool { return r >= 0.9 })
		})
		row("v5 CPU/op ≤ 1.1× v4's (every shape)", m.label, func(p protocol) string {
			if p.name == "v4" {
				return "–"
			}
			return compareShapes([]string{"shallow", "deep", "fixed"}, func(sh string) (float64, bool) {
				c, ok1 := get(sh, p.name, m.path)
				v4, ok2 := get(sh, "v4", m.path)
				if !ok1 || !ok2 || v4.cpuPerOp == 0 {
					return 0, false
				}
				return c.cpuPerOp / v4.cpuPerOp, true
			}, func(r float64) bool { return r <= 1.1 })
		})
	}
	row("no-wait never slower than wait: throughput (shallow, deep), p50 and p99 (fixed)", "no-wait vs wait", func(p protocol) string {
		var parts []string
		ok, near := true, true
		for _, sh := range []string{"shallow", "deep"} {
			nw, ok1 := get(sh, p.name, "cqlmirror-nowait")
			wt, ok2 := get(sh, p.name, "cqlmirror")
			if ok1 && ok2 && wt.perSec > 0 {
				r := nw.perSec / wt.perSec
				ok, near = ok && r >= 1, near && r >= 0.95
				parts = append(parts, fmt.Sprintf("%s %.2f×", sh, r))
			}
		}
		nw, ok1 := get("fixed", p.name, "cqlmirror-nowait")
		wt, ok2 := get("fixed", p.name, "cqlmirror")
		if ok1 && ok2 {
			d50, d99 := nw.p50-wt.p50, nw.p99-wt.p99
			ok = ok && d50 <= 0 && d99 <= 0
			near = near && d50 <= 50*time.Microsecond && d99 <= 100*time.Microsecond
			parts = append(parts, "fixed p50 "+ms(d50)+", p99 "+ms(d99))
		}
		if len(parts) == 0 {
			return "–"
		}
		if !ok && near {
			return "met within noise (throughput ≥ 0.95×, latency ≤ +0.05/+0.1 ms): " + strings.Join(parts, "; ")
		}
		return verdict(ok, strings.Join(parts, "; "))
	})
	fmt.Fprintln(w)
}

// compareShapes lists a ratio per shape and says whether every one passes.
func compareShapes(shapes []string, value func(sh string) (float64, bool), pass func(float64) bool) string {
	var parts []string
	ok := true
	for _, sh := range shapes {
		if r, found := value(sh); found {
			ok = ok && pass(r)
			parts = append(parts, fmt.Sprintf("%s %.2f×", sh, r))
		}
	}
	if len(parts) == 0 {
		return "–"
	}
	if ok {
		return "met: " + strings.Join(parts, ", ")
	}
	return "**not met**: " + strings.Join(parts, ", ")
}
