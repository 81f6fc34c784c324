package fakes

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// An app's container has an absolute path on the device, which the app
// learns at run time (NSHomeDirectory). An FS models it so that both ways
// of naming a file work as they do on iOS:
//
//   - a path under HomeDirectory ("/var/mobile/.../Documents/a.png") names
//     the file in the container;
//   - any other path is taken from the container's root ("/Documents/a.png"
//     and "Documents/a.png" name the same file), which is how the rest of
//     bgsim names files.
//
// When the container moves (an app update or reinstall can move it, R-L9),
// the files move with it, but a path under an earlier HomeDirectory no
// longer resolves: it is fs.ErrNotExist for every operation. That is what
// an app meets that persisted absolute paths (mistake M14).

// HomeDirectory is the container's absolute path, "" until SetHome.
func (fsys *FS) HomeDirectory() string { return fsys.home }

// SetHome sets the container's absolute path (cleaned). A HomeDirectory
// set before becomes stale: paths under it stop resolving. Setting the
// same path again changes nothing.
func (fsys *FS) SetHome(home string) {
	home = fsys.kept.rootedHome(home)
	if home == "/" {
		home = ""
	}
	if home == fsys.home {
		return
	}
	if fsys.home != "" {
		if fsys.stale == nil {
			fsys.stale = new([]string)
		}
		*fsys.stale = append(*fsys.stale, fsys.home)
	}
	fsys.home = home
	fsys.same = [2]string{} // they may resolve otherwise now
}

// resolve cleans p and maps it into the container: a path under the home
// directory is taken relative to it, a path under a stale one is an error.
//
// Every file operation resolves its paths, and a download's temporary
// name is resolved four times (TempName, the write, the app's move, the
// daemon's look after it) with the move's destination in between: the
// last two paths that resolved to themselves are kept, and those paths
// (usually the same strings) are not looked at again. A path under the
// home directory, as an app builds them, is looked at past the home
// directory only, which is clean already. (~1,000 instructions a
// walkthrough.)
func (fsys *FS) resolve(op, p string) (string, error) {
	if fsys.isSame(p) {
		return p, nil
	}
	if rest, ok := underDir(p, fsys.home); ok && (fsys.isSame(rest) || cleanRooted(rest)) {
		return rest, nil // rooted(p) is p: the home directory is clean, and so is the rest
	}
	c := rooted(p)
	if rest, ok := underDir(c, fsys.home); ok {
		return rest, nil
	}
	for _, old := range fsys.staleHomes() {
		if _, ok := underDir(c, old); ok {
			return "", fmt.Errorf("fakes: %s %s: %w (the container moved to %s)", op, c, fs.ErrNotExist, fsys.home)
		}
	}
	if c == p {
		fsys.same[0], fsys.same[1] = p, fsys.same[0]
	}
	return c, nil
}

// staleHomes are the container's absolute paths before it moved, oldest
// first.
func (fsys *FS) staleHomes() []string {
	if fsys.stale == nil {
		return nil
	}
	return *fsys.stale
}

// isSame reports whether p is one of the last paths resolve gave back as
// they were: a clean rooted path, outside the home directory and every
// earlier one.
func (fsys *FS) isSame(p string) bool {
	return p != "" && (p == fsys.same[0] || p == fsys.same[1])
}

// underDir reports whether p is dir or below it, and p relative to dir
// (rooted). An empty dir holds nothing.
func underDir(p, dir string) (string, bool) {
	switch {
	case dir == "":
		return "", false
	case p == dir:
		return "/", true
	case len(p) > len(dir) && p[len(dir)] == '/' && strings.HasPrefix(p, dir):
		return p[len(dir):], true
	}
	return "", false
}

// rooted is path.Clean("/" + p). A path that is already rooted is cleaned
// as it is: a clean one then comes back without a copy being made.
func rooted(p string) string {
	switch {
	case cleanRooted(p):
		// Nearly every path a simulation passes: one look at each byte
		// rather than Clean's rewriting pass (every file operation
		// resolves its paths).
		return p
	case strings.HasPrefix(p, "/"):
		return path.Clean(p)
	}
	return path.Clean("/" + p)
}

// cleanRooted reports whether p is rooted and clean: path.Clean(p) == p.
// Its elements are then neither empty, "." nor "..", and it ends in a
// slash only if it is the root.
//
// An element begins after each slash, so the look hops from slash to
// slash (IndexByte, many bytes at once) and at each looks at the byte or
// three after it: a doubled slash is an empty element, a dot one may be
// "." or "..". A container's path has 7 elements and no dot; one pass
// where a look for "//" and another for the dots took two (SetHome's
// look at a container's path ~670 -> ~250 instructions).
func cleanRooted(p string) bool {
	n := len(p)
	if n == 0 || p[0] != '/' {
		return false
	}
	if n == 1 {
		return true
	}
	if p[n-1] == '/' {
		return false
	}
	for i := 0; ; { // p[i] is a slash, not the last byte
		switch p[i+1] {
		case '/':
			return false
		case '.':
			j := i + 2
			if j < n && p[j] == '.' {
				j++
			}
			if j == n || p[j] == '/' {
				return false
			}
		}
		k := strings.IndexByte(p[i+2:], '/') // p[i+1] is not one
		if k < 0 {
			return true
		}
		i += 2 + k
	}
}

// parentDir is path.Dir(p) for a clean rooted p (see cleanRooted): what
// is before its last slash, or the root.
func parentDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return "/"
}
