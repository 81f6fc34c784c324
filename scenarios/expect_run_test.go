package scenarios

import "testing"

// failuresOf loads the file name holding src, runs it and returns the
// expectations it did not meet; a file that does not load or a run that
// stops fails the test.
func failuresOf(t *testing.T, name, src string) []*Failure {
	t.Helper()
	s, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res := s.Run(Options{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	return res.Failures
}
