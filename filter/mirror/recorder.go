package mirror

// The writes the target missed reach failed_writes_file through a queue and one writer goroutine
// per filter config, so that neither a session's goroutines nor the process's sweeper ever wait
// for the disk, and no file I/O happens under a lock that Envoy's worker thread takes. A session
// holds its replies back while a record of its own waits (see Session.Flush), and the writer
// wakes it once the record is written: a client hears of a write only once its record exists.

// maxRecordQueue bounds the bytes of missed writes waiting for the disk; past it they are
// dropped, counted in journal_errors and logged, never silently.
const maxRecordQueue = 64 << 20

// missedWrite is a write the target missed, kept by its session until the lock is released.
type missedWrite struct {
	sent, targetErr []byte
	reason          string
}

func (w missedWrite) size() int { return len(w.sent) + len(w.targetErr) + len(w.reason) }

type journalJob struct {
	writes []missedWrite
	done   func() // called once the writes are recorded, or dropped
}

// record queues ws for failed_writes_file, and calls done once they are written.
func (m *Mirror) record(ws []missedWrite, done func()) {
	j := &m.journal
	size := 0
	for _, w := range ws {
		size += w.size()
	}
	j.mu.Lock()
	if j.queued+size > maxRecordQueue {
		j.mu.Unlock()
		m.stats.JournalErrors.Add(uint64(len(ws)))
		m.log.Error("failed_writes_file does not keep up; writes the target missed were dropped unrecorded",
			"dropped", len(ws), "queued_bytes", maxRecordQueue, "failed_writes_file", j.path)
		done()
		return
	}
	j.queue = append(j.queue, journalJob{ws, done})
	j.queued += size
	start := !j.running
	j.running = true
	j.mu.Unlock()
	if start {
		go m.writeRecords()
	}
}

// writeRecords is the writer goroutine: it writes what is queued until the queue is empty.
func (m *Mirror) writeRecords() {
	j := &m.journal
	defer func() {
		if v := recover(); v != nil {
			m.Recovered("writing failed_writes_file", v)
			j.mu.Lock()
			j.running = false
			j.mu.Unlock()
		}
	}()
	for {
		j.mu.Lock()
		jobs := j.queue
		j.queue = nil
		if len(jobs) == 0 {
			j.running, j.queued = false, 0
			if j.closing && j.f != nil {
				j.f.Close()
				j.f = nil
			}
			j.mu.Unlock()
			return
		}
		j.mu.Unlock()
		for _, job := range jobs {
			m.writeJob(job)
		}
	}
}

func (m *Mirror) writeJob(job journalJob) {
	defer job.done()
	size := 0
	for _, w := range job.writes {
		m.recordFailedWrite(w.sent, w.reason, w.targetErr)
		size += w.size()
	}
	m.journal.mu.Lock()
	m.journal.queued -= size
	m.journal.mu.Unlock()
}

// close closes the file now if no writer runs, else lets the writer close it once it is done; it
// never waits for the disk. A write recorded later opens the file again.
func (j *journal) close() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.closing = true
	if !j.running && j.f != nil {
		j.f.Close()
		j.f = nil
	}
}
