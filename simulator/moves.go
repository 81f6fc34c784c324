package simulator

import "fmt"

// Move is one legal move of one of the daemon's state machines: from
// phase From to phase To, for the reason When, modelling Rule.
type Move struct {
	From, To string
	Rule     Rule
	When     string
}

// move is a row of a state machine's table over phases of type P.
type move[P fmt.Stringer] struct {
	from, to P
	rule     Rule
	when     string
}

// moveTable is a state machine as a table of its legal moves, like the
// lifecycle's: a move not in it is an *IllegalMoveError.
type moveTable[P phase] struct {
	machine string // "task", "wake": how errors name it
	rows    []move[P]
	// to has a bit for each phase a move from phase i may go to: every
	// task's and wake's move is checked, so the rows are not scanned.
	to moveBits
}

// moveBits has a bit for each phase a move from phase i may go to.
type moveBits [maxPhases]uint8

// has reports whether from -> to is a legal move. Not generic, it inlines
// where a task or a wake moves (checkTaskMove, checkWakeMove): a call to
// the table's generic check, through its dictionary, cost a walkthrough's
// moves about 140 instructions more. (A phase below 0, as a uint, is over
// maxPhases.)
func (m *moveBits) has(from, to uint) bool {
	return from < maxPhases && to < maxPhases && m[from]&(1<<to) != 0
}

// phase is the type of a machine's phases: small integers, from 0.
type phase interface {
	~int | ~uint8
	fmt.Stringer
}

// maxPhases bounds the phases of a machine: a byte's bits.
const maxPhases = 8

// newMoveTable is the table of machine with rows, whose phases must be
// below maxPhases.
func newMoveTable[P phase](machine string, rows []move[P]) moveTable[P] {
	t := moveTable[P]{machine: machine, rows: rows}
	for _, m := range rows {
		t.to[m.from] |= 1 << m.to
	}
	return t
}

// check returns an *IllegalMoveError unless from -> to is a row.
func (t *moveTable[P]) check(from, to P) error {
	if t.to.has(uint(from), uint(to)) {
		return nil
	}
	return &IllegalMoveError{Machine: t.machine, From: from.String(), To: to.String()}
}

// moves returns the table's rows as Move values, in order.
func (t moveTable[P]) moves() []Move {
	out := make([]Move, len(t.rows))
	for i, m := range t.rows {
		out[i] = Move{From: m.from.String(), To: m.to.String(), Rule: m.rule, When: m.when}
	}
	return out
}
