package simulator

import (
	"strconv"
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Violation is a rule of the platform the app model broke. The simulator
// records it in the trace and goes on (or terminates the app, where real
// iOS would).
type Violation struct {
	At      time.Duration // virtual time since T+0
	Process int           // the process that broke it (1 is the first launch)
	Rule    Rule          // the rule or mistake ID (docs/ios-rules.md)
	Detail  string        // what happened, in words
}

// String is the violation as one line, as the trace event that records it
// prints: "T+00:42.200 violation R-D4 process 2: the completion handler
// was never called".
func (v Violation) String() string {
	s := fakes.FormatOffset(v.At) + " violation"
	if v.Rule != "" { // a breach of bgsim's contract with app models has no rule of iOS
		s += " " + string(v.Rule)
	}
	if v.Process != 0 {
		s += " process " + strconv.Itoa(v.Process)
	}
	return s + ": " + v.Detail
}

// GomegaString is how Gomega prints the violation in a failure message (it
// implements format.GomegaStringer): the same line as String.
func (v Violation) GomegaString() string { return v.String() }
