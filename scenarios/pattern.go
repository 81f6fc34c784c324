package scenarios

import (
	"github.com/bgsim/bgsim/simulator"
)

func kindNames() []string {
	kinds := simulator.Kinds()
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// Pattern is the simulator.Pattern the YAML pattern compiles to: the
// expect block and Go tests assert the same way.
// A callback may be named by its Xamarin or Swift name too
// ([simulator.ParseCallback]).
func (p EventPattern) Pattern() simulator.Pattern {
	cb := simulator.Callback(p.Callback)
	if c, ok := simulator.ParseCallback(p.Callback); ok {
		cb = c
	}
	return simulator.Pattern{
		Kind: simulator.Kind(p.Kind), Actor: simulator.Actor(p.Actor), Process: p.Process,
		Callback: cb, Session: p.Session, Task: p.Task, Desc: p.Desc,
		Rule: simulator.Rule(p.Rule), From: p.From, To: p.To, Queue: p.Queue, Code: p.Code,
		Reason: p.Reason, Detail: p.Detail,
	}
}
