package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/benbjohnson/clock"
)

func main() { os.Exit(Main()) }

// Main runs bgsim with the process's arguments and streams and returns its
// exit code: exitOK, exitFailed or exitUsage.
func Main() int {
	return execute(os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, clock: clock.New(),
	})
}

// env is what a command may touch outside itself: tests give it buffers
// and a mock clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	clock          clock.Clock // real time, for replay pacing only
	width          *widthFlag  // --width, of this command line (newRootCmd sets it)
}

// execute runs the command line args and returns the exit code. Errors
// are printed as "bgsim: what went wrong".
func execute(args []string, e env) (code int) {
	defer func() {
		if r := recover(); r != nil { // a bug in bgsim: say so rather than crash
			fmt.Fprintf(e.stderr, "bgsim: internal error (please report it): %v\n", r)
			code = exitFailed
		}
	}()
	root := newRootCmd(e)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "bgsim: %s\n", cliMessage(err))
	if showsUsage(err) {
		fmt.Fprintf(e.stderr, "usage: %s (see '%s --help')\n", cmd.UseLine(), cmd.CommandPath())
	}
	return exitCode(err)
}

// packagePrefixes are the prefixes bgsim's packages give their errors
// ("simulator: not a bgsim trace"): in a library they say where an error
// comes from, on the command line they say nothing to its user.
var packagePrefixes = []string{"simulator: ", "scenarios: ", "explore: ", "fakes: ", "hang: "}

// cliMessage is err's message as bgsim prints it after "bgsim: ": without
// the package prefixes at the start of its lines and after a file name or a flag
// ("trace.jsonl: simulator: not a bgsim trace" reads "trace.jsonl: not a
// bgsim trace"), and with the control characters of the user's text it
// quotes (a crash's message in an event) escaped (printableLines). The
// errors themselves keep their text, which library users match.
func cliMessage(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, " ") || strings.HasPrefix(line, ">") {
			continue // a scenario file's source, quoted under its error: the user's text
		}
		lines[i] = withoutPrefix(line)
	}
	return printableLines(strings.Join(lines, "\n"))
}

// withoutPrefix is line without the package prefix it starts with, or
// else the first one after a colon ("t.jsonl: simulator: ..."): once, and
// never inside quotes, where the line quotes the user's own text.
func withoutPrefix(line string) string {
	for _, p := range packagePrefixes {
		if strings.HasPrefix(line, p) {
			return line[len(p):]
		}
	}
	quoted := false
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '"':
			quoted = !quoted
		case !quoted && strings.HasPrefix(line[i:], ": "):
			for _, p := range packagePrefixes {
				if strings.HasPrefix(line[i+2:], p) {
					return line[:i+2] + line[i+2+len(p):]
				}
			}
		}
	}
	return line
}
