package mirror

import (
	"time"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// The writes the target missed reach failed_writes_file through the journal's writer goroutine
// (filter/journal), so that neither a session's goroutines nor the process's sweeper ever wait
// for the disk, and no file I/O happens under a lock that Envoy's worker thread takes. A session
// holds its replies back while a record of its own waits (see Session.Flush), and the writer
// wakes it once the record is written: a client hears of a write only once its record exists.

// maxRecordQueue bounds the bytes of missed writes waiting for the disk; past it they are
// dropped, counted and logged, never silently.
const maxRecordQueue = 64 << 20

// missedWrite is a write the target missed, kept by its session until the lock is released.
type missedWrite struct {
	sent, targetErr []byte
	reason          string
	keyspace        string   // where the write's unqualified names resolve; see journal.Record
	texts           []string // its prepared statements' texts, in order
}

func (w missedWrite) size() int { return len(w.sent) + len(w.targetErr) + len(w.reason) }

func (m *Mirror) journalOptions() journal.Options {
	j := m.cfg.Journal
	return journal.Options{Path: m.cfg.FailedWritesFile, Sync: j.Sync, SyncInterval: time.Duration(j.SyncInterval),
		MaxFileBytes: j.MaxFileBytes, MaxTotalBytes: j.MaxTotalBytes, MaxQueueBytes: maxRecordQueue}
}

// record queues ws for failed_writes_file, and calls done once they are written, or dropped
// (counted in cqlmirror_journal_dropped_total and logged by the writer).
func (m *Mirror) record(ws []missedWrite, done func(err error)) {
	size := 0
	for _, w := range ws {
		size += w.size()
	}
	at := time.Now()
	m.journal.Append(size, func() []*journal.Record {
		recs := make([]*journal.Record, len(ws))
		for i, w := range ws {
			recs[i] = m.failedWrite(w, at)
		}
		return recs
	}, func(err error) {
		if err != nil {
			m.stats.JournalErrors.Add(uint64(len(ws)))
			m.mt.journalDropped.Add(float64(len(ws)))
			m.log.Error("writes the target missed could not be recorded: the clusters now differ with no record of it",
				"dropped", len(ws), "failed_writes_file", m.cfg.FailedWritesFile, "error", err)
		} else {
			m.stats.JournalRecords.Add(uint64(len(ws)))
			m.mt.journalRecords.Add(float64(len(ws)))
		}
		done(err)
	})
}
