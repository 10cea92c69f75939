package mirror

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/datastax/go-cassandra-native-protocol/frame"
	"github.com/datastax/go-cassandra-native-protocol/message"
	"github.com/datastax/go-cassandra-native-protocol/primitive"

	"github.com/cqlmirror/cqlmirror/filter/cql"
)

// Prepared writes that call now(), uuid() and the like (deterministic_functions): at PREPARE each
// call becomes a bind marker of the proxy's own; the client is shown only its own variables; on
// every execution the proxy adds the values, chosen once, so both clusters store the same ones.
// Whether a statement needs this is decided once, at PREPARE: other executions are untouched.

// markFunctions rewrites a PREPARE of write p whose text q calls such functions, and returns the
// frame to send to both clusters.
func markFunctions(raw, q []byte, p *prepared) []byte {
	text, calls := cql.FunctionMarkers(q)
	if len(calls) == 0 {
		return raw
	}
	out, ok := cql.WithQueryText(nil, raw, text)
	if !ok {
		return raw
	}
	p.query, p.fns = string(text), calls
	return out
}

// hideFunctionVariables rewrites the source's PREPARED result for a statement with the proxy's
// markers: their variables, and their places in the partition-key indexes, are left out.
func hideFunctionVariables(plain []byte, calls []cql.FunctionCall) ([]byte, error) {
	f, err := cql.Decode(plain)
	if err != nil {
		return nil, err
	}
	res, ok := f.Body.Message.(*message.PreparedResult)
	if !ok || res.VariablesMetadata == nil || len(res.VariablesMetadata.Columns) <= calls[len(calls)-1].Var {
		return nil, errors.New("the PREPARED result lists fewer variables than the statement has markers")
	}
	vm := res.VariablesMetadata
	ours := make(map[int]bool, len(calls))
	for _, c := range calls {
		ours[c.Var] = true
	}
	cols := vm.Columns[:0:0]
	for i, col := range vm.Columns {
		if !ours[i] {
			cols = append(cols, col)
		}
	}
	var pk []uint16
	for _, idx := range vm.PkIndices {
		if ours[int(idx)] {
			continue // the driver cannot route by a value it does not send; the proxy is its only node anyway
		}
		below := 0
		for _, c := range calls {
			if c.Var < int(idx) {
				below++
			}
		}
		pk = append(pk, idx-uint16(below))
	}
	vm.Columns, vm.PkIndices = cols, pk
	return encodeFrame(f)
}

// withFunctionValues adds to an EXECUTE of a statement with the proxy's markers a value for each.
func withFunctionValues(raw []byte, calls []cql.FunctionCall) ([]byte, error) {
	f, err := cql.Decode(raw)
	if err != nil {
		return nil, err
	}
	ex, ok := f.Body.Message.(*message.Execute)
	if !ok {
		return nil, fmt.Errorf("%v is not an EXECUTE", f.Body.Message)
	}
	if ex.Options == nil {
		ex.Options = &message.QueryOptions{}
	}
	o := ex.Options
	now := time.Now().UTC()
	if len(o.NamedValues) > 0 {
		for n, c := range calls {
			o.NamedValues["cqlmirror_fn_"+strconv.Itoa(n)] = primitive.NewValue(cql.FunctionValue(c.Name, now))
		}
	} else {
		o.PositionalValues = mergeValues(o.PositionalValues, calls, now)
	}
	return encodeFrame(f)
}

// mergeValues returns the client's values with the proxy's at their variables' places.
func mergeValues(client []*primitive.Value, calls []cql.FunctionCall, now time.Time) []*primitive.Value {
	all := make([]*primitive.Value, 0, len(client)+len(calls))
	for _, c := range calls {
		for len(all) < c.Var && len(client) > 0 {
			all, client = append(all, client[0]), client[1:]
		}
		all = append(all, primitive.NewValue(cql.FunctionValue(c.Name, now)))
	}
	return append(all, client...)
}

// batchFunctionValues adds the proxy's values to each prepared statement of a BATCH that has
// markers of the proxy's own; raw itself when none has.
func (m *Mirror) batchFunctionValues(raw []byte) ([]byte, error) {
	need := false
	if err := cql.BatchPreparedIDs(raw, func(id []byte, _ int) {
		if p := m.prepared.get(id); p != nil && len(p.fns) > 0 {
			need = true
		}
	}); err != nil || !need {
		return raw, nil
	}
	f, err := cql.Decode(raw)
	if err != nil {
		return nil, err
	}
	b, ok := f.Body.Message.(*message.Batch)
	if !ok {
		return nil, fmt.Errorf("%v is not a BATCH", f.Body.Message)
	}
	now := time.Now().UTC()
	for _, c := range b.Children {
		if c.Id == nil {
			continue
		}
		if p := m.prepared.get(c.Id); p != nil && len(p.fns) > 0 {
			c.Values = mergeValues(c.Values, p.fns, now)
		}
	}
	return encodeFrame(f)
}

var codec = frame.NewCodec()

// encodeFrame encodes a decoded frame again, header flags and custom payload included.
func encodeFrame(f *frame.Frame) ([]byte, error) {
	f.Header.Flags = f.Header.Flags.Remove(primitive.HeaderFlagCompressed)
	var buf bytes.Buffer
	if err := codec.EncodeFrame(f, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
