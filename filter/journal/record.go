// Package journal keeps the writes one cluster missed, one JSON line each, so that they can be
// replayed later: the exact request, the keyspace it ran in, its protocol version, its consistency
// and its write timestamp. A Writer appends records with group commit, fsync and size-capped
// rotation; Files and Read give them back, oldest first.
package journal

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Record is one line of a journal: a write the target missed (or was never sent).
type Record struct {
	Time       time.Time `json:"time"`
	StatPrefix string    `json:"stat_prefix"`
	// Target is the address the write was meant for.
	Target string `json:"target"`
	// Reason says why the target does not have it, e.g. its error or "target queue full".
	Reason string `json:"reason"`
	// Opcode is QUERY, EXECUTE or BATCH.
	Opcode string `json:"opcode"`
	// Version is the frame's protocol version (3, 4 or 5).
	Version int `json:"protocol_version"`
	// Keyspace is where unqualified table names resolve: the v5 frame's own keyspace, else, for
	// a prepared statement, the keyspace it was prepared in, else the session's USE keyspace.
	// Empty when none applied.
	Keyspace    string `json:"keyspace,omitempty"`
	Consistency string `json:"consistency,omitempty"`
	// TimestampMicros is the write timestamp both clusters were meant to store; nil when the
	// statement's text carries it (USING TIMESTAMP).
	TimestampMicros *int64 `json:"timestamp_us,omitempty"`
	// Statements holds the CQL text of each statement, in order (one, except for a BATCH);
	// Values their bound values in hex, null for a null value.
	Statements []string    `json:"statements"`
	Values     [][]*string `json:"values"`
	// Frame is the exact request the target was sent, base64. An EXECUTE's (or a BATCH child's)
	// prepared id in it is the target's at that time; a replay prepares Statements again.
	Frame string `json:"frame"`
}

// rotatedLayout names a rotated file: the journal's path, a dot, and the UTC time it was rotated,
// so that names sort in time order.
const rotatedLayout = "20060102T150405.000000000Z"

// RotatedName is the name a journal at path takes when it is rotated at t.
func RotatedName(path string, t time.Time) string {
	return path + "." + t.UTC().Format(rotatedLayout)
}

// Files lists the journal at path: its rotated files, oldest first, then path itself. Files that
// do not exist are left out.
func Files(path string) ([]string, error) {
	matches, err := filepath.Glob(globEscape(path) + ".*")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		if _, err := time.Parse(rotatedLayout, strings.TrimPrefix(m, path+".")); err == nil {
			out = append(out, m)
		}
	}
	sort.Strings(out)
	if _, err := os.Stat(path); err == nil {
		out = append(out, path)
	} else if !os.IsNotExist(err) {
		return nil, err
	}
	return out, nil
}

func globEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(s)
}

// ErrCutShort is why a last line without its newline holds no record.
var ErrCutShort = errors.New("cut short (no newline): a write in progress, or one a crash cut short")

// Lines calls fn for each line of r in order, with its number (from 1) and its bytes: rec is the
// record it holds, or bad says why it holds none (not JSON, or a last line cut short, without its
// newline, by a crash). An error from fn stops the read and is returned.
func Lines(r io.Reader, fn func(n int, raw []byte, rec *Record, bad error) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && err == io.EOF {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		var rec Record
		var bad error
		if err == io.EOF {
			bad = ErrCutShort
		} else if jerr := json.Unmarshal(line, &rec); jerr != nil {
			bad = jerr
		}
		if bad != nil {
			err = fn(n, line, nil, bad)
		} else {
			err = fn(n, line, &rec, nil)
		}
		if err != nil {
			return err
		}
	}
}

// Read calls fn for each record of r in order, with its line number (from 1). Lines that are not
// records are passed over, and reported at the end as a *BadLines error; an error from fn stops
// the read and is returned.
func Read(r io.Reader, fn func(line int, rec *Record) error) error {
	var bad BadLines
	err := Lines(r, func(n int, _ []byte, rec *Record, why error) error {
		if why != nil {
			bad.Lines = append(bad.Lines, BadLine{n, why.Error()})
			return nil
		}
		return fn(n, rec)
	})
	if err == nil && len(bad.Lines) > 0 {
		return &bad
	}
	return err
}

// BadLines lists the lines Read passed over.
type BadLines struct{ Lines []BadLine }

// BadLine is one line that is not a record, and why.
type BadLine struct {
	Line int
	Why  string
}

func (b *BadLines) Error() string {
	l := b.Lines[0]
	if len(b.Lines) == 1 {
		return fmt.Sprintf("line %d is not a record: %s", l.Line, l.Why)
	}
	return fmt.Sprintf("%d lines are not records, the first line %d: %s", len(b.Lines), l.Line, l.Why)
}

// ReadFile is Read on the file at path.
func ReadFile(path string, fn func(line int, rec *Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := Read(f, fn); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Encode is rec as one journal line, newline included.
func Encode(rec *Record) ([]byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
