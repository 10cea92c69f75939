package mirror

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
)

// panicSites collects the distinct places where the session panicked.
type panicSites struct {
	mu    sync.Mutex
	sites map[string]*panicSite
}

type panicSite struct {
	value, stack, context string
	input                 []byte
	count                 int
	heldLock              bool // the panic left the session's lock held
}

// engineFrame matches a stack line of the engine's own code (not of a test).
var engineFrame = regexp.MustCompile(`/filter/(mirror|cql)/[a-z_]+\.go:\d+`)

func (p *panicSites) add(value any, stack, input []byte, context string, heldLock bool) {
	var where []string
	for _, m := range engineFrame.FindAll(stack, -1) {
		if !bytes.Contains(m, []byte("_test.go")) {
			where = append(where, string(m[bytes.LastIndexByte(m, '/')+1:]))
		}
	}
	key := strings.Join(where[:min(len(where), 4)], " < ")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sites == nil {
		p.sites = map[string]*panicSite{}
	}
	s := p.sites[key]
	if s == nil {
		s = &panicSite{value: fmt.Sprint(value), stack: string(stack), context: context, input: input}
		p.sites[key] = s
	}
	s.count++
	s.heldLock = s.heldLock || heldLock
	if input != nil && len(input) < len(s.input) {
		s.input, s.context = input, context
	}
}

func (p *panicSites) report(t *testing.T) {
	keys := make([]string, 0, len(p.sites))
	for k := range p.sites {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := p.sites[k]
		t.Errorf("the session panicked %d times at %s (leaving its lock held: %v): %s\nshortest input (%s, after the STARTUP): %x\n%s",
			s.count, k, s.heldLock, s.value, s.context, s.input, s.stack)
	}
}
