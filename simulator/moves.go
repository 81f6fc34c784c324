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
type moveTable[P interface {
	comparable
	fmt.Stringer
}] struct {
	machine string // "task", "wake": how errors name it
	rows    []move[P]
}

// check returns an *IllegalMoveError unless from -> to is a row.
func (t moveTable[P]) check(from, to P) error {
	for _, m := range t.rows {
		if m.from == from && m.to == to {
			return nil
		}
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
