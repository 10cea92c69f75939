package mirror

import (
	"net/netip"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiscoveryFieldIsValidated(t *testing.T) {
	base := `"stat_prefix":"p","source":{"address":"a:1"}`
	for name, tc := range map[string]struct{ json, want string }{
		"unknown mode": {`{` + base + `,"target":{"address":"b:1","discovery":"peers"}}`,
			`field "target.discovery": "peers" is neither "system_tables" nor "contact_points_only"`},
		"wrong type": {`{` + base + `,"target":{"address":"b:1","discovery":false}}`, `field "target.discovery"`},
		"local_dc without discovery": {`{` + base + `,"target":{"address":"b:1","discovery":"contact_points_only","local_dc":"dc1"}}`,
			`field "target.local_dc": "dc1" has no use with target.discovery "contact_points_only"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error containing %q, got %v", tc.want, err)
			}
		})
	}
	c, err := ParseConfig([]byte(`{` + base + `,"target":{"address":"b:1","discovery":"contact_points_only"}}`))
	if err != nil || c.Source.Discovery != DiscoverySystemTables || c.Target.Discovery != DiscoveryContactPointsOnly {
		t.Fatalf("discovery: source %q, target %q, %v", c.Source.Discovery, c.Target.Discovery, err)
	}
}

// A target whose contact point lists a peer: with discovery contact_points_only, every session
// lands on the contact point and the peer is never dialed.
func TestContactPointsOnlySessionsNeverDialThePeers(t *testing.T) {
	for _, mode := range []string{DiscoveryContactPointsOnly, DiscoverySystemTables} {
		t.Run(mode, func(t *testing.T) {
			src := startFake(t, "s")
			tgt := [2]*fakeCluster{startFake(t, "t"), startFake(t, "t")}
			tgt[0].Peers = []netip.AddrPort{netip.MustParseAddrPort(tgt[1].ListenAddress)}
			tgt[1].Peers = []netip.AddrPort{netip.MustParseAddrPort(tgt[0].ListenAddress)}
			m := newMirrorJSON(t, `{"stat_prefix":"t","source":{"address":"`+src.ListenAddress+`"},`+
				`"target":{"address":"`+tgt[0].ListenAddress+`","discovery":"`+mode+`"},`+
				`"failed_writes_file":"`+filepath.Join(t.TempDir(), "failed.jsonl")+`"}`)
			if mode == DiscoverySystemTables {
				waitNodesUp(t, m, target, 2)
			}
			openSessions(t, m, 4)
			got := targetSessions(m)
			if mode == DiscoveryContactPointsOnly {
				if len(got) != 1 || got[tgt[0].ListenAddress] != 4 || tgt[1].Accepted() != 0 {
					t.Fatalf("sessions by node %v, %d connections to the peer; want 4 on the contact point, none to the peer", got, tgt[1].Accepted())
				}
				return
			}
			if got[tgt[1].ListenAddress] == 0 || tgt[1].Accepted() == 0 {
				t.Fatalf("with discovery, sessions by node %v, %d connections to the peer; want some on the peer", got, tgt[1].Accepted())
			}
		})
	}
}
