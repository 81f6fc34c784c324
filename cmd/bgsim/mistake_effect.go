package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// withMistakes is a run's title with the mistakes --mistake switched on,
// so that the text's header and the page's title say which app ran:
// "walkthrough --mistake forget-completion-handler".
func withMistakes(title string, mistakes []string) string {
	if len(mistakes) == 0 {
		return title
	}
	return title + " --mistake " + strings.Join(mistakes, ",")
}

// noteNoEffect says, on standard error, when the mistakes switched on
// changed nothing in a run of s: the same run without them (same seed,
// opts without mistakes) records the same events. The app of s never
// takes the path the mistake is on (the walkthrough makes one session
// and one download, so new-session-per-request has nothing to repeat);
// the note names the catalog scenarios that show each mistake. The run's
// verdict and exit code stay what they were.
func noteNoEffect(e env, s *scenarios.Scenario, seed *uint64, mistakes []string, trace []simulator.Event, hang time.Duration) {
	if len(mistakes) == 0 {
		return
	}
	opts := scenarios.Options{Seed: seed}
	plain, err := runWatchedFile(e, s, opts, hang)
	if err != nil || plain == nil || !slices.Equal(plain.Trace, trace) {
		return
	}
	var shows []string
	for _, m := range mistakes {
		switch name := showingScenario(m); {
		case name == "" || name == s.Name:
		case name == m:
			shows = append(shows, "bgsim run "+name)
		default:
			shows = append(shows, fmt.Sprintf("bgsim run %s (%s)", name, m))
		}
	}
	it, changes := "it", "it changes"
	if len(mistakes) > 1 {
		it, changes = "them", "they change"
	}
	fmt.Fprintf(e.stderr, "bgsim: note: --mistake %s changed nothing in %s: the run is the same without %s, as its app never takes the path %s",
		strings.Join(mistakes, ","), s.Name, it, changes)
	if len(shows) > 0 {
		fmt.Fprintf(e.stderr, "; see %s in %s", it, strings.Join(shows, ", "))
	}
	fmt.Fprintln(e.stderr)
}

// showingScenario is the name of the catalog scenario that shows the
// reference app's switch sw (scenarios.ShowingSwitch), "" if none does.
func showingScenario(sw string) string {
	if s := scenarios.ShowingSwitch(sw); s != nil {
		return s.Name
	}
	return ""
}
