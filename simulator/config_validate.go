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

// ConfigError is an impossible value of a Config field, as Validate
// reports it. errors.Is(err, ErrInvalidConfig) holds for it; errors.As
// gives the field and its bounds to a caller that names the field its own
// way (a scenario file's config key).
type ConfigError struct {
	// Field is the field's name, after its struct's for a nested one:
	// "BackgroundGrace", "Power.Battery".
	Field string
	// Value is what the field holds (with its default, for a field
	// checked against another): a time.Duration, or an int for a number
	// or an enumeration.
	Value any
	// Min and Max bound a number: a time.Duration or an int, both of
	// Value's type; nil for an enumeration. With Below set, Min is nil
	// and Value must be less than Max.
	Min, Max any
	// Below is the field whose value, Max, Value must stay under, if the
	// bound is another field's ("BackgroundTaskBudget").
	Below string
	// Want says what the field allows, in Config's terms ("between 0 and
	// 100 (0 takes the default)").
	Want string
}

// Error is "simulator: invalid Config: Config.FIELD is VALUE; it must be WANT".
func (e *ConfigError) Error() string {
	return fmt.Sprintf("%v: Config.%s is %v; it must be %s", ErrInvalidConfig, e.Field, e.Value, e.Want)
}

// Unwrap is ErrInvalidConfig.
func (e *ConfigError) Unwrap() error { return ErrInvalidConfig }

// Validate reports the first impossible value of c, naming the field and the
// values it allows, as a *ConfigError. A zero field takes its default and
// is always valid. New calls it: a Sim made from an invalid Config returns
// the error from every action and Run call (NewChecked returns it at once).
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
			return &ConfigError{Field: f.name, Value: f.v, Min: time.Duration(0), Max: MaxConfigDuration,
				Want: fmt.Sprintf("between 0 (the default) and %s", MaxConfigDuration)}
		}
	}
	if d.BackgroundTaskExpiryWarning >= d.BackgroundTaskBudget {
		return &ConfigError{Field: "BackgroundTaskExpiryWarning", Value: d.BackgroundTaskExpiryWarning,
			Max: d.BackgroundTaskBudget, Below: "BackgroundTaskBudget",
			Want: fmt.Sprintf("less than BackgroundTaskBudget (%s)", d.BackgroundTaskBudget)}
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
			return &ConfigError{Field: f.name, Value: f.v, Min: f.min, Max: f.max,
				Want: fmt.Sprintf("between %d and %d (0 takes the default)", f.min, f.max)}
		}
	}
	if c.MainThreadPolicy != PolicyTerminate && c.MainThreadPolicy != PolicyReport {
		return &ConfigError{Field: "MainThreadPolicy", Value: int(c.MainThreadPolicy), Want: "one of PolicyTerminate, PolicyReport"}
	}
	if c.DiscretionaryPower < PowerCharging || c.DiscretionaryPower > PowerAnyLevel {
		return &ConfigError{Field: "DiscretionaryPower", Value: int(c.DiscretionaryPower), Want: "one of PowerCharging, PowerChargingOrAbove, PowerAnyLevel"}
	}
	if c.UploadFromDataPolicy != UploadFromDataCrash && c.UploadFromDataPolicy != UploadFromDataFailOnExit {
		return &ConfigError{Field: "UploadFromDataPolicy", Value: int(c.UploadFromDataPolicy), Want: "one of UploadFromDataCrash, UploadFromDataFailOnExit"}
	}
	if c.UndeliveredOnKill != UndeliveredDrop && c.UndeliveredOnKill != UndeliveredRequeue {
		return &ConfigError{Field: "UndeliveredOnKill", Value: int(c.UndeliveredOnKill), Want: "one of UndeliveredDrop, UndeliveredRequeue"}
	}
	if c.AppPanics != PanicsReport && c.AppPanics != PanicsFail {
		return &ConfigError{Field: "AppPanics", Value: int(c.AppPanics), Want: "one of PanicsReport, PanicsFail"}
	}
	if c.TraceKeep < KeepAll || c.TraceKeep > KeepNone {
		return &ConfigError{Field: "TraceKeep", Value: int(c.TraceKeep), Want: "one of KeepAll, KeepHash, KeepLast, KeepNone"}
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
