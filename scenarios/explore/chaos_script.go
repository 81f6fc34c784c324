package explore

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// chaosRun is the script's state while it runs.
type chaosRun struct {
	sim     *simulator.Sim
	plan    *chaosPlan
	rep     *ChaosReport
	actions []chaosAction
	online  fakes.Link // the link when no outage is on
	outages int        // outages in progress
	err     error      // the first unexpected error of an action
}

type chaosAction struct {
	at   time.Duration
	name string
	do   func() string // "" or why it was skipped
}

func (r *chaosRun) add(at time.Duration, name string, do func() string) {
	r.actions = append(r.actions, chaosAction{at: at, name: name, do: do})
}

// setup publishes the resources, injects the faults and draws the script.
func (r *chaosRun) setup() error {
	net := r.sim.Network()
	for i, d := range r.plan.downloads {
		if err := net.AddResource(d.URL, r.plan.resources[i]); err != nil {
			return fmt.Errorf("scenarios: chaos: %w", err)
		}
	}
	if r.plan.opts.Faults {
		if err := r.injectFaults(); err != nil {
			return err
		}
	}
	r.drawScript()
	return nil
}

func (r *chaosRun) injectFaults() error {
	rng := simulator.Rand(r.rep.Seed, "chaos-faults")
	net := r.sim.Network()
	start := r.sim.Config().Start
	horizon := int64(r.plan.opts.Horizon / time.Millisecond)
	for i, d := range r.plan.downloads {
		size := r.plan.resources[i].Size
		if rng.IntN(2) == 0 {
			for range 1 + rng.IntN(2) {
				var f fakes.Fault
				switch k := rng.IntN(6); {
				case k < 3:
					f = fakes.Fault{Kind: fakes.DropAtByte, AtByte: rng.Int64N(size)}
				case k < 5:
					// Some stalls outlast the 60 s request timeout (R-S8).
					f = fakes.Fault{Kind: fakes.Stall, AtByte: rng.Int64N(size), For: time.Duration(1+rng.IntN(120)) * time.Second}
				default:
					f = fakes.Fault{Kind: fakes.ServerError, Status: []int{500, 503}[rng.IntN(2)]}
				}
				if err := net.InjectFault(d.URL, f); err != nil {
					return fmt.Errorf("scenarios: chaos: %w", err)
				}
				r.rep.Faults = append(r.rep.Faults, chaosFaultString(d.URL, f, start))
			}
		}
		if rng.IntN(10) < 3 {
			f := fakes.Fault{Kind: fakes.DropAtTime, At: start.Add(time.Duration(rng.Int64N(horizon)) * time.Millisecond)}
			if err := net.InjectFault(d.URL, f); err != nil {
				return fmt.Errorf("scenarios: chaos: %w", err)
			}
			r.rep.Faults = append(r.rep.Faults, chaosFaultString(d.URL, f, start))
		}
	}
	return nil
}

func chaosFaultString(url string, f fakes.Fault, start time.Time) string {
	switch f.Kind {
	case fakes.DropAtByte:
		return fmt.Sprintf("%s: drop at byte %d", url, f.AtByte)
	case fakes.Stall:
		return fmt.Sprintf("%s: stall at byte %d for %s", url, f.AtByte, f.For)
	case fakes.ServerError:
		return fmt.Sprintf("%s: server error %d", url, f.Status)
	}
	return fmt.Sprintf("%s: drop at %s", url, fakes.FormatOffset(f.At.Sub(start)))
}

// drawScript draws the random actions, then adds the ending: Wi-Fi back,
// the phone on its charger, and the user opening the app.
func (r *chaosRun) drawScript() {
	o := r.plan.opts
	rng := simulator.Rand(r.rep.Seed, "chaos-script")
	type kind struct {
		weight int
		draw   func(at time.Duration)
	}
	kinds := []kind{
		{3, func(at time.Duration) { r.add(at, "the user opens the app", r.lifecycle(r.sim.Launch)) }},
		{3, func(at time.Duration) { r.add(at, "the user goes to the home screen", r.lifecycle(r.sim.Home)) }},
	}
	if o.Kills {
		kinds = append(kinds,
			kind{2, func(at time.Duration) {
				r.add(at, "iOS reclaims the app's memory", r.lifecycle(r.sim.MemoryPressureKill))
			}},
			kind{1, func(at time.Duration) {
				r.add(at, "the app crashes", r.lifecycle(func() error { return r.sim.Crash("chaos: injected crash") }))
			}})
	}
	if o.ForceQuits {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			r.add(at, "the user force-quits the app", r.lifecycle(r.sim.ForceQuit))
		}})
	}
	if o.Outages {
		kinds = append(kinds, kind{2, func(at time.Duration) {
			d := time.Duration(1+rng.IntN(90)) * time.Second
			r.add(at, "the device goes offline", r.outage(+1))
			r.add(at+d, "the device is back online", r.outage(-1))
		}})
	}
	if o.BandwidthChanges {
		kinds = append(kinds,
			kind{2, func(at time.Duration) {
				bw := chaosBandwidth(rng)
				r.add(at, fmt.Sprintf("the bandwidth becomes %d B/s", bw), r.relink(func(l *fakes.Link) { l.Bandwidth = bw }))
			}},
			kind{1, func(at time.Duration) {
				bw := chaosBandwidth(rng)
				r.add(at, "the device switches between Wi-Fi and cellular", r.relink(func(l *fakes.Link) {
					l.Kind, l.Bandwidth = fakes.Cellular+fakes.WiFi-l.Kind, bw
				}))
			}})
	}
	if o.PowerChanges {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			p := simulator.Power{Charging: rng.IntN(2) == 0, Battery: 5 + rng.IntN(96), LowPowerMode: rng.IntN(4) == 0}
			r.add(at, "the power becomes "+p.String(), func() string { r.sim.SetPower(p); return "" })
		}})
	}
	if o.ContentChanges {
		kinds = append(kinds, kind{1, func(at time.Duration) {
			i := rng.IntN(len(r.plan.downloads))
			resize := rng.IntN(2) == 0
			delta := rng.Int64N(64 << 10)
			r.add(at, fmt.Sprintf("the server republishes file %d", i), func() string { return r.republish(i, resize, delta) })
		}})
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	horizon := int64(o.Horizon / time.Millisecond)
	for range o.Actions {
		at := time.Duration(1+rng.Int64N(horizon)) * time.Millisecond
		w := rng.IntN(total)
		for _, k := range kinds {
			if w < k.weight {
				k.draw(at)
				break
			}
			w -= k.weight
		}
	}
	end := o.Horizon + 2*time.Minute // after the longest outage
	final := fakes.Link{Kind: fakes.WiFi, Bandwidth: max(r.plan.link.Bandwidth, 500_000), Latency: r.plan.link.Latency}
	r.add(end, "the device is on Wi-Fi", func() string {
		r.online, r.outages = final, 0
		r.sim.Network().SetLink(final)
		return ""
	})
	// Charging, as overnight: a download restarted while the app was in
	// the background is discretionary and waits for power (R-S6).
	r.add(end, "the user plugs the phone in", func() string {
		r.sim.SetPower(simulator.Power{Charging: true, Battery: 100})
		return ""
	})
	r.add(end, "the user opens the app", r.lifecycle(r.sim.Launch))
	sort.SliceStable(r.actions, func(i, j int) bool { return r.actions[i].at < r.actions[j].at })
}

// lifecycle makes a user or system action a script action; one that is
// illegal in the app's state at that moment is skipped.
func (r *chaosRun) lifecycle(f func() error) func() string {
	return func() string {
		before := r.sim.State()
		err := f()
		var illegal *simulator.IllegalTransitionError
		if errors.As(err, &illegal) {
			return "illegal in state " + before.String()
		}
		if err != nil && r.err == nil {
			r.err = fmt.Errorf("scenarios: chaos: %w", err)
		}
		return ""
	}
}

func (r *chaosRun) outage(step int) func() string {
	return func() string {
		if step < 0 && r.outages == 0 {
			return "the device is already online"
		}
		r.outages += step
		switch {
		case step > 0 && r.outages == 1:
			r.sim.Network().SetLink(fakes.Link{Kind: fakes.Offline, Latency: r.online.Latency})
		case step < 0 && r.outages == 0:
			r.sim.Network().SetLink(r.online)
		default:
			return "another outage is on"
		}
		return ""
	}
}

func (r *chaosRun) relink(change func(*fakes.Link)) func() string {
	return func() string {
		change(&r.online)
		if r.outages > 0 {
			return "offline: takes effect when the device is back online"
		}
		r.sim.Network().SetLink(r.online)
		return ""
	}
}

// republish gives resource i a new content, if it has a validator to tell
// the versions apart.
func (r *chaosRun) republish(i int, resize bool, delta int64) string {
	d := &r.plan.downloads[i]
	res, _ := r.sim.Network().Resource(d.URL)
	v := len(d.Versions) + 1
	switch {
	case res.ETag != "":
		res.ETag = fmt.Sprintf(`"file-%d-v%d"`, i, v)
	case !res.LastModified.IsZero():
		res.LastModified = r.sim.Now().Add(-time.Second).Truncate(time.Second)
	default:
		return "no validator: a new content could not be told apart"
	}
	if resize {
		res.Size += delta
	}
	src := chaosSource(d.URL, res)
	for _, old := range d.Versions {
		if old.Source == src {
			// Last-Modified has a one-second grain: a second content within
			// the same second could not be told apart, on a device either.
			return "the same validator as an earlier version"
		}
	}
	if err := r.sim.Network().UpdateResource(d.URL, res); err != nil {
		r.err = fmt.Errorf("scenarios: chaos: republish: %w", err)
		return err.Error()
	}
	d.Versions = append(d.Versions, ChaosVersion{Source: src, Size: res.Size})
	return ""
}

// run plays the script, then waits for every task to be delivered.
func (r *chaosRun) run() error {
	sim := r.sim
	// The first launch, at T+0, starts the downloads.
	if err := sim.Launch(); err != nil {
		return fmt.Errorf("scenarios: chaos: first launch: %w", err)
	}
	r.rep.Steps = append(r.rep.Steps, ChaosStep{At: 0, Name: "the user launches the app; it starts the downloads"})
	for _, a := range r.actions {
		if d := a.at - sim.Elapsed(); d > 0 {
			if err := sim.RunFor(d); err != nil {
				return err
			}
		}
		r.rep.Steps = append(r.rep.Steps, ChaosStep{At: sim.Elapsed(), Name: a.name, Skipped: a.do()})
		if r.err != nil {
			return r.err
		}
	}
	view := &r.rep.App
	done := func(*simulator.Sim) bool {
		return len(view.Final) == len(r.plan.downloads) && view.completions >= view.Created
	}
	err := sim.RunUntil(done, r.plan.opts.TimeLimit)
	switch {
	case errors.Is(err, simulator.ErrRunLimit):
		return nil
	case err != nil:
		return err
	}
	r.rep.Finished = true
	return sim.RunFor(chaosTail)
}
