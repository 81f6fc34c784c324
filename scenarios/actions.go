package scenarios

import (
	"fmt"
	"sort"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// action is one verb of the steps: the step keys it takes beyond at,
// after, do and note, and what it does.
type action struct {
	// params are the step keys the action takes; required ones too.
	params   []string
	required []string
	// launches: the action starts the app (for the static check that
	// home or force-quit do not come before any launch).
	launches, needsApp bool
	doc                string
	run                func(r *runner, st *Step) error
}

// actions are the verbs of the steps.
var actions = map[string]action{
	"launch": {launches: true, doc: "the user taps the app's icon: a cold launch, or a return to the foreground (R-L2)",
		run: func(r *runner, _ *Step) error { return r.sim.Launch() }},
	"home": {needsApp: true, doc: "the user goes to the home screen (R-L2, R-L3)",
		run: func(r *runner, _ *Step) error { return r.sim.Home() }},
	"force-quit": {needsApp: true, doc: "the user swipes the app away in the app switcher: its transfers are cancelled (R-E3)",
		run: func(r *runner, _ *Step) error { return r.sim.ForceQuit() }},
	"memory-pressure-kill": {needsApp: true, doc: "the system kills the app to reclaim memory: its transfers go on (R-E2)",
		run: func(r *runner, _ *Step) error { return r.sim.MemoryPressureKill() }},
	"update-app": {params: []string{"move-container"}, needsApp: true,
		doc: "an update of the app is installed: a live process is ended, its transfers go on; move-container: true gives the container a new absolute path (R-L9)",
		run: func(r *runner, st *Step) error {
			return r.sim.UpdateApp(simulator.UpdateOptions{MoveContainer: st.MoveContainer != nil && *st.MoveContainer})
		}},
	"crash": {params: []string{"message"}, needsApp: true, doc: "the app crashes (R-E5)",
		run: func(r *runner, st *Step) error {
			msg := st.Message
			if msg == "" {
				msg = "the app crashed"
			}
			return r.sim.Crash(msg)
		}},
	"launch-extension": {params: []string{"extension"}, required: []string{"extension"},
		doc: "the user opens an app extension (a share sheet): a process of its own (R-X1)",
		run: func(r *runner, st *Step) error { return r.launchExtension(st.Extension) }},
	"end-extension": {params: []string{"extension"}, required: []string{"extension"},
		doc: "the extension's work is over and its process ends; its transfers go on (R-X2)",
		run: func(r *runner, st *Step) error {
			pid, ok := r.extensions[st.Extension]
			if !ok {
				return fmt.Errorf("scenarios: extension %q is not running", st.Extension)
			}
			delete(r.extensions, st.Extension)
			return r.sim.EndExtension(pid)
		}},
	"set-background-app-refresh": {params: []string{"enabled"}, required: []string{"enabled"},
		doc: "the user switches Background App Refresh for the app; off cancels its background transfers (R-E4)",
		run: func(r *runner, st *Step) error { return r.sim.SetBackgroundAppRefresh(*st.Enabled) }},
	"set-power": {params: []string{"battery", "charging", "low-power-mode"}, doc: "the device's power changes (R-S6)",
		run: func(r *runner, st *Step) error {
			p := r.sim.Power()
			if st.Battery != nil {
				p.Battery = *st.Battery
			}
			if st.Charging != nil {
				p.Charging = *st.Charging
			}
			if st.LowPowerMode != nil {
				p.LowPowerMode = *st.LowPowerMode
			}
			r.sim.SetPower(p)
			return nil
		}},
	"set-link": {params: []string{"link"}, required: []string{"link"}, doc: "the network link changes (R-S9, R-G2)",
		run: func(r *runner, st *Step) error { return r.setLink(st.Link.link(r.sim.Network().Link())) }},
	"offline": {doc: "the device loses its connection (R-S9)",
		run: func(r *runner, _ *Step) error { return r.setLink(fakes.Link{Kind: fakes.Offline}) }},
	"online": {doc: "the connection comes back as it was before going offline",
		run: func(r *runner, _ *Step) error { return r.setLink(r.lastOnline) }},
	"update-resource": {params: []string{"resource"}, required: []string{"resource"}, doc: "a resource's content changes on the server (R-G1)",
		run: func(r *runner, st *Step) error {
			return r.sim.Network().UpdateResource(st.Resource.URL, st.Resource.fake())
		}},
	"fault": {params: []string{"fault"}, required: []string{"fault"}, doc: "inject a fault on a URL (R-G2)",
		run: func(r *runner, st *Step) error { return r.injectFault(*st.Fault) }},
	"cancel-for-resources": {doc: "the system cancels background transfers for lack of resources (R-E4)",
		run: func(r *runner, _ *Step) error { return r.sim.CancelForInsufficientResources() }},
	"other-process-holds": {params: []string{"session", "holds"}, required: []string{"session", "holds"},
		doc: "another process (an app extension) takes or releases a session identifier (R-I2)",
		run: func(r *runner, st *Step) error {
			r.sim.SetOtherProcessHolds(st.Session, *st.Holds)
			return nil
		}},
	"reboot": {doc: "the device restarts: not modelled (R-E6)",
		run: func(r *runner, _ *Step) error { return r.sim.Reboot() }},
	"run-for": {params: []string{"for"}, required: []string{"for"}, doc: "let virtual time pass",
		run: func(r *runner, st *Step) error { return r.sim.RunFor(time.Duration(st.For)) }},
	"run-until": {params: []string{"until", "limit"}, required: []string{"until", "limit"}, doc: "run until a condition holds, for at most limit",
		run: func(r *runner, st *Step) error { return r.runUntil(st) }},
	"run-until-idle": {params: []string{"limit"}, doc: "run until nothing is left to happen (for at most limit, default 30d)",
		run: func(r *runner, st *Step) error {
			limit := time.Duration(st.Limit)
			if limit == 0 {
				limit = 30 * 24 * time.Hour
			}
			return r.waited(r.sim.RunUntil(func(s *simulator.Sim) bool { return s.Clock().Pending() == 0 }, limit))
		}},
	"note": {doc: "narration only: the note appears in the trace",
		run: func(*runner, *Step) error { return nil }},
}

// ActionNames lists the step actions, sorted.
func ActionNames() []string {
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ActionDoc is the one-line description of a step action.
func ActionDoc(name string) string { return actions[name].doc }

// link is the fakes.Link the spec describes; unset bandwidth and latency
// keep base's (or the defaults, going from offline to a connection).
func (l *LinkSpec) link(base fakes.Link) fakes.Link {
	out := fakes.Link{Kind: l.Kind, Bandwidth: int64(l.Bandwidth), Latency: time.Duration(l.Latency)}
	if base.Bandwidth <= 0 {
		base = simulator.DefaultLink
	}
	if out.Bandwidth == 0 {
		out.Bandwidth = base.Bandwidth
	}
	if out.Latency == 0 {
		out.Latency = base.Latency
	}
	return out
}

func (r Resource) fake() fakes.Resource {
	return fakes.Resource{Size: int64(r.Size), ETag: r.ETag, LastModified: r.LastModified, AcceptRanges: r.Ranges,
		Status: r.Status, NoContentLength: r.NoContentLength, RedirectTo: r.RedirectTo, Challenge: r.Challenge}
}

func (f Fault) fake(start time.Time) fakes.Fault {
	switch {
	case f.DropAtByte != nil:
		return fakes.Fault{Kind: fakes.DropAtByte, AtByte: int64(*f.DropAtByte)}
	case f.DropAt != nil:
		return fakes.Fault{Kind: fakes.DropAtTime, At: start.Add(time.Duration(*f.DropAt))}
	case f.StallAtByte != nil:
		return fakes.Fault{Kind: fakes.Stall, AtByte: int64(*f.StallAtByte), For: time.Duration(f.StallFor)}
	}
	return fakes.Fault{Kind: fakes.ServerError, Status: f.ServerError}
}

// faultKinds counts the kinds a fault sets (exactly one is valid).
func (f Fault) kinds() int {
	n := 0
	for _, set := range []bool{f.DropAtByte != nil, f.DropAt != nil, f.StallAtByte != nil, f.ServerError != 0} {
		if set {
			n++
		}
	}
	return n
}

func (r *runner) setLink(l fakes.Link) error {
	if l.Kind != fakes.Offline {
		r.lastOnline = l
	}
	r.sim.Network().SetLink(l)
	return r.sim.RunFor(0)
}

func (r *runner) injectFault(f Fault) error {
	if err := r.sim.Network().InjectFault(f.URL, f.fake(r.sim.Config().Start)); err != nil {
		return fmt.Errorf("scenarios: %w", err)
	}
	return nil
}

func (r *runner) launchExtension(name string) error {
	for _, x := range r.s.Extensions {
		if x.Name != name {
			continue
		}
		ids := simulator.IdentifiersDistinct
		if x.Identifiers == "shared" {
			ids = simulator.IdentifiersShared
		}
		pid, err := r.sim.LaunchExtension(simulator.ExtensionOptions{Name: name, Factory: NewPolicyApp(x.Policy), Identifiers: ids})
		if err != nil {
			return err
		}
		if r.extensions == nil {
			r.extensions = map[string]int{}
		}
		r.extensions[name] = pid
		return nil
	}
	return fmt.Errorf("scenarios: no extension named %q", name)
}
