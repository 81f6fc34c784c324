package simulator

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrInvalidConfig is matched (errors.Is) by every error of Config.Validate.
var ErrInvalidConfig = errors.New("simulator: invalid Config")

// MaxConfigDuration is the longest duration a Config field may hold: longer
// would push virtual time towards the end of its range (MaxVirtualTime).
const MaxConfigDuration = 365 * 24 * time.Hour

// Validate reports the first impossible value of c, naming the field and the
// values it allows. A zero field takes its default and is always valid.
// New calls it: a Sim made from an invalid Config returns the error from
// every action and Run call (NewChecked returns it at once).
func (c Config) Validate() error { return c.validate(c.withDefaults()) }

// validate is Validate given d, c with its defaults: New has it already.
func (c Config) validate(d Config) error {
	durations := []struct {
		name string
		v    time.Duration
	}{
		{"BackgroundGrace", c.BackgroundGrace},
		{"BackgroundTaskBudget", c.BackgroundTaskBudget},
		{"BackgroundTaskExpiryWarning", c.BackgroundTaskExpiryWarning},
		{"CompletionHandlerBudget", c.CompletionHandlerBudget},
		{"ProgressInterval", c.ProgressInterval},
		{"RetryDelay", c.RetryDelay},
		{"RelaunchDelayInitial", c.RelaunchDelayInitial},
		{"TempFileRetentionUnlaunched", c.TempFileRetentionUnlaunched},
		{"ForegroundStartDelay", c.ForegroundStartDelay},
		{"LaunchWatchdog", c.LaunchWatchdog},
		{"SceneWatchdog", c.SceneWatchdog},
	}
	for _, f := range durations {
		if f.v < 0 || f.v > MaxConfigDuration {
			return fmt.Errorf("%w: Config.%s is %s; it must be between 0 (the default) and %s",
				ErrInvalidConfig, f.name, f.v, MaxConfigDuration)
		}
	}
	if d.BackgroundTaskExpiryWarning >= d.BackgroundTaskBudget {
		return fmt.Errorf("%w: Config.BackgroundTaskExpiryWarning is %s; it must be less than BackgroundTaskBudget (%s)",
			ErrInvalidConfig, d.BackgroundTaskExpiryWarning, d.BackgroundTaskBudget)
	}
	ints := []struct {
		name     string
		v        int
		min, max int
	}{
		{"DiscretionaryBattery", c.DiscretionaryBattery, 0, 100},
		{"Power.Battery", c.Power.Battery, 0, 100},
		{"EventBudget", c.EventBudget, 0, 1 << 40},
		{"MaxTraceEvents", c.MaxTraceEvents, 0, 1 << 40},
		{"TraceLast", c.TraceLast, 0, 1 << 40},
	}
	for _, f := range ints {
		if f.v < f.min || f.v > f.max {
			return fmt.Errorf("%w: Config.%s is %d; it must be between %d and %d (0 takes the default)",
				ErrInvalidConfig, f.name, f.v, f.min, f.max)
		}
	}
	if c.MainThreadPolicy != PolicyTerminate && c.MainThreadPolicy != PolicyReport {
		return fmt.Errorf("%w: Config.MainThreadPolicy is %d; it must be one of PolicyTerminate, PolicyReport",
			ErrInvalidConfig, int(c.MainThreadPolicy))
	}
	if c.DiscretionaryPower < PowerCharging || c.DiscretionaryPower > PowerAnyLevel {
		return fmt.Errorf("%w: Config.DiscretionaryPower is %d; it must be one of PowerCharging, PowerChargingOrAbove, PowerAnyLevel",
			ErrInvalidConfig, int(c.DiscretionaryPower))
	}
	if c.UploadFromDataPolicy != UploadFromDataCrash && c.UploadFromDataPolicy != UploadFromDataFailOnExit {
		return fmt.Errorf("%w: Config.UploadFromDataPolicy is %d; it must be one of UploadFromDataCrash, UploadFromDataFailOnExit",
			ErrInvalidConfig, int(c.UploadFromDataPolicy))
	}
	if c.UndeliveredOnKill != UndeliveredDrop && c.UndeliveredOnKill != UndeliveredRequeue {
		return fmt.Errorf("%w: Config.UndeliveredOnKill is %d; it must be one of UndeliveredDrop, UndeliveredRequeue",
			ErrInvalidConfig, int(c.UndeliveredOnKill))
	}
	if c.AppPanics != PanicsReport && c.AppPanics != PanicsFail {
		return fmt.Errorf("%w: Config.AppPanics is %d; it must be one of PanicsReport, PanicsFail",
			ErrInvalidConfig, int(c.AppPanics))
	}
	if c.TraceKeep < KeepAll || c.TraceKeep > KeepNone {
		return fmt.Errorf("%w: Config.TraceKeep is %d; it must be one of KeepAll, KeepHash, KeepLast, KeepNone",
			ErrInvalidConfig, int(c.TraceKeep))
	}
	return nil
}

// sharesDefaults reports whether c differs from the zero Config only in
// fields that take no default and that any value of is valid (Scenario,
// Seed, Jitter) or in a valid TraceKeep: nearly every run's Config (a
// scenario's name, a seed). Its other fields with their defaults are then
// the zero Config's, made once, and valid: New shares them (simConfig)
// rather than making and validating them again (about 800 instructions of
// a walkthrough's).
func (c *Config) sharesDefaults() bool {
	if c.TraceKeep < KeepAll || c.TraceKeep > KeepNone {
		return false
	}
	rest := *c
	rest.Scenario, rest.Seed, rest.Jitter, rest.TraceKeep = "", 0, false, KeepAll
	return rest == Config{}
}

// zeroDefaults is the zero Config with its defaults, made once and shared
// by the Sims whose Config sharesDefaults; never written.
var zeroDefaults = sync.OnceValue(func() *Config {
	d := Config{}.withDefaults()
	return &d
})

// NewChecked is New that returns the error of Config.Validate instead of
// a Sim that reports it from every action and Run call.
func NewChecked(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return New(cfg), nil
}
