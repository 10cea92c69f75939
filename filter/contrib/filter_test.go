package main

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	xds "github.com/cncf/xds/go/xds/type/v3"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"
	"github.com/envoyproxy/envoy/contrib/golang/common/go/api"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/cqlmirror/cqlmirror/filter/cql"
	"github.com/cqlmirror/cqlmirror/filter/internal/fakecql"
)

// fakeCallback stands in for Envoy's side of one downstream connection.
type fakeCallback struct {
	*fakecql.Replies
	mu     sync.Mutex
	closes []api.ConnectionCloseType
}

func (c *fakeCallback) StreamInfo() api.StreamInfo { return nil }
func (c *fakeCallback) Write(b []byte, _ bool)     { c.Replies.Write(b) }
func (c *fakeCallback) EnableHalfClose(bool)       {}
func (c *fakeCallback) Close(t api.ConnectionCloseType) {
	c.mu.Lock()
	c.closes = append(c.closes, t)
	c.mu.Unlock()
	c.SetClosed()
}

func anyOf(t *testing.T, m proto.Message) *anypb.Any {
	t.Helper()
	a, err := anypb.New(m)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func configJSONFor(src, tgt string) string {
	return `{"stat_prefix":"contrib","source":{"address":"` + src + `"},"target":{"address":"` + tgt + `"},"metrics_address":"127.0.0.1:0"}`
}

// connect builds a filter the way the SDK does: the parser once, then the factory per connection.
func connect(t *testing.T, config *anypb.Any) (api.DownstreamFilter, *fakeCallback) {
	t.Helper()
	cb := &fakeCallback{Replies: fakecql.NewReplies()}
	f := configFactory{}.CreateFactoryFromConfig(parser{}.ParseConfig(config)).CreateFilter(cb)
	f.OnNewConnection()
	t.Cleanup(func() { f.OnEvent(api.LocalClose) })
	return f, cb
}

func TestConfigFormats(t *testing.T) {
	js := configJSONFor("127.0.0.2:9042", "127.0.0.3:9042")
	st := &structpb.Struct{}
	if err := st.UnmarshalJSON([]byte(js)); err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*anypb.Any{
		"StringValue": anyOf(t, wrapperspb.String(js)),
		"Struct":      anyOf(t, st),
		"TypedStruct": anyOf(t, &xds.TypedStruct{TypeUrl: "cqlmirror", Value: st}),
	} {
		t.Run(name, func(t *testing.T) {
			p := parse(a)
			if p.err != nil || p.mirror == nil {
				t.Fatalf("parse: %v", p.err)
			}
		})
	}
	for name, tc := range map[string]struct {
		a    *anypb.Any
		want string
	}{
		"unknown field": {anyOf(t, wrapperspb.String(`{"stat_prefix":"x","source":{"address":"a:1"},"target":{"address":"b:1"},"wiat":true}`)), `"wiat"`},
		"bad address":   {anyOf(t, wrapperspb.String(`{"stat_prefix":"x","source":{"address":"nohost"},"target":{"address":"b:1"}}`)), `"source.address"`},
		"wrong type":    {anyOf(t, wrapperspb.Int32(1)), "google.protobuf.Int32Value"},
		"missing":       {nil, "plugin_config is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			if p := parse(tc.a); p.err == nil || !strings.Contains(p.err.Error(), tc.want) {
				t.Fatalf("want an error mentioning %s, got %v", tc.want, p.err)
			}
		})
	}
}

func TestBadConfigClosesEveryConnection(t *testing.T) {
	_, cb := connect(t, anyOf(t, wrapperspb.String(`{"stat_prefix": ""}`)))
	cb.mu.Lock()
	defer cb.mu.Unlock()
	if len(cb.closes) != 1 || cb.closes[0] != api.NoFlush {
		t.Fatalf("a connection on a refused config must be closed at once, got closes %v", cb.closes)
	}
}

func send(t *testing.T, f api.DownstreamFilter, v primitive.ProtocolVersion, stream int16, m message.Message) {
	t.Helper()
	f.OnData(cql.Encode(v, stream, m), false)
}

func query(q string) *message.Query {
	return &message.Query{Query: q, Options: &message.QueryOptions{Consistency: primitive.ConsistencyLevelOne}}
}

func TestMirroringThroughTheContribFilter(t *testing.T) {
	for _, v := range []primitive.ProtocolVersion{primitive.ProtocolVersion3, primitive.ProtocolVersion4} {
		t.Run(v.String(), func(t *testing.T) {
			src, tgt := fakecql.Start(t, "s"), fakecql.Start(t, "t")
			f, cb := connect(t, anyOf(t, wrapperspb.String(configJSONFor(src.ListenAddress, tgt.ListenAddress))))

			send(t, f, v, 0, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}})
			if r := cb.MustNext(t, "STARTUP"); r.Header.OpCode != primitive.OpCodeReady {
				t.Fatalf("STARTUP got %v", r.Body.Message)
			}
			send(t, f, v, 1, query("INSERT INTO ks.t (k) VALUES (1)"))
			send(t, f, v, 2, query("SELECT * FROM ks.t"))
			for range 2 {
				cb.MustNext(t, "INSERT and SELECT")
			}
			if !fakecql.Contains(src.Seen(), "INSERT") || !fakecql.Contains(tgt.Seen(), "INSERT") {
				t.Fatalf("INSERT must reach both: source %q, target %q", src.Seen(), tgt.Seen())
			}
			if fakecql.Contains(tgt.Seen(), "SELECT") {
				t.Fatalf("SELECT reached the target: %q", tgt.Seen())
			}

			split := cql.Encode(v, 3, query("UPDATE ks.t SET v = 3 WHERE k = 3"))
			for i := range split {
				f.OnData(split[i:i+1], false)
			}
			if r := cb.MustNext(t, "byte-by-byte UPDATE"); r.Header.StreamId != 3 {
				t.Fatalf("reply on stream %d, want 3", r.Header.StreamId)
			}

			var coalesced []byte
			for i := int16(10); i < 15; i++ {
				coalesced = append(coalesced, cql.Encode(v, i, query("DELETE FROM ks.t WHERE k = 4"))...)
			}
			f.OnData(coalesced, false)
			for range 5 {
				cb.MustNext(t, "coalesced DELETE")
			}
			fakecql.WaitFor(t, "five DELETEs on the target", func() bool {
				n := 0
				for _, q := range tgt.Seen() {
					if strings.HasPrefix(q, "DELETE") {
						n++
					}
				}
				return n == 5
			})
		})
	}
}

func TestClientClosingMidRequest(t *testing.T) {
	src, tgt := fakecql.Start(t, "s"), fakecql.Start(t, "t")
	factory := configFactory{}.CreateFactoryFromConfig(parser{}.ParseConfig(anyOf(t, wrapperspb.String(configJSONFor(src.ListenAddress, tgt.ListenAddress)))))
	// The engine's one process-wide deadline timer starts with the first session; start it first.
	warm := factory.CreateFilter(&fakeCallback{Replies: fakecql.NewReplies()})
	warm.OnNewConnection()
	warm.OnEvent(api.RemoteClose)
	before := settledGoroutines()
	cb := &fakeCallback{Replies: fakecql.NewReplies()}
	f := factory.CreateFilter(cb)
	f.OnNewConnection()
	v := primitive.ProtocolVersion4
	f.OnData(cql.Encode(v, 0, &message.Startup{Options: map[string]string{"CQL_VERSION": "3.0.0"}}), false)
	cb.MustNext(t, "STARTUP")
	half := cql.Encode(v, 1, query("INSERT INTO ks.t (k) VALUES (1)"))
	f.OnData(half[:len(half)/2], false)
	f.OnEvent(api.RemoteClose)
	f.OnData(half[len(half)/2:], false) // late data after the close must not panic or reach a cluster
	fakecql.WaitFor(t, "the session's goroutines and the clusters' connections to end", func() bool {
		return runtime.NumGoroutine() <= before
	})
	if fakecql.Contains(src.Seen(), "INSERT") || fakecql.Contains(tgt.Seen(), "INSERT") {
		t.Fatalf("half a request reached a cluster: source %q, target %q", src.Seen(), tgt.Seen())
	}
}

// settledGoroutines waits until the goroutine count stops changing and returns it.
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for range 50 {
		time.Sleep(20 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}
