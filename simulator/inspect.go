package simulator

import "github.com/bgsim/bgsim/appmodel"

// SessionInfo is a snapshot of a background session as the daemon keeps it.
type SessionInfo struct {
	Identifier string
	// Connected: a process has a session object for it.
	Connected bool
	// QueuedEvents are delegate messages waiting for the app.
	QueuedEvents int
	// SendsLaunchEvents is the session's SessionSendsLaunchEvents: the
	// daemon wakes the app for its events (R-S5). Without it they wait
	// until the app runs and recreates the session.
	SendsLaunchEvents bool
	Tasks             []TaskInfo
}

// TaskInfo is a snapshot of one task of a background session.
type TaskInfo struct {
	ID          int
	Kind        appmodel.TaskKind
	URL         string
	Description string
	State       appmodel.TaskState
	Received    int64
	Expected    int64
	// Sent and ExpectedToSend are an upload's body bytes sent so far and
	// in all.
	Sent           int64
	ExpectedToSend int64
	// Response is the HTTP response, nil until there is one.
	Response *appmodel.Response
	Err      *appmodel.URLError
}

// Sessions returns the daemon's background sessions, in creation order.
func (s *Sim) Sessions() []SessionInfo {
	out := make([]SessionInfo, 0, len(s.daemon.sessions))
	for _, b := range s.daemon.sessions {
		info := SessionInfo{Identifier: b.id, Connected: b.conn != nil, QueuedEvents: b.events.len(),
			SendsLaunchEvents: b.cfg.SessionSendsLaunchEvents}
		for _, t := range b.tasks {
			info.Tasks = append(info.Tasks, TaskInfo{ID: t.id, Kind: t.kind(), URL: t.req.URL, Description: t.desc,
				State: t.state(), Received: t.bytes(), Expected: t.expected, Sent: t.sent(), ExpectedToSend: t.expectedToSend(),
				Response: t.responseObj(), Err: t.err})
		}
		out = append(out, info)
	}
	return out
}
