// Command controlplane is cqlmirror's xDS control plane: it serves Envoy, over ADS, the listener
// with the cqlmirror filter built from one YAML file, and pushes every valid change to it.
//
//	controlplane -config FILE [-xds 127.0.0.1:18000]   serve, reloading FILE on change
//	controlplane check -config FILE                     validate FILE, print the error if any
//	controlplane set -config FILE field=value...        edit FILE (e.g. target.address=10.0.0.8:9042,
//	                                                    source.contact_points=[10.0.0.1:9042, 10.0.0.2:9042])
//	controlplane render -config FILE                    print the xDS resources FILE becomes
//	controlplane replay -config FILE [-journal FILE] [-dry-run] [-include-non-idempotent] [-failed FILE]
//	                                                    send the writes the target missed
//	                                                    (failed_writes_file) to it again
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "controlplane:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) > 0 && args[0] == "replay" {
		return runReplay(args[1:], os.Stdout, os.Stderr)
	}
	cmd := "serve"
	if len(args) > 0 && (args[0] == "check" || args[0] == "set" || args[0] == "render") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("controlplane "+cmd, flag.ContinueOnError)
	path := fs.String("config", "controlplane.yaml", "the control plane's YAML config")
	xds := fs.String("xds", "127.0.0.1:18000", "address of the ADS gRPC server")
	poll := fs.Duration("poll", 200*time.Millisecond, "how often the config and certificate files are checked for changes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch cmd {
	case "check":
		if _, err := LoadConfig(*path); err != nil {
			return err
		}
		fmt.Println(*path + ": valid")
		return nil
	case "set":
		if fs.NArg() == 0 {
			return fmt.Errorf("set: want field=value arguments, e.g. target.address=10.0.0.8:9042")
		}
		if err := SetFields(*path, fs.Args()); err != nil {
			return err
		}
		fmt.Println(*path + ": updated")
		return nil
	case "render":
		v, err := LoadConfig(*path)
		if err != nil {
			return err
		}
		out, err := Render(v)
		if err != nil {
			return err
		}
		os.Stdout.Write(out)
		return nil
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := NewServer(log)
	w := &Watcher{Path: *path, Every: *poll, Server: srv, Log: log}
	if err := w.Load(); err != nil {
		return err
	}
	l, err := net.Listen("tcp", *xds)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go w.Run(ctx)
	log.Info("serving ADS", "address", l.Addr().String(), "config", *path)
	return srv.Serve(ctx, l)
}
