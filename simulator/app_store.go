package simulator

import (
	"errors"
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// errEnded is what a call of an ended process, or of another goroutine,
// gets from the app's container.
var errEnded = errors.New("simulator: refused: the calling process has ended, or the call came from another goroutine")

// appFiles is the container as one process sees it: the files outlive the
// process (R-L6), but a process that has ended changes nothing.
type appFiles struct{ p *process }

var _ appmodel.FileSystem = appFiles{}

func (f appFiles) fs() *fakes.FS { return f.p.s.files }

// read and write take the call's full name ("Files().Open"), a constant:
// building it here would allocate on every call.
func (f appFiles) read(call string) bool { return f.p.s.onSim(call) }

func (f appFiles) write(call string) bool { return f.p.s.fromApp(f.p, call) }

func (f appFiles) HomeDirectory() string {
	if !f.read("Files().HomeDirectory") {
		return ""
	}
	return f.fs().HomeDirectory()
}

func (f appFiles) Write(path string, segs ...fakes.Segment) error {
	if !f.write("Files().Write") {
		return fmt.Errorf("write %s: %w", path, errEnded)
	}
	return f.fs().Write(path, segs...)
}

func (f appFiles) Open(path string) (fakes.File, error) {
	if !f.read("Files().Open") {
		return fakes.File{}, fmt.Errorf("open %s: %w", path, errEnded)
	}
	return f.fs().Open(path)
}

func (f appFiles) CheckReadable(path string) error {
	if !f.read("Files().CheckReadable") {
		return fmt.Errorf("open %s: %w", path, errEnded)
	}
	return f.fs().CheckReadable(path)
}

func (f appFiles) Stat(path string) (fakes.File, error) {
	if !f.read("Files().Stat") {
		return fakes.File{}, fmt.Errorf("stat %s: %w", path, errEnded)
	}
	return f.fs().Stat(path)
}

func (f appFiles) Rename(from, to string) error {
	if !f.write("Files().Rename") {
		return fmt.Errorf("rename %s: %w", from, errEnded)
	}
	return f.fs().Rename(from, to)
}

func (f appFiles) Remove(path string) error {
	if !f.write("Files().Remove") {
		return fmt.Errorf("remove %s: %w", path, errEnded)
	}
	return f.fs().Remove(path)
}

func (f appFiles) Exists(path string) bool { return f.read("Files().Exists") && f.fs().Exists(path) }

func (f appFiles) List(dir string) []string {
	if !f.read("Files().List") {
		return nil
	}
	return f.fs().List(dir)
}

// appDefaults is NSUserDefaults as one process sees it.
type appDefaults struct{ p *process }

var _ appmodel.Defaults = appDefaults{}

func (d appDefaults) store() *defaultsStore { return &d.p.s.defaults }

// read and write take the call's full name ("Defaults().Int"), a
// constant, as appFiles's do.
func (d appDefaults) read(call string) bool { return d.p.s.onSim(call) }

func (d appDefaults) write(call string) bool { return d.p.s.fromApp(d.p, call) }

func (d appDefaults) String(key string) string {
	if !d.read("Defaults().String") {
		return ""
	}
	return d.store().String(key)
}

func (d appDefaults) SetString(key, value string) {
	if d.write("Defaults().SetString") {
		d.store().SetString(key, value)
	}
}

func (d appDefaults) Int(key string) int {
	if !d.read("Defaults().Int") {
		return 0
	}
	return d.store().Int(key)
}

func (d appDefaults) SetInt(key string, value int) {
	if d.write("Defaults().SetInt") {
		d.store().SetInt(key, value)
	}
}

func (d appDefaults) Bool(key string) bool { return d.read("Defaults().Bool") && d.store().Bool(key) }

func (d appDefaults) SetBool(key string, value bool) {
	if d.write("Defaults().SetBool") {
		d.store().SetBool(key, value)
	}
}

func (d appDefaults) Remove(key string) {
	if d.write("Defaults().Remove") {
		d.store().Remove(key)
	}
}

func (d appDefaults) Keys() []string {
	if !d.read("Defaults().Keys") {
		return nil
	}
	return d.store().Keys()
}
