package bdd_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/bgsim/bgsim/scenarios/bdd"
	"github.com/bgsim/bgsim/simulator"
)

// attachInContainerEnv, when set, makes this test binary call
// AttachTraceOnFailure in a container, where Ginkgo refuses DeferCleanup:
// TestAttachTraceOnFailureInAContainerNamesTheCaller runs the binary again
// with it and reads where the error points.
const attachInContainerEnv = "BGSIM_BDD_ATTACH_IN_CONTAINER"

var _ = func() bool {
	if os.Getenv(attachInContainerEnv) == "" {
		return false
	}
	Describe("AttachTraceOnFailure in a container", func() {
		bdd.AttachTraceOnFailure(simulator.New(simulator.Config{})) // the line after the Describe
		It("never runs", func() {})
	})
	return true
}()

func TestAttachTraceOnFailureInAContainerNamesTheCaller(t *testing.T) {
	if os.Getenv(attachInContainerEnv) != "" {
		t.Skip("this is the run under test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBDD$", "-ginkgo.no-color")
	cmd.Env = append(os.Environ(), attachInContainerEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("Ginkgo accepted AttachTraceOnFailure in a container:\n%s", out)
	}
	text := string(out)
	// The call is on the line after the Describe's, which this test finds
	// in its own file.
	if !strings.Contains(text, "bdd.AttachTraceOnFailure(simulator.New(simulator.Config{}))") ||
		!strings.Contains(text, fmt.Sprintf("attach_test.go:%d", describeLine()+1)) {
		t.Errorf("the error does not point at the call in attach_test.go:\n%s", text)
	}
	if strings.Contains(text, "scenarios/bdd/attach.go:") {
		t.Errorf("the error points into the package, not at its caller:\n%s", text)
	}
}

// describeLine is the line of the Describe above, found in this file.
func describeLine() int {
	src, err := os.ReadFile("attach_test.go")
	if err != nil {
		return -1
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, `Describe("AttachTraceOnFailure in a container"`) {
			return i + 1
		}
	}
	return -1
}
