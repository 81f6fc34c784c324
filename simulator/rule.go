package simulator

import (
	"slices"
	"strings"
)

// Rule is the ID of a rule of real iOS that bgsim models (R-D4: the
// completion handler of a background wake must be called, once, on the main
// thread) or of a mistake developers make (M5: reading the downloaded file
// after DidFinishDownloading returned). docs/ios-rules.md explains every
// one. Code and specs use the constants, so a mistyped ID is a compile
// error rather than a check that passes vacuously.
type Rule string

// Rules of real iOS, by group. The letter says which part of the platform
// the rule is about.
const (
	// L: app lifecycle.
	RuleL1 Rule = "R-L1"
	RuleL2 Rule = "R-L2"
	RuleL3 Rule = "R-L3"
	RuleL4 Rule = "R-L4"
	RuleL5 Rule = "R-L5"
	RuleL6 Rule = "R-L6"
	RuleL7 Rule = "R-L7"
	RuleL8 Rule = "R-L8"
	RuleL9 Rule = "R-L9"
	// S: background sessions.
	RuleS1  Rule = "R-S1"
	RuleS2  Rule = "R-S2"
	RuleS3  Rule = "R-S3"
	RuleS4  Rule = "R-S4"
	RuleS5  Rule = "R-S5"
	RuleS6  Rule = "R-S6"
	RuleS7  Rule = "R-S7"
	RuleS8  Rule = "R-S8"
	RuleS9  Rule = "R-S9"
	RuleS10 Rule = "R-S10"
	RuleS11 Rule = "R-S11"
	RuleS12 Rule = "R-S12"
	// I: identifiers and reconnecting.
	RuleI1 Rule = "R-I1"
	RuleI2 Rule = "R-I2"
	RuleI3 Rule = "R-I3"
	RuleI4 Rule = "R-I4"
	RuleI5 Rule = "R-I5"
	RuleI6 Rule = "R-I6"
	// D: relaunch and delivery.
	RuleD1 Rule = "R-D1"
	RuleD2 Rule = "R-D2"
	RuleD3 Rule = "R-D3"
	RuleD4 Rule = "R-D4"
	RuleD5 Rule = "R-D5"
	RuleD6 Rule = "R-D6"
	RuleD7 Rule = "R-D7"
	RuleD8 Rule = "R-D8"
	RuleD9 Rule = "R-D9"
	// E: termination and interruptions.
	RuleE1 Rule = "R-E1"
	RuleE2 Rule = "R-E2"
	RuleE3 Rule = "R-E3"
	RuleE4 Rule = "R-E4"
	RuleE5 Rule = "R-E5"
	RuleE6 Rule = "R-E6"
	// R: rate limiting.
	RuleR1 Rule = "R-R1"
	// X: app extensions.
	RuleX1 Rule = "R-X1"
	RuleX2 Rule = "R-X2"
	RuleX3 Rule = "R-X3"
	// G: resume data, errors, progress, invalidation.
	RuleG1 Rule = "R-G1"
	RuleG2 Rule = "R-G2"
	RuleG3 Rule = "R-G3"
	RuleG4 Rule = "R-G4"
)

// Mistakes developers make, each shown by a scenario of the built-in
// catalog with its consequence, and by a fixed twin.
const (
	MistakeM1  Rule = "M1"
	MistakeM2  Rule = "M2"
	MistakeM3  Rule = "M3"
	MistakeM4  Rule = "M4"
	MistakeM5  Rule = "M5"
	MistakeM6  Rule = "M6"
	MistakeM7  Rule = "M7"
	MistakeM8  Rule = "M8"
	MistakeM9  Rule = "M9"
	MistakeM10 Rule = "M10"
	MistakeM11 Rule = "M11"
	MistakeM12 Rule = "M12"
	MistakeM13 Rule = "M13"
	MistakeM14 Rule = "M14"
	MistakeM15 Rule = "M15"
	MistakeM16 Rule = "M16"
	MistakeM17 Rule = "M17"
)

var allRules = [...]Rule{
	RuleL1, RuleL2, RuleL3, RuleL4, RuleL5, RuleL6, RuleL7, RuleL8, RuleL9, RuleS1, RuleS2, RuleS3, RuleS4, RuleS5, RuleS6, RuleS7, RuleS8, RuleS9, RuleS10, RuleS11, RuleS12, RuleI1, RuleI2, RuleI3, RuleI4, RuleI5, RuleI6, RuleD1, RuleD2, RuleD3, RuleD4, RuleD5, RuleD6, RuleD7, RuleD8, RuleD9, RuleE1, RuleE2, RuleE3, RuleE4, RuleE5, RuleE6, RuleR1, RuleX1, RuleX2, RuleX3, RuleG1, RuleG2, RuleG3, RuleG4,
}

var allMistakes = [...]Rule{
	MistakeM1, MistakeM2, MistakeM3, MistakeM4, MistakeM5, MistakeM6, MistakeM7, MistakeM8, MistakeM9, MistakeM10, MistakeM11, MistakeM12, MistakeM13, MistakeM14, MistakeM15, MistakeM16, MistakeM17,
}

// Rules lists every rule ID (R-...), in the order of the rules page.
func Rules() []Rule { return append([]Rule(nil), allRules[:]...) }

// notCitedByEvents are the rules no event of a trace cites. The simulator
// models R-L8, R-S4, R-I5, R-E1, R-E2, R-E5 and R-X2 as behaviour that
// events citing other rules show (a suspended app gets no progress calls,
// R-E1; a memory-pressure kill leaves transfers running, R-E2; a crash is
// a kill for transfers, R-E5), and does not model R-E6 (a reboot is
// refused). The specs of event_rules_test.go keep the list true to
// the code that makes events.
var notCitedByEvents = [...]Rule{RuleL8, RuleS4, RuleI5, RuleE1, RuleE2, RuleE5, RuleE6, RuleX2}

// EventRules lists the rules an event of a trace can cite (its Rule), in
// the order of Rules: every rule but R-L8, R-S4, R-I5, R-E1, R-E2, R-E5
// and R-X2, which the simulator models without naming them on an event,
// and R-E6, which it does not model. A run can show only these: counting
// which rules a set of runs exercised, count among them.
func EventRules() []Rule {
	out := make([]Rule, 0, len(allRules)-len(notCitedByEvents))
	for _, r := range allRules {
		if !slices.Contains(notCitedByEvents[:], r) {
			out = append(out, r)
		}
	}
	return out
}

// Mistakes lists every mistake ID (M1...), in order.
func Mistakes() []Rule { return append([]Rule(nil), allMistakes[:]...) }

// IsMistake reports whether r names a mistake (M1...) rather than a rule.
func (r Rule) IsMistake() bool { return strings.HasPrefix(string(r), "M") }

// Known reports whether r is one of the constants of this package.
func (r Rule) Known() bool {
	for _, k := range allRules {
		if k == r {
			return true
		}
	}
	for _, k := range allMistakes {
		if k == r {
			return true
		}
	}
	return false
}

// String returns the ID as the trace and the docs write it.
func (r Rule) String() string { return string(r) }
