// Package mirror is cqlmirror's protocol engine: one Session per client connection, which sends
// every CQL write to both the source and the target cluster and answers the client with the
// source's reply. It holds no Envoy types, so bindings for either Envoy ABI stay thin and the engine
// can be tested without a running Envoy.
package mirror
