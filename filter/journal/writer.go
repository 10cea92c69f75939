package journal

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Sync policies, named after Cassandra's commitlog_sync.
const (
	// SyncPeriodic writes each record to the file (the OS has it: it survives the process) before
	// done is called, and fsyncs every SyncInterval while there is something to sync.
	SyncPeriodic = "periodic"
	// SyncBatch fsyncs each group of records before done is called: a host crash loses nothing
	// acknowledged, at the cost of one fsync per group.
	SyncBatch = "batch"
)

// Options configure a Writer.
type Options struct {
	Path          string
	Sync          string
	SyncInterval  time.Duration
	MaxFileBytes  int64 // the current file is rotated before it would grow past this
	MaxTotalBytes int64 // the current and rotated files together; past it records are dropped
	MaxQueueBytes int64 // records waiting for the writer; past it they are dropped
}

// ErrFull is the error done gets for records dropped because the journal's files reached
// MaxTotalBytes or its queue MaxQueueBytes.
var ErrFull = errors.New("journal full")

// Stats count what a Writer did since the process started.
type Stats struct {
	Records   atomic.Uint64 // written
	Dropped   atomic.Uint64 // not written: the files were full, or the disk failed
	Rotations atomic.Uint64
	Syncs     atomic.Uint64
	// Bytes is the size of the current and rotated files, as the writer last knew it.
	Bytes atomic.Int64
}

// Writer appends records to one journal file. One Writer serves every user of a path in the
// process (see Open); its goroutine runs while records wait or a sync is due.
type Writer struct {
	Stats Stats
	log   *slog.Logger

	mu      sync.Mutex
	opts    Options
	refs    int
	queue   []job
	queued  int64
	running bool
	kick    chan struct{}

	// The writer goroutine's own.
	f      *os.File
	size   int64 // of the current file
	total  int64 // of all files
	dirty  bool  // written since the last fsync
	synced time.Time
}

type job struct {
	size  int64
	make  func() []*Record
	done  func(err error)
	reply bool // done still owes its call
}

var (
	openMu  sync.Mutex
	writers = map[string]*Writer{}
)

// Open returns the process's Writer for opts.Path, taking a reference that Close gives back. A
// path already open takes the newest opts.
func Open(opts Options, log *slog.Logger) *Writer {
	openMu.Lock()
	defer openMu.Unlock()
	w := writers[opts.Path]
	if w == nil {
		w = &Writer{log: log, kick: make(chan struct{}, 1)}
		writers[opts.Path] = w
	}
	w.mu.Lock()
	w.opts, w.log = opts, log
	w.refs++
	w.mu.Unlock()
	return w
}

// Each calls fn with every journal the process opened, and its stats.
func Each(fn func(path string, st *Stats)) {
	openMu.Lock()
	defer openMu.Unlock()
	for p, w := range writers {
		fn(p, &w.Stats)
	}
}

// Path is the journal's current file.
func (w *Writer) Path() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.opts.Path
}

// Append queues records of about size bytes; make builds them on the writer's goroutine, and
// done gets nil once they are written (under SyncBatch: synced), else why they were not.
func (w *Writer) Append(size int, make func() []*Record, done func(err error)) {
	w.mu.Lock()
	if max := w.opts.MaxQueueBytes; max > 0 && w.queued+int64(size) > max {
		w.mu.Unlock()
		done(fmt.Errorf("%w: %d bytes wait for the disk (at most %d)", ErrFull, w.queued, max))
		return
	}
	w.queue = append(w.queue, job{size: int64(size), make: make, done: done, reply: true})
	w.queued += int64(size)
	w.wakeLocked()
}

// wakeLocked starts the writer goroutine or wakes it, and unlocks w.mu.
func (w *Writer) wakeLocked() {
	if !w.running {
		w.running = true
		go w.run()
	}
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Close gives back Open's reference. The last one lets the goroutine finish the queue, fsync
// and close the file; Close itself never waits for the disk. A later Append opens it again.
func (w *Writer) Close() {
	w.mu.Lock()
	w.refs--
	if w.refs > 0 {
		w.mu.Unlock()
		return
	}
	w.wakeLocked()
}

func (w *Writer) run() {
	syncDue := time.NewTimer(time.Hour)
	syncDue.Stop()
	defer syncDue.Stop()
	for {
		w.mu.Lock()
		jobs, opts, refs := w.queue, w.opts, w.refs
		w.queue = nil
		if len(jobs) == 0 && refs > 0 && !w.dirty {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		switch {
		case len(jobs) > 0:
			w.write(jobs, opts)
			if opts.Sync == SyncBatch {
				w.sync(opts)
			}
			for i := range jobs {
				w.finish(&jobs[i], nil)
			}
			if w.dirty {
				syncDue.Reset(max(opts.SyncInterval-time.Since(w.synced), 0))
			}
		case refs == 0:
			w.sync(opts)
			if w.f != nil {
				w.f.Close()
				w.f = nil
			}
			w.mu.Lock()
			done := len(w.queue) == 0 && w.refs == 0
			if done {
				w.running = false
			}
			w.mu.Unlock()
			if done {
				return
			}
		default: // dirty: wait for more records or for the sync
			select {
			case <-w.kick:
			case <-syncDue.C:
				w.sync(opts)
			}
		}
	}
}

// finish calls a job's done (once) and takes its bytes off the queue.
func (w *Writer) finish(j *job, err error) {
	if !j.reply {
		return
	}
	j.reply = false
	w.mu.Lock()
	w.queued -= j.size
	w.mu.Unlock()
	j.done(err)
}

// write writes each job's records, or fails the job whole; a job's done is called by the caller
// unless write already did (on failure).
func (w *Writer) write(jobs []job, opts Options) {
	for i := range jobs {
		j := &jobs[i]
		err := w.writeJob(j, opts)
		if err != nil {
			w.finish(j, err)
		}
	}
}

func (w *Writer) writeJob(j *job, opts Options) (err error) {
	var recs []*Record
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("panic building or writing records: %v", v)
		}
		if err != nil {
			w.Stats.Dropped.Add(uint64(len(recs)))
		}
	}()
	recs = j.make()
	var buf []byte
	for _, r := range recs {
		line, err := Encode(r)
		if err != nil {
			return err
		}
		buf = append(buf, line...)
	}
	if len(buf) == 0 {
		return nil
	}
	if err := w.open(opts); err != nil {
		return err
	}
	n := int64(len(buf))
	if opts.MaxTotalBytes > 0 && w.total+n > opts.MaxTotalBytes {
		w.recount(opts) // the operator may have replayed and removed rotated files
		if w.total+n > opts.MaxTotalBytes {
			return fmt.Errorf("%w: its files hold %d bytes, max_total_bytes is %d; replay and remove rotated files", ErrFull, w.total, opts.MaxTotalBytes)
		}
	}
	if opts.MaxFileBytes > 0 && w.size > 0 && w.size+n > opts.MaxFileBytes {
		if err := w.rotate(opts); err != nil {
			return err
		}
	}
	m, err := w.f.Write(buf)
	w.size += int64(m)
	w.total += int64(m)
	w.Stats.Bytes.Store(w.total)
	w.dirty = w.dirty || m > 0
	if err != nil {
		if m > 0 {
			// A cut line would join the next record's; end it so only it reads as damaged.
			w.f.Write([]byte{'\n'})
			w.size++
			w.total++
		}
		return err
	}
	w.Stats.Records.Add(uint64(len(recs)))
	return nil
}

// open opens the current file if it is not, ending a line a crash left cut short.
func (w *Writer) open(opts Options) error {
	if w.f != nil {
		return nil
	}
	f, err := os.OpenFile(opts.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	w.f, w.size = f, st.Size()
	if w.size > 0 && st.Mode().IsRegular() && !endsLine(opts.Path, w.size) {
		if _, err := f.Write([]byte{'\n'}); err == nil {
			w.size++
		}
	}
	w.recount(opts)
	return nil
}

func endsLine(path string, size int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	last := make([]byte, 1)
	_, err = f.ReadAt(last, size-1)
	return err != nil || last[0] == '\n'
}

func (w *Writer) recount(opts Options) {
	files, err := Files(opts.Path)
	if err != nil {
		return
	}
	var total int64
	for _, p := range files {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	w.total = total
	w.Stats.Bytes.Store(total)
}

// rotate syncs and closes the current file, renames it with the time, and opens a new one.
func (w *Writer) rotate(opts Options) error {
	w.sync(opts)
	w.f.Close()
	w.f = nil
	if err := os.Rename(opts.Path, RotatedName(opts.Path, time.Now())); err != nil {
		return fmt.Errorf("rotating: %w", err)
	}
	w.Stats.Rotations.Add(1)
	w.log.Info("journal rotated", "journal", opts.Path, "max_file_bytes", opts.MaxFileBytes)
	return w.open(opts)
}

func (w *Writer) sync(opts Options) {
	if w.f == nil || !w.dirty {
		return
	}
	if err := w.f.Sync(); err != nil {
		w.log.Error("journal: fsync failed", "journal", opts.Path, "error", err)
		return
	}
	w.dirty = false
	w.synced = time.Now()
	w.Stats.Syncs.Add(1)
}
