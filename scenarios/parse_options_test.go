package scenarios

import (
	"strings"
	"testing"
)

// TestParseWithGoModels checks ParseOptions.GoModels: a file naming a Go
// app model nobody registered loads when the name is given (for checking
// alone), the rest of the file is still validated, and running it still
// fails for want of the model.
func TestParseWithGoModels(t *testing.T) {
	const src = "name: t\napp: {go: team-model}\nsteps: [{do: launch}]\n"
	if _, err := Parse("t.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), `no Go app model registered as "team-model"`) {
		t.Fatalf("Parse without the name: got %v, want the unregistered model refused", err)
	}
	s, err := ParseWith("t.yaml", []byte(src), ParseOptions{GoModels: []string{"other", "team-model"}})
	if err != nil {
		t.Fatalf("ParseWith the name: %v", err)
	}
	res := s.Run(Options{})
	if res.Err == nil || !strings.Contains(res.Err.Error(), `no Go app model registered as "team-model"`) {
		t.Errorf("running without the model: got %v, want an error naming it", res.Err)
	}
	bad := "name: t\napp: {go: team-model}\nsteps: [{do: lanch}]\n"
	if _, err := ParseWith("t.yaml", []byte(bad), ParseOptions{GoModels: []string{"team-model"}}); err == nil || !strings.Contains(err.Error(), `unknown action "lanch"`) {
		t.Errorf("ParseWith a bad step: got %v, want the step refused", err)
	}
	if _, err := ParseWith("t.yaml", []byte(strings.Replace(src, "team-model", "countr", 1)), ParseOptions{GoModels: []string{"team-model"}}); err == nil || !strings.Contains(err.Error(), `did you mean "counter"?`) {
		t.Errorf("ParseWith a typo of a built-in model: got %v, want it refused", err)
	}
}
