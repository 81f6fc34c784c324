package bdd

import (
	"github.com/onsi/gomega/types"
)

// traceMatcher is the one shape of every matcher of this package: check
// reads the subject and returns whether it matched, the message for a
// failed Should/To and the one for a failed ShouldNot/NotTo.
type traceMatcher struct {
	name  string
	check func(s subject) (ok bool, failure, negated string, err error)

	failure, negated string
}

var _ types.GomegaMatcher = (*traceMatcher)(nil)

// Match implements types.GomegaMatcher.
func (m *traceMatcher) Match(actual any) (bool, error) {
	s, err := subjectOf(m.name, actual)
	if err != nil {
		return false, err
	}
	ok, failure, negated, err := m.check(s)
	m.failure, m.negated = failure, negated
	return ok, err
}

// FailureMessage implements types.GomegaMatcher.
func (m *traceMatcher) FailureMessage(any) string { return m.failure }

// NegatedFailureMessage implements types.GomegaMatcher.
func (m *traceMatcher) NegatedFailureMessage(any) string { return m.negated }
