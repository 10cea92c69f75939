// Package cql frames the CQL native protocol from an arbitrary byte stream and reads the few
// request and response fields the mirror needs, without decoding whole messages on the hot path.
// Rare messages (errors, SUPPORTED, PREPARED results) go through go-cassandra-native-protocol.
package cql
