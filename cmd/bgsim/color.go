package main

import (
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// Values of --color.
var colorModes = []string{"auto", "always", "never"}

// addColorFlag adds --color to a command that writes a text timeline.
func addColorFlag(cmd *cobra.Command, mode *string) {
	cmd.Flags().StringVar(mode, "color", "auto", "colour the text: "+strings.Join(colorModes, ", ")+
		" (auto: on a terminal, unless NO_COLOR is set)")
	_ = cmd.RegisterFlagCompletionFunc("color", cobra.FixedCompletions(colorModes, cobra.ShellCompDirectiveNoFileComp))
}

// useColor decides whether the text timeline is coloured: always and
// never are the user's word, which overrides NO_COLOR (no-color.org);
// auto colours a terminal unless NO_COLOR is set to anything non-empty
// or TERM is dumb. out is where the text goes ("" or - for standard output).
func useColor(e env, mode, out string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
	default:
		return false, usagef("unknown --color %q; choose %s", mode, strings.Join(colorModes, ", "))
	}
	if (out != "" && out != stdio) || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false, nil
	}
	f, ok := e.stdout.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())), nil
}
