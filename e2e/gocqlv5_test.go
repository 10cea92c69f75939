package e2e

import (
	"fmt"
	"net"
	"testing"
	"time"

	gocql2 "github.com/apache/cassandra-gocql-driver/v2"
	"github.com/gocql/gocql"
)

// gocql 2 speaks protocol v5, which gocql 1.7 does not: through the proxy with client timestamps
// off, a simple write, a prepared one and a batch have equal WRITETIME on both clusters; through
// the deterministic_functions listener, a prepared write calling now() and currentTimestamp()
// stores the same values on both.
func TestGocql2AtProtocolV5(t *testing.T) {
	const ks = "e2e_gocql2"
	createKeyspace(t, session(t, proxyAddr), ks)
	if err := session(t, proxyAddr).Query("CREATE TABLE " + ks + ".ev (k int PRIMARY KEY, id timeuuid, at timestamp)").Exec(); err != nil {
		t.Fatal(err)
	}
	connect2 := func(addr string) *gocql2.Session {
		host, port, _ := net.SplitHostPort(addr)
		c := gocql2.NewCluster(host)
		fmt.Sscan(port, &c.Port)
		c.ProtoVersion = 5
		c.DefaultTimestamp = false
		c.Timeout, c.ConnectTimeout = 15*time.Second, 10*time.Second
		s, err := c.CreateSession()
		if err != nil {
			checkEnvoys(t)
			t.Fatalf("gocql 2 at v5 through %s: %v", addr, err)
		}
		t.Cleanup(s.Close)
		return s
	}
	s := connect2(proxyAddr)
	if err := s.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (1, 'simple')").Exec(); err != nil {
		t.Fatal(err)
	}
	if err := s.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 2, "prepared").Exec(); err != nil {
		t.Fatal(err)
	}
	b := s.Batch(gocql2.LoggedBatch)
	b.Query("INSERT INTO "+ks+".kv (k, v) VALUES (?, ?)", 3, "batch")
	b.Query("INSERT INTO " + ks + ".kv (k, v) VALUES (4, 'batch-simple')")
	if err := b.Exec(); err != nil {
		t.Fatal(err)
	}
	src, tgt := session(t, sourceAddr()), session(t, targetAddr())
	writetimesMatch(t, src, tgt, ks, 1, 4)

	fn := connect2(fnAddr)
	if err := fn.Query("INSERT INTO "+ks+".ev (k, id, at) VALUES (?, now(), currentTimestamp())", 1).Exec(); err != nil {
		t.Fatal(err)
	}
	q := "SELECT id, at FROM " + ks + ".ev WHERE k = 1"
	var idS, idT gocql.UUID
	var atS, atT time.Time
	if err := src.Query(q).Scan(&idS, &atS); err != nil {
		t.Fatal(err)
	}
	if err := tgt.Query(q).Scan(&idT, &atT); err != nil {
		t.Fatal(err)
	}
	if idS != idT || !atS.Equal(atT) {
		t.Errorf("now() and currentTimestamp() differ: source %v %v, target %v %v", idS, atS, idT, atT)
	}
}
