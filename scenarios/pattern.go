package scenarios

import (
	"github.com/bgsim/bgsim/simulator"
)

// traceKinds are the kinds of trace events a pattern may name.
var traceKinds = []simulator.Kind{
	simulator.KindUserAction, simulator.KindLaunch, simulator.KindTerminate, simulator.KindTransition,
	simulator.KindAppCallback, simulator.KindLog, simulator.KindUI, simulator.KindCrash,
	simulator.KindBGTaskBegin, simulator.KindBGTaskEnd, simulator.KindBGTaskExpire, simulator.KindViolation,
	simulator.KindSystem, simulator.KindNote, simulator.KindConnect, simulator.KindSessionCallback,
	simulator.KindTaskCreate, simulator.KindTaskWait, simulator.KindTransferStart, simulator.KindTransferResponse,
	simulator.KindTransferRetry, simulator.KindTaskComplete, simulator.KindFile, simulator.KindChallenge,
	simulator.KindChallengeReply, simulator.KindRelaunch, simulator.KindRelaunchDeferred, simulator.KindHandlerCall,
	simulator.KindSnapshot, simulator.KindPower, simulator.KindLink,
}

func kindNames() []string {
	out := make([]string, len(traceKinds))
	for i, k := range traceKinds {
		out[i] = string(k)
	}
	return out
}

// Pattern is the simulator.Pattern the YAML pattern compiles to: the
// expect block and Go tests assert the same way.
func (p EventPattern) Pattern() simulator.Pattern {
	return simulator.Pattern{
		Kind: simulator.Kind(p.Kind), Actor: simulator.Actor(p.Actor), Process: p.Process,
		Callback: simulator.Callback(p.Callback), Session: p.Session, Task: p.Task, Desc: p.Desc,
		Rule: simulator.Rule(p.Rule), From: p.From, To: p.To, Queue: p.Queue, Code: p.Code,
		Reason: p.Reason, Detail: p.Detail,
	}
}
