package cql

import (
	"testing"
	"time"
)

func TestRewriteFunctions(t *testing.T) {
	l := Literals{
		Now:      time.Date(2026, 11, 25, 4, 5, 6, 789000000, time.UTC),
		TimeUUID: func() string { return "11111111-2222-1333-8444-555555555555" },
		UUID:     func() string { return "99999999-8888-4777-8666-555555555555" },
	}
	for in, want := range map[string]string{
		"INSERT INTO t (k, id, at) VALUES (uuid(), now(), toTimestamp(now()))":  "INSERT INTO t (k, id, at) VALUES (99999999-8888-4777-8666-555555555555, 11111111-2222-1333-8444-555555555555, toTimestamp(11111111-2222-1333-8444-555555555555))",
		"UPDATE t SET ts = currentTimestamp ( ), d = CURRENTDATE() WHERE k = 1": "UPDATE t SET ts = 1795579506789, d = '2026-11-25' WHERE k = 1",
		"INSERT INTO t (k, s) VALUES (1, 'now() stays text')":                   "INSERT INTO t (k, s) VALUES (1, 'now() stays text')",
		"INSERT INTO t (k, \"now\") VALUES (1, 'it''s now()') -- now()":         "INSERT INTO t (k, \"now\") VALUES (1, 'it''s now()') -- now()",
		"INSERT INTO t (k, t) VALUES (1, currenttime()) /* uuid() */":           "INSERT INTO t (k, t) VALUES (1, '04:05:06.789000000') /* uuid() */",
		"INSERT INTO t (k, f) VALUES (1, ks.now())":                             "INSERT INTO t (k, f) VALUES (1, ks.now())",
		"INSERT INTO t (k, f) VALUES (1, now(1))":                               "INSERT INTO t (k, f) VALUES (1, now(1))",
	} {
		got, _ := RewriteFunctions([]byte(in), l)
		if string(got) != want {
			t.Errorf("RewriteFunctions(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
