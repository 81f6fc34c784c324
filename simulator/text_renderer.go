package simulator

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/bgsim/bgsim/fakes"
)

// Progress says how the text timeline shows progress callbacks.
type Progress uint8

// The ways of showing progress callbacks.
const (
	ProgressAll  Progress = iota // every DidWriteData and DidSendBodyData
	ProgressFold                 // one line per task per phase, with the count and the last total
	ProgressNone                 // none
)

var progressWords = [...]string{ProgressAll: "all", ProgressFold: "fold", ProgressNone: "none"}

// ProgressValues lists the words [ParseProgress] accepts.
func ProgressValues() []string { return progressWords[:] }

// ParseProgress reads "all", "fold" or "none".
func ParseProgress(s string) (Progress, error) {
	for i, w := range progressWords {
		if strings.EqualFold(s, w) {
			return Progress(i), nil
		}
	}
	return ProgressAll, fmt.Errorf("simulator: unknown progress %q; choose %s", s, strings.Join(progressWords[:], ", "))
}

// String returns the word for p.
func (p Progress) String() string {
	if int(p) < len(progressWords) {
		return progressWords[p]
	}
	return fmt.Sprintf("Progress(%d)", uint8(p))
}

// Set parses s into p (flag.Value).
func (p *Progress) Set(s string) error {
	v, err := ParseProgress(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Type names the flag's value in help texts (pflag.Value).
func (p *Progress) Type() string { return "progress" }

// isProgress reports whether e is a progress callback.
func isProgress(e Event) bool {
	return e.IsProgress()
}

// foldKey is one task's run of progress callbacks in one process.
type foldKey struct {
	session string
	task    int
	process int
}

// fold is a run of progress callbacks held back to print as one line.
type fold struct {
	first, last Event
	n           int
	ui          int // UI updates at the instants of the callbacks, folded with them
}

// TextRenderer writes a timeline one event at a time, for a trace read as
// it is shown; [RenderText] is the same for a slice. With
// [ProgressFold] it holds a task's progress callbacks until their phase
// ends (another event of the task, a lifecycle change, the end), then
// writes them as one line.
type TextRenderer struct {
	w     *bufio.Writer
	opts  TextOptions
	order []foldKey
	folds map[foldKey]*fold
	// after is the progress callback just hidden or held: app.ui lines at
	// its instant in its process go with it.
	after *Event
	live  bool // flush after every event
}

// NewTextRenderer starts a timeline on w. Each Write reaches w before it
// returns (but for progress callbacks a fold holds back).
func NewTextRenderer(w io.Writer, opts TextOptions) *TextRenderer {
	return &TextRenderer{w: bufio.NewWriter(w), opts: opts, folds: map[foldKey]*fold{}, live: true}
}

// Write adds the next event, writing what can be written.
func (r *TextRenderer) Write(e Event) error {
	if r.opts.HideLogs && e.Kind == KindLog {
		return nil
	}
	if r.opts.Progress != ProgressAll {
		if isProgress(e) {
			r.after = &e
			if r.opts.Progress == ProgressFold {
				r.hold(e)
			}
			return nil
		}
		if e.Kind == KindUI && r.after != nil && e.At == r.after.At && e.Process == r.after.Process {
			if f := r.folds[foldKey{r.after.Session, r.after.Task, r.after.Process}]; f != nil {
				f.ui++
			}
			return nil
		}
		r.after = nil
		switch {
		case e.Kind == KindTransition || e.Kind == KindLaunch || e.Kind == KindTerminate || e.Kind == KindUserAction:
			r.flushAll()
		case e.Task != 0:
			r.flushTask(e.Session, e.Task)
		}
	}
	r.line(e, DescribeNamed(e, r.opts.Names))
	return r.err()
}

// Close writes what is held back and flushes.
func (r *TextRenderer) Close() error {
	r.flushAll()
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("simulator: write timeline: %w", err)
	}
	return nil
}

// err flushes after every event of a live timeline, so that a paced
// replay shows each event when it is due; it reports a write error.
func (r *TextRenderer) err() error {
	if !r.live {
		return nil
	}
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("simulator: write timeline: %w", err)
	}
	return nil
}

func (r *TextRenderer) line(e Event, desc string) {
	width := r.opts.Width
	writeLine(r.w, e, desc, r.opts)
	if r.opts.Narrate {
		nw := 72
		if width > 0 {
			nw = width - r.opts.prefix()
		}
		// One paragraph per line of the narration (an explained
		// violation has its "On a device:", each way of making its
		// mistake, and "Fix:" on lines of their own).
		for _, para := range strings.Split(NarrateWith(e, r.opts.Explain), "\n") {
			if para = r.opts.Names.Rewrite(para); para == "" {
				continue
			}
			for _, l := range wrapItem(para, nw) {
				fmt.Fprintf(r.w, "%*s%s\n", r.opts.prefix(), "", paint(r.opts.Color, ansiFaint, l))
			}
		}
	}
}

func (r *TextRenderer) hold(e Event) {
	k := foldKey{e.Session, e.Task, e.Process}
	f := r.folds[k]
	if f == nil {
		f = &fold{first: e}
		r.folds[k] = f
		r.order = append(r.order, k)
	}
	f.last = e
	f.n++
}

// flushTask writes the folds of a task in any process.
func (r *TextRenderer) flushTask(session string, task int) {
	for _, k := range append([]foldKey(nil), r.order...) {
		if k.session == session && k.task == task {
			r.flush(k)
		}
	}
}

func (r *TextRenderer) flushAll() {
	for _, k := range append([]foldKey(nil), r.order...) {
		r.flush(k)
	}
}

// flush writes a fold as one line, at the time of its last callback.
func (r *TextRenderer) flush(k foldKey) {
	f := r.folds[k]
	if f == nil {
		return
	}
	delete(r.folds, k)
	for i, o := range r.order {
		if o == k {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
	if f.n == 1 && f.ui == 0 {
		r.line(f.last, DescribeNamed(f.last, r.opts.Names))
		return
	}
	e := f.last
	desc := fmt.Sprintf("%s %s: %s from %s to %s, now %d of %s on %s",
		r.opts.Names.Callback(e.Callback), taskRef(e), countOf(f.n, "call", "calls"),
		fakes.FormatOffset(f.first.At), fakes.FormatOffset(e.At), e.Total, sizeOrUnknown(e.Expected), e.Queue)
	if f.ui > 0 {
		desc += fmt.Sprintf(" (%s folded)", countOf(f.ui, "UI update", "UI updates"))
	}
	r.line(e, desc)
}
