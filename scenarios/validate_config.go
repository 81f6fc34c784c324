package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/bgsim/bgsim/simulator"
)

// deviceFields are the Config fields the device block sets, by the path
// of its key: the block wins over config's, so a problem with the field
// is at the device key when the file has it.
var deviceFields = map[string]string{
	"Power.Battery": "$.device.battery",
}

// maxConfigProblems bounds the problems simConfig reports (one a field).
const maxConfigProblems = 16

// simConfig checks the Config the run will be made with as the simulator
// does (simulator.Config.Validate), so that a file that loads also runs:
// each impossible value is reported here, at the key that sets it and in
// the file's words, rather than by the run's first step after the file
// was said to be valid.
func (v *validator) simConfig() {
	cfg := v.s.SimConfig()
	if v.has("$.config.power") && !v.has("$.device.battery") && cfg.Power == (simulator.Power{}) {
		// The simulator takes a zero Power as unset (DefaultPower). (A
		// device battery, which overrides it, has its own check.)
		v.errorf("$.config.power", "a run starts with the phone on: write battery 1 to 100, or leave power out",
			"power with battery 0 and nothing else set is taken as unset: the run would start at battery %d %%", simulator.DefaultPower.Battery)
		cfg.Power = simulator.DefaultPower
	} else if v.has("$.config.power.battery") && !v.has("$.device.battery") && cfg.Power.Battery == 0 {
		// With charging or low power set as well, 0 is a battery of 0 %:
		// a phone that is off, as a device's or a set-power step's 0.
		v.errorf("$.config.power.battery", "a run starts with the phone on: write 1 to 100", "battery 0 is not a starting charge")
		cfg.Power.Battery = simulator.DefaultPower.Battery
	}
	reported := map[string]bool{}
	for range maxConfigProblems {
		err := cfg.Validate()
		if err == nil {
			return
		}
		var ce *simulator.ConfigError
		if !errors.As(err, &ce) || reported[ce.Field] || !zeroConfigField(&cfg, ce.Field) {
			// No key of the file to point at (a field the loop cannot
			// clear): say it as the simulator does.
			v.errorf("$", "", "%v", err)
			return
		}
		reported[ce.Field] = true
		if ce.Below != "" {
			zeroConfigField(&cfg, ce.Below)
		}
		v.configProblem(ce)
	}
}

// configProblem reports ce at the key that set its field, unless a
// problem is already there (device's own checks say more).
func (v *validator) configProblem(ce *simulator.ConfigError) {
	path, value := v.configKey(ce.Field), formatConfigValue(ce.Value)
	var msg string
	switch {
	case ce.Below != "" && !v.has(path) && v.has(v.configKey(ce.Below)):
		// The file shortened the other field below this one's default.
		path = v.configKey(ce.Below)
		msg = fmt.Sprintf("%s is %s; it must be more than %s (%s, its default)",
			keyName(path), formatConfigValue(ce.Max), keyName(v.configKey(ce.Field)), value)
	case ce.Below != "":
		below := v.configKey(ce.Below)
		of := formatConfigValue(ce.Max)
		if !v.has(below) {
			of += ", its default"
		}
		msg = fmt.Sprintf("%s is %s; it must be less than %s (%s)", keyName(path), value, keyName(below), of)
	case ce.Min != nil && ce.Max != nil:
		msg = fmt.Sprintf("%s is %s; it must be between %s and %s", keyName(path), value,
			formatConfigValue(ce.Min), formatConfigValue(ce.Max))
		if strings.HasPrefix(path, "$.config.") && !strings.Contains(ce.Field, ".") && reflect.ValueOf(ce.Min).IsZero() {
			// Not so for a field of a struct: power: {battery: 0,
			// charging: true} is battery 0.
			msg += " (0 takes the default)"
		}
	default:
		msg = fmt.Sprintf("%s is %s; it must be %s", keyName(path), value, ce.Want)
	}
	at := v.at(path)
	for _, p := range v.ps.list {
		if p.Pos == at {
			return
		}
	}
	v.errorf(path, "", "%s", msg)
}

// configKey is the path of the key that sets Config field name ("Power.Battery").
func (v *validator) configKey(field string) string {
	if p, ok := deviceFields[field]; ok && v.has(p) {
		return p
	}
	path := "$.config"
	t := reflect.TypeOf(simulator.Config{})
	for name := range strings.SplitSeq(field, ".") {
		f, ok := t.FieldByName(name)
		if !ok {
			return path
		}
		path += "." + fieldKey(f)
		t = f.Type
	}
	return path
}

// keyName is how a message names the key at path: "background-grace",
// "power.battery", "battery" (of device).
func keyName(path string) string {
	for _, block := range []string{"$.config.", "$.device."} {
		if k, ok := strings.CutPrefix(path, block); ok {
			return k
		}
	}
	return describePath(path)
}

// formatConfigValue writes v as a scenario file does: durations as "30s"
// or "7d".
func formatConfigValue(v any) string {
	if d, ok := v.(time.Duration); ok {
		if d == 0 {
			return "0"
		}
		return FormatDuration(d)
	}
	return fmt.Sprint(v)
}

// zeroConfigField sets the Config field at path ("Power.Battery") to
// zero, its default, and reports whether there is such a field.
func zeroConfigField(cfg *simulator.Config, path string) bool {
	f := reflect.ValueOf(cfg).Elem()
	for name := range strings.SplitSeq(path, ".") {
		if f.Kind() != reflect.Struct {
			return false
		}
		if f = f.FieldByName(name); !f.IsValid() {
			return false
		}
	}
	f.Set(reflect.Zero(f.Type()))
	return true
}
