package main

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// formatExts are the extensions that say which format an output file
// holds.
var formatExts = map[string]string{".txt": formatText, ".jsonl": formatJSONL, ".mmd": formatMermaid,
	".mermaid": formatMermaid, ".html": formatHTML, ".htm": formatHTML}

// formatChoice is the format a command writes and how the user chose it.
// An error that refuses the format names what the user typed: --format,
// or the file of --out whose extension picked it (the user who typed
// --out x.html never typed --format).
type formatChoice struct {
	name string
	// out is --out's file when its extension picked the format; empty
	// when --format did, or the default (text).
	out string
}

// byExt reports whether --out's extension picked the format.
func (c formatChoice) byExt() bool { return c.out != "" }

// String names the choice as the user made it: "--format html", or
// "--out x.html (its .html extension picks the html format)".
func (c formatChoice) String() string {
	if !c.byExt() {
		return "--format " + c.name
	}
	return "--out " + c.out + " (its " + strings.ToLower(filepath.Ext(c.out)) + " extension picks the " + c.name + " format)"
}

// outputFormat is the format a command writes: --format when given (a
// known extension of --out must then agree with it: a file named t.jsonl
// holding a text timeline is a trap for verify), or else the one --out's
// extension names (--out trace.jsonl writes JSON Lines), or else text.
// valid are the command's formats.
func outputFormat(cmd *cobra.Command, format, out string, valid []string) (formatChoice, error) {
	if err := checkFormat(format, valid); err != nil {
		return formatChoice{}, err
	}
	ext := strings.ToLower(filepath.Ext(out))
	byExt, known := formatExts[ext]
	switch {
	case !known || out == stdio:
		return formatChoice{name: format}, nil
	case !slices.Contains(valid, byExt):
		return formatChoice{}, usagef("--out %s names a %s file, which %s does not write (formats: %s)", out, byExt, cmd.Name(), strings.Join(valid, ", "))
	case cmd.Flags().Changed("format") && byExt != format:
		return formatChoice{}, usagef("--out %s names a %s file, but --format is %s: give --format %s, or --out a file ending in %s",
			out, byExt, format, byExt, extOf(format))
	case cmd.Flags().Changed("format"):
		return formatChoice{name: format}, nil
	}
	return formatChoice{name: byExt, out: out}, nil
}

// extOf is the extension of a format's files.
func extOf(format string) string {
	return map[string]string{formatText: ".txt", formatJSONL: ".jsonl", formatMermaid: ".mmd", formatHTML: ".html"}[format]
}

func checkFormat(format string, valid []string) error {
	for _, f := range valid {
		if f == format {
			return nil
		}
	}
	return usagef("unknown format %q; formats: %s", format, strings.Join(valid, ", "))
}

// onlyFor refuses flags (["--narrate"]) given with a format they do not
// apply to; formats are the ones they do apply to. It names the format as
// the user chose it, and says what to do instead: with --format, the
// message says which formats the flags take; with --out's extension, it
// also says to leave the flags out or to name a file of a format that
// takes them.
func onlyFor(c formatChoice, flags, formats []string) error {
	verb := "applies"
	if len(flags) > 1 {
		verb = "apply"
	}
	if !c.byExt() {
		return usagef("%s %s to --format %s only", andList(flags), verb, andList(formats))
	}
	exts := make([]string, len(formats))
	for i, f := range formats {
		exts[i] = extOf(f)
	}
	which := "the " + formats[0] + " format"
	if len(formats) > 1 {
		which = "the " + andList(formats) + " formats"
	}
	return usagef("%s %s to %s only, but --out %s writes %s (its %s extension picks the format): "+
		"leave %s out, or give --out a file ending in %s",
		andList(flags), verb, which, c.out, c.name, strings.ToLower(filepath.Ext(c.out)), andList(flags), orList(exts))
}

// andList joins items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string { return joinLast(items, " and ") }

// orList joins items as a choice: "a", "a or b", "a, b or c".
func orList(items []string) string { return joinLast(items, " or ") }

func joinLast(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}
