package fakes

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"strings"
	"time"
)

// Errors for paths used as the wrong kind of entry, matched by errors.Is.
var (
	ErrIsDir    = errors.New("is a directory")
	ErrNotDir   = errors.New("not a directory")
	ErrNotEmpty = errors.New("directory not empty")
)

// Segment says where bytes [From, To) of a file came from, for example
// URL + "#" + ETag. Files record this instead of the bytes themselves, so
// ten thousand downloads of megabytes cost a few words each.
type Segment struct {
	From, To int64
	Source   string
}

// File is what the file system knows of one file.
type File struct {
	Path     string
	Size     int64
	Segments []Segment // contiguous from 0 to Size; neighbours from the same Source are merged
	ModTime  time.Time
}

// FS is an in-memory file system: one per namespace (the app's container,
// the daemon's temporary directory). Paths are cleaned with path.Clean and
// taken from the root, so "Documents/a" is "/Documents/a". Directories come
// into being when a file is written below them and stay until removed.
// Errors read "fakes: <op> <path>: <what>" and wrap the io/fs sentinels
// (fs.ErrNotExist, fs.ErrExist, fs.ErrInvalid) or ErrIsDir, ErrNotDir,
// ErrNotEmpty. Not safe for concurrent use.
type FS struct {
	clock *Clock
	files fileTable // but those at the names TempName handed out
	tmp   tempTable // those, see fs_temp.go
	dirs  dirTable  // but the root, which always is one (see isDir)
	temps int
	// home and stale are the container's absolute paths, now and before
	// it moved (see fs_container.go); stale is made when it first moves,
	// which few runs see: a slice would take 16 bytes more of every
	// simulator's Sim.
	home  string
	stale *[]string
	// same holds the last two paths resolve gave back as they were, the
	// latest first (see resolve); none after SetHome.
	same [2]string

	kept *fsKept // what Init keeps for the runs after, see fs_kept.go
}

// fileTable is an FS's files by path. The first four are kept inside the
// FS: the catalog's scenarios hold up to four files at once.
type fileTable = smallMap[*fileRec, [4]smallEntry[*fileRec]]

// dirTable is an FS's directories. The first two are kept inside the FS:
// /tmp, where downloads land, and the one the app moves them to.
type dirTable = smallMap[struct{}, [2]smallEntry[struct{}]]

// NewFS returns an empty file system whose ModTimes come from c.
func NewFS(c *Clock) *FS { return new(FS).Init(c) }

// Init makes fsys an empty file system whose ModTimes come from c, as
// NewFS does, and returns fsys: NewFS for an FS that is part of a larger
// value, which then costs no allocation of its own (a simulator's Sim
// holds its FS so). Whatever fsys held before is dropped. An FS must not
// be copied once in use: its first entries are kept inside it.
func (fsys *FS) Init(c *Clock) *FS {
	if fsys.clock != nil { // it was in use (see Clock.Init)
		kept := fsys.keep()
		*fsys = FS{}
		fsys.kept = kept
	}
	fsys.clock = c
	return fsys
}

// Write creates or replaces the file at p with the given segments, which
// must run contiguously from 0 (fs.ErrInvalid otherwise). Its Size is the
// end of the last segment; its ModTime is now. Missing parent directories
// are created.
func (fsys *FS) Write(p string, segs ...Segment) error {
	p, err := fsys.resolve("write", p)
	if err != nil {
		return err
	}
	if err := checkSegments(0, segs); err != nil {
		return fmt.Errorf("fakes: write %s: %w", p, err)
	}
	if err := fsys.makeParents("write", p); err != nil {
		return err
	}
	f := fsys.kept.newRec(fsys.clock.Elapsed())
	f.add(segs)
	fsys.put(p, f)
	return nil
}

// WriteDownload writes at p a file of size bytes downloaded from url,
// whose content had validator (its ETag or Last-Modified date, "" if
// none): Write(p, Segment{From: 0, To: size, Source: DownloadSource(url,
// validator)}), except that the Source is put together only when the
// file's segments are read, so that a run landing a hundred thousand
// downloads keeps the strings it already has rather than a new one each.
// A negative size is fs.ErrInvalid.
func (fsys *FS) WriteDownload(p string, size int64, url, validator string) error {
	p, err := fsys.resolve("write", p)
	if err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("fakes: write %s: size %d: %w", p, size, fs.ErrInvalid)
	}
	if err := fsys.makeParents("write", p); err != nil {
		return err
	}
	f := fsys.kept.newRec(fsys.clock.Elapsed())
	f.addUpTo(size, source{url, validator})
	fsys.put(p, f)
	return nil
}

// Append adds seg at the end of the existing file at p; seg.From must be the
// file's size (fs.ErrInvalid otherwise), as when a resumed download appends
// its 206 body to the partial file.
func (fsys *FS) Append(p string, seg Segment) error {
	p, err := fsys.resolve("append", p)
	if err != nil {
		return err
	}
	f, err := fsys.file("append", p)
	if err != nil {
		return err
	}
	segs := []Segment{seg}
	if err := checkSegments(f.size(), segs); err != nil {
		return fmt.Errorf("fakes: append %s: %w", p, err)
	}
	f.add(segs)
	f.mod = fsys.clock.Elapsed()
	return nil
}

// Stat describes the file at p. The result is a copy.
func (fsys *FS) Stat(p string) (File, error) { return fsys.copyOf("stat", p) }

// Open is Stat for reading the file: the same result, and errors say
// "open". Use it where the model reads the file, so a failed read reads as
// one.
func (fsys *FS) Open(p string) (File, error) { return fsys.copyOf("open", p) }

// CheckReadable is Open's error alone: nil if Open(p) would succeed, else
// the error Open(p) would return, word for word. It copies nothing, for a
// model that opens a file only to learn whether it can be read (as
// FileManager.isReadableFile(atPath:) does on iOS): Open copies the file's
// description, its segments and their sources, every call.
func (fsys *FS) CheckReadable(p string) error {
	p, err := fsys.resolve("open", p)
	if err != nil {
		return err
	}
	_, err = fsys.file("open", p)
	return err
}

// Rename moves the file at from to to, replacing a file there; missing
// parent directories of to are created. ModTime is kept, as rename(2)
// does. Only files move: a directory at from or to is an error (ErrIsDir).
func (fsys *FS) Rename(from, to string) error {
	from, err := fsys.resolve("rename", from)
	if err != nil {
		return err
	}
	to, err = fsys.resolve("rename", to)
	if err != nil {
		return err
	}
	f, ok := fsys.get(from)
	switch {
	case fsys.isDir(from):
		return fmt.Errorf("fakes: rename %s %s: %w", from, to, ErrIsDir)
	case !ok:
		return fmt.Errorf("fakes: rename %s %s: %w", from, to, fs.ErrNotExist)
	case from == to:
		return nil
	}
	if err := fsys.makeParents("rename", to); err != nil {
		return err
	}
	fsys.del(from)
	fsys.put(to, f)
	return nil
}

// Remove deletes the file, or empty directory, at p. The root cannot be
// removed (fs.ErrPermission).
func (fsys *FS) Remove(p string) error {
	p, err := fsys.resolve("remove", p)
	if err != nil {
		return err
	}
	if fsys.del(p) {
		return nil
	}
	if !fsys.isDir(p) {
		return fmt.Errorf("fakes: remove %s: %w", p, fs.ErrNotExist)
	}
	if p == "/" {
		return fmt.Errorf("fakes: remove %s: %w", p, fs.ErrPermission)
	}
	if fsys.hasChildren(p) {
		return fmt.Errorf("fakes: remove %s: %w", p, ErrNotEmpty)
	}
	fsys.dirs.delete(p)
	return nil
}

// Exists reports whether a file or directory is at p.
func (fsys *FS) Exists(p string) bool {
	p, err := fsys.resolve("exists", p)
	if err != nil {
		return false
	}
	_, ok := fsys.get(p)
	return ok || fsys.isDir(p)
}

// List is the sorted paths of the files directly or indirectly under dir.
func (fsys *FS) List(dir string) []string {
	dir, err := fsys.resolve("list", dir)
	if err != nil {
		return nil
	}
	prefix := fsDirPrefix(dir)
	var out []string
	for p := range fsys.all() {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p)
		}
	}
	slices.Sort(out) // map order must not reach the caller
	return out
}

// TempName returns a new file name, unique in this file system: prefix, a
// six-digit (or longer) counter and ".tmp", as in
// "CFNetworkDownload_000001.tmp". The prefix may include a directory
// ("/tmp/CFNetworkDownload_"); nothing is created.
func (fsys *FS) TempName(prefix string) string {
	fsys.temps++
	name := fsys.kept.tempName(prefix, fsys.temps)
	// The table keeps the files at names that are already paths as the
	// FS resolves them, so that a path names them as it would in the map,
	// and at which nothing was written before the name was handed out.
	r, err := fsys.resolve("temp", name)
	taken := fsys.files.has(name)
	fsys.tmp.add(fsys.temps, name, prefix, err == nil && r == name && !taken)
	return name
}

func (fsys *FS) file(op, p string) (*fileRec, error) {
	if f, ok := fsys.get(p); ok {
		return f, nil
	}
	if fsys.isDir(p) {
		return nil, fmt.Errorf("fakes: %s %s: %w", op, p, ErrIsDir)
	}
	return nil, fmt.Errorf("fakes: %s %s: %w", op, p, fs.ErrNotExist)
}

func (fsys *FS) copyOf(op, p string) (File, error) {
	p, err := fsys.resolve(op, p)
	if err != nil {
		return File{}, err
	}
	f, err := fsys.file(op, p)
	if err != nil {
		return File{}, err
	}
	return f.file(p, fsys.clock.Start()), nil
}

// makeParents checks that p can be a file and creates its missing parent
// directories.
func (fsys *FS) makeParents(op, p string) error {
	if fsys.isDir(p) {
		return fmt.Errorf("fakes: %s %s: %w", op, p, ErrIsDir)
	}
	if d := parentDir(p); !fsys.isDir(d) {
		return fsys.makeMissing(op, p, d)
	}
	return nil
}

// makeMissing is makeParents for a path whose parent d is missing: the
// few calls that create directories, apart from the many whose parent is
// there. It keeps the directories missing in an array of its own, the
// room on the stack append finds for two without it: it does not in a
// build with the race detector, whose counts of a new Sim's allocations
// (TestNewSimAllocations) then went over by one.
func (fsys *FS) makeMissing(op, p, d string) error {
	var room [2]string
	missing := room[:0]
	for ; !fsys.isDir(d); d = parentDir(d) {
		if _, ok := fsys.get(d); ok {
			return fmt.Errorf("fakes: %s %s: %s: %w", op, p, d, ErrNotDir)
		}
		missing = append(missing, d)
	}
	for _, d := range missing {
		fsys.dirs.set(d, struct{}{})
	}
	return nil
}

func (fsys *FS) hasChildren(dir string) bool {
	prefix := fsDirPrefix(dir)
	for p := range fsys.all() {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	for d := range fsys.dirs.all() {
		if strings.HasPrefix(d, prefix) && d != dir {
			return true
		}
	}
	return false
}

// get is the file at the resolved path p.
func (fsys *FS) get(p string) (*fileRec, bool) {
	if s, _ := fsys.tmp.slot(p); s != nil {
		return s.f, s.f != nil
	}
	return fsys.files.get(p)
}

// put makes f the file at the resolved path p.
func (fsys *FS) put(p string, f *fileRec) {
	if s, n := fsys.tmp.slot(p); s != nil {
		fsys.tmp.set(s, n, f)
		return
	}
	fsys.files.set(p, f)
}

// del removes the file at the resolved path p, and reports whether there
// was one.
func (fsys *FS) del(p string) bool {
	if s, n := fsys.tmp.slot(p); s != nil {
		had := s.f != nil
		fsys.tmp.set(s, n, nil)
		return had
	}
	return fsys.files.delete(p)
}

// all yields every file with its path, in no particular order.
func (fsys *FS) all() iter.Seq2[string, *fileRec] {
	return func(yield func(string, *fileRec) bool) {
		for p, f := range fsys.files.all() {
			if !yield(p, f) {
				return
			}
		}
		for p, f := range fsys.tmp.all() {
			if !yield(p, f) {
				return
			}
		}
	}
}

// isDir reports whether there is a directory at the resolved path p.
func (fsys *FS) isDir(p string) bool { return p == "/" || fsys.dirs.has(p) }

func fsDirPrefix(dir string) string {
	if dir == "/" {
		return "/"
	}
	return dir + "/"
}
