package simtest

import "github.com/bgsim/bgsim/simulator"

// Calls are the delegate methods the app received, in order, across
// processes.
func (e *Env) Calls() []Call { return append([]Call(nil), e.calls...) }

// CallsIn are the delegate methods process pid received, in order.
func (e *Env) CallsIn(pid int) []Call {
	var out []Call
	for _, c := range e.calls {
		if c.Process == pid {
			out = append(out, c)
		}
	}
	return out
}

// SessionCalls are the SessionDelegate methods the app received, in order,
// across processes.
func (e *Env) SessionCalls() []Call {
	var out []Call
	for _, c := range e.calls {
		if c.Delegate != 0 {
			out = append(out, c)
		}
	}
	return out
}

// Completion is the DidCompleteWithError call of the task whose
// TaskDescription is desc. It fails the test unless there was exactly
// one.
func (e *Env) Completion(desc string) Call {
	e.t.Helper()
	var found []Call
	for _, c := range e.calls {
		if c.Callback == simulator.CbDidCompleteWithError && c.Desc == desc {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		e.t.Fatalf("simtest: want one DidCompleteWithError for the task described %q, got %d", desc, len(found))
		return Call{}
	}
	return found[0]
}

// CallsOf are the calls of the delegate method cb, in order, across
// processes.
func (e *Env) CallsOf(cb simulator.Callback) []Call {
	var out []Call
	for _, c := range e.calls {
		if c.Callback == cb {
			out = append(out, c)
		}
	}
	return out
}

// Callbacks lists the delegate methods process pid received, in order:
// the short form of CallsIn, for comparing with a list.
func (e *Env) Callbacks(pid int) []simulator.Callback {
	var out []simulator.Callback
	for _, c := range e.calls {
		if c.Process == pid {
			out = append(out, c.Callback)
		}
	}
	return out
}
