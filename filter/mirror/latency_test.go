package mirror

import (
	"math"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// latencyVec must expose what the client library's histogram exposes for the same observations.
func TestLatencyVecExposesWhatTheLibraryHistogramDoes(t *testing.T) {
	ours := newLatencyVec("t_seconds", "help", latencyBuckets, "a")
	lib := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "t_seconds", Help: "help", Buckets: latencyBuckets}, []string{"a"})
	h, l := ours.WithLabelValues("x"), lib.WithLabelValues("x")
	for _, v := range []float64{0, 0.00005, 0.0001, 0.00010001, 0.0003, 0.001, 0.002, 0.9, 1, 10, 10.5, 3600} {
		h.Observe(v)
		l.Observe(v)
	}
	var got, want dto.Metric
	if err := h.Write(&got); err != nil {
		t.Fatal(err)
	}
	if err := l.(prometheus.Metric).Write(&want); err != nil {
		t.Fatal(err)
	}
	g, w := got.GetHistogram(), want.GetHistogram()
	if g.GetSampleCount() != w.GetSampleCount() || math.Abs(g.GetSampleSum()-w.GetSampleSum()) > 1e-6 {
		t.Fatalf("count %d sum %v, the library's %d %v", g.GetSampleCount(), g.GetSampleSum(), w.GetSampleCount(), w.GetSampleSum())
	}
	if len(g.GetBucket()) != len(w.GetBucket()) {
		t.Fatalf("%d buckets, the library's %d", len(g.GetBucket()), len(w.GetBucket()))
	}
	for i, b := range w.GetBucket() {
		if gb := g.GetBucket()[i]; gb.GetUpperBound() != b.GetUpperBound() || gb.GetCumulativeCount() != b.GetCumulativeCount() {
			t.Fatalf("bucket le=%v: %d, the library's le=%v: %d", gb.GetUpperBound(), gb.GetCumulativeCount(), b.GetUpperBound(), b.GetCumulativeCount())
		}
	}
	if got.GetLabel()[0].GetValue() != "x" || ours.WithLabelValues("x") != h {
		t.Fatal("one histogram per label values")
	}
	big := ours.WithLabelValues("big")
	for range 5 {
		big.Observe(float64(foldAt) / 1e9) // 146 years each: 5 would wrap a uint64 of nanoseconds
	}
	if err := big.Write(&got); err != nil {
		t.Fatal(err)
	}
	if want := 5 * float64(foldAt) / 1e9; math.Abs(got.GetHistogram().GetSampleSum()-want) > want*1e-9 {
		t.Fatalf("sum %v after five huge observations, want %v", got.GetHistogram().GetSampleSum(), want)
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(ours)
	if _, err := reg.Gather(); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkLatencyObserve(b *testing.B) {
	b.Run("ours", func(b *testing.B) {
		h := newLatencyVec("t_seconds", "help", latencyBuckets, "a").WithLabelValues("x")
		for i := range b.N {
			h.Observe(float64(i%1000) * 1e-6)
		}
	})
	b.Run("library", func(b *testing.B) {
		h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "t_seconds", Help: "help", Buckets: latencyBuckets}, []string{"a"}).WithLabelValues("x")
		for i := range b.N {
			h.Observe(float64(i%1000) * 1e-6)
		}
	})
}
