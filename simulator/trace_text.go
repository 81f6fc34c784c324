package simulator

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// TextOptions shape the text timeline.
type TextOptions struct {
	// Narrate adds, under the events that matter, a plain-language line on
	// what is happening and why, for people who never read Apple's docs.
	Narrate bool
	// HideLogs leaves out the app's own log lines (app.log).
	HideLogs bool
	// Names chooses Xamarin names (the default), Swift names or both for
	// the app's callbacks, in event lines and narration.
	Names Names
	// Width is the widest a line may be, in columns: longer descriptions
	// wrap under themselves and rule tags stay inside it. 0 keeps every
	// event on one line, however long (the form goldens compare).
	Width int
	// Progress says how to show the progress callbacks (DidWriteData,
	// DidSendBodyData): every one (the default), folded to one line per
	// task per phase, or none.
	Progress Progress
	// Color marks lines with ANSI colours for a terminal: violations and
	// crashes in red, narration faint. The caller decides (a terminal,
	// NO_COLOR, a --color flag); the layout is the same either way.
	Color bool
	// Explain, if set, narrates each violation with what breaking its
	// rule does on a device and how to fix it, in place of the generic
	// sentence (with Narrate only).
	Explain Explainer
	// TimeWidth is the width of the time column, in columns. 0:
	// [RenderText] fits it to the run's latest time, so that a run longer
	// than an hour (T+01:00:00.000) keeps its columns aligned; a
	// [TextRenderer], which cannot know how long the run will be, uses
	// the width of a time under an hour (T+00:20.000), and a longer
	// time pushes its line's actor and description right.
	TimeWidth int
}

// minTimeWidth is the width of the time column for a time under an hour
// (T+mm:ss.mmm, eleven columns, and two to spare).
const minTimeWidth = 13

// timeWidth is the width of the time column under opts.
func (opts TextOptions) timeWidth() int { return max(opts.TimeWidth, minTimeWidth) }

// prefix is the width of the time and actor columns, where descriptions
// and narrations start.
func (opts TextOptions) prefix() int { return opts.timeWidth() + textPrefix - minTimeWidth }

// ANSI colours of the text timeline (TextOptions.Color).
const (
	ansiRed   = "\x1b[31m"
	ansiFaint = "\x1b[2m"
	ansiReset = "\x1b[0m"
)

// paint wraps one line in a colour when on is set.
func paint(on bool, color, line string) string {
	if !on || line == "" {
		return line
	}
	return color + line + ansiReset
}

// RenderText writes events as a timeline a person can follow:
//
//	T+00:05.000  system  background → suspended (suspend)              [R-L3]
func RenderText(w io.Writer, events []Event, opts TextOptions) error {
	if opts.TimeWidth == 0 {
		for _, e := range events {
			opts.TimeWidth = max(opts.TimeWidth, len(fakes.FormatOffset(e.At)))
		}
	}
	r := NewTextRenderer(w, opts)
	r.live = false // one flush at the end
	for _, e := range events {
		if err := r.Write(e); err != nil {
			return err
		}
	}
	return r.Close()
}

// textPrefix is the width of the time and actor columns with a time
// under an hour ([TextOptions.prefix]).
const textPrefix = 22

// writeLine writes one event's line: the time, the actor, the
// description, and the rule tag in the column after 78 or at the end,
// wrapped to opts.Width when it is set. Under a width too narrow for that
// column the tag follows the description, so that no width loses it.
func writeLine(w io.Writer, e Event, desc string, opts TextOptions) {
	color := ""
	if e.Kind == KindViolation || e.Kind == KindCrash {
		color = ansiRed
	}
	var out strings.Builder
	layoutLine(&out, e, Printable(desc), opts)
	for _, l := range strings.SplitAfter(out.String(), "\n") {
		if l == "" {
			continue
		}
		if color != "" && opts.Color {
			l = paint(true, color, strings.TrimSuffix(l, "\n")) + "\n"
		}
		io.WriteString(w, l)
	}
}

// Printable escapes the control characters of s (a bell, an ANSI escape
// in a note or a log line the app wrote) as Go does in a quoted string,
// \a, \x1b: a timeline shows what the text says, and never rings,
// colours or moves a terminal's cursor on its own. A line break is a
// control character too: escape a text of several lines line by line.
func Printable(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r) // '\x07'
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// layoutLine lays one event's line out on w (see writeLine).
func layoutLine(w io.Writer, e Event, desc string, opts TextOptions) {
	head := fmt.Sprintf("%-*s %-7s ", opts.timeWidth(), fakes.FormatOffset(e.At), e.Actor)
	prefix := opts.prefix()
	tag := ""
	if e.Rule != "" {
		tag = "[" + string(e.Rule) + "]"
	}
	line := head + desc
	n := utf8.RuneCountInString(line)
	// A time wider than the column widens the head past the prefix: the
	// description wraps to what is left of the line after the head.
	room := opts.Width - max(prefix, utf8.RuneCountInString(head))
	switch {
	case tag == "":
	case n <= 78 && (opts.Width == 0 || 79+len(tag) <= opts.Width):
		line += strings.Repeat(" ", 78-n) + " " + tag
	case opts.Width == 0 || n+1+len(tag) <= opts.Width:
		line += " " + tag
	default:
		lines := wrap(desc, room)
		last := len(lines) - 1
		word := strings.LastIndexByte(lines[last], ' ') + 1 // the last line's last word
		switch {
		case utf8.RuneCountInString(lines[last])+1+len(tag) <= room:
			lines[last] += " " + tag
		case word > 0 && utf8.RuneCountInString(lines[last][word:])+1+len(tag) <= room:
			// The tag takes the last word down with it rather than stand
			// alone on a line.
			lines = append(lines[:last], lines[last][:word-1], lines[last][word:]+" "+tag)
		default:
			lines = append(lines, tag)
		}
		fmt.Fprintln(w, strings.TrimRight(head+lines[0], " "))
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%*s%s\n", prefix, "", l)
		}
		return
	}
	if opts.Width > 0 && utf8.RuneCountInString(line) > opts.Width {
		lines := wrap(desc, room)
		fmt.Fprintln(w, strings.TrimRight(head+lines[0], " "))
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%*s%s\n", prefix, "", l)
		}
		return
	}
	fmt.Fprintln(w, strings.TrimRight(line, " "))
}

// Describe is the one-line description of an event in the timeline. An
// event of a kind this version does not know (read from another version's
// trace) is shown by its kind and detail.
func Describe(e Event) string {
	if k, ok := kindSpecs[e.Kind]; ok {
		return k.text(e)
	}
	return fmt.Sprintf("%s %s", e.Kind, e.Detail)
}

// DescribeNamed is [Describe] with the callbacks and platform methods it
// names named as names asks ([Names.Rewrite]).
func DescribeNamed(e Event, names Names) string { return names.Rewrite(Describe(e)) }

// Narrate explains an event in plain language, or returns "" for events
// that speak for themselves.
func Narrate(e Event) string {
	if k, ok := kindSpecs[e.Kind]; ok && k.narrate != nil {
		return k.narrate(e)
	}
	return ""
}

// taskRef names the transfer an event is about: "task 2", or
// `task 2 "photo-2.jpg"` once the app gave it a description.
func taskRef(e Event) string {
	if e.Desc == "" {
		return "task " + strconv.Itoa(e.Task)
	}
	return fmt.Sprintf("task %d %q", e.Task, e.Desc)
}

// Text lines of the lifecycle, user and system kinds (see kindTable).

func textDetail(e Event) string { return e.Detail }

func textNote(e Event) string { return "(" + e.Detail + ")" }

func textLaunch(e Event) string {
	s := fmt.Sprintf("launches process %d (reason: %s)", e.Process, e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail // which extension
	}
	if e.Session != "" {
		s += " for session " + e.Session
	}
	return s
}

func textTerminate(e Event) string {
	s := fmt.Sprintf("process %d ends: %s", e.Process, e.Reason)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

func textTransition(e Event) string { return fmt.Sprintf("%s → %s (%s)", e.From, e.To, e.Cause) }

func textAppCallback(e Event) string {
	s := string(e.Callback)
	if e.Reason != "" {
		s += "(" + e.Reason + ")"
	}
	if e.Session != "" {
		s += " session " + e.Session
	}
	return s + " on " + e.Queue
}

// textLog names the queue the app logged from; the system's messages to
// the app's console (R-I1's) come from no queue of the app, and show none.
func textLog(e Event) string {
	if e.Queue == "" {
		return "log: " + e.Detail
	}
	return fmt.Sprintf("log [%s]: %s", e.Queue, e.Detail)
}

func textUI(e Event) string { return fmt.Sprintf("UI [%s]: %s", e.Queue, e.Detail) }

func textCrash(e Event) string {
	s := "CRASH: " + e.Detail
	if e.Where != "" {
		s += " at " + e.Where
	}
	return s
}

func textBGTaskBegin(e Event) string {
	return fmt.Sprintf("begins background task %d %q", e.BGTask, e.Detail)
}

func textBGTaskEnd(e Event) string {
	return fmt.Sprintf("ends background task %d %q", e.BGTask, e.Detail)
}

func textBGTaskExpire(e Event) string {
	return fmt.Sprintf("background task %d %q is about to expire: expiration handler queued", e.BGTask, e.Detail)
}

func textViolation(e Event) string { return "VIOLATION: " + e.Detail }

func textPower(e Event) string { return fmt.Sprintf("power %s → %s", e.From, e.To) }

// Narrations of the lifecycle, user and system kinds (see kindTable).

func narrateLaunch(e Event) string {
	if e.Reason == appmodel.LaunchExtension.String() {
		return "An app extension starts: a separate, short-lived process of the same app, beside the app's own. Its background session must name a shared container, where the app can find what it downloads (R-X1)."
	}
	if e.Reason == appmodel.LaunchURLSession.String() {
		return "iOS starts the app in the background, without showing it, so it can receive its background session's events. It is a fresh process: nothing the previous one held in memory is there (R-L6)."
	}
	if e.Process == 1 {
		return "The app's first process starts: iOS makes a new instance of the app. Whatever it keeps only in memory lives as long as this process (R-L6)."
	}
	return "A new process starts with a brand-new app instance: whatever the last process kept only in memory is gone; only user defaults and files survive (R-L6)."
}

func narrateTerminate(e Event) string {
	switch e.TerminationReason() {
	case TermMemoryPressure:
		return "iOS reclaimed the memory of the app. Background transfers are not affected: they run in nsurlsessiond, not in the app (R-S1, R-E2)."
	case TermUserForceQuit:
		return "The user swiped the app away. iOS takes this as \"stop everything\": the app's background transfers are cancelled (R-E3); WillTerminate ran only if the app was still running, never for a suspended one (R-L7)."
	case TermWatchdog:
		return "The watchdog killed the app for overrunning the time iOS allowed it."
	case TermCrash:
		return "The app crashed. For background transfers this is like a termination by the system: they go on (R-E5)."
	case TermAppUpdate:
		return "iOS ended the app to install an update, as it would to reclaim memory: its background transfers go on, and when they finish the new version is launched in the background to receive them (R-L9)."
	case TermExtensionEnded:
		return "The extension's work is over and its short-lived process ends. Its background transfers go on in the daemon; when they finish, iOS launches the containing app to receive them (R-X1, R-X2)."
	}
	return ""
}

func narrateTransition(e Event) string {
	switch e.To {
	case "suspended":
		return "Nothing keeps the app running any more, so iOS suspends it: it stays in memory but runs no code, and its timers and queued work wait (R-L5)."
	case "terminated":
		if e.From == "suspended" {
			return "A suspended app runs no code, so it is killed without being told: no WillTerminate (R-L7)."
		}
	case "inactive":
		if e.Cause == "user-launch" && (e.From == "suspended" || e.From == "background") {
			return "The user returns to a process that is still in memory: iOS calls WillEnterForeground, then OnActivated; there is no FinishedLaunching (R-L2)."
		}
	case "background":
		if e.Cause == "enter-background" {
			return "The app is in the background. It has a few seconds (BackgroundGrace) before iOS suspends it, unless a background task keeps it running (R-L3, R-L4)."
		}
	}
	return ""
}

func narrateAppCallback(e Event) string {
	if e.Callback == CbHandleEventsForBackgroundURL {
		return "iOS tells the app that events of its background session wait, and hands it a completion handler to call when it has dealt with them. The app must keep the handler and, unless it still has a session with this identifier or has already made it again, make that session now (R-D1, R-D2, R-I3)."
	}
	return ""
}

func narrateBGTaskExpire(Event) string {
	return "The background time iOS granted is nearly over: the app must end its background tasks now, or it is killed (R-L4)."
}

// narrateViolation is the generic sentence; renderers given an
// [Explainer] say what the rule's breach does on a device instead
// ([NarrateWith]).
func narrateViolation(Event) string { return genericViolation }

func narrateSnapshot(Event) string {
	return "iOS takes a picture of the app's screen for the app switcher; with nothing else to do, the app is suspended again."
}

// wrap breaks s into lines of at most width runes, at spaces; a word
// longer than width (a container path, a Swift selector) is broken after
// its last slash or colon that fits, or cut at width where it has none.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0 // runes in cur
	for _, word := range longWords(strings.Fields(s), width) {
		wn := utf8.RuneCountInString(word)
		if n > 0 && n+1+wn > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(word)
		n += wn
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// longWords breaks each word longer than width into pieces that fit: after
// the last slash or colon within width (between a path's directories, a
// selector's parts), or at width where there is none. Each piece starts a
// line in wrap: with the one before, it would not have fit.
func longWords(words []string, width int) []string {
	if width <= 0 {
		return words
	}
	var out []string
	for _, w := range words {
		for utf8.RuneCountInString(w) > width {
			cut := runeOffset(w, width)
			if sep := strings.LastIndexAny(w[:cut], "/:"); sep > 0 {
				cut = sep + 1
			}
			out = append(out, w[:cut])
			w = w[cut:]
		}
		out = append(out, w)
	}
	return out
}

// runeOffset is the byte offset of s's rune n (len(s) if s is shorter).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
