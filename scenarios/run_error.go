package scenarios

import "fmt"

// RunError is why a run stopped at a part of its scenario file: a step
// that could not be played, a resource, the app or the device it could
// not set up (Result.Err). A CI report reads its line to point at it.
type RunError struct {
	File string
	// Pos is the part's place; not valid for something the caller added
	// (explore's drawn trouble), not written in the file: a line 0:0
	// would send the reader to a place that does not exist.
	Pos Position
	Err error
}

// Error is "file:line:col: err", or "file: err" without a position.
func (e *RunError) Error() string {
	if !e.Pos.IsValid() {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Pos.Line, e.Pos.Col, e.Err)
}

// Unwrap returns the error the part gave.
func (e *RunError) Unwrap() error { return e.Err }
