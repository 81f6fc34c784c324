package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/benbjohnson/clock"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestScriptsCoverEveryCommandAndFlag checks that the scripts of
// testdata/script run every command of bgsim and use every flag of each,
// so that a new command or flag comes with a script that shows it.
func TestScriptsCoverEveryCommandAndFlag(t *testing.T) {
	root := newRootCmd(env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, clock: clock.NewMock()})
	root.InitDefaultCompletionCmd() // cobra adds it when it executes
	root.InitDefaultVersionFlag()
	var all []*cobra.Command
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		c.InitDefaultHelpFlag()
		all = append(all, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)

	ran := map[*cobra.Command]bool{}
	used := map[*cobra.Command]map[string]bool{} // flag names used with each command
	scripts, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range scripts {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "-- ") {
				break // the files of the archive
			}
			args, ok := bgsimArgs(line)
			if !ok {
				continue
			}
			cmd, _, err := root.Find(args)
			if err != nil {
				continue // an unknown command, which a script may try on purpose
			}
			ran[cmd] = true
			if used[cmd] == nil {
				used[cmd] = map[string]bool{}
			}
			for _, a := range args {
				if name, ok := flagName(cmd, a); ok {
					used[cmd][name] = true
				}
			}
		}
	}

	for _, c := range all {
		if !ran[c] {
			t.Errorf("no script runs '%s'", c.CommandPath())
			continue
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !used[c][f.Name] {
				t.Errorf("no script runs '%s' with --%s", c.CommandPath(), f.Name)
			}
		})
	}
}

// bgsimArgs returns the arguments of a script line that runs bgsim:
// "exec bgsim ...", "! exec bgsim ...", "exitcode N bgsim ...".
func bgsimArgs(line string) ([]string, bool) {
	f := strings.Fields(line)
	for len(f) > 0 && (f[0] == "!" || f[0] == "?") {
		f = f[1:]
	}
	switch {
	case len(f) >= 2 && f[0] == "exec" && f[1] == "bgsim":
		return f[2:], true
	case len(f) >= 3 && f[0] == "exitcode" && f[2] == "bgsim":
		return f[3:], true
	}
	return nil, false
}

// flagName is the long name of the flag of cmd that argument a sets:
// "--pace=step" and "--pace" are pace, "-j" is jobs.
func flagName(cmd *cobra.Command, a string) (string, bool) {
	switch {
	case strings.HasPrefix(a, "--") && len(a) > 2:
		name, _, _ := strings.Cut(a[2:], "=")
		return name, true
	case strings.HasPrefix(a, "-") && len(a) > 1:
		if f := cmd.Flags().ShorthandLookup(a[1:2]); f != nil {
			return f.Name, true
		}
	}
	return "", false
}
