package explore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/scenarios/explore"
)

// neverResumes explores the walkthrough with three images and the
// expectation that no download resumes, under trouble that can make one
// resume (faults) and trouble that cannot.
func neverResumes(t testing.TB, seeds explore.Seeds) explore.Report {
	t.Helper()
	s, err := scenarios.Load("testdata/walkthrough-never-resumes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := explore.Run(explore.Target{Scenario: s}, explore.Options{Seeds: seeds, Workers: 2,
		Troubles: []explore.Trouble{explore.TroubleFaults, explore.TroubleKills, explore.TroublePower, explore.TroubleLink, explore.TroubleUser}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// Shrinking cuts the parameters, not only the actions: every failing seed
// of neverResumes comes down to one fault at 0s on a 2-byte image (the
// smallest a connection can drop in the middle of), with one image
// instead of three, and a fault as weak as still makes the download
// resume: a drop after the first byte, or a stall after it one second
// longer than the 60 s request timeout. The file still fails under a plain
// run, at the event the shrunk property names, and does not once the fault
// is one step weaker.
func TestShrinkingSimplifiesTheParameters(t *testing.T) {
	rep := neverResumes(t, explore.Seeds{First: 1, Last: 200})
	if rep.Failed[explore.PropAbsent] == 0 {
		t.Fatalf("no seed made a download resume: %+v", rep.Failed)
	}
	for _, f := range rep.Failures {
		if f.Property != explore.PropAbsent {
			t.Errorf("seed %d broke %s: %s", f.Seed, f.Property, f.Message)
			continue
		}
		m, err := scenarios.Parse("minimal.yaml", []byte(f.Minimal))
		if err != nil {
			t.Fatalf("seed %d: the minimal scenario does not parse: %v\n%s", f.Seed, err, f.Minimal)
		}
		var faults []scenarios.Step
		for _, st := range m.Steps {
			if st.Do == "fault" {
				faults = append(faults, st)
			}
		}
		if f.MinimalActions != 1 || len(faults) != 1 {
			t.Errorf("seed %d: %d actions (%d faults) after shrinking, want the one fault:\n%s", f.Seed, f.MinimalActions, len(faults), f.Minimal)
			continue
		}
		fault := faults[0].Fault
		if got := time.Duration(*faults[0].At); got != 0 {
			t.Errorf("seed %d: the fault comes at %s, want 0s", f.Seed, got)
		}
		if got := m.Network.Resources[0].Size; got != 2 {
			t.Errorf("seed %d: the image has %d bytes, want 2", f.Seed, got)
		}
		if got := m.App.Reference.Images; got != 1 {
			t.Errorf("seed %d: %d images, want 1", f.Seed, got)
		}
		weaker := ""
		switch {
		case fault.DropAtByte != nil:
			if *fault.DropAtByte != 1 {
				t.Errorf("seed %d: drop at byte %d, want 1", f.Seed, *fault.DropAtByte)
			}
			weaker = strings.Replace(f.Minimal, "drop-at-byte: 1B", "drop-at-byte: 0B", 1)
		case fault.StallAtByte != nil:
			if *fault.StallAtByte != 1 || time.Duration(fault.StallFor) != 61*time.Second {
				t.Errorf("seed %d: stall at byte %d for %s, want at byte 1 for 1m1s", f.Seed, *fault.StallAtByte, time.Duration(fault.StallFor))
			}
			weaker = strings.Replace(f.Minimal, "stall-for: 1m1s", "stall-for: 1m", 1)
		default:
			t.Errorf("seed %d: a fault that cannot make a download resume: %+v", f.Seed, *fault)
			continue
		}
		// The file fails as the property did: at the same event.
		header := strings.SplitN(f.Minimal, "\n", 3)[1]
		when, _, _ := strings.Cut(strings.TrimPrefix(header, "# Broke absent: "), " ")
		res := m.Run(scenarios.Options{})
		if !f.Reproduces || len(res.Failures) != 1 || !strings.Contains(res.Failures[0].Message, "transfer.start") ||
			!strings.Contains(res.Failures[0].Message, "first: "+when) {
			t.Errorf("seed %d: the minimal file does not fail at %s (%s): %v\n%s", f.Seed, when, header, res.Failures, f.Minimal)
		}
		w, err := scenarios.Parse("weaker.yaml", []byte(weaker))
		if err != nil || weaker == f.Minimal {
			t.Fatalf("seed %d: no weaker fault to try (%v)", f.Seed, err)
		}
		if r := w.Run(scenarios.Options{}); len(r.Failures) != 0 {
			t.Errorf("seed %d: one step weaker still fails, so the fault was not minimal: %v", f.Seed, r.Failures[0])
		}
	}
}
