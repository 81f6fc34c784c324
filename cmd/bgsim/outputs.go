package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// checkOutputFiles refuses, before anything runs, an output file that
// could not be written at the end: one in a directory that does not exist,
// or a path that is a directory. A CI run of many seeds must not spend its
// minutes and then fail on a typo in --junit.
func checkOutputFiles(flags ...string) error {
	for i := 0; i+1 < len(flags); i += 2 {
		name, path := flags[i], flags[i+1]
		if path == "" || path == "-" {
			continue
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return badInputf("cannot write --%s %s: it is a directory", name, path)
		}
		dir := filepath.Dir(path)
		st, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return badInputf("cannot write --%s %s: directory %s does not exist", name, path, dir)
		case err != nil:
			return badInputf("cannot write --%s %s: %w", name, path, err)
		case !st.IsDir():
			return badInputf("cannot write --%s %s: %s is not a directory", name, path, dir)
		}
	}
	return nil
}
