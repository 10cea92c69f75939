package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

// The soak's figures as Markdown, and their place in docs/RELIABILITY.md.

const (
	soakBegin = "<!-- soak figures: begin (written by TestSoak; do not edit by hand) -->"
	soakEnd   = "<!-- soak figures: end -->"
)

func soakTable(cfg soakSettings, results []*soakResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run %s, `%s`.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"), cfg.command)
	fmt.Fprintf(&b, "Machine: %s.\n\n", machine())
	fmt.Fprintf(&b, "Load: at least %d writes in each of the two modes, paced at %.0f writes/s, over %d client connections each (gocql, one session of one connection each); %s of load between faults; replay: `controlplane replay -config`.\n\n",
		cfg.writes, cfg.rate, cfg.conns, cfg.gap.Round(100*time.Millisecond))
	row := func(name string, f func(r *soakResult) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, r := range results {
			fmt.Fprintf(&b, " %s |", f(r))
		}
		b.WriteString("\n")
	}
	b.WriteString("| |")
	for _, r := range results {
		fmt.Fprintf(&b, " %s |", r.mode)
	}
	b.WriteString("\n|---|")
	for range results {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	d := func(f func(r *soakResult) int) func(r *soakResult) string {
		return func(r *soakResult) string { return fmt.Sprint(f(r)) }
	}
	row("**result**", func(r *soakResult) string {
		if r.lost+r.mismatched+r.unjournaled+r.notOnSource == 0 {
			return "pass"
		}
		return "**FAIL**"
	})
	row("load", func(r *soakResult) string { return r.load })
	row("writes sent", d(func(r *soakResult) int { return r.sent }))
	row("acknowledged", d(func(r *soakResult) int { return r.acked }))
	row("errors the clients saw", d(func(r *soakResult) int { return r.clientErrs }))
	row("… of which the source has anyway", d(func(r *soakResult) int { return r.erroredButStored }))
	row("journal records", d(func(r *soakResult) int { return r.journalRecords }))
	row("acknowledged writes in the journal", d(func(r *soakResult) int { return r.journalKeys }))
	row("acknowledged, not on the target before replay", d(func(r *soakResult) int { return r.missingBefore }))
	row("… of which not in the journal", d(func(r *soakResult) int { return r.unjournaled }))
	row("acknowledged, not on the source", d(func(r *soakResult) int { return r.notOnSource }))
	row("replayed (records)", d(func(r *soakResult) int { return r.replayed }))
	row("replay took", func(r *soakResult) string { return r.replayTook.Round(100 * time.Millisecond).String() })
	row("**lost** (acknowledged, missing after replay)", d(func(r *soakResult) int { return r.lost }))
	row("WRITETIME differs after replay", d(func(r *soakResult) int { return r.mismatched }))
	row("duration", func(r *soakResult) string { return r.duration.Round(time.Second).String() })
	row("writes/s", func(r *soakResult) string { return fmt.Sprintf("%.0f", r.rate) })
	row("Envoy VmRSS before the pause", func(r *soakResult) string { return mib(r.rssBefore) })
	row("Envoy VmRSS, peak while the target was paused", func(r *soakResult) string { return mib(r.rssPeak) })
	row("Envoy VmRSS at the end", func(r *soakResult) string { return mib(r.rssEnd) })
	row("Envoy log", func(r *soakResult) string { return fmt.Sprintf("%.1f MiB", float64(r.logBytes)/(1<<20)) })
	for _, r := range results {
		fmt.Fprintf(&b, "\n%s: errors the clients saw, by kind:\n\n", r.mode)
		kinds := make([]string, 0, len(r.errKinds))
		for k := range r.errKinds {
			kinds = append(kinds, k)
		}
		sort.Slice(kinds, func(i, j int) bool { return r.errKinds[kinds[i]] > r.errKinds[kinds[j]] })
		if len(kinds) == 0 {
			b.WriteString("- none\n")
		}
		for _, k := range kinds {
			fmt.Fprintf(&b, "- %d × `%s`\n", r.errKinds[k], k)
		}
		fmt.Fprintf(&b, "\n%s: fault timeline (from the first write):\n\n", r.mode)
		for _, ev := range r.timeline {
			fmt.Fprintf(&b, "- +%.1f s (%d writes sent): %s — %s\n", ev.at.Seconds(), ev.sent, ev.what, ev.took.Round(10*time.Millisecond))
		}
		fmt.Fprintf(&b, "\n%s: writes by the fault before them:\n\n", r.mode)
		b.WriteString("| phase | sent | acknowledged | acknowledged, not on the target before replay | … in the journal |\n|---|---:|---:|---:|---:|\n")
		for _, p := range r.phases {
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", p.name, p.sent, p.acked, p.missing, p.recorded)
		}
		for _, n := range r.notes {
			fmt.Fprintf(&b, "\n%s: note: %s\n", r.mode, n)
		}
	}
	return b.String()
}

func mib(kb int) string {
	if kb == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(kb)/1024)
}

// machine describes the host: CPUs, memory, kernel, and the versions of Envoy and Cassandra.
func machine() string {
	var parts []string
	cpu := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	parts = append(parts, fmt.Sprintf("%d CPUs (%s)", runtime.NumCPU(), cpu))
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				var kb int
				fmt.Sscan(strings.TrimSpace(v), &kb)
				parts = append(parts, fmt.Sprintf("%.1f GiB memory", float64(kb)/(1<<20)))
			}
		}
	}
	if out, err := exec.Command("uname", "-srm").Output(); err == nil {
		parts = append(parts, strings.TrimSpace(string(out)))
	}
	if out, err := exec.Command(filepath.Join(cacheDir, "bin", "envoy"), "--version").Output(); err == nil {
		if f := strings.Fields(string(out)); len(f) > 0 {
			v := f[len(f)-1]
			for _, w := range f {
				if strings.Count(w, "/") >= 4 { // envoy  <sha>/<version>/<state>/<type>/<ssl>
					v = strings.Split(w, "/")[1]
				}
			}
			parts = append(parts, "Envoy "+v)
		}
	}
	if jars, _ := filepath.Glob(filepath.Join(cacheDir, "cassandra", "lib", "cassandra-all-*.jar")); len(jars) > 0 {
		parts = append(parts, "Cassandra "+strings.TrimSuffix(strings.TrimPrefix(filepath.Base(jars[0]), "cassandra-all-"), ".jar"))
	}
	parts = append(parts, runtime.Version())
	return strings.Join(parts, ", ")
}

// writeSoakReport puts table between the soak markers of the file at path.
func writeSoakReport(path, table string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, soakBegin), strings.Index(s, soakEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %q ... %q section", path, soakBegin, soakEnd)
	}
	s = s[:i+len(soakBegin)] + "\n\n" + table + "\n" + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}
