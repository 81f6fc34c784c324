package bdd

import (
	"fmt"
	"reflect"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// Tracer is what the matchers read: anything with a trace, such as a
// *simulator.Sim or a simtest.Env. A plain []simulator.Event works too.
type Tracer interface {
	Trace() []simulator.Event
}

// stater is a subject that knows the app's current state (a Sim, an Env).
type stater interface {
	State() appmodel.State
}

// sessioner is a subject that can name the tasks of its background
// sessions, so a task can be found by its TaskDescription even in a trace
// that does not carry it.
type sessioner interface {
	Sessions() []simulator.SessionInfo
}

// subject is what a matcher was given, with what can be read from it.
type subject struct {
	actual any
	trace  []simulator.Event
}

// subjectOf accepts a Tracer or a []simulator.Event; anything else (or a
// nil pointer) is an error that names what the matcher wants.
func subjectOf(matcher string, actual any) (subject, error) {
	switch a := actual.(type) {
	case []simulator.Event:
		return subject{actual: actual, trace: a}, nil
	case Tracer:
		if v := reflect.ValueOf(a); v.Kind() == reflect.Pointer && v.IsNil() {
			return subject{}, fmt.Errorf("bdd: %s: got a nil %T", matcher, actual)
		}
		return subject{actual: actual, trace: a.Trace()}, nil
	}
	return subject{}, fmt.Errorf("bdd: %s wants a *simulator.Sim, a simtest.Env (anything with Trace() []simulator.Event) or a []simulator.Event; got %T", matcher, actual)
}

// state is the app's current state: asked of the subject if it knows, or
// read from the last lifecycle transition of the trace.
func (s subject) state() appmodel.State {
	if st, ok := s.actual.(stater); ok {
		return st.State()
	}
	for i := len(s.trace) - 1; i >= 0; i-- {
		if e := s.trace[i]; e.Kind == simulator.KindTransition {
			for st := appmodel.NotRunning; st <= appmodel.Terminated; st++ {
				if st.String() == e.To {
					return st
				}
			}
		}
	}
	return appmodel.NotRunning
}
