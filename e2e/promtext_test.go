package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Reading the filter's Prometheus endpoint with a timeout on every request, for tests that must
// not hang on a proxy that stopped answering (scrape in metrics_test.go has none).

var metricsClient = &http.Client{Timeout: 5 * time.Second}

// waitGauge waits until the series key (as series() spells it) on the filter's metrics endpoint
// at addr reads want.
func waitGauge(addr, key string, want float64, d time.Duration) error {
	last := "absent"
	for deadline := time.Now().Add(d); ; time.Sleep(250 * time.Millisecond) {
		resp, err := metricsClient.Get("http://" + addr + "/metrics")
		if err == nil {
			v, ok := gaugeIn(resp.Body, key)
			resp.Body.Close()
			if ok && v == want {
				return nil
			}
			if ok {
				last = fmt.Sprint(v)
			}
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not read %v within %s on %s; last: %s", key, want, d, addr, last)
		}
	}
}

// gaugeIn finds the series key (as series() spells it) in a Prometheus text exposition.
func gaugeIn(r io.Reader, key string) (v float64, found bool) {
	eachSeries(r, func(name string, labels []string, val float64) {
		if name+"{"+strings.Join(labels, ",")+"}" == key {
			v, found = val, true
		}
	})
	return v, found
}

// eachSeries calls fn with each sample of a Prometheus text exposition, labels sorted.
func eachSeries(r io.Reader, fn func(name string, labels []string, v float64)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		sp := strings.LastIndexByte(line, ' ')
		if line == "" || line[0] == '#' || sp < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[sp+1:], 64)
		if err != nil {
			continue
		}
		name, labels, _ := strings.Cut(line[:sp], "{")
		var ls []string
		if labels = strings.TrimSuffix(labels, "}"); labels != "" {
			ls = strings.Split(labels, ",")
		}
		sort.Strings(ls)
		fn(name, ls, v)
	}
	return sc.Err()
}

// metricTotal sums every series of the metric name with stat_prefix="statPrefix" at addr.
func metricTotal(addr, name, statPrefix string) (float64, error) {
	resp, err := metricsClient.Get("http://" + addr + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var sum float64
	err = eachSeries(resp.Body, func(n string, labels []string, v float64) {
		for _, l := range labels {
			if n == name && l == `stat_prefix="`+statPrefix+`"` {
				sum += v
			}
		}
	})
	return sum, err
}

// metricSum is the sum of every series of metric name at addr's /metrics, whatever its labels.
func metricSum(addr, name string) float64 {
	resp, err := metricsClient.Get("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var sum float64
	eachSeries(resp.Body, func(n string, _ []string, v float64) {
		if n == name {
			sum += v
		}
	})
	return sum
}
