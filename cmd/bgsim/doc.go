// Command bgsim simulates an iOS app, the system and nsurlsessiond in
// virtual time, and shows what happens to background transfers when the app
// is suspended, killed and relaunched. With no arguments it plays the seed
// walkthrough as a narrated timeline.
//
// Install it with
//
//	go install github.com/bgsim/bgsim/cmd/bgsim@latest
//
// The commands:
//
//	bgsim list                      the built-in scenarios and the reference app's mistakes
//	bgsim run [FILE|NAME]...        play scenarios: a timeline, a JSON Lines trace (--format jsonl),
//	                                a Mermaid diagram (mermaid) or an HTML page (html);
//	                                --seeds A..B, --junit and --json for CI
//	bgsim explain [RULE|MISTAKE|SCENARIO]
//	                                what a rule tag of the timeline ([R-D4]) or a mistake (M5) means
//	bgsim validate FILE...          check scenario files: every problem, file:line:col
//	bgsim schema                    the JSON Schema of scenario files, for editors
//	bgsim verify TRACE              re-run a saved trace's scenario and seed, compare byte for byte
//	bgsim replay TRACE              show a saved trace, paced in real time (--pace 10x, --pace step)
//	bgsim explore TARGET            many seeds of trouble, checked and shrunk; shards and merge
//
// Every command exits with 0 on success, 1 when a run failed (expectations
// not met, a trace that does not verify, a seed that broke a property, a
// run stopped by its event budget or the hang detector) and 2 for a wrong
// command line or an input or output file that cannot be read, written or
// understood. 'bgsim help COMMAND' tells each command's flags.
//
// Text fits 100 columns, or a narrower terminal ($COLUMNS, else its
// width); --width N (60 to 1000) sets the width of every command's text.
// Output to a pipe or a file is 100 columns unless --width says otherwise.
package main
