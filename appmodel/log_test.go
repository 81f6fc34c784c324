package appmodel_test

import (
	"fmt"
	"testing"

	"github.com/bgsim/bgsim/appmodel"
)

// plainApp is an App that is not a TypedLogger: it keeps the lines Log
// writes. Its other methods are not called.
type plainApp struct {
	appmodel.App
	lines []string
}

func (a *plainApp) Log(format string, args ...any) {
	a.lines = append(a.lines, fmt.Sprintf(format, args...))
}

// typedApp is a TypedLogger that says which of its methods was called.
type typedApp struct{ plainApp }

func (a *typedApp) LogString(format, s string) {
	a.lines = append(a.lines, "LogString "+fmt.Sprintf(format, s))
}

func (a *typedApp) LogInt(format string, n int) {
	a.lines = append(a.lines, "LogInt "+fmt.Sprintf(format, n))
}

func (a *typedApp) LogInts(format string, m, n int) {
	a.lines = append(a.lines, "LogInts "+fmt.Sprintf(format, m, n))
}

func logThree(app appmodel.App) {
	appmodel.LogString(app, "moved the download to %s", "/Documents/monkey.png")
	appmodel.LogInt(app, "task %d complete", 7)
	appmodel.LogInts(app, "started download %d (task %d)", 2, 9)
}

func TestTypedLogFallsBackOnLog(t *testing.T) {
	var a plainApp
	logThree(&a)
	want := []string{"moved the download to /Documents/monkey.png", "task 7 complete", "started download 2 (task 9)"}
	if fmt.Sprint(a.lines) != fmt.Sprint(want) {
		t.Errorf("an App without typed forms logged %q, want %q", a.lines, want)
	}
}

func TestTypedLogUsesTheTypedForms(t *testing.T) {
	var a typedApp
	logThree(&a)
	want := []string{"LogString moved the download to /Documents/monkey.png", "LogInt task 7 complete", "LogInts started download 2 (task 9)"}
	if fmt.Sprint(a.lines) != fmt.Sprint(want) {
		t.Errorf("a TypedLogger logged %q, want %q", a.lines, want)
	}
}
