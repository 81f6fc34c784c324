package main

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// mistake is one switch of appmodel.Mistakes, by its kebab-case name:
// the field ForgetCompletionHandler is the mistake forget-completion-handler.
type mistake struct {
	name  string
	field int // index in appmodel.Mistakes
}

// mistakeNotes describe the mistakes for 'bgsim list'. A switch missing
// here still works; it is listed without a description.
var mistakeNotes = map[string]string{
	"forget-completion-handler":    "never calls the completion handler (M4, R-D4)",
	"call-handler-off-main":        "calls the completion handler off the main thread (M4, R-D3)",
	"call-handler-early":           "calls the completion handler in HandleEventsForBackgroundURL, before the events (M4)",
	"call-handler-twice":           "calls the completion handler twice (M4, R-D4)",
	"wrong-identifier-on-relaunch": "recreates the session under another identifier after a relaunch (M3, R-I3)",
	"memory-only-state":            "keeps where each download goes only in memory, which a relaunch wipes (M3, R-L6)",
	"read-file-after-return":       "reads the download after DidFinishDownloading returned (M5, R-D6)",
	"ui-off-main-thread":           "updates the progress bar from the delegate queue (M11, R-D5)",
	"new-session-per-request":      "makes a new session, same identifier, for every download (M7, R-I1)",
	"completion-handler-task":      "uses a completion-handler download task in a background session (M2, R-S2)",
	"task-per-wake":                "starts one download per background wake instead of all at once (M8, R-R1)",
	"upload-from-memory":           "uploads the photo from memory instead of from a file (M9, R-S2)",
	"data-tasks":                   "fetches the images with data tasks instead of download tasks (M9, R-S2)",
	"start-in-background":          "starts the downloads when the app enters the background (M10, R-S6)",
	"slow-did-finish-downloading":  "decodes each image synchronously in DidFinishDownloading, past the wake's time (M13, R-D8)",
	"handler-only-when-no-tasks":   "calls the completion handler only when GetAllTasks is empty (M15, R-D4)",
	"state-after-session":          "creates the session at relaunch before loading where each download goes (M16, R-I3)",
	"persist-absolute-path":        "persists the saved image's absolute path, which an update that moves the container breaks (M14, R-L9)",
	"multipart-upload":             "uploads the photo in parts and finalises it with a request made at the wake (M17, R-R1; with the photo upload)",
}

// mistakes lists the switches of appmodel.Mistakes in field order.
func mistakes() []mistake {
	t := reflect.TypeOf(appmodel.Mistakes{})
	var ms []mistake
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() && f.Type.Kind() == reflect.Bool {
			ms = append(ms, mistake{name: kebab(f.Name), field: i})
		}
	}
	return ms
}

func mistakeNames() []string {
	var names []string
	for _, m := range mistakes() {
		names = append(names, m.name)
	}
	return names
}

// kebab turns a Go field name into kebab case, keeping acronyms together:
// UIOffMainThread is ui-off-main-thread.
func kebab(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if prevLower || (unicode.IsUpper(r[i-1]) && nextLower) {
				b.WriteByte('-')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// parseMistakes turns mistake names into the switches.
func parseMistakes(names []string) (appmodel.Mistakes, error) {
	var m appmodel.Mistakes
	all := mistakes()
	v := reflect.ValueOf(&m).Elem()
next:
	for _, n := range names {
		n = strings.TrimSpace(n)
		for _, mk := range all {
			if mk.name == n {
				v.Field(mk.field).SetBool(true)
				continue next
			}
		}
		return m, usagef("unknown mistake %q;%s valid mistakes: %s", n, didYouMean(n, mistakeNames()), strings.Join(mistakeNames(), ", "))
	}
	return m, nil
}

// setMistakes are the names of the switches m turns on, in field order.
func setMistakes(m appmodel.Mistakes) []string {
	v := reflect.ValueOf(m)
	var names []string
	for _, mk := range mistakes() {
		if v.Field(mk.field).Bool() {
			names = append(names, mk.name)
		}
	}
	return names
}

// The trace header records the scenario as its name followed by the
// mistakes switched on, "walkthrough+forget-completion-handler", so that
// verify can re-run exactly what produced a trace.
const specSep = "+"

func scenarioSpec(name string, m appmodel.Mistakes) string {
	return strings.Join(append([]string{name}, setMistakes(m)...), specSep)
}

// lookupScenario finds a built-in scenario by name, with a usage error
// naming the close ones if there is none.
func lookupScenario(name string) (scenarios.BuiltinScenario, error) {
	if b, ok := scenarios.LookupBuiltin(name); ok {
		return b, nil
	}
	var names []string
	for _, b := range scenarios.Builtins() {
		names = append(names, b.Name)
	}
	return scenarios.BuiltinScenario{}, unknownScenario(name, names, "")
}

// runScenario runs the built-in scenario name with seed and the named
// mistakes. It returns the simulation even when the run fails, for the
// trace so far; it is nil only when the run could not start.
func runScenario(name string, seed uint64, mistakeNames []string) (*simulator.Sim, error) {
	b, err := lookupScenario(name)
	if err != nil {
		return nil, err
	}
	m, err := parseMistakes(mistakeNames)
	if err != nil {
		return nil, err
	}
	if m != (appmodel.Mistakes{}) && !b.RefApp {
		return nil, usagef("scenario %q runs the counter app: --mistake applies to scenarios of the reference app (walkthrough)", name)
	}
	sim, err := b.Run(simulator.Config{Scenario: scenarioSpec(name, m), Seed: seed}, m)
	if err != nil {
		err = fmt.Errorf("scenario %s: %w", name, err)
	}
	return sim, err
}

// runSpec re-runs what a trace header names: "name+mistake+...".
func runSpec(spec string, seed uint64) (*simulator.Sim, error) {
	parts := strings.Split(spec, specSep)
	return runScenario(parts[0], seed, parts[1:])
}
