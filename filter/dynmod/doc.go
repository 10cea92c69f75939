// Command dynmod is cqlmirror's binding to stock Envoy's dynamic-module network filter ABI
// (abi.h v0.1.0, Envoy 1.39.x). Built with -buildmode=c-shared it is the .so that Envoy loads; it
// turns the ABI's callbacks into calls on a mirror.Session and writes replies to the client from
// the connection's worker thread, through the ABI's per-filter scheduler.
package main

func main() {}
