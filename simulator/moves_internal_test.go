package simulator

import "testing"

// TestMoveTableMatchesRows: a table's check allows exactly the moves its
// rows list, for every pair of phases and a phase past the last; the
// lookup it uses is built from the rows, not kept beside them by hand.
func TestMoveTableMatchesRows(t *testing.T) {
	checkTable(t, &taskMoves, phaseDone+1)
	checkTable(t, &wakeMoves, WakeEnded+1)
}

func checkTable[P phase](t *testing.T, table *moveTable[P], end P) {
	t.Helper()
	listed := func(from, to P) bool {
		for _, m := range table.rows {
			if m.from == from && m.to == to {
				return true
			}
		}
		return false
	}
	for from := P(0); from <= end; from++ {
		for to := P(0); to <= end; to++ {
			err := table.check(from, to)
			if want := listed(from, to); (err == nil) != want {
				t.Errorf("%s %s -> %s: check says %v, the rows %t", table.machine, from, to, err, want)
			}
		}
	}
}
