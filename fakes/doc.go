// Package fakes holds the deterministic stand-ins a simulation runs on: the
// fake clock (a discrete-event scheduler in virtual time), the fake network
// and the in-memory file system.
//
// The network serves what is published on it: [Network.AddResource] for a
// download, [Network.AddUploadEndpoint] for an endpoint that accepts uploads
// (its status, response body and latency in one line). Its [Link] is
// connected unless it says otherwise: the zero [LinkKind] is [WiFi], and
// [Offline] is always asked for. A transfer reports to a [Handler] of
// callbacks ([Network.Start]); a caller that starts many, a record per
// download say, can have them report to the record itself, a [Listener]
// ([Network.StartListener]), and make no closures per transfer.
//
// A caller that keeps many deadlines of its own can hold one clock event
// for the earliest and still fire each where a timer of its own would have
// among the events due at its instant: take a [Ticket] when the deadline
// is set and schedule it with [Clock.ScheduleTicket] when it comes first.
// A caller that keeps its times as offsets from the clock's start, as
// [Clock.Elapsed] gives them, can use them as they are:
// [Clock.ScheduleOffset], [Clock.ScheduleTicketOffset], [Timer.ResetOffset]
// and [Timer.WhenOffset] take and give offsets, with no time.Time between.
//
// Nothing here reads the real clock, starts a goroutine or draws from global
// randomness: given the same calls in the same order, every fake produces the
// same results, which is what makes a bgsim trace byte-for-byte repeatable.
package fakes
