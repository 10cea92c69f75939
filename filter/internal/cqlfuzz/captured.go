package cqlfuzz

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
)

// Kinds of captured records.
const (
	// KindFrame is a whole frame, uncompressed and outside any segment: as it went over the wire
	// on a connection without compression, or after decompression or desegmentation.
	KindFrame = "frame"
	// KindLZ4Frame and KindSnappyFrame are v3 or v4 frames as they went over the wire, with the
	// compression flag set and the body compressed.
	KindLZ4Frame    = "lz4-frame"
	KindSnappyFrame = "snappy-frame"
	// KindSegment and KindLZ4Segment are v5 segments as they went over the wire, header and CRCs
	// included.
	KindSegment    = "segment"
	KindLZ4Segment = "lz4-segment"
)

//go:embed testdata/captured/requests.txt testdata/captured/replies.txt
var capturedFiles embed.FS

var (
	capturedOnce sync.Once
	captured     map[bool]map[string][][]byte
)

// Captured returns the records of one kind that real drivers sent (replies false) or that a real
// Cassandra node sent back (replies true), from testdata/captured.
func Captured(replies bool, kind string) [][]byte {
	capturedOnce.Do(func() {
		captured = map[bool]map[string][][]byte{false: {}, true: {}}
		for replies, name := range map[bool]string{false: "requests.txt", true: "replies.txt"} {
			b, err := capturedFiles.ReadFile("testdata/captured/" + name)
			if err != nil {
				panic(err)
			}
			if err := parseCaptures(b, captured[replies]); err != nil {
				panic(fmt.Sprintf("testdata/captured/%s: %v", name, err))
			}
		}
	})
	return captured[replies][kind]
}

// parseCaptures reads lines of "KIND ORIGIN HEX" into by, by kind; blank lines and lines starting
// with # are comments.
func parseCaptures(b []byte, by map[string][][]byte) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return fmt.Errorf("line %d: want KIND ORIGIN HEX", n)
		}
		raw, err := hex.DecodeString(f[2])
		if err != nil {
			return fmt.Errorf("line %d: %v", n, err)
		}
		by[f[0]] = append(by[f[0]], raw)
	}
	return sc.Err()
}
