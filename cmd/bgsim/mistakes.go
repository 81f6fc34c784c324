package main

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
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

// recordedMistakes are the mistakes m switches on as a trace header
// records them (simulator.Header.Mistakes), whether the run went by a
// built-in scenario's name or by a file: sorted, each once.
func recordedMistakes(m appmodel.Mistakes) []string {
	return slices.Sorted(slices.Values(setMistakes(m)))
}

// resolveMistakes reads --mistake for the scenarios about to run: every
// name must be a switch of the reference app, and every scenario must run
// the reference app, the only app they change (otherwise the run would
// silently show the app without them). Both are command-line mistakes:
// exit 2, before anything runs.
func resolveMistakes(names []string, list []*scenarios.Scenario) (appmodel.Mistakes, error) {
	m, err := parseMistakes(names)
	if err != nil || m == (appmodel.Mistakes{}) {
		return m, err
	}
	var wrong []string
	for _, s := range list {
		if s.CheckMistakes(m) != nil {
			wrong = append(wrong, fmt.Sprintf("%s does not run the reference app (app: %s)", s.Name, s.AppKind()))
		}
	}
	if len(wrong) > 0 {
		return m, usagef("%s; --mistake applies to app: reference only ('bgsim list' shows the scenarios of the reference app, such as walkthrough)",
			strings.Join(wrong, "; "))
	}
	return m, nil
}

// mistakeOptions are the run options of the mistakes m: switched on
// besides the scenario's own, and, when there are any, the scenario's
// expectations left unchecked, since they describe the app without them.
// --mistake is there to see what a mistake costs, so with one the run
// fails only if it could not finish (a run-until limit, the event budget,
// a hang), by name or by file alike.
func mistakeOptions(m appmodel.Mistakes) scenarios.Options {
	return scenarios.Options{Mistakes: m, Unchecked: m != (appmodel.Mistakes{})}
}

// lookupScenario finds a built-in scenario by name, with a usage error
// naming the close ones if there is none.
func lookupScenario(name string) (*scenarios.Scenario, error) {
	if s, ok := scenarios.Lookup(name); ok {
		return s, nil
	}
	return nil, unknownScenario(name, scenarios.CatalogNames(), "")
}

// builtinRun is a run of a built-in scenario by name, resolved before it
// runs: the scenario looked up and the mistakes checked, so that
// --hang-timeout counts the simulation alone, not the catalog's parsing.
type builtinRun struct {
	s        *scenarios.Scenario
	label    string // the trace header's scenario
	mistakes appmodel.Mistakes
	seed     uint64
}

// resolveBuiltin resolves a run of the built-in scenario name with seed
// and the named mistakes (usage errors: an unknown name or mistake, a
// mistake for another app).
func resolveBuiltin(name string, seed uint64, mistakeNames []string) (builtinRun, error) {
	s, err := lookupScenario(name)
	if err != nil {
		return builtinRun{}, err
	}
	m, err := resolveMistakes(mistakeNames, []*scenarios.Scenario{s})
	if err != nil {
		return builtinRun{}, err
	}
	return builtinRun{s: s, label: name, mistakes: m, seed: seed}, nil
}

// run runs it under the watchdog (limit: --hang-timeout). It returns the
// result even when the run fails, for the trace so far (nil after a
// hang); the error is a hang, the error that stopped the run, or (without
// mistakes) the expectations it missed.
func (r builtinRun) run(e env, limit time.Duration) (*scenarios.Result, error) {
	opts := mistakeOptions(r.mistakes)
	opts.Seed = &r.seed
	opts.Config = func(c *simulator.Config) { c.Scenario = r.label }
	res, err := runWatchedFile(e, r.s, opts, limit)
	if err != nil {
		return nil, err
	}
	if err := res.Error(); err != nil {
		return res, fmt.Errorf("scenario %s: %w", r.s.Name, err)
	}
	return res, nil
}

// header is the trace header of the run's simulation sim: the scenario's
// name and the mistakes, which verify reads to run it again.
func (r builtinRun) header(sim *simulator.Sim) simulator.Header {
	h := sim.Header()
	h.Mistakes = recordedMistakes(r.mistakes)
	return h
}

// specSep joins the mistakes to the scenario's name in the header of a
// trace that an older bgsim wrote of a built-in scenario,
// "walkthrough+forget-completion-handler"; bgsim now records them in the
// header's mistakes, as for a file, and still reads the old form.
const specSep = "+"

// resolveSpec resolves the re-run of a trace of a built-in scenario from
// its header: the scenario name (with, in an older trace, "+mistake..."),
// the seed and the mistakes. The re-run labels itself as the header does.
func resolveSpec(h simulator.Header) (builtinRun, error) {
	parts := strings.Split(h.Scenario, specSep)
	r, err := resolveBuiltin(parts[0], h.Seed, append(parts[1:], h.Mistakes...))
	r.label = h.Scenario
	return r, err
}
