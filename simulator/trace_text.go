package simulator

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/bgsim/bgsim/fakes"
)

// TextOptions shape the text timeline.
type TextOptions struct {
	// Narrate adds, under the events that matter, a plain-language line on
	// what is happening and why, for people who never read Apple's docs.
	Narrate bool
	// HideLogs leaves out the app's own log lines (app.log).
	HideLogs bool
}

// RenderText writes events as a timeline a person can follow:
//
//	T+00:05.000  system  background → suspended (suspend)              [R-L3]
func RenderText(w io.Writer, events []Event, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	for _, e := range events {
		if opts.HideLogs && e.Kind == KindLog {
			continue
		}
		line := fmt.Sprintf("%-13s %-7s %s", fakes.FormatOffset(e.At), e.Actor, Describe(e))
		if e.Rule != "" {
			line = fmt.Sprintf("%-78s [%s]", line, e.Rule)
		}
		fmt.Fprintln(bw, strings.TrimRight(line, " "))
		if opts.Narrate {
			if n := Narrate(e); n != "" {
				for _, l := range wrap(n, 72) {
					fmt.Fprintf(bw, "%22s%s\n", "", l)
				}
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("simulator: write timeline: %w", err)
	}
	return nil
}

// Describe is the one-line description of an event in the timeline.
func Describe(e Event) string {
	switch e.Kind {
	case KindUserAction:
		return e.Detail
	case KindLaunch:
		s := fmt.Sprintf("launches process %d (reason: %s)", e.Process, e.Reason)
		if e.Session != "" {
			s += " for session " + e.Session
		}
		return s
	case KindTerminate:
		s := fmt.Sprintf("process %d ends: %s", e.Process, e.Reason)
		if e.Detail != "" {
			s += " (" + e.Detail + ")"
		}
		return s
	case KindTransition:
		return fmt.Sprintf("%s → %s (%s)", e.From, e.To, e.Cause)
	case KindAppCallback:
		s := string(e.Callback)
		if e.Reason != "" {
			s += "(" + e.Reason + ")"
		}
		if e.Session != "" {
			s += " session " + e.Session
		}
		return s + " on " + e.Queue
	case KindLog:
		return fmt.Sprintf("log [%s]: %s", e.Queue, e.Detail)
	case KindUI:
		return fmt.Sprintf("UI [%s]: %s", e.Queue, e.Detail)
	case KindCrash:
		s := "CRASH: " + e.Detail
		if e.Reason != "" {
			s += " at " + e.Reason
		}
		return s
	case KindBGTaskBegin:
		return fmt.Sprintf("begins background task %d %q", e.Task, e.Detail)
	case KindBGTaskEnd:
		return fmt.Sprintf("ends background task %d %q", e.Task, e.Detail)
	case KindBGTaskExpire:
		return fmt.Sprintf("background task %d %q is about to expire: expiration handler queued", e.Task, e.Detail)
	case KindViolation:
		return "VIOLATION: " + e.Detail
	case KindSystem:
		return e.Detail
	case KindNote:
		return "(" + e.Detail + ")"
	}
	if d, ok := describeDaemon(e); ok {
		return d
	}
	return fmt.Sprintf("%s %s", e.Kind, e.Detail)
}

// Narrate explains an event in plain language, or returns "" for events
// that speak for themselves.
func Narrate(e Event) string {
	switch e.Kind {
	case KindLaunch:
		if e.Reason == "url-session" {
			return "iOS starts the app in the background, without showing it, so it can receive its background session's events. It is a fresh process: nothing the previous one held in memory is there (R-L6)."
		}
		if e.Process == 1 {
			return "The app's first process starts: iOS makes a new instance of the app. Whatever it keeps only in memory lives as long as this process (R-L6)."
		}
		return "A new process starts with a brand-new app instance: whatever the last process kept only in memory is gone; only user defaults and files survive (R-L6)."
	case KindTerminate:
		switch TerminationReason(e.Reason) {
		case TermMemoryPressure:
			return "iOS reclaimed the memory of the app. Background transfers are not affected: they run in nsurlsessiond, not in the app (R-S1, R-E2)."
		case TermUserForceQuit:
			return "The user swiped the app away. iOS takes this as \"stop everything\": the app's background transfers are cancelled (R-E3); WillTerminate ran only if the app was still running, never for a suspended one (R-L7)."
		case TermWatchdog:
			return "The watchdog killed the app for overrunning the time iOS allowed it."
		case TermCrash:
			return "The app crashed. For background transfers this is like a termination by the system: they go on (R-E5)."
		}
	case KindTransition:
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
	case KindViolation:
		return "The app broke a rule of the platform: on a device this is a crash, a kill, or a silent failure."
	}
	return narrateDaemon(e)
}

// wrap breaks s into lines of at most width runes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
