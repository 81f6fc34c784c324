package simulator

import (
	"fmt"
	"strconv"
	"strings"
)

// countOf is "1 event", "2 events", "0 events": a count with the noun
// that fits it.
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// newSessionDetail starts the detail of a session.connect event for an
// identifier the daemon did not know: the narration tells a new, empty
// session from a reconnection by it (R-I3).
const newSessionDetail = "a new, empty session"

// othersHold says what the daemon's other sessions hold, so a reader
// sees that a different identifier left them behind (R-I3); "" when they
// hold nothing.
func (d *daemon) othersHold(b *bgSession) string {
	var held []string
	for _, o := range d.sessions {
		if o == b || o.active == 0 && o.events.len() == 0 {
			continue
		}
		held = append(held, fmt.Sprintf("session %s still has %s under way and %s waiting",
			o.id, countOf(int(o.active), "task", "tasks"), countOf(o.events.len(), "event", "events")))
	}
	if len(held) == 0 {
		return ""
	}
	return "; " + strings.Join(held, "; ")
}
