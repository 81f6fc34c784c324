//go:build !race

package main

// raceEnabled says the tests run under the race detector, whose shadow
// memory needs more address space than a 'ulimit -v' test allows.
const raceEnabled = false
