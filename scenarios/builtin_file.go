package scenarios

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Builtin is the scenario as a BuiltinScenario, runnable by name: its Run
// takes the caller's seed and scenario label from cfg, and, for the
// reference app, mistakes to switch on besides the file's.
func (s *Scenario) Builtin() BuiltinScenario {
	return BuiltinScenario{
		Name: s.Name, Description: s.OneLine(), Labels: s.Labels, File: s,
		RefApp: s.App.Reference != nil,
		Run: func(cfg simulator.Config, m appmodel.Mistakes) (*simulator.Sim, error) {
			if err := s.CheckMistakes(m); err != nil {
				return nil, err
			}
			// The file's expectations describe its own app; with extra
			// mistakes only the run itself can fail.
			extra := m != (appmodel.Mistakes{})
			res := s.Run(Options{Seed: &cfg.Seed, Mistakes: m, Unchecked: extra, Config: func(c *simulator.Config) {
				if cfg.Scenario != "" {
					c.Scenario = cfg.Scenario
				}
			}})
			return res.Sim, res.Error()
		},
	}
}

// AppKind names the app the scenario runs as its file's app key does:
// "reference", "policy", or "go: NAME" for a registered Go app model.
func (s *Scenario) AppKind() string {
	switch a := s.App; {
	case a.Reference != nil:
		return "reference"
	case a.Policy != nil:
		return "policy"
	case a.Go != "":
		return "go: " + a.Go
	}
	return "none"
}

// CheckMistakes refuses mistakes of the reference app (m, the CLI's
// --mistake) for a scenario that runs another app, which they would not
// change: a run that silently ignored them would show the app without
// them. Every switch off is always fine.
func (s *Scenario) CheckMistakes(m appmodel.Mistakes) error {
	if m == (appmodel.Mistakes{}) || s.App.Reference != nil {
		return nil
	}
	return fmt.Errorf("scenarios: %s does not run the reference app (app: %s); mistakes apply to app: reference only", s.Name, s.AppKind())
}

// Error is why the run failed: the error that stopped it, or its failed
// expectations, one per line; nil if it passed.
func (r *Result) Error() error {
	if r.Err != nil {
		return r.Err
	}
	var errs []error
	for _, f := range r.Failures {
		errs = append(errs, f)
	}
	return errors.Join(errs...)
}

// withMistakes switches on the mistakes set in m besides a's own.
func withMistakes(a appmodel.Mistakes, m appmodel.Mistakes) appmodel.Mistakes {
	va, vm := reflect.ValueOf(&a).Elem(), reflect.ValueOf(m)
	for i := range va.NumField() {
		if f := va.Field(i); f.Kind() == reflect.Bool && vm.Field(i).Bool() {
			f.SetBool(true)
		}
	}
	return a
}
