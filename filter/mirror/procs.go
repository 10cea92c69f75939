package mirror

import (
	"log/slog"
	"os"
	"runtime"
	"sync"
)

// Envoy's worker threads call into Go (a cgo callback per read, write and scheduled event) while
// the sessions' goroutines read the clusters, and each needs one of the runtime's Ps. With
// GOMAXPROCS at 1 (Envoy pinned to one CPU, or a one-CPU cgroup quota) a worker's callback waits
// for the only P, which a goroutine in a system call keeps until the runtime's monitor takes it
// back: up to milliseconds. docs/PERFORMANCE.md has the measurements.

// minProcs is the fewest Ps the module runs with unless told otherwise. Measured with Envoy pinned
// to one CPU: 1 P costs milliseconds of latency, 2 remove them, 4 also gave the most throughput
// for the least CPU per request with many shallow connections.
const minProcs = 4

// procsFor is the GOMAXPROCS the module runs with: the operator's GOMAXPROCS when set (env is
// that variable, "" when unset), otherwise one P more than Go's default and at least minProcs, so
// a worker thread entering Go finds a free P while the goroutines hold the others.
func procsFor(env string, current int) int {
	if env != "" {
		return current
	}
	return max(current+1, minProcs)
}

var tuneProcs sync.Once

// TuneProcs sets GOMAXPROCS for running inside Envoy (see procsFor), once, and logs a change.
// The bindings call it when Envoy loads the module.
func TuneProcs(log *slog.Logger) {
	tuneProcs.Do(func() {
		was := runtime.GOMAXPROCS(0)
		if want := procsFor(os.Getenv("GOMAXPROCS"), was); want != was {
			runtime.GOMAXPROCS(want)
			log.Info("GOMAXPROCS raised above Go's default, so Envoy's worker threads find a free P; set GOMAXPROCS to choose", "was", was, "now", want)
		}
	})
}
