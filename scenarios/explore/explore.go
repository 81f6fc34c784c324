package explore

import (
	"errors"
	"fmt"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
	"github.com/bgsim/bgsim/simulator/hang"
)

// Run explores the seeds of opts on t and reports what broke. It returns
// an error only for unusable options or target; a failing seed is in the
// report.
func Run(t Target, opts Options) (Report, error) {
	opts = opts.withDefaults()
	if err := opts.Check(); err != nil {
		return Report{}, err
	}
	if t.Scenario == nil {
		return Report{}, errors.New("explore: no scenario to explore")
	}
	tg := newTarget(t.Scenario)
	tg.hangLimit = opts.HangLimit
	tg.strictLimits = opts.StrictLimits
	rep := Report{Target: t.Scenario.Name, Seeds: opts.Seeds, Shard: opts.Shard, Shards: opts.Shards,
		Troubles: opts.Troubles, SafetyOnly: opts.SafetyOnly, CheckDeterminism: opts.CheckDeterminism, StrictLimits: opts.StrictLimits,
		Failed: map[string]int{}, Coverage: newCoverage()}
	// The results wait in a ring, one slot per seed that may be under
	// way or done and not reported yet: however many seeds a run plays,
	// it holds a fixed amount for them, and then its failures.
	n := int(opts.SeedCount()) // at most MaxSeeds (Check)
	results := make([]seedResult, window(opts.Workers))
	// The seeds' counts are summed in arrays and put into the report's
	// maps once: a seed's addTo cost ~2,300 instructions and a map
	// assignment per kind and rule it saw, 4% of a faulted walkthrough's
	// seed (sums, so the maps hold what they did).
	var total seedCoverage
	parallel(n, opts.Workers, opts.HangLimit, func(w *seat, i int) {
		results[slot(i, len(results))] = tg.explore(opts.seedAt(i), opts, w)
	}, func(i int) {
		// Each seed's result is added as it comes, in seed order, and let
		// go: a long exploration holds only its failures.
		r := &results[slot(i, len(results))]
		rep.Runs++
		total.add(r.coverage)
		for _, k := range r.troubles {
			rep.Coverage.Troubles[string(k)]++
		}
		if f := r.failure; f != nil {
			rep.Failures = append(rep.Failures, *f)
			rep.Failed[f.Property]++
		}
		*r = seedResult{}
		if opts.Progress != nil {
			opts.Progress(i+1, len(rep.Failures))
		}
	})
	total.addTo(&rep.Coverage)
	return rep, nil
}

// seedResult is what one seed gave.
type seedResult struct {
	failure  *Failure
	coverage *seedCoverage
	troubles []Trouble
}

// run plays plan p of seed on the target and checks its properties as it
// goes, keeping of the trace what keep says: exploration keeps nothing
// (its hash only when it compares two runs), a report of what differs
// keeps it all.
func (t *target) run(p plan, seed uint64, keep simulator.TraceKeep) (*scenarios.Result, *monitor) {
	var steps []scenarios.Step
	return t.runIn(p, seed, keep, &steps, nil)
}

// runIn is run with the steps made in the array of *steps, if it has room,
// and left in *steps; in seat w, if not nil, on its simulation
// (seat.reused) and for the watchdog (watch.go).
func (t *target) runIn(p plan, seed uint64, keep simulator.TraceKeep, steps *[]scenarios.Step, w *seat) (*scenarios.Result, *monitor) {
	*steps = t.steps(p.actions, *steps)
	s := t.derive(p, *steps)
	vers := func() versions { return t.versions(p, s) }
	m := newMonitor(t.spec, vers)
	options := func(keep simulator.TraceKeep, observe func(*simulator.Sim)) scenarios.Options {
		return scenarios.Options{Seed: &seed, Unchecked: true, Observe: observe, LimitsGoOn: !t.strictLimits, Config: func(c *simulator.Config) {
			c.Jitter = c.Jitter || p.jitter
			c.TraceKeep = keep
		}}
	}
	first := options(keep, m.attach)
	if w != nil {
		first.Sim = w.reused()
	}
	if t.hangLimit <= 0 {
		res := s.Run(first)
		m.finish(res)
		return res, m
	}
	var res *scenarios.Result
	if w != nil {
		// A run that keeps no trace does not publish what it runs either
		// (Sim.WatchActivity costs an allocation per callback): if it
		// hangs, the report's callback and trace come from the run again
		// below, which hangs the same way.
		res = t.watchedOn(w, s, first, keep == simulator.KeepAll)
	} else {
		res = t.watched(s, first)
	}
	if errors.Is(res.Err, hang.ErrHung) {
		if keep != simulator.KeepAll {
			// The report gives the trace so far, which the run did not
			// keep: the seed again, keeping it, hangs the same way. Only
			// a hung seed pays for a kept trace (and a second wait).
			if again := t.watched(s, options(simulator.KeepAll, nil)); errors.Is(again.Err, hang.ErrHung) {
				res = again
			} else if h := (*hang.Error)(nil); errors.As(res.Err, &h) {
				// The report cannot name what hung: it says why instead.
				unrepeated, r := *h, *res
				unrepeated.Unrepeated = true
				r.Err = fmt.Errorf("explore: %w", &unrepeated)
				res = &r
			}
		}
		// The hung run's goroutine may still feed m: check the trace it
		// left instead.
		m = newMonitor(t.spec, vers)
		for i := range res.Trace {
			m.event(&res.Trace[i], nil)
		}
	}
	m.finish(res)
	return res, m
}

// explore runs one seed: draw, run, check, and shrink what broke. Its first
// run is in seat w, if not nil (watch.go).
func (t *target) explore(seed uint64, opts Options, w *seat) seedResult {
	p := draw(seed, t, opts.Troubles)
	keep := simulator.KeepNone // the properties are checked as the run goes
	if opts.CheckDeterminism {
		keep = simulator.KeepHash
	}
	buf, _ := t.stepBufs.Get().(*[]scenarios.Step)
	if buf == nil {
		buf = new([]scenarios.Step)
	}
	res, m := t.runIn(p, seed, keep, buf, w)
	out := seedResult{coverage: &m.cov, troubles: p.troubles}
	b := m.first(opts.SafetyOnly)
	if b == nil && opts.CheckDeterminism {
		b = t.determinism(p, seed, res)
	}
	if b == nil {
		// Nothing refers to the run's steps any more (a run that hung,
		// whose goroutine may still read them, broke a property): the
		// next seed may have them.
		t.stepBufs.Put(buf)
		return out
	}
	f := &Failure{Seed: seed, Property: b.property, Message: b.message, Troubles: p.troubles,
		Jitter: p.jitter, Actions: len(p.actions)}
	small := p
	if !opts.NoShrink && b.property != PropDeterminism && !errors.Is(res.Err, hang.ErrHung) {
		small, b = t.shrink(seed, p, b, opts.SafetyOnly)
		f.Shrunk = true
	}
	f.MinimalActions = len(small.actions)
	if y, err := t.write(seed, small, b, f.Shrunk); err == nil {
		f.Minimal = string(y)
		f.Reproduces = b.expect != nil && reproduces(y)
	} else {
		f.Minimal = fmt.Sprintf("# explore: the minimal scenario could not be written: %v\n", err)
	}
	out.failure = f
	return out
}

// determinism runs the seed again and compares the trace hashes; on a
// difference it runs both again keeping their traces (the runs differ, but
// each repeats as it went: a difference shows again) and names the first
// event that differs.
func (t *target) determinism(p plan, seed uint64, first *scenarios.Result) *broken {
	second, _ := t.run(p, seed, simulator.KeepHash)
	if second.Sim.TraceHash() == first.Sim.TraceHash() {
		return nil
	}
	ra, _ := t.run(p, seed, simulator.KeepAll)
	rb, _ := t.run(p, seed, simulator.KeepAll)
	a, b := ra.Trace, rb.Trace
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	msg := fmt.Sprintf("two runs of seed %d differ from event %d: ", seed, i+1)
	switch {
	case i < len(a) && i < len(b):
		msg += fmt.Sprintf("%v, then %v", a[i], b[i])
	case i < len(a):
		msg += fmt.Sprintf("the second run ends before %v", a[i])
	default:
		msg += fmt.Sprintf("the first run ends before %v", b[i])
	}
	return &broken{property: PropDeterminism, message: msg}
}

// reproduces reports whether a minimal scenario file fails its
// expectations when parsed and run on its own.
func reproduces(src []byte) bool {
	s, err := scenarios.Parse("minimal.yaml", src)
	if err != nil {
		return false
	}
	return len(s.Run(scenarios.Options{}).Failures) > 0
}
