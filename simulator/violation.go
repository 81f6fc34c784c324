package simulator

import (
	"fmt"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Violation is a rule of the platform the app model broke. The simulator
// records it in the trace and goes on (or terminates the app, where real
// iOS would).
type Violation struct {
	At      time.Duration // virtual time since T+0
	Process int
	Rule    Rule // the rule or mistake ID (docs/ios-rules.md)
	Detail  string
}

// String is the violation as one line: time, rule, process, detail.
func (v Violation) String() string {
	return fmt.Sprintf("%s %s (process %d): %s", fakes.FormatOffset(v.At), v.Rule, v.Process, v.Detail)
}
