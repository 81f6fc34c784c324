package scenarios

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// validator checks what the decoder cannot: required keys, names that
// must exist, references between parts of the file, and sequences the
// app cannot go through.
type validator struct {
	s  *Scenario
	ps *problems
	// decoded is how many of ps's problems the decoder found: those
	// before validation began.
	decoded int
	// goModels are names of Go app models accepted as registered
	// (ParseOptions.GoModels).
	goModels []string
}

// at is the position of the value at path, or of the nearest enclosing
// value the file has.
func (v *validator) at(path string) Position {
	for {
		if p, ok := v.s.positions[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return Position{Line: 1, Col: 1}
		}
		path = path[:i]
	}
}

func (v *validator) errorf(path, hint, format string, args ...any) {
	v.ps.addAt(v.at(path), hint, format, args...)
}

// has reports whether the file sets the key at path.
func (v *validator) has(path string) bool {
	_, ok := v.s.positions[path+"@key"]
	return ok
}

// undecoded reports whether the decoder found the value at path of the
// wrong type (or otherwise unreadable), and has said so at that value. A
// required key whose value is unreadable is then not also "missing": one
// problem, at the value, says what is wrong.
func (v *validator) undecoded(path string) bool {
	at, ok := v.s.positions[path]
	if !ok {
		return false
	}
	for _, p := range v.ps.list[:v.decoded] {
		if p.Pos == at {
			return true
		}
	}
	return false
}

// keyState is what a file has at a required key whose value decoded
// empty.
type keyState int

const (
	keyAbsent keyState = iota // the file does not have the key
	keyEmpty                  // it has the key with an empty value: "", [] or nothing
	keyBad                    // its value is unreadable; the decoder said why
)

// required says why the required key at path has no value: the file
// lacks it, leaves it empty, or gives it a value the decoder could not
// read.
func (v *validator) required(path string) keyState {
	switch {
	case !v.has(path):
		return keyAbsent
	case v.undecoded(path):
		return keyBad
	}
	return keyEmpty
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func validate(s *Scenario, ps *problems, o ParseOptions) {
	v := &validator{s: s, ps: ps, decoded: len(ps.list), goModels: o.GoModels}
	switch {
	case s.Name == "" && v.required("$.name") == keyAbsent:
		v.errorf("$", "add a line such as: name: my-scenario", "missing name")
	case s.Name == "" && v.required("$.name") == keyEmpty:
		v.errorf("$.name", "write one such as: name: my-scenario", "name is empty")
	case s.Name == "":
		// keyBad: the decoder said what is wrong with the value.
	case !namePattern.MatchString(s.Name):
		v.errorf("$.name", "use lower case letters, digits and hyphens", "bad name %q", s.Name)
	}
	for i, r := range s.Rules {
		v.rule(fmt.Sprintf("$.rules[%d]", i), r)
	}
	v.app()
	v.extensions()
	v.network()
	v.device()
	v.steps()
	v.expect()
	v.simConfig()
	if m := s.Mistake; m != nil {
		switch {
		case m.ID == "" && v.required("$.mistake.id") != keyBad:
			v.errorf("$.mistake", "add id: M1 to M17", "mistake needs id")
		case m.ID == "":
		case !simulator.Rule(m.ID).IsMistake() || !simulator.Rule(m.ID).Known():
			v.errorf("$.mistake.id", "", "unknown mistake %q: want M1 to M17", m.ID)
		}
		if m.Twin == "" && v.required("$.mistake.twin") != keyBad {
			v.errorf("$.mistake", "name the catalog scenario that shows the fix", "mistake needs twin")
		}
		if len(m.Consequence) == 0 && v.required("$.mistake.consequence") != keyBad {
			v.errorf("$.mistake", "list the events the mistake causes and its twin does not show", "mistake needs consequence")
		}
		for i := range m.Consequence {
			v.pattern(fmt.Sprintf("$.mistake.consequence[%d]", i), &m.Consequence[i], false)
		}
	}
}

func (v *validator) rule(path, r string) {
	rule := simulator.Rule(r)
	if !rule.Known() {
		var names []string
		for _, k := range append(simulator.Rules(), simulator.Mistakes()...) {
			names = append(names, string(k))
		}
		v.errorf(path, suggest(r, names), "unknown rule %q", r)
	}
}

// eventRule checks r, a rule an event is to carry: events name the rule
// that decides them or that the app broke, never a mistake (a mistake
// shows as the rules it breaks), so a mistake there would match nothing
// and an expectation that it is absent would pass whatever happens.
func (v *validator) eventRule(path, r string) {
	if slices.Contains(simulator.Mistakes(), simulator.Rule(r)) {
		v.errorf(path, fmt.Sprintf("use the rules it breaks (bgsim explain %s names them)", r), "%s is a mistake, and events carry rules (R-...), never mistakes", r)
		return
	}
	v.rule(path, r)
}

func (v *validator) enum(path, value string, valid ...string) {
	if value != "" && !slices.Contains(valid, value) {
		v.errorf(path, oneOf(value, valid), "unknown value %q for %s", value, lastKey(path))
	}
}

func (v *validator) app() {
	a := v.s.App
	n := 0
	for _, set := range []bool{a.Reference != nil, a.Go != "", a.Policy != nil} {
		if set {
			n++
		}
	}
	switch {
	case n == 0 && !v.has("$.app"):
		v.errorf("$", "add app: reference, app: {go: NAME} or app: {policy: ...}", "missing app")
		return
	case n == 0 && v.undecoded("$.app"):
		return // the decoder said what is wrong with the value
	case n == 0:
		v.errorf("$.app", "", "app needs one of reference, go or policy")
		return
	case n > 1:
		v.errorf("$.app", "", "app takes one of reference, go or policy, not %d", n)
		return
	}
	switch {
	case a.Reference != nil:
		v.refApp(a.Reference)
	case a.Go != "":
		if _, ok := registered(a.Go); !ok && !slices.Contains(v.goModels, a.Go) {
			// A name near a registered one is a typo; any other is a model
			// of the user's own, which only their Go code can register
			// (the bgsim command knows its built-in ones alone, and
			// validate takes the others' names with --go-model).
			known := append(Registered(), v.goModels...)
			hint := suggest(a.Go, known)
			if hint == "" {
				hint = "register it with scenarios.Register in the Go program or test that loads the file " +
					"(bgsim validate --go-model " + a.Go + " checks the file without it); registered: " +
					strings.Join(Registered(), ", ")
			}
			v.errorf("$.app.go", hint, "no Go app model registered as %q", a.Go)
		}
	default:
		v.policy("$.app.policy", a.Policy)
	}
}

func (v *validator) refApp(r *RefAppSpec) {
	names := RefMistakeNames()
	for i, m := range r.Mistakes {
		if !slices.Contains(names, m) {
			v.errorf(fmt.Sprintf("$.app.reference.mistakes[%d]", i), oneOf(m, names), "unknown mistake %q of the reference app", m)
		}
	}
	if r.Images < 0 {
		v.errorf("$.app.reference.images", "", "images cannot be negative")
	}
	url := r.ImageURL
	if url == "" {
		url = appmodel.RefImageURL
	}
	if !v.hasResource(url) {
		v.errorf("$.app", fmt.Sprintf("add it under network.resources: - url: %s", url), "the reference app downloads %s, which the network does not serve", url)
	}
	if r.UploadPhoto && slices.Contains(r.Mistakes, "multipart-upload") {
		for _, u := range []string{appmodel.RefUploadPartURL(1), appmodel.RefUploadPartURL(appmodel.RefPhotoParts), appmodel.RefUploadCompleteURL} {
			if !v.hasUpload(u) {
				v.errorf("$.app.reference.mistakes", fmt.Sprintf("add it under network.uploads: - url: %s", u), "the reference app's multipart upload sends to %s, which the network does not accept", u)
			}
		}
	}
	if r.UploadPhoto && !v.hasUpload(appmodel.RefUploadURL) {
		v.errorf("$.app.reference.upload-photo", fmt.Sprintf("add it under network.uploads: - url: %s", appmodel.RefUploadURL), "the reference app uploads to %s, which the network does not accept", appmodel.RefUploadURL)
	}
}

func (v *validator) extensions() {
	seen := map[string]bool{}
	for i := range v.s.Extensions {
		x := &v.s.Extensions[i]
		path := fmt.Sprintf("$.extensions[%d]", i)
		switch {
		case x.Name == "" && v.required(path+".name") == keyBad:
		case x.Name == "":
			v.errorf(path, "", "an extension needs a name")
		case seen[x.Name]:
			v.errorf(path+".name", "", "two extensions are named %q", x.Name)
		}
		seen[x.Name] = true
		v.enum(path+".identifiers", x.Identifiers, "distinct", "shared")
		v.policy(path+".policy", &x.Policy)
	}
}

func (v *validator) extensionNames() []string {
	var out []string
	for _, x := range v.s.Extensions {
		out = append(out, x.Name)
	}
	return out
}

// sessionIDs are the identifiers of the background sessions the app and
// its extensions make, and whether the file says them all: a Go model's
// are known only to its code.
func (v *validator) sessionIDs() (ids []string, known bool) {
	switch a := v.s.App; {
	case a.Reference != nil:
		ids = append(ids, appmodel.RefSessionIdentifier)
	case a.Policy != nil:
		for _, s := range a.Policy.Sessions {
			ids = append(ids, s.Identifier)
		}
	default:
		return nil, false
	}
	for _, x := range v.s.Extensions {
		for _, s := range x.Policy.Sessions {
			if !slices.Contains(ids, s.Identifier) {
				ids = append(ids, s.Identifier)
			}
		}
	}
	return ids, true
}

// networkUnread reports whether the decoder refused part of the network
// block (an unknown key such as resource:, or a value of the wrong type):
// the URLs it serves are then unknown, and a URL "not served" would only
// restate that problem, second, and as if it were another.
func (v *validator) networkUnread() bool {
	_, unknown := v.s.positions["$.network@unknown"]
	return unknown || v.undecoded("$.network") || v.undecoded("$.network.resources") || v.undecoded("$.network.uploads")
}

func (v *validator) hasResource(u string) bool {
	return v.networkUnread() || slices.ContainsFunc(v.s.Network.Resources, func(r Resource) bool { return r.URL == u })
}

func (v *validator) hasUpload(u string) bool {
	return v.networkUnread() || slices.ContainsFunc(v.s.Network.Uploads, func(r Upload) bool { return r.URL == u })
}

func (v *validator) urls() []string {
	var out []string
	for _, r := range v.s.Network.Resources {
		out = append(out, r.URL)
	}
	for _, r := range v.s.Network.Uploads {
		out = append(out, r.URL)
	}
	return out
}

func (v *validator) policy(base string, p *Policy) {
	if len(p.Sessions) == 0 && v.required(base+".sessions") != keyBad {
		v.errorf(base, "add sessions: [{identifier: com.example.app.background}]", "a policy app needs at least one session")
	}
	var ids []string
	for i, s := range p.Sessions {
		path := fmt.Sprintf("%s.sessions[%d]", base, i)
		switch first := slices.Index(ids, s.Identifier); {
		case s.Identifier == "" && v.required(path+".identifier") != keyBad:
			v.errorf(path, "", "a session needs an identifier")
		case s.Identifier != "" && first >= 0:
			// The app keeps one session per identifier: a second entry's
			// settings would never apply, and it would list twice as a
			// session the app makes. Two sessions of one identifier in
			// one process are M7, which session-per-task shows (R-I1).
			v.errorf(path+".identifier", "give each session its own identifier, or show M7 with session-per-task: true",
				"session %q is listed twice (first at line %d): the app makes one session per identifier, so these settings would never apply", s.Identifier, v.at(fmt.Sprintf("%s.sessions[%d].identifier", base, first)).Line)
			continue
		}
		ids = append(ids, s.Identifier)
	}
	v.enum(base+".recreate", p.Recreate, "at-launch", "on-handle-events", "never")
	v.enum(base+".state-ready", p.StateReady, "before-session", "after-session")
	v.enum(base+".task-state", p.TaskState, "description", "defaults", "memory")
	v.enum(base+".downloaded-file", p.DownloadedFile, "move", "read-later", "read-on-other-queue", "ignore")
	v.enum(base+".completion-handler.when", p.CompletionHandler.When, "after-events", "early", "never", "twice", "when-no-tasks-remain")
	v.enum(base+".completion-handler.on", p.CompletionHandler.On, "main", "delegate-queue")
	v.enum(base+".ui-updates", p.UIUpdates, "main", "off-main")
	v.enum(base+".challenge", p.Challenge, "use-credential", "cancel", "default-handling")
	v.enum(base+".paths", p.Paths, "relative", "absolute")
	var cbs []string
	for _, c := range workCallbacks {
		cbs = append(cbs, string(c))
	}
	for k := range p.Work {
		if c, ok := simulator.ParseCallback(k); !ok || !slices.Contains(workCallbacks, c) {
			v.errorf(base+".work."+k+"@key", oneOf(k, cbs), "unknown callback %q", k)
		}
	}
	names := map[string]int{}
	for i, t := range p.Tasks {
		path := fmt.Sprintf("%s.tasks[%d]", base, i)
		switch _, dup := names[t.Name]; {
		case t.Name == "" && v.required(path+".name") == keyBad:
		case t.Name == "":
			v.errorf(path, "the name is the task's TaskDescription", "a task needs a name")
		case dup:
			v.errorf(path+".name", "", "two tasks are named %q", t.Name)
		}
		names[t.Name] = i
	}
	var taskNames []string
	for _, t := range p.Tasks {
		taskNames = append(taskNames, t.Name)
	}
	for i, t := range p.Tasks {
		v.policyTask(fmt.Sprintf("%s.tasks[%d]", base, i), t, ids, taskNames)
	}
}

func (v *validator) policyTask(path string, t PolicyTask, ids, taskNames []string) {
	v.enum(path+".kind", t.Kind, "download", "upload", "upload-from-data", "data", "download-with-completion-handler")
	v.enum(path+".start", t.Start, "first-launch", "every-launch", "enter-background", "wake", "after")
	upload := t.Kind == "upload" || t.Kind == "upload-from-data"
	switch {
	case t.URL == "" && v.required(path+".url") == keyBad:
	case t.URL == "":
		v.errorf(path, "", "task %q needs a url", t.Name)
	case upload && !v.hasUpload(t.URL):
		v.errorf(path+".url", suggest(t.URL, v.urls()), "task %q uploads to %s, which network.uploads does not list", t.Name, t.URL)
	case !upload && !v.hasResource(t.URL):
		v.errorf(path+".url", suggest(t.URL, v.urls()), "task %q fetches %s, which network.resources does not list", t.Name, t.URL)
	}
	if upload && t.Size <= 0 {
		v.errorf(path, "add size: 2MB", "upload task %q needs a size", t.Name)
	}
	if t.Session != "" && !slices.Contains(ids, t.Session) {
		v.errorf(path+".session", oneOf(t.Session, ids), "task %q names session %q, which the app does not make", t.Name, t.Session)
	}
	switch {
	case t.Start == "after" && t.After == "":
		v.errorf(path+".start", "add after: NAME", "task %q starts after another task but does not say which", t.Name)
	case t.After != "" && t.Start != "" && t.Start != "after":
		v.errorf(path+".after", "set start: after, or remove after", "task %q has start: %s and after: %s", t.Name, t.Start, t.After)
	case t.After == t.Name && t.After != "":
		v.errorf(path+".after", "", "task %q cannot start after itself", t.Name)
	case t.After != "" && !slices.Contains(taskNames, t.After):
		others := slices.DeleteFunc(slices.Clone(taskNames), func(n string) bool { return n == t.Name })
		v.errorf(path+".after", oneOf(t.After, others), "task %q starts after %q, which is not a task of the app", t.Name, t.After)
	}
}

func (v *validator) network() {
	n := v.s.Network
	seen := map[string]bool{}
	checkURL := func(path, u string) {
		switch {
		case u == "" && v.required(path+".url") == keyBad:
			return
		case u == "" && v.required(path+".url") == keyEmpty:
			v.errorf(path+".url", "write an absolute http or https URL", "url is empty")
			return
		case u == "":
			v.errorf(path, "", "missing url")
			return
		}
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			v.errorf(path+".url", "write an absolute http or https URL", "bad url %q", u)
			return
		}
		if seen[u] {
			v.errorf(path+".url", "", "%s is listed twice", u)
		}
		seen[u] = true
	}
	for i, r := range n.Resources {
		path := fmt.Sprintf("$.network.resources[%d]", i)
		checkURL(path, r.URL)
		if r.Status != 0 && (r.Status < 100 || r.Status > 599) {
			v.errorf(path+".status", "", "%d is not an HTTP status", r.Status)
		}
	}
	for i, u := range n.Uploads {
		path := fmt.Sprintf("$.network.uploads[%d]", i)
		checkURL(path, u.URL)
		if u.Status != 0 && (u.Status < 100 || u.Status > 599) {
			v.errorf(path+".status", "", "%d is not an HTTP status", u.Status)
		}
	}
	for i, f := range n.Faults {
		v.fault(fmt.Sprintf("$.network.faults[%d]", i), f)
	}
	var last time.Duration
	for i, c := range n.Timeline {
		path := fmt.Sprintf("$.network.timeline[%d]", i)
		if !v.has(path + ".link") {
			v.errorf(path, "add link: {kind: offline}", "a timeline entry needs link")
		}
		if time.Duration(c.At) < last {
			v.errorf(path+".at", "list the timeline in time order", "at %s comes before the previous entry's %s", FormatDuration(time.Duration(c.At)), FormatDuration(last))
		}
		last = time.Duration(c.At)
	}
}

func (v *validator) fault(path string, f Fault) {
	urls := v.urls()
	switch {
	case f.URL == "" && v.required(path+".url") == keyBad:
	case f.URL == "":
		v.errorf(path, "", "a fault needs a url")
	case !slices.Contains(urls, f.URL) && !v.networkUnread():
		v.errorf(path+".url", suggest(f.URL, urls), "fault on %s, which the network does not serve", f.URL)
	}
	switch k := f.kinds(); {
	case k == 0:
		v.errorf(path, "", "a fault needs one of drop-at-byte, drop-at, stall-at-byte or server-error")
	case k > 1:
		v.errorf(path, "", "a fault takes one of drop-at-byte, drop-at, stall-at-byte or server-error, not %d", k)
	case f.ServerError != 0 && (f.ServerError < 100 || f.ServerError > 599):
		v.errorf(path+".server-error", "", "%d is not an HTTP status", f.ServerError)
	case f.StallAtByte != nil && f.StallFor <= 0:
		v.errorf(path, "add stall-for: 30s", "a stall needs stall-for")
	}
}

func (v *validator) device() {
	d := v.s.Device
	switch {
	case d.Battery == nil:
	case *d.Battery == 0:
		// The simulator takes a zero battery as unset (80 %): refused
		// rather than silently changed.
		v.errorf("$.device.battery", "a run starts with the phone on: write 1 to 100, or leave battery out for 80", "battery 0 is not a starting charge")
	case *d.Battery < 1 || *d.Battery > 100:
		v.errorf("$.device.battery", "", "battery is %d; it must be a percentage from 1 to 100", *d.Battery)
	}
	if d.DebuggerAttached != nil && !hasConfigField("DebuggerAttached", true) {
		v.errorf("$.device.debugger-attached", "", "this version of bgsim does not model an attached debugger")
	}
}

// stepKeys are the keys every step may have.
var stepKeys = []string{"at", "after", "do", "note"}

func (v *validator) steps() {
	const stepsHint = "add steps, for example: steps: [{do: launch}, {do: run-for, for: 1m}]"
	if len(v.s.Steps) == 0 {
		switch v.required("$.steps") {
		case keyAbsent:
			v.errorf("$", stepsHint, "missing steps")
		case keyEmpty:
			v.errorf("$.steps", "list at least one step, for example: steps: [{do: launch}, {do: run-for, for: 1m}]", "steps is empty")
		}
	}
	var now time.Duration
	launched := false
	names := ActionNames()
	stepFields, _ := structFields(reflect.TypeOf(Step{}))
	for i := range v.s.Steps {
		st := &v.s.Steps[i]
		path := fmt.Sprintf("$.steps[%d]", i)
		if st.Do == "" && st.Note != "" {
			st.Do = "note"
		}
		a, ok := actions[string(st.Do)]
		switch {
		case v.undecoded(path) || (st.Do == "" && v.required(path+".do") == keyBad):
			continue // the decoder said what is wrong with the step
		case st.Do == "":
			v.errorf(path, "add do: ACTION ("+strings.Join(names, ", ")+")", "a step needs do")
			continue
		case !ok:
			v.errorf(path+".do", oneOf(string(st.Do), names), "unknown action %q", st.Do)
			continue
		}
		for _, k := range stepFields {
			if v.has(path+"."+k) && !slices.Contains(stepKeys, k) && !slices.Contains(a.params, k) {
				hint := "it takes no other keys"
				if len(a.params) > 0 {
					hint = "it takes " + strings.Join(a.params, ", ")
				}
				v.errorf(path+"."+k+"@key", hint, "key %q does not apply to action %q", k, st.Do)
			}
		}
		for _, k := range a.required {
			if !v.has(path + "." + k) {
				v.errorf(path, "", "action %q needs %s", st.Do, k)
			}
		}
		switch {
		case st.At != nil && st.After != nil:
			v.errorf(path+".after", "keep one", "a step takes at or after, not both")
		case st.At != nil && time.Duration(*st.At) < now:
			v.errorf(path+".at", "steps run in order: use after, or move the step", "at %s comes before the previous step's time %s", FormatDuration(time.Duration(*st.At)), FormatDuration(now))
		case st.At != nil:
			now = time.Duration(*st.At)
		case st.After != nil:
			now += time.Duration(*st.After)
		}
		if a.needsApp && !launched {
			v.errorf(path+".do", "add a launch step before it", "%s before the app was ever launched: the app is not running", st.Do)
		}
		launched = launched || a.launches
		v.stepParams(path, st, &now)
	}
}

func (v *validator) stepParams(path string, st *Step, now *time.Duration) {
	switch st.Do {
	case "run-for":
		if st.For <= 0 && v.has(path+".for") {
			v.errorf(path+".for", "", "run-for needs a positive duration")
		}
		*now += time.Duration(st.For)
	case "run-until":
		if st.Limit <= 0 && v.has(path+".limit") {
			v.errorf(path+".limit", "", "run-until needs a positive limit")
		}
		if st.Until != nil {
			v.condition(path+".until", st.Until)
		}
	case "fault":
		if st.Fault != nil {
			v.fault(path+".fault", *st.Fault)
		}
	case "update-resource":
		if st.Resource != nil && !v.hasResource(st.Resource.URL) {
			v.errorf(path+".resource.url", suggest(st.Resource.URL, v.urls()), "update-resource of %q, which network.resources does not list", st.Resource.URL)
		}
	case "launch-extension", "end-extension":
		if st.Extension != "" && !slices.Contains(v.extensionNames(), st.Extension) {
			v.errorf(path+".extension", oneOf(st.Extension, v.extensionNames()), "no extension named %q", st.Extension)
		}
	case "other-process-holds":
		if ids, known := v.sessionIDs(); known && st.Session != "" && !slices.Contains(ids, st.Session) {
			v.errorf(path+".session", oneOf(st.Session, ids), "other-process-holds names session %q, which neither the app nor its extensions make", st.Session)
		}
	case "reboot":
		v.errorf(path+".do", "use memory-pressure-kill (transfers go on) or force-quit (transfers are cancelled)", "reboot is not modelled: what a reboot does to background sessions is undocumented (R-E6)")
	case "set-power":
		if st.Battery == nil && st.Charging == nil && st.LowPowerMode == nil &&
			!v.undecoded(path+".battery") && !v.undecoded(path+".charging") && !v.undecoded(path+".low-power-mode") {
			v.errorf(path, "", "set-power needs battery, charging or low-power-mode")
		}
		switch {
		case st.Battery == nil:
		case *st.Battery == 0:
			// A phone at 0 % is off, and off then on again is a reboot,
			// which bgsim does not model (R-E6): refused, as the device's
			// 0 is, rather than a run that goes on on a dead phone.
			v.errorf(path+".battery", "a phone at 0 % turns off, and turning off and on again is a reboot, which bgsim does not model (R-E6): write 1 to 100", "battery 0 is a phone that is off")
		case *st.Battery < 1 || *st.Battery > 100:
			v.errorf(path+".battery", "", "battery is %d; it must be a percentage from 1 to 100", *st.Battery)
		}
	}
}

var stateNames = []string{"not-running", "inactive", "active", "background", "suspended", "terminated"}

func (v *validator) condition(path string, c *Condition) {
	n := 0
	for _, set := range []bool{c.State != "", c.Event != nil, c.Idle} {
		if set {
			n++
		}
	}
	if n != 1 {
		v.errorf(path, "", "until takes exactly one of state, event or idle")
	}
	v.enum(path+".state", c.State, stateNames...)
	if c.Event != nil {
		v.pattern(path+".event", c.Event, false)
	}
}

var actorNames = []string{"user", "system", "app", "daemon", "network"}

func (v *validator) pattern(path string, p *EventPattern, withinOK bool) {
	if p.Kind != "" && !slices.Contains(kindNames(), p.Kind) {
		v.errorf(path+".kind", oneOf(p.Kind, kindNames()), "unknown event kind %q", p.Kind)
	}
	v.enum(path+".actor", p.Actor, actorNames...)
	if p.Callback != "" {
		var cbs []string // the Xamarin names and the trace's, for a suggestion
		for _, c := range simulator.Callbacks() {
			cbs = append(cbs, c.Xamarin())
			if x := c.Xamarin(); x != string(c) {
				cbs = append(cbs, string(c))
			}
		}
		// The trace's name, the Xamarin or the Swift name (R-D1's
		// HandleEventsForBackgroundURL, HandleEventsForBackgroundUrl or
		// application(_:handleEventsForBackgroundURLSession:completionHandler:)).
		if _, ok := simulator.ParseCallback(p.Callback); !ok {
			v.errorf(path+".callback", oneOf(p.Callback, cbs), "unknown callback %q", p.Callback)
		}
	}
	if p.Rule != "" {
		v.eventRule(path+".rule", p.Rule)
	}
	if p.Within != nil && !withinOK {
		v.errorf(path+".within", "within is for expect.events", "within does not apply here")
	}
	if bare := (EventPattern{Pos: p.Pos}); *p == bare {
		v.errorf(path, "set kind, callback or another field", "an empty pattern matches every event")
	}
}

func (v *validator) expect() {
	e := v.s.Expect
	for i := range e.Events {
		path := fmt.Sprintf("$.expect.events[%d]", i)
		v.pattern(path, &e.Events[i], true)
		if i == 0 && e.Events[i].Within != nil {
			v.errorf(path+".within", "within bounds the time since the previous expected event", "the first expected event has no previous event")
		}
	}
	for i := range e.Absent {
		v.pattern(fmt.Sprintf("$.expect.absent[%d]", i), &e.Absent[i], false)
	}
	for i, st := range e.States {
		path := fmt.Sprintf("$.expect.states[%d]", i)
		if st.State == "" && v.required(path+".state") != keyBad {
			v.errorf(path, "", "a state expectation needs state")
		}
		v.enum(path+".state", st.State, stateNames...)
	}
	if e.End != nil {
		v.enum("$.expect.end.state", e.End.State, stateNames...)
	}
	if e.Violations != nil {
		for i, r := range e.Violations.Rules {
			v.eventRule(fmt.Sprintf("$.expect.violations[%d]", i), r)
		}
	}
	var taskNames []string
	if p := v.s.App.Policy; p != nil {
		for _, t := range p.Tasks {
			taskNames = append(taskNames, t.Name)
		}
		for _, x := range v.s.Extensions {
			for _, t := range x.Policy.Tasks {
				taskNames = append(taskNames, t.Name)
			}
		}
	}
	for i, t := range e.Tasks {
		path := fmt.Sprintf("$.expect.tasks[%d]", i)
		if t.Desc == "" && t.Task == 0 && !v.undecoded(path+".desc") && !v.undecoded(path+".task") {
			v.errorf(path, "", "a task expectation needs desc or task")
		}
		v.taskSession(path, t)
		if t.Desc != "" && v.s.App.Policy != nil && !slices.Contains(taskNames, t.Desc) {
			v.errorf(path+".desc", oneOf(t.Desc, taskNames), "no task of the app is named %q", t.Desc)
		}
		if t.Outcome == "" && v.required(path+".outcome") != keyBad {
			v.errorf(path, "", "a task expectation needs outcome")
		}
		v.enum(path+".outcome", t.Outcome, outcomeNames...)
	}
}

// taskSession checks the session a task expectation names, and that one
// named by id alone is not ambiguous: each session numbers its tasks from
// 1, so task: 1 of an app with two sessions would match the first
// session's and pass or fail by chance.
func (v *validator) taskSession(path string, t TaskExpect) {
	ids, known := v.sessionIDs()
	switch {
	case !known:
		// A Go model's sessions are known only to its code: the check of
		// the run says if task: matches tasks of several.
	case t.Session != "" && !slices.Contains(ids, t.Session):
		v.errorf(path+".session", oneOf(t.Session, ids), "no session of the app is named %q", t.Session)
	case t.Session == "" && t.Desc == "" && t.Task != 0 && len(ids) > 1:
		v.errorf(path+".task", "add session: one of "+strings.Join(ids, ", "),
			"task %d is ambiguous: each session numbers its tasks from 1, and the app makes %d sessions", t.Task, len(ids))
	}
}

// Task outcomes.
var outcomeNames = []string{"succeeded", "failed", "cancelled", "unfinished"}

// lastKey is the last key of a YAML path: "$.app.policy.recreate" is
// "recreate".
func lastKey(path string) string {
	path = strings.TrimSuffix(path, "@key")
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}
