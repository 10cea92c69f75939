package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cqlmirror/cqlmirror/controlplane/replay"
	"github.com/cqlmirror/cqlmirror/filter/clientauth"
	"github.com/cqlmirror/cqlmirror/filter/journal"
	"github.com/cqlmirror/cqlmirror/filter/mirror"
)

// runReplay is `controlplane replay`: it replays the journal of the writes the target missed.
func runReplay(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("controlplane replay", flag.ContinueOnError)
	path := fs.String("config", "controlplane.yaml", "the control plane's YAML config")
	journalFile := fs.String("journal", "", "replay this journal file alone (default: failed_writes_file, its rotated files first)")
	dryRun := fs.Bool("dry-run", false, "read and check every record, connect to nothing, print what would be done")
	include := fs.Bool("include-non-idempotent", false, "replay counter updates, list appends and prepends, conditional writes and writes without a timestamp too")
	failed := fs.String("failed", "", "the journal for writes that fail again (default <journal>.failed-<UTC time>)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("replay: unexpected arguments %q", fs.Args())
	}
	v, err := LoadConfig(*path)
	if err != nil {
		return err
	}
	o, base, err := replayOptions(v, *journalFile)
	if err != nil {
		return fmt.Errorf("%s: %w", *path, err)
	}
	if len(o.Files) == 0 {
		fmt.Fprintf(stdout, "nothing to replay: no journal at %s (failed_writes_file)\n", base)
		return nil
	}
	o.DryRun, o.IncludeNonIdempotent = *dryRun, *include
	o.FailedFile = *failed
	if o.FailedFile == "" {
		o.FailedFile = replay.DefaultFailedFile(base, time.Now())
	}
	o.Out, o.Progress = stdout, stderr
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	res, err := replay.Run(ctx, o)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if res.Failed > 0 {
		if o.DryRun {
			return fmt.Errorf("replay: %d records would fail", res.Failed)
		}
		return fmt.Errorf("replay: %d records failed; they are in %s", res.Failed, res.FailedFile)
	}
	return nil
}

// replayOptions maps a config onto a replay: to the cluster the filter mirrors writes to (the
// file's source under read_from: target), with its contact points (address, or contact_points),
// TLS, login and timeouts. The journal is journalFile alone if set, else failed_writes_file with
// its rotated files; base is the path the failed journal's default name starts from.
func replayOptions(v *Validated, journalFile string) (o replay.Options, base string, err error) {
	fc, err := mirror.ParseConfig(v.Filter)
	if err != nil {
		return o, "", err
	}
	name := "target"
	if v.ReadFrom == "target" {
		name = "source"
	}
	tgt := fc.Target
	if len(tgt.Nodes()) == 0 {
		return o, "", fmt.Errorf("field %q is empty: there is no cluster to replay to", name+".address")
	}
	for _, addr := range tgt.Nodes() {
		cp := replay.ContactPoint{Address: addr}
		if t := tgt.TLS; t != nil {
			if cp.TLS, err = clientauth.TLSConfig(name, addr, clientauth.TLSFiles{CAFile: t.CAFile, ServerName: t.ServerName, CertFile: t.CertFile, KeyFile: t.KeyFile}); err != nil {
				return o, "", err
			}
		}
		o.ContactPoints = append(o.ContactPoints, cp)
	}
	o.ConnectTimeout, o.RequestTimeout = time.Duration(fc.ConnectTimeout), time.Duration(fc.RequestTimeout)
	if c := tgt.Credentials; c != nil {
		if o.Token, err = clientauth.PlainToken(name, c.Username, c.PasswordFile); err != nil {
			return o, "", err
		}
	}
	if journalFile != "" {
		if _, err := os.Stat(journalFile); err != nil {
			return o, "", fmt.Errorf("-journal: %w", err)
		}
		o.Files = []string{journalFile}
		return o, journalFile, nil
	}
	o.Files, err = journal.Files(fc.FailedWritesFile)
	if err != nil {
		return o, "", fmt.Errorf("field \"failed_writes_file\": %w", err)
	}
	return o, fc.FailedWritesFile, nil
}
