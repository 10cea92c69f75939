package main

// The ABI header in third_party is a copy of this module's abi/abi.h; importing the package pins
// the module's version in go.mod, and TestABIHeaderMatchesModule keeps the two equal.
import _ "github.com/envoyproxy/envoy/source/extensions/dynamic_modules/abi"
