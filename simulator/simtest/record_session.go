package simtest

import (
	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/simulator"
)

// recSessionDelegate is the SessionDelegate the simulator sees: it records
// the call, passes it to the model's delegate, then runs the test's hook.
type recSessionDelegate struct {
	a     *recApp
	inner appmodel.SessionDelegate
	n     int // which delegate of its process: 1 for the first
}

var _ appmodel.SessionDelegate = (*recSessionDelegate)(nil)

func (d *recSessionDelegate) hooks() *Hooks { return &d.a.env.hooks }

func (d *recSessionDelegate) rec(s appmodel.Session, t appmodel.Task, c Call) {
	if s != nil {
		c.Session = s.Identifier()
	}
	if t != nil {
		c.Task, c.Desc = t.ID(), t.TaskDescription()
	}
	c.Delegate = d.n
	d.a.env.record(d.a, c)
}

func (d *recSessionDelegate) DidWriteData(s appmodel.Session, t appmodel.Task, n, total, expected int64) {
	d.rec(s, t, Call{Callback: simulator.CbDidWriteData, Bytes: n, Total: total, Expected: expected})
	d.inner.DidWriteData(s, t, n, total, expected)
	if h := d.hooks().DidWriteData; h != nil {
		h(s, t, n, total, expected)
	}
}

func (d *recSessionDelegate) DidSendBodyData(s appmodel.Session, t appmodel.Task, n, total, expected int64) {
	d.rec(s, t, Call{Callback: simulator.CbDidSendBodyData, Bytes: n, Total: total, Expected: expected})
	d.inner.DidSendBodyData(s, t, n, total, expected)
	if h := d.hooks().DidSendBodyData; h != nil {
		h(s, t, n, total, expected)
	}
}

func (d *recSessionDelegate) DidReceiveData(s appmodel.Session, t appmodel.Task, data []byte) {
	d.rec(s, t, Call{Callback: simulator.CbDidReceiveData, Data: append([]byte(nil), data...)})
	d.inner.DidReceiveData(s, t, data)
	if h := d.hooks().DidReceiveData; h != nil {
		h(s, t, data)
	}
}

func (d *recSessionDelegate) DidFinishDownloading(s appmodel.Session, t appmodel.Task, location string) {
	c := Call{Callback: simulator.CbDidFinishDownloading, Location: location}
	if f, err := d.a.App.Files().Stat(location); err == nil {
		c.FileExisted, c.FileSize = true, f.Size
	}
	d.rec(s, t, c)
	d.inner.DidFinishDownloading(s, t, location)
	if h := d.hooks().DidFinishDownloading; h != nil {
		h(s, t, location)
	}
}

func (d *recSessionDelegate) DidCompleteWithError(s appmodel.Session, t appmodel.Task, err *appmodel.URLError) {
	var resp *appmodel.Response
	if t != nil {
		resp = t.Response()
	}
	d.rec(s, t, Call{Callback: simulator.CbDidCompleteWithError, Err: err, Response: resp})
	d.inner.DidCompleteWithError(s, t, err)
	if h := d.hooks().DidCompleteWithError; h != nil {
		h(s, t, err)
	}
}

func (d *recSessionDelegate) DidResume(s appmodel.Session, t appmodel.Task, offset, expected int64) {
	d.rec(s, t, Call{Callback: simulator.CbDidResume, Total: offset, Expected: expected})
	d.inner.DidResume(s, t, offset, expected)
	if h := d.hooks().DidResume; h != nil {
		h(s, t, offset, expected)
	}
}

func (d *recSessionDelegate) DidReceiveChallenge(s appmodel.Session, t appmodel.Task, c appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential)) {
	d.rec(s, t, Call{Callback: simulator.CbDidReceiveChallenge, Challenge: c.Method})
	if h := d.hooks().DidReceiveChallenge; h != nil {
		h(s, t, c, reply)
		return
	}
	d.inner.DidReceiveChallenge(s, t, c, reply)
}

func (d *recSessionDelegate) WillBeginDelayedRequest(s appmodel.Session, t appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request)) {
	d.rec(s, t, Call{Callback: simulator.CbWillBeginDelayedRequest})
	if h := d.hooks().WillBeginDelayedRequest; h != nil {
		h(s, t, reply)
		return
	}
	d.inner.WillBeginDelayedRequest(s, t, reply)
}

func (d *recSessionDelegate) DidFinishEventsForBackgroundSession(s appmodel.Session) {
	d.rec(s, nil, Call{Callback: simulator.CbDidFinishEventsForBackgroundSession})
	d.inner.DidFinishEventsForBackgroundSession(s)
	if h := d.hooks().DidFinishEventsForBackgroundSession; h != nil {
		h(s)
	}
}

func (d *recSessionDelegate) DidBecomeInvalidWithError(s appmodel.Session, err *appmodel.URLError) {
	d.rec(s, nil, Call{Callback: simulator.CbDidBecomeInvalidWithError, Err: err})
	d.inner.DidBecomeInvalidWithError(s, err)
	if h := d.hooks().DidBecomeInvalidWithError; h != nil {
		h(s, err)
	}
}
