package nodes

import (
	"fmt"
	"log/slog"
	"net/netip"
	"testing"
)

// BenchmarkPick is one session's Pick and release among 16 live local-DC nodes.
func BenchmarkPick(b *testing.B) {
	c, err := New(Options{Name: "target", ContactPoints: []string{"10.0.0.1:9042"}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	var peers []nodeRow
	for i := 2; i <= 16; i++ {
		peers = append(peers, nodeRow{addr: netip.MustParseAddrPort(fmt.Sprintf("10.0.0.%d:9042", i)), hostID: fmt.Sprint(i), dc: "dc1"})
	}
	c.apply(netip.MustParseAddrPort("10.0.0.1:9042"), nodeRow{addr: netip.MustParseAddrPort("10.0.0.1:9042"), hostID: "1", dc: "dc1"}, peers)
	c.mu.Lock()
	for _, n := range c.nodes {
		c.markUpLocked(n, "benchmark")
	}
	c.mu.Unlock()
	if c.Live() != 16 {
		b.Fatalf("%d live nodes", c.Live())
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, release, err := c.Pick()
			if err != nil {
				b.Fatal(err)
			}
			release()
		}
	})
}
