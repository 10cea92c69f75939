package cql

import (
	"encoding/binary"
	"fmt"
	"testing"
	"time"
)

func TestFunctionMarkers(t *testing.T) {
	for _, tc := range []struct{ in, want, calls string }{
		{"INSERT INTO t (k, id, v) VALUES (?, now(), ?)", "INSERT INTO t (k, id, v) VALUES (?, ?, ?)", "[{1 now}]"},
		{"INSERT INTO t (k, a, b, c, d, e) VALUES (?, uuid(), currentTimestamp(), currentDate(), currentTime(), currentTimeUUID())",
			"INSERT INTO t (k, a, b, c, d, e) VALUES (?, ?, ?, ?, ?, ?)", "[{1 uuid} {2 currenttimestamp} {3 currentdate} {4 currenttime} {5 currenttimeuuid}]"},
		{"INSERT INTO t (k, id) VALUES (:k, NOW( ))", "INSERT INTO t (k, id) VALUES (:k, :cqlmirror_fn_0)", "[{1 now}]"},
		{"UPDATE t SET v = ?, ts = currentTimestamp() WHERE k = ? AND id = now()", "UPDATE t SET v = ?, ts = ? WHERE k = ? AND id = ?", "[{1 currenttimestamp} {3 now}]"},
		{"INSERT INTO t (k, ts) VALUES (?, toTimestamp(now()))", "INSERT INTO t (k, ts) VALUES (?, toTimestamp(now()))", "[]"},
		{"INSERT INTO t (k, v) VALUES (?, 'now()') -- uuid()", "INSERT INTO t (k, v) VALUES (?, 'now()') -- uuid()", "[]"},
		{"INSERT INTO t (k, v, w) VALUES (?, :v, now())", "INSERT INTO t (k, v, w) VALUES (?, :v, now())", "[]"}, // mixed: invalid CQL
		{"SELECT * FROM t WHERE k IN (now(), ?)", "SELECT * FROM t WHERE k IN (?, ?)", "[{0 now}]"},
		{"INSERT INTO t (k) VALUES (ks.now())", "INSERT INTO t (k) VALUES (ks.now())", "[]"},
	} {
		text, calls := FunctionMarkers([]byte(tc.in))
		if string(text) != tc.want || fmt.Sprint(calls) != tc.calls {
			t.Errorf("%s:\n got %s %v\nwant %s %s", tc.in, text, calls, tc.want, tc.calls)
		}
	}
}

func TestFunctionValueTypes(t *testing.T) {
	now := time.Date(2026, 12, 2, 13, 30, 15, 500, time.UTC)
	if v := FunctionValue("now", now); len(v) != 16 || v[6]>>4 != 1 {
		t.Errorf("now(): % x is not a version-1 UUID", v)
	}
	if v := FunctionValue("uuid", now); len(v) != 16 || v[6]>>4 != 4 {
		t.Errorf("uuid(): % x is not a version-4 UUID", v)
	}
	if v := FunctionValue("currenttimestamp", now); int64(binary.BigEndian.Uint64(v)) != now.UnixMilli() {
		t.Errorf("currentTimestamp(): % x", v)
	}
	if v := FunctionValue("currentdate", now); binary.BigEndian.Uint32(v) != uint32(now.Unix()/86400+1<<31) {
		t.Errorf("currentDate(): % x", v)
	}
	if v := FunctionValue("currenttime", now); binary.BigEndian.Uint64(v) != uint64((13*3600+30*60+15)*time.Second+500) {
		t.Errorf("currentTime(): % x", v)
	}
}
