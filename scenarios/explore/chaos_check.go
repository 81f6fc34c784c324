package explore

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// ChaosProblem is one broken property of a chaos run.
type ChaosProblem struct {
	// Property is the number of the property:
	//  1. every task completes exactly once and is delivered exactly once;
	//  2. every downloaded byte reaches the app's file, or a violation says why;
	//  3. nothing is delivered to a session it does not belong to;
	//  4. no panic (an exhausted event budget is the run's error);
	//  5. an app that does everything right breaks no rule.
	Property int
	Detail   string
}

// String names the property and what broke it.
func (p ChaosProblem) String() string { return fmt.Sprintf("property %d: %s", p.Property, p.Detail) }

// CheckChaos checks a chaos run's properties against its trace, the app's
// container and the report, and returns what is broken.
func CheckChaos(events []simulator.Event, files *fakes.FS, rep ChaosReport) []ChaosProblem {
	c := &chaosChecker{rep: rep, files: files}
	c.index(events)
	c.completions()
	c.bytes(events)
	c.sessions(events)
	for _, e := range events {
		switch e.Kind {
		case simulator.KindCrash:
			if strings.HasPrefix(e.Detail, "panic:") {
				c.add(4, "seq %d: the app model panicked: %s at %s", e.Seq, e.Detail, e.Where)
			}
		case simulator.KindViolation:
			c.add(5, "seq %d: violation of %s by process %d: %s", e.Seq, e.Rule, e.Process, e.Detail)
		}
	}
	return c.problems
}

type chaosTaskFacts struct {
	created     int
	url         string
	createSeq   int
	completes   []simulator.Event // task.complete
	doneCbs     []simulator.Event // DidCompleteWithError callbacks
	finishCbs   []simulator.Event // DidFinishDownloading callbacks
	written     []string          // files the daemon wrote for it
	lastStatus  int               // of the last transfer.response
	successSeen bool
}

type chaosChecker struct {
	rep      ChaosReport
	files    *fakes.FS
	tasks    map[ChaosTaskKey]*chaosTaskFacts
	keys     []ChaosTaskKey // in creation order
	problems []ChaosProblem
}

func (c *chaosChecker) add(prop int, format string, args ...any) {
	c.problems = append(c.problems, ChaosProblem{Property: prop, Detail: fmt.Sprintf(format, args...)})
}

func (c *chaosChecker) task(e simulator.Event) *chaosTaskFacts {
	k := ChaosTaskKey{e.Session, e.Task}
	f := c.tasks[k]
	if f == nil {
		f = &chaosTaskFacts{}
		c.tasks[k] = f
	}
	return f
}

const chaosWritten = "downloaded file written to "

func (c *chaosChecker) index(events []simulator.Event) {
	c.tasks = map[ChaosTaskKey]*chaosTaskFacts{}
	for _, e := range events {
		switch e.Kind {
		case simulator.KindTaskCreate:
			f := c.task(e)
			f.created++
			f.createSeq = e.Seq
			_, f.url, _ = strings.Cut(e.Detail, " ")
			c.keys = append(c.keys, ChaosTaskKey{e.Session, e.Task})
		case simulator.KindTaskComplete:
			c.task(e).completes = append(c.task(e).completes, e)
		case simulator.KindTransferResponse:
			c.task(e).lastStatus = e.Code
		case simulator.KindFile:
			if loc, ok := strings.CutPrefix(e.Detail, chaosWritten); ok {
				c.task(e).written = append(c.task(e).written, loc)
			}
		case simulator.KindSessionCallback:
			switch e.Callback {
			case simulator.CbDidCompleteWithError:
				c.task(e).doneCbs = append(c.task(e).doneCbs, e)
			case simulator.CbDidFinishDownloading:
				c.task(e).finishCbs = append(c.task(e).finishCbs, e)
			}
		}
	}
}

// completions checks property 1.
func (c *chaosChecker) completions() {
	if !c.rep.Finished {
		c.add(1, "not every task completed and was delivered within %s after the script", c.rep.Options.TimeLimit)
	}
	keys := slices.SortedFunc(maps.Keys(c.tasks), func(a, b ChaosTaskKey) int {
		if a.Session != b.Session {
			return strings.Compare(a.Session, b.Session)
		}
		return a.Task - b.Task
	})
	for _, k := range keys {
		f := c.tasks[k]
		switch {
		case f.created == 0:
			c.add(1, "task %s was never created, yet has %d task.complete and %d DidCompleteWithError", k, len(f.completes), len(f.doneCbs))
			continue
		case f.created > 1:
			c.add(1, "task %s was created %d times", k, f.created)
		}
		if n := len(f.completes); n != 1 {
			c.add(1, "task %s completed %d times in the daemon, want exactly once%s", k, n, seqs(f.completes))
		}
		if n := len(f.doneCbs); n != 1 {
			c.add(1, "task %s: DidCompleteWithError delivered %d times, want exactly once%s", k, n, seqs(f.doneCbs))
		}
		if n := c.rep.App.Completions[k]; n != 1 {
			c.add(1, "task %s: the app saw DidCompleteWithError %d times, want exactly once", k, n)
		}
		if len(f.completes) != 1 || len(f.doneCbs) != 1 {
			continue
		}
		done, cb := f.completes[0], f.doneCbs[0]
		if cb.Seq < done.Seq {
			c.add(1, "task %s: DidCompleteWithError (seq %d) before the daemon completed it (seq %d)", k, cb.Seq, done.Seq)
		}
		if cb.Code != done.Code {
			c.add(1, "task %s completed with code %d but DidCompleteWithError says %d", k, done.Code, cb.Code)
		}
		// R-D2: a download that succeeded gets DidFinishDownloading first;
		// one that failed never does.
		want := 0
		if done.Code == 0 {
			want = 1
		}
		if len(f.finishCbs) != want {
			c.add(1, "task %s (code %d): DidFinishDownloading delivered %d times, want %d%s", k, done.Code, len(f.finishCbs), want, seqs(f.finishCbs))
		} else if want == 1 && f.finishCbs[0].Seq > cb.Seq {
			c.add(1, "task %s: DidFinishDownloading (seq %d) after DidCompleteWithError (seq %d)", k, f.finishCbs[0].Seq, cb.Seq)
		}
		if n := c.rep.App.Finishes[k]; n != want {
			c.add(1, "task %s: the app saw DidFinishDownloading %d times, want %d", k, n, want)
		}
	}
	if created := len(c.keys); created != c.rep.App.Created {
		c.add(1, "the trace has %d task.create events, the app made %d tasks", created, c.rep.App.Created)
	}
	for _, d := range c.rep.Downloads {
		if c.rep.Finished && c.rep.App.Final[d.Index] == "" {
			c.add(1, "download %d never reached a final state", d.Index)
		}
	}
}

// bytes checks property 2: the file of every download that succeeded holds
// one content of its resource, whole.
func (c *chaosChecker) bytes(events []simulator.Event) {
	byURL := map[string]ChaosDownload{}
	for _, d := range c.rep.Downloads {
		byURL[d.URL] = d
	}
	succeeded := map[int]ChaosTaskKey{}
	for _, k := range c.keys {
		f := c.tasks[k]
		if len(f.completes) == 1 && f.completes[0].Code == 0 && f.lastStatus >= 200 && f.lastStatus < 300 {
			d, ok := byURL[f.url]
			if !ok {
				c.add(2, "task %s downloaded %s, which is not one of the app's downloads", k, f.url)
				continue
			}
			if prev, dup := succeeded[d.Index]; dup {
				c.add(2, "download %d succeeded twice: tasks %s and %s", d.Index, prev, k)
			}
			succeeded[d.Index] = k
		}
	}
	for _, d := range c.rep.Downloads {
		k, ok := succeeded[d.Index]
		final := c.rep.App.Final[d.Index]
		if !ok {
			switch {
			case final == "done":
				c.add(2, "download %d: the app counts it done but no task of it succeeded", d.Index)
			case final != "" && !c.explained(events, d, ChaosTaskKey{}):
				// Nothing in a chaos run makes a download fail for good: the
				// app restarts what was cancelled or answered with an HTTP
				// error, and the daemon retries the rest (R-G2, R-S9).
				c.add(2, "download %d never reached the app's file: %s, and no violation explains it", d.Index, final)
			}
			continue
		}
		if final != "done" {
			c.add(2, "download %d: task %s succeeded but the app's final state is %q", d.Index, k, final)
		}
		if why := c.checkFile(d); why != "" && !c.explained(events, d, k) {
			c.add(2, "download %d (task %s): %s, and no violation explains it", d.Index, k, why)
		}
	}
	for _, p := range c.files.List("/tmp") {
		c.add(2, "the daemon's download %s is still there: neither moved nor deleted (R-D6)", p)
	}
	for _, m := range c.rep.App.MoveErrors {
		c.add(2, "the app could not move a download: %s", m)
	}
}

func (c *chaosChecker) checkFile(d ChaosDownload) string {
	f, err := c.files.Stat(d.Path)
	if err != nil {
		return fmt.Sprintf("the app's file: %v", err)
	}
	if len(f.Segments) == 0 {
		return fmt.Sprintf("the app's file %s is empty", d.Path)
	}
	at, src := int64(0), f.Segments[0].Source
	for _, s := range f.Segments {
		if s.From != at {
			return fmt.Sprintf("the app's file %s has a gap or overlap at byte %d (segment from %d)", d.Path, at, s.From)
		}
		if s.Source != src {
			return fmt.Sprintf("the app's file %s mixes bytes of %s and %s (from byte %d)", d.Path, src, s.Source, s.From)
		}
		at = s.To
	}
	for _, v := range d.Versions {
		if v.Source == src {
			if at != v.Size {
				return fmt.Sprintf("the app's file %s has %d bytes of %s, which has %d", d.Path, at, src, v.Size)
			}
			return ""
		}
	}
	return fmt.Sprintf("the app's file %s holds bytes of %s, not a published version of %s", d.Path, src, d.URL)
}

// explained: a violation names the download's file or its temporary file.
func (c *chaosChecker) explained(events []simulator.Event, d ChaosDownload, k ChaosTaskKey) bool {
	names := []string{d.Path}
	if f := c.tasks[k]; f != nil {
		names = append(names, f.written...)
	}
	for _, e := range events {
		if e.Kind != simulator.KindViolation {
			continue
		}
		for _, n := range names {
			if strings.Contains(e.Detail, n) {
				return true
			}
		}
	}
	return false
}

// sessions checks property 3: every delegate message went to the session
// its task belongs to, in a process connected to that session.
func (c *chaosChecker) sessions(events []simulator.Event) {
	for _, w := range c.rep.App.Wrong {
		c.add(3, "the app was handed %s", w)
	}
	connected := map[ChaosTaskKey]bool{} // (session, pid)
	woken := map[string]bool{}
	for _, e := range events {
		switch e.Kind {
		case simulator.KindConnect:
			connected[ChaosTaskKey{e.Session, e.Process}] = true
		case simulator.KindAppCallback:
			// R-D7: each session is woken by a HandleEventsForBackgroundURL
			// of its own, even when several share one launch.
			if e.Callback == simulator.CbHandleEventsForBackgroundURL {
				woken[e.Session] = true
			}
		case simulator.KindSessionCallback:
			if !connected[ChaosTaskKey{e.Session, e.Process}] {
				c.add(3, "seq %d: %s for session %s in process %d, which never connected to it", e.Seq, e.Callback, e.Session, e.Process)
			}
			if e.Task == 0 {
				if e.Callback == simulator.CbDidFinishEventsForBackgroundSession && !woken[e.Session] {
					c.add(3, "seq %d: DidFinishEventsForBackgroundSession for session %s, which was never woken for", e.Seq, e.Session)
				}
				continue
			}
			f := c.tasks[ChaosTaskKey{e.Session, e.Task}]
			if f == nil || f.created == 0 || f.createSeq > e.Seq {
				c.add(3, "seq %d: %s of task %d delivered to session %s, which has no such task", e.Seq, e.Callback, e.Task, e.Session)
				continue
			}
			if e.Callback == simulator.CbDidFinishDownloading && !slices.Contains(f.written, e.Detail) {
				c.add(3, "seq %d: DidFinishDownloading of task %s hands over %s, which the daemon wrote for another task", e.Seq, ChaosTaskKey{e.Session, e.Task}, e.Detail)
			}
		}
	}
}

func seqs(events []simulator.Event) string {
	if len(events) == 0 {
		return ""
	}
	s := make([]string, len(events))
	for i, e := range events {
		s[i] = fmt.Sprint(e.Seq)
	}
	return " (seq " + strings.Join(s, ", ") + ")"
}
