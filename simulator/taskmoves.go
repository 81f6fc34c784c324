package simulator

// taskMoves is the table of a task's phases in the daemon: a move not in
// it is an IllegalMoveError. Staying in a phase is always allowed.
var taskMoves = newMoveTable("task", []move[taskPhase]{
	{phaseCreated, phaseWaiting, RuleS9, "the app resumed it and something holds it back"},
	{phaseCreated, phaseTransferring, RuleS1, "the app resumed it and nothing holds it back"},
	{phaseCreated, phaseDone, RuleG2, "cancelled or failed before it ever ran"},
	{phaseWaiting, phaseTransferring, RuleS1, "what held it back is gone"},
	{phaseWaiting, phaseSuspended, RuleG1, "the app suspended it"},
	{phaseWaiting, phaseDone, RuleS8, "cancelled, timed out, or failed"},
	{phaseTransferring, phaseWaiting, RuleS9, "the connection was lost while offline, or the link turned cellular"},
	{phaseTransferring, phaseRetry, RuleG2, "the connection was lost or the request timed out"},
	{phaseTransferring, phaseSuspended, RuleG1, "the app suspended it"},
	{phaseTransferring, phaseDone, RuleD2, "finished, failed, or cancelled"},
	{phaseRetry, phaseTransferring, RuleG2, "RetryDelay passed"},
	{phaseRetry, phaseWaiting, RuleG2, "RetryDelay passed and something holds it back"},
	{phaseRetry, phaseSuspended, RuleG1, "the app suspended it"},
	{phaseRetry, phaseDone, RuleS8, "cancelled or timed out"},
	{phaseSuspended, phaseTransferring, RuleG1, "the app resumed it"},
	{phaseSuspended, phaseWaiting, RuleG1, "the app resumed it and something holds it back"},
	{phaseSuspended, phaseDone, RuleG2, "cancelled"},
})

// TaskMoves returns the legal moves of a task in the daemon, as a table.
func TaskMoves() []Move { return taskMoves.moves() }

func checkTaskMove(from, to taskPhase) error {
	if taskMoveOK(from, to) {
		return nil
	}
	return taskMoves.check(from, to)
}

// taskMoveOK reports whether a task may move from -> to: inlined where
// every move is checked (bgSession.setPhase), which calls checkTaskMove
// only for the error of one it may not.
func taskMoveOK(from, to taskPhase) bool {
	return from == to || taskMoves.to.has(uint(from), uint(to))
}
