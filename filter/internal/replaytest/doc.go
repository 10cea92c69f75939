// Package replaytest tests controlplane/replay against fakecql, which is internal to filter/ and
// so cannot be imported from controlplane/.
package replaytest
