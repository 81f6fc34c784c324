package fakes

import "time"

// Ticket is a place in the order of events due at the same instant, taken
// with [Clock.Ticket] before the event is scheduled with
// [Clock.ScheduleTicket].
//
// It lets a caller keep many deadlines of its own in a queue and hold one
// clock event, for the earliest, without changing the order anything
// fires in: each deadline takes its ticket when it is set, and is
// scheduled with it when it reaches the head of the queue, so it fires
// among the events due at its instant exactly where an event scheduled
// when it was set would have.
type Ticket uint64

// Ticket takes the next place in the order of events due at the same
// instant, as scheduling an event now would, without scheduling one.
func (c *Clock) Ticket() Ticket {
	c.seq++
	return Ticket(c.seq)
}

// ScheduleTicket is [Clock.Schedule] for an event that fires, among those
// due at the same instant, where tk places it rather than after every
// event scheduled so far. A ticket is meant for one event: scheduling
// two with the same ticket fires them in an unspecified order.
func (c *Clock) ScheduleTicket(at time.Time, tk Ticket, f func()) Timer {
	return c.scheduleTicket(c.offset(at), tk, f)
}

// ScheduleTicketOffset is [Clock.ScheduleTicket] for an instant given as
// virtual time since the clock's start (see [Clock.Elapsed]), as
// [Clock.ScheduleOffset] takes it.
func (c *Clock) ScheduleTicketOffset(at time.Duration, tk Ticket, f func()) Timer {
	return c.scheduleTicket(c.offsetOf(at), tk, f)
}

func (c *Clock) scheduleTicket(off int64, tk Ticket, f func()) Timer {
	return c.schedule(f, off, tk, true)
}
