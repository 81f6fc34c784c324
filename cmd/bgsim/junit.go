package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"

	"github.com/bgsim/bgsim/scenarios"
)

// junitSuite is a JUnit report: the subset of the JUnit XML format CI
// servers read, one suite of test cases.
type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr,omitempty"`
	Skipped  int         `xml:"skipped,attr,omitempty"`
	Cases    []junitCase `xml:"testcase"`
}

// junitCase is a test case: a run of a scenario (run), a property
// (explore), or an argument that is not a valid scenario.
type junitCase struct {
	Name  string `xml:"name,attr"`
	Class string `xml:"classname,attr"`
	// File is the scenario file the case comes from, as the command line
	// gave it (none for a built-in scenario), and Line the line of its
	// failure, when it has one (the step a run stopped at, the first
	// expectation not met, the first problem of an invalid file): what the
	// tools that annotate a source
	// file with a report (action-junit-report, GitLab) read.
	File    string        `xml:"file,attr,omitempty"`
	Line    int           `xml:"line,attr,omitempty"`
	Failure *junitFailure `xml:"failure,omitempty"`
	// Error is a case that could not run (an invalid scenario file).
	Error   *junitFailure `xml:"error,omitempty"`
	Skipped *junitSkipped `xml:"skipped,omitempty"`
}

// junitSkipped marks a case that was not run: a property the exploration
// did not check must not read as one that held.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitFailure is why a case failed or could not run: a one-line message,
// and the whole of it as the element's text.
type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnitFile writes suite as JUnit XML to path, or to standard output
// if path is -.
func writeJUnitFile(e env, path string, suite junitSuite) error {
	b, err := xml.MarshalIndent(suite, "", "  ")
	if err != nil {
		return fmt.Errorf("bgsim: encode %s: %w", path, err)
	}
	return writeBytes(e, path, append([]byte(xml.Header), append(b, '\n')...))
}

// writeInvalidJUnit writes the JUnit report of a command (run, explore)
// that did not run because arguments were not valid scenarios (errs[i] is
// args[i]'s load error, nil for a valid one): a case in error for each
// invalid argument, with why, and a skipped case for each valid one, which
// did not run. CI reads the report, not the log: it must find one.
func writeInvalidJUnit(e env, path, command string, args []string, errs []error) error {
	suite := junitSuite{Name: "bgsim " + command}
	for i, a := range args {
		c := junitCase{Name: a, Class: "bgsim." + command + ".invalid", File: argFile(a)}
		if errs[i] != nil {
			c.Line = problemLine(errs[i])
			c.Error = &junitFailure{Message: "not a valid scenario: nothing ran", Text: cliMessage(errs[i])}
			suite.Errors++
		} else {
			c.Class = "bgsim." + command + ".not-run"
			c.Skipped = &junitSkipped{Message: "not run: another argument is not a valid scenario"}
			suite.Skipped++
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	return writeJUnitFile(e, path, suite)
}

// argFile is the file a command-line argument names, as given, for a
// case's file attribute; "" for a built-in scenario or a directory.
func argFile(arg string) string {
	if !isScenarioFile(arg) {
		return ""
	}
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return ""
	}
	return arg
}

// problemLine is the line of the first problem of a file that is not a
// valid scenario, or 0 if err names none (a file that cannot be read).
func problemLine(err error) int {
	var fe *scenarios.FileError
	if errors.As(err, &fe) && len(fe.Problems) > 0 && fe.Problems[0].Pos.IsValid() {
		return fe.Problems[0].Pos.Line
	}
	return 0
}

// failureLine is the line of what failed a run: the step (or other part
// of the file) it stopped at, or else its first expectation not met; 0 if
// none has one (it passed, or stopped for want of an event budget).
func failureLine(res *scenarios.Result) int {
	var re *scenarios.RunError
	switch {
	case res.Err != nil && errors.As(res.Err, &re) && re.Pos.IsValid():
		return re.Pos.Line
	case res.Err == nil && len(res.Failures) > 0 && res.Failures[0].Pos.IsValid():
		return res.Failures[0].Pos.Line
	}
	return 0
}
