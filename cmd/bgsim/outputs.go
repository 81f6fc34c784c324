package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// stdio is the file name that means standard output where a flag names
// an output file, and standard input where replay and verify read a trace.
const stdio = "-"

// output is an output flag and the path it names.
type output struct {
	flag, path string
	// dir says the path is a directory the command makes (explore's
	// --out), not a file; inside lists the files the command writes in it.
	dir    bool
	inside []string
}

// checkInputsKept refuses an output that names one of the command's input
// files (a scenario file it runs or explores): writing it would replace
// the user's scenario with a timeline or a report.
func checkInputsKept(inputs []string, outs ...output) error {
	for _, in := range inputs {
		inAbs, err := filepath.Abs(in)
		if err != nil {
			continue // not a path this process can name: nothing to overwrite
		}
		for _, o := range outs {
			if o.path == "" || o.path == stdio {
				continue
			}
			if abs, err := filepath.Abs(o.path); err == nil && abs == inAbs {
				return usagef("--%s %s is the scenario file %s: give the output a file of its own", o.flag, o.path, in)
			}
		}
	}
	return nil
}

// checkOutputs refuses, before anything runs, outputs that could not all
// be written at the end: a file in a directory that does not exist, or a
// path that is a directory; two flags that name the same file (one output
// would silently replace the other); and a second output to standard
// output (-), where it would be mixed with the first. stdout says what
// goes to standard output whatever the flags ("" for nothing). A CI run of
// many seeds must not spend its minutes and then fail on a typo in --junit.
func checkOutputs(stdout string, outs ...output) error {
	type named struct{ label, abs string }
	var seen []named
	for _, o := range outs {
		switch {
		case o.path == "":
			continue
		case o.path == stdio && o.dir:
			return usagef("--%s - : --%s names a directory, which standard output cannot be", o.flag, o.flag)
		case o.path == stdio && stdout != "":
			return usagef("--%s - : %s already goes to standard output; give --%s a file", o.flag, stdout, o.flag)
		case o.path == stdio:
			stdout = "--" + o.flag + " -"
			continue
		}
		abs, err := filepath.Abs(o.path)
		if err != nil {
			return badInputf("cannot write --%s %s: %w", o.flag, o.path, err)
		}
		paths := []named{{"--" + o.flag + " " + o.path, abs}}
		for _, f := range o.inside {
			paths = append(paths, named{fmt.Sprintf("--%s %s (its %s)", o.flag, o.path, f), filepath.Join(abs, f)})
		}
		for _, p := range paths {
			for _, s := range seen {
				if s.abs == p.abs {
					return usagef("%s and %s name the same path: give each output a file of its own", s.label, p.label)
				}
			}
			seen = append(seen, p)
		}
	}
	for _, o := range outs {
		if o.path == "" || o.path == stdio {
			continue
		}
		var err error
		if o.dir {
			err = checkOutputDir(o)
		} else {
			err = checkOutputFile(o, outs)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkOutputDir refuses a directory output that is a file.
func checkOutputDir(o output) error {
	if st, err := os.Stat(o.path); err == nil && !st.IsDir() {
		return badInputf("cannot write --%s %s: it is a file, not a directory", o.flag, o.path)
	}
	return nil
}

// checkOutputFile refuses a file output that is a directory, or whose
// directory does not exist and is not one the command makes (one of the
// dir outputs of all).
func checkOutputFile(o output, all []output) error {
	if st, err := os.Stat(o.path); err == nil && st.IsDir() {
		return badInputf("cannot write --%s %s: it is a directory", o.flag, o.path)
	}
	dir := filepath.Dir(o.path)
	for _, d := range all {
		if d.dir && d.path != "" && samePath(d.path, dir) {
			return nil // made before this file is written
		}
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return badInputf("cannot write --%s %s: directory %s does not exist", o.flag, o.path, dir)
	case err != nil:
		return badInputf("cannot write --%s %s: %w", o.flag, o.path, err)
	case !st.IsDir():
		return badInputf("cannot write --%s %s: %s is not a directory", o.flag, o.path, dir)
	}
	return nil
}

// samePath reports whether a and b name the same path once absolute and
// clean.
func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// writeOutput calls write with standard output, if path is empty or -,
// or with the file path.
func writeOutput(e env, path string, write func(io.Writer) error) error {
	if path == "" || path == stdio {
		return write(e.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return badInputf("cannot write the output: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		if errors.As(err, new(*exitError)) {
			return err // the run's verdict (a hang), not the file's fault
		}
		return badInputf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return badInputf("write %s: %w", path, err)
	}
	return nil
}

// writeBytes writes b to path, or to standard output if path is -.
func writeBytes(e env, path string, b []byte) error {
	if path == stdio {
		if _, err := e.stdout.Write(b); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return badInputf("cannot write %s: %w", path, err)
	}
	return nil
}
