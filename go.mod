module github.com/cqlmirror/cqlmirror

go 1.26.8

require github.com/datastax/go-cassandra-native-protocol v0.0.0-20240626123646-2abea740da8d
