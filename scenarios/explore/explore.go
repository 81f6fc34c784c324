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
	if err := opts.validate(); err != nil {
		return Report{}, err
	}
	if t.Scenario == nil {
		return Report{}, errors.New("explore: no scenario to explore")
	}
	tg := newTarget(t.Scenario)
	tg.hangLimit = opts.HangLimit
	rep := Report{Target: t.Scenario.Name, Seeds: opts.Seeds, Shard: opts.Shard, Shards: opts.Shards,
		Troubles: opts.Troubles, SafetyOnly: opts.SafetyOnly, Failed: map[string]int{}, Coverage: newCoverage()}
	seeds := opts.seeds()
	results := make([]seedResult, len(seeds))
	done := parallel(len(seeds), opts.Workers, func(i int) { results[i] = tg.explore(seeds[i], opts) })
	failures := 0
	for i := range done {
		if results[i].failure != nil {
			failures++
		}
		if opts.Progress != nil {
			opts.Progress(i+1, failures)
		}
	}
	for _, r := range results {
		rep.Runs++
		rep.Coverage.add(r.coverage)
		if f := r.failure; f != nil {
			rep.Failures = append(rep.Failures, *f)
			rep.Failed[f.Property]++
		}
	}
	return rep, nil
}

// seedResult is what one seed gave.
type seedResult struct {
	failure  *Failure
	coverage Coverage
}

// run plays plan p of seed on the target, keeping the whole trace.
func (t *target) run(p plan, seed uint64) *scenarios.Result {
	opts := scenarios.Options{Seed: &seed, Config: func(c *simulator.Config) {
		c.Jitter = c.Jitter || p.jitter
	}}
	if t.hangLimit <= 0 {
		return t.derive(p).Run(opts)
	}
	return t.watched(p, opts)
}

// explore runs one seed: draw, run, check, and shrink what broke.
func (t *target) explore(seed uint64, opts Options) seedResult {
	p := draw(seed, t, opts.Troubles)
	res := t.run(p, seed)
	out := seedResult{coverage: newCoverage()}
	out.coverage.exercised(res, p)
	b := check(t.s, res, opts.SafetyOnly)
	if b == nil && opts.CheckDeterminism {
		b = t.determinism(p, seed, res)
	}
	if b == nil {
		return out
	}
	f := &Failure{Seed: seed, Property: b.property, Message: b.message, Troubles: p.troubles,
		Jitter: p.jitter, Actions: len(p.actions)}
	small := p
	if !opts.NoShrink && b.property != PropDeterminism && !errors.Is(res.Err, hang.ErrHung) {
		small, b = t.shrink(seed, p, b, opts.SafetyOnly)
	}
	f.MinimalActions = len(small.actions)
	if y, err := t.write(seed, small, b); err == nil {
		f.Minimal = string(y)
		f.Reproduces = b.expect != nil && reproduces(y)
	} else {
		f.Minimal = fmt.Sprintf("# explore: the minimal scenario could not be written: %v\n", err)
	}
	out.failure = f
	return out
}

// determinism runs the seed again and compares the trace hashes; on a
// difference it names the first event that differs.
func (t *target) determinism(p plan, seed uint64, first *scenarios.Result) *broken {
	second := t.run(p, seed)
	if second.Sim.TraceHash() == first.Sim.TraceHash() {
		return nil
	}
	a, b := first.Trace, second.Trace
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
