// Package bench holds the end-to-end benchmarks of a walkthrough (the
// seed scenario played by the reference app) and their yardstick, in a
// test binary of their own. It has no API: run it with
//
//	go test -run '^$' -bench 'Walkthrough|FreshMemory' -benchtime=20000x -benchmem ./scenarios/bench
//
// A test binary of its own because what a new Sim costs beyond a reused
// one is mostly the memory it allocates, and what that memory costs
// depends on the program around it: each cycle of the garbage collector marks everything the program
// holds, so a program that holds more pays more for the same run. The
// scenarios package's own tests hold a Ginkgo suite, Gomega and go-cmp,
// about 550 KB live at each cycle against this binary's 200 KB, which made
// a walkthrough on a new Sim about 4% slower there (run alternately with
// this binary), and would make it slower still as those tests grow (the
// 1.7 MB of a JSON Schema validator they once held cost a tenth). Here the
// benchmarks measure the walkthrough, and the yardstick of its memory
// (BenchmarkFreshMemory) runs in the same binary and the same run.
//
// docs/performance.md gives the figures, what each costs and why, and how
// to compare two versions.
package bench
