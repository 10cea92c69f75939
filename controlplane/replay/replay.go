// Package replay sends the writes a cluster missed, as a failed-writes journal keeps them, to
// that cluster: each with its recorded timestamp, consistency, keyspace and protocol version, so
// that it stores what the other cluster stored and never overwrites a newer value. Writes that
// could change what they store when run twice (counter updates, list appends, conditional writes,
// writes without a timestamp) are listed and skipped unless asked for. Writes that fail again go
// to a new journal of the same format.
package replay

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/journal"
)

// Options say what to replay, where to, and where failures go.
type Options struct {
	// Files are the journal files, replayed in this order.
	Files []string
	// ContactPoints are the target's nodes, tried in order until one answers: replay needs no
	// discovery, any node takes any write. Each has its own TLS config (its ServerName the
	// contact point's host unless set). Address and TLS are a list of one, used when
	// ContactPoints is empty.
	ContactPoints []ContactPoint
	Address       string
	TLS           *tls.Config
	// Token is the SASL PLAIN token sent when the target asks for a login; nil sends none.
	Token []byte
	// ConnectTimeout bounds each connect and TLS handshake; RequestTimeout each request.
	// Defaults 5s.
	ConnectTimeout, RequestTimeout time.Duration
	// MaxInFlight caps the requests sent and not answered yet. Default 256.
	MaxInFlight int
	// DryRun reads and checks every record and connects to nothing.
	DryRun bool
	// IncludeNonIdempotent replays the writes NonIdempotent names too.
	IncludeNonIdempotent bool
	// FailedFile receives the records that fail, created on the first one. Required unless DryRun.
	FailedFile string
	// Out gets the records skipped and failed, one line each, and the counts at the end.
	Out io.Writer
	// Progress, when set, gets a line every ProgressEvery (default 1s): records done, rate.
	Progress      io.Writer
	ProgressEvery time.Duration
}

// ContactPoint is one host:port of the target; TLS, when set, wraps the connection.
type ContactPoint struct {
	Address string
	TLS     *tls.Config
}

// Result counts what a run did with each record.
type Result struct {
	// Records is the number of lines the journal files held when the run started.
	Records int
	// Replayed counts the writes the target took (in a dry run: would be sent).
	Replayed int
	// Skipped counts the writes not sent, by reason.
	Skipped map[string]int
	// Failed counts the records that failed: target errors, timeouts, statements the target would
	// not prepare, lines that are not records. FailedFile has them unless it is a dry run.
	Failed     int
	FailedFile string
	// NotAttempted counts records left when the run was cancelled.
	NotAttempted int
}

// SkippedTotal is the number of writes skipped for any reason.
func (r *Result) SkippedTotal() int {
	n := 0
	for _, c := range r.Skipped {
		n += c
	}
	return n
}

// DefaultFailedFile is where a run at now puts the failures of journal: beside it, named
// <journal>.failed-<UTC time>, which journal.Files never takes for a rotated file.
func DefaultFailedFile(journal string, now time.Time) string {
	return journal + ".failed-" + now.UTC().Format("20060102T150405Z")
}

// listedFailures is how many failures Out names one by one; FailedFile has them all.
const listedFailures = 20

type runner struct {
	o      Options
	dialer dialer
	target string // the contact points, for messages
	start  time.Time

	// Used by the dispatching goroutine alone.
	conns        map[connKey]*conn
	dials        map[connKey]int
	keyErr       map[connKey]error
	dialFailures int   // in a row, over every key
	downErr      error // the target is taken as unreachable
	dry          dryRun

	sem chan struct{}
	wg  sync.WaitGroup

	mu        sync.Mutex
	res       Result
	done      int
	listed    int
	failedW   *bufio.Writer
	failedF   *os.File
	failedErr error
}

type connKey struct {
	version  primitive.ProtocolVersion
	keyspace string
}

// dryRun tallies what a dry run would send.
type dryRun struct {
	versions  map[primitive.ProtocolVersion]int
	keyspaces map[string]int
	prepares  map[string]bool
}

// maxDials bounds the connects for one version and keyspace in a run: the first, and a few more
// after the connection closed. After maxDialFailures failed connects in a row, over every version
// and keyspace, the target is taken as unreachable and the writes left fail at once.
const (
	maxDials        = 4
	maxDialFailures = 3
)

// Run replays the journal files of o. It returns an error only for what stops it: a journal file
// that cannot be read, a failed journal that cannot be written, cancellation. Records that fail
// are counted in the Result.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 256
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 5 * time.Second
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = time.Second
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if !o.DryRun && o.FailedFile == "" {
		return nil, errors.New("replay: no file named for the writes that fail")
	}
	if len(o.ContactPoints) == 0 {
		o.ContactPoints = []ContactPoint{{Address: o.Address, TLS: o.TLS}}
	}
	var addrs []string
	for _, cp := range o.ContactPoints {
		addrs = append(addrs, cp.Address)
	}
	r := &runner{
		o:      o,
		dialer: dialer{points: o.ContactPoints, token: o.Token, connectTimeout: o.ConnectTimeout, requestTimeout: o.RequestTimeout},
		target: strings.Join(addrs, ","),
		start:  time.Now(),
		conns:  map[connKey]*conn{}, dials: map[connKey]int{}, keyErr: map[connKey]error{},
		dry: dryRun{versions: map[primitive.ProtocolVersion]int{}, keyspaces: map[string]int{}, prepares: map[string]bool{}},
		sem: make(chan struct{}, o.MaxInFlight),
		res: Result{Skipped: map[string]int{}},
	}
	sizes := make([]int64, len(o.Files))
	for i, path := range o.Files {
		n, size, err := countLines(path)
		if err != nil {
			return nil, err
		}
		r.res.Records += n
		sizes[i] = size
	}
	stopProgress := r.progress()
	var err error
	for i, path := range o.Files {
		if err = r.replayFile(ctx, path, sizes[i]); err != nil {
			break
		}
	}
	r.wg.Wait()
	stopProgress()
	for _, c := range r.conns {
		c.close()
	}
	if cerr := r.closeFailed(); err == nil {
		err = cerr
	}
	r.res.NotAttempted = r.res.Records - r.done
	r.summary()
	return &r.res, err
}

// countLines counts the lines of the file at path (a last one without its newline too).
func countLines(path string) (lines int, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	last := byte('\n')
	for {
		n, err := f.Read(buf)
		lines += bytes.Count(buf[:n], []byte{'\n'})
		size += int64(n)
		if n > 0 {
			last = buf[n-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", path, err)
		}
	}
	if last != '\n' {
		lines++
	}
	return lines, size, nil
}

// replayFile replays the first size bytes of the file at path: what it held when the run started.
// Records appended since are left for the next run.
func (r *runner) replayFile(ctx context.Context, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	err = journal.Lines(io.LimitReader(f, size), func(n int, line []byte, rec *journal.Record, bad error) error {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted at %s:%d: %w", path, n, ctx.Err())
		}
		loc := fmt.Sprintf("%s:%d", path, n)
		switch {
		case errors.Is(bad, journal.ErrCutShort):
			r.fail(loc, nil, line, bad)
			return nil
		case bad != nil:
			r.fail(loc, nil, line, fmt.Errorf("not a journal record: %w", bad))
			return nil
		}
		return r.record(ctx, loc, rec)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// record replays one record, or skips it, or counts it failed.
func (r *runner) record(ctx context.Context, loc string, rec *journal.Record) error {
	p, err := newPlan(rec)
	if err != nil {
		r.fail(loc, rec, nil, err)
		return nil
	}
	if why := p.nonIdempotent; why != "" {
		if !r.o.IncludeNonIdempotent {
			r.skip(loc, why, p.statement())
			return nil
		}
		r.mu.Lock()
		fmt.Fprintf(r.o.Out, "%s: not idempotent (%s), replayed all the same: %s\n", loc, why, p.statement())
		r.mu.Unlock()
	}
	if r.o.DryRun {
		r.dry.versions[p.version]++
		r.dry.keyspaces[p.keyspace]++
		for i, s := range p.texts {
			if p.prepared[i] {
				r.dry.prepares[p.keyspace+"\x00"+s] = true
			}
		}
		r.replayed()
		return nil
	}
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("interrupted at %s: %w", loc, ctx.Err())
	}
	c, err := r.conn(ctx, connKey{p.version, p.keyspace})
	var raw []byte
	if err == nil {
		raw, err = p.build(c)
	}
	if err != nil {
		<-r.sem
		r.fail(loc, rec, nil, err)
		return nil
	}
	r.wg.Add(1)
	c.send(raw, func(reply []byte, err error) {
		defer r.wg.Done()
		<-r.sem
		if err == nil {
			err = replyError(reply)
		}
		if err != nil {
			r.fail(loc, rec, nil, err)
			return
		}
		r.replayed()
	})
	return nil
}

// conn is the open connection for key, dialing it when there is none (or it was closed).
func (r *runner) conn(ctx context.Context, key connKey) (*conn, error) {
	if c := r.conns[key]; c != nil && c.closedBy() == nil {
		return c, nil
	}
	if err := r.keyErr[key]; err != nil {
		return nil, err
	}
	if r.downErr != nil {
		return nil, r.downErr
	}
	if r.dials[key] >= maxDials {
		r.keyErr[key] = fmt.Errorf("the connection (protocol v%d, keyspace %q) was closed %d times; the last: %w", key.version, key.keyspace, maxDials, r.conns[key].closedBy())
		return nil, r.keyErr[key]
	}
	r.dials[key]++
	c, err := r.dialer.dial(ctx, key.version, key.keyspace)
	if err != nil {
		r.keyErr[key] = err
		var refused *answerError
		if errors.As(err, &refused) { // e.g. a keyspace the target lacks: other keyspaces may work
			r.dialFailures = 0
			return nil, err
		}
		if r.dialFailures++; r.dialFailures >= maxDialFailures {
			r.downErr = err
		}
		return nil, err
	}
	r.dialFailures = 0
	r.conns[key] = c
	return c, nil
}

func (r *runner) replayed() {
	r.mu.Lock()
	r.res.Replayed++
	r.done++
	r.mu.Unlock()
}

func (r *runner) skip(loc, why, stmt string) {
	r.mu.Lock()
	fmt.Fprintf(r.o.Out, "%s: skipped, %s: %s\n", loc, why, stmt)
	r.res.Skipped[why]++
	r.done++
	r.mu.Unlock()
}

// fail counts a failed record (rec, or line when it is not a record), names it in Out while few
// have failed, and adds it to the failed journal.
func (r *runner) fail(loc string, rec *journal.Record, line []byte, why error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Failed++
	r.done++
	if r.listed++; r.listed <= listedFailures {
		fmt.Fprintf(r.o.Out, "%s: failed: %v\n", loc, why)
	} else if r.listed == listedFailures+1 {
		fmt.Fprintln(r.o.Out, "(the other failures are not listed one by one; the failed journal has them all)")
	}
	if r.o.DryRun || r.failedErr != nil {
		return
	}
	if rec != nil {
		failed := *rec
		failed.Reason = "replay: " + why.Error()
		if line, r.failedErr = journal.Encode(&failed); r.failedErr != nil {
			return
		}
	} else if !bytes.HasSuffix(line, []byte{'\n'}) {
		line = append(slices.Clip(line), '\n')
	}
	if r.failedW == nil {
		if r.failedF, r.failedErr = os.OpenFile(r.o.FailedFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); r.failedErr != nil {
			return
		}
		r.failedW = bufio.NewWriterSize(r.failedF, 1<<20)
		r.res.FailedFile = r.o.FailedFile
	}
	_, r.failedErr = r.failedW.Write(line)
}

func (r *runner) closeFailed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.failedErr
	if r.failedF != nil {
		err = errors.Join(err, r.failedW.Flush(), r.failedF.Sync(), r.failedF.Close())
	}
	if err != nil {
		return fmt.Errorf("failed journal %s: %w", r.o.FailedFile, err)
	}
	return nil
}

// progress writes a progress line every ProgressEvery until the returned func is called.
func (r *runner) progress() (stop func()) {
	if r.o.Progress == nil {
		return func() {}
	}
	quit, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(r.o.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				r.mu.Lock()
				done, total, failed := r.done, r.res.Records, r.res.Failed
				r.mu.Unlock()
				elapsed := time.Since(r.start)
				fmt.Fprintf(r.o.Progress, "replay: %d/%d records (%d%%), %.0f/s, %d failed, %d in flight\n",
					done, total, 100*done/max(total, 1), float64(done)/elapsed.Seconds(), failed, len(r.sem))
			}
		}
	}()
	return func() { close(quit); <-exited }
}

// summary writes the counts to Out.
func (r *runner) summary() {
	res, w := &r.res, r.o.Out
	var skipped []string
	for why, n := range res.Skipped {
		skipped = append(skipped, fmt.Sprintf("%s: %d", why, n))
	}
	sort.Strings(skipped)
	if r.o.DryRun {
		files := fmt.Sprintf("%d files", len(r.o.Files))
		if len(r.o.Files) == 1 {
			files = "1 file"
		}
		fmt.Fprintf(w, "dry run: %d records in %s; would replay %d to %s, skip %d, fail %d\n",
			res.Records, files, res.Replayed, r.target, res.SkippedTotal(), res.Failed)
		var vs, kss []string
		for v, n := range r.dry.versions {
			vs = append(vs, fmt.Sprintf("v%d: %d", v, n))
		}
		for ks, n := range r.dry.keyspaces {
			if ks == "" {
				ks = "(none: qualified names)"
			}
			kss = append(kss, fmt.Sprintf("%s: %d", ks, n))
		}
		sort.Strings(vs)
		sort.Strings(kss)
		if res.Replayed > 0 {
			fmt.Fprintf(w, "  by protocol version: %s\n  by keyspace: %s\n  statements to prepare again: %d\n",
				strings.Join(vs, ", "), strings.Join(kss, ", "), len(r.dry.prepares))
		}
	} else {
		fmt.Fprintf(w, "replay: %d records to %s in %s: replayed %d, skipped %d, failed %d\n",
			res.Records, r.target, time.Since(r.start).Round(time.Millisecond), res.Replayed, res.SkippedTotal(), res.Failed)
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "  skipped: %s", strings.Join(skipped, ", "))
		if !r.o.IncludeNonIdempotent {
			fmt.Fprint(w, " (-include-non-idempotent replays them)")
		}
		fmt.Fprintln(w)
	}
	if res.FailedFile != "" {
		fmt.Fprintf(w, "  failed: in %s (replay it with -journal once the cause is fixed)\n", res.FailedFile)
	}
	if res.NotAttempted > 0 {
		fmt.Fprintf(w, "  not attempted: %d (the run was interrupted)\n", res.NotAttempted)
	}
}
