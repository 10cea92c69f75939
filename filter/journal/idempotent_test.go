package journal

import "testing"

func TestNonIdempotent(t *testing.T) {
	const (
		counter     = "counter update"
		counterOrL  = "counter update or list append (the value's type is not in the text)"
		counterOrRm = "counter update or collection removal (the value's type is not in the text)"
		notExists   = "conditional write (IF NOT EXISTS)"
		exists      = "conditional write (IF EXISTS)"
		cond        = "conditional write (IF condition)"
	)
	for _, c := range []struct{ stmt, why string }{
		// Idempotent writes.
		{"INSERT INTO ks.kv (k, v) VALUES (1, 'a')", ""},
		{"INSERT INTO kv (k, v) VALUES (?, ?) USING TTL 10", ""},
		{"UPDATE kv SET v = 'x' WHERE k = 1", ""},
		{"UPDATE kv SET v = ? WHERE k = ?", ""},
		{"DELETE FROM kv WHERE k = 1", ""},
		{"UPDATE t SET s = s + {1, 2} WHERE k = 1", ""},
		{"UPDATE t SET m = m + {'a': 1} WHERE k = 1", ""},
		{"UPDATE t SET s = s - {1} WHERE k = 1", ""},
		{"UPDATE t SET l = l - [1] WHERE k = 1", ""},
		{"UPDATE t SET l[0] = 5 WHERE k = 1", ""},
		{"UPDATE t SET s += {1} WHERE k = 1", ""},
		{"UPDATE t SET a = b + 1 WHERE k = 1", ""},
		{"UPDATE t SET v = 'c = c + 1' WHERE k = 1", ""},
		{"UPDATE t SET v = 'x' WHERE k = 1 -- IF EXISTS", ""},
		{"UPDATE t SET v = 'x' /* IF v = 'y' */ WHERE k = 1", ""},
		{"INSERT INTO t (k, v) VALUES (1, 'IF NOT EXISTS')", ""},
		{"INSERT INTO t (k, v) VALUES (1, $$ IF NOT EXISTS $$)", ""},
		{`INSERT INTO t (k, "if") VALUES (1, 2)`, ""},
		{`UPDATE t SET "C" = c + 1 WHERE k = 1`, ""}, // "C" and c are two columns
		{"BEGIN BATCH INSERT INTO t (k) VALUES (1); UPDATE t SET v = 'a' WHERE k = 2; APPLY BATCH", ""},
		{"BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1) APPLY BATCH", ""},
		{"SELECT * FROM t WHERE k = 1 IF", ""},
		{"CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)", ""},
		{"", ""},
		// Counters.
		{"UPDATE ks.c SET c = c + 1 WHERE k = 1", counter},
		{"update c set n = n - 3 where k = 1", counter},
		{"UPDATE c SET n = n + -1 WHERE k = 1", counter},
		{"UPDATE c SET v = 'a', n = N + 1 WHERE k = 1", counter},
		{`UPDATE c SET "N" = "N" + 1 WHERE k = 1`, counter},
		{`UPDATE c SET n = "n" + 1 WHERE k = 1`, counter},
		{"UPDATE c SET n += 2 WHERE k = 1", counter},
		{"UPDATE c SET n -= 2 WHERE k = 1", counter},
		{"UPDATE c SET n = n + ? WHERE k = ?", counterOrL},
		{"UPDATE c SET n = n - ? WHERE k = ?", counterOrRm},
		{"UPDATE c SET n = n + :delta WHERE k = :k", counterOrL},
		{"UPDATE c SET n += ? WHERE k = ?", counterOrL},
		{"BEGIN COUNTER BATCH UPDATE c SET n = n + 1 WHERE k = 1; APPLY BATCH", "counter batch"},
		{"begin counter batch update c set n = n + 1 where k = 1 apply batch", "counter batch"},
		// Lists.
		{"UPDATE t SET l = l + [1, 2] WHERE k = 1", "list append"},
		{"UPDATE t SET l += ['a'] WHERE k = 1", "list append"},
		{"UPDATE t SET l = [0] + l WHERE k = 1", "list prepend"},
		{"UPDATE t SET l = [[0], [1]] + l WHERE k = 1", "list prepend"},
		{"UPDATE t SET l = ? + l WHERE k = 1", "list prepend"},
		{"UPDATE t SET l = fromJson('[1]') + l WHERE k = 1", "list prepend"},
		// Conditions.
		{"INSERT INTO t (k, v) VALUES (1, 'a') IF NOT EXISTS", notExists},
		{"insert into t (k, v) values (1, 'a') if  not\n exists", notExists},
		{"INSERT INTO t (k, v) VALUES (1, 'a') IF NOT EXISTS USING TTL 5", notExists},
		{"UPDATE t SET v = 'a' WHERE k = 1 IF EXISTS", exists},
		{"DELETE FROM t WHERE k = 1 If Exists", exists},
		{"UPDATE t SET v = 'b' WHERE k = 1 IF v = 'a'", cond},
		{"DELETE FROM t WHERE k = 1 IF v IN ('IF', 'b')", cond},
		{"UPDATE t /* comment */ SET v = 'IF' WHERE k = 1 IF \"v\" = 'a'", cond},
		{"BEGIN BATCH INSERT INTO t (k) VALUES (1) IF NOT EXISTS; APPLY BATCH", notExists},
	} {
		if got := NonIdempotent(c.stmt); got != c.why {
			t.Errorf("NonIdempotent(%q) = %q, want %q", c.stmt, got, c.why)
		}
	}
}

func TestUsesTimestamp(t *testing.T) {
	for stmt, want := range map[string]bool{
		"INSERT INTO t (k) VALUES (1)":                                                                                            false,
		"INSERT INTO t (k) VALUES (1) USING TIMESTAMP 123":                                                                        true,
		"INSERT INTO t (k) VALUES (1) using ttl 5 and timestamp ?":                                                                true,
		"INSERT INTO t (k) VALUES (1) USING TTL 5":                                                                                false,
		"UPDATE t USING TIMESTAMP :ts SET v = 1 WHERE k = 1":                                                                      true,
		"UPDATE t SET timestamp = 1 WHERE k = 1 AND timestamp = 2":                                                                false,
		"INSERT INTO t (k, v) VALUES (1, 'USING TIMESTAMP 5')":                                                                    false,
		"DELETE FROM t USING TIMESTAMP 5 WHERE k = 1":                                                                             true,
		"BEGIN BATCH USING TIMESTAMP 5 INSERT INTO t (k) VALUES (1); APPLY BATCH":                                                 true,
		"BEGIN BATCH INSERT INTO t (k) VALUES (1) USING TIMESTAMP 1; INSERT INTO t (k) VALUES (2) USING TIMESTAMP 2; APPLY BATCH": true,
		"BEGIN BATCH INSERT INTO t (k) VALUES (1) USING TIMESTAMP 1; INSERT INTO t (k) VALUES (2); APPLY BATCH":                   false,
		"SELECT * FROM t USING TIMESTAMP 1":                                                                                       false,
	} {
		if got := UsesTimestamp(stmt); got != want {
			t.Errorf("UsesTimestamp(%q) = %v, want %v", stmt, got, want)
		}
	}
}
