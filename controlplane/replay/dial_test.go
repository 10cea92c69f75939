package replay

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// node answers every connection's first request (STARTUP) with reply and closes it; it returns
// its address.
func node(t *testing.T, reply message.Message) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			nc, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				f, err := codec.DecodeFrame(nc)
				if err != nil {
					return
				}
				nc.Write(cql.Encode(primitive.ProtocolVersion4, f.Header.StreamId, reply))
			}()
		}
	}()
	return l.Addr().String()
}

// closedPort is an address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestDialTriesTheContactPointsInOrderUntilOneAnswers(t *testing.T) {
	dead, live := closedPort(t), node(t, &message.Ready{})
	d := dialer{points: []ContactPoint{{Address: dead}, {Address: live}}, connectTimeout: time.Second, requestTimeout: time.Second}
	c, err := d.dial(context.Background(), primitive.ProtocolVersion4, "")
	if err != nil {
		t.Fatal(err)
	}
	c.close()
	if d.next != 1 {
		t.Errorf("next dial starts at point %d, want 1 (the one that answered)", d.next)
	}

	d = dialer{points: []ContactPoint{{Address: dead}, {Address: closedPort(t)}}, connectTimeout: time.Second, requestTimeout: time.Second}
	_, err = d.dial(context.Background(), primitive.ProtocolVersion4, "")
	if err == nil || !strings.HasPrefix(err.Error(), "connect to "+dead+": ") || !strings.Contains(err.Error(), "; connect to "+d.points[1].Address+": ") {
		t.Errorf("no point answers: %v", err)
	}

	// A point that answers with an error is an answer: the others would say the same.
	refusing := node(t, &message.ProtocolError{ErrorMessage: "unsupported version"})
	d = dialer{points: []ContactPoint{{Address: refusing}, {Address: live}}, connectTimeout: time.Second, requestTimeout: time.Second}
	_, err = d.dial(context.Background(), primitive.ProtocolVersion4, "")
	var answered *answerError
	if err == nil || !errors.As(err, &answered) || !strings.HasPrefix(err.Error(), "connect to "+refusing+": STARTUP at protocol v4: the target answered") {
		t.Errorf("a refusing point: %v", err)
	}
}
