package main

import (
	"os"
	"runtime/debug"
)

// exploreGCPercent is the collector's target for bgsim explore, unless the
// GOGC environment variable sets one. An exploration makes a few
// kilobytes of garbage a seed and holds little beyond its failures (a
// fixed window of results, however many seeds), so at Go's default of
// 100 the collector runs every few hundred seeds: 204 collections for
// 50,000 seeds of the walkthrough on two workers, about a third more CPU
// time than at 400, which holds some 50 MB at most.
const exploreGCPercent = 400

// collectLessOften sets the collector's target for a long exploration,
// leaving a GOGC the user set alone.
func collectLessOften() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(exploreGCPercent)
	}
}
