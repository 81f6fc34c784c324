package bdd_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// brokenEnv, when set, makes this test binary register the conformance kit
// on a broken app: TestKitOnABrokenAppFailsReadably runs the binary again
// with it and reads the failures.
const brokenEnv = "BGSIM_BDD_BROKEN_APP"

func TestKitOnABrokenAppFailsReadably(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("this is the run under test")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBDD$", "-ginkgo.label-filter=broken", "-ginkgo.no-color")
	cmd.Env = append(os.Environ(), brokenEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the kit passed a broken app:\n%s", out)
	}
	text := string(out)
	t.Log(text)
	for _, want := range []string{
		`on queue "delegate", not on the main thread \(R-D3\)`,
		`Expected no event matching daemon.file rule=R-D6 detail="deleted", but the trace has`,
		`Expected 1 background wake\(s\) for session events \(R-D1\), but the trace has 3`,
		`\[FAIL\] the conformance kit on a broken app \[It\] R-R1, M8`,
		`> #\d+ +T\+\d\d:\d\d\.\d{3} `,
		`kit_broken_apps_test.go:\d+`, // the spec points at the line that called the kit
		// Each check says the kit's reason, the likely causes and the fix,
		// and the line that called the kit; the check of a relaunched
		// process's files names both mistakes it cannot tell apart.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the relaunched process keeps every file delivered to it`,
		`Likely cause: this check cannot tell two mistakes apart: .*\(M5; .*\(M3\)`,
		`Fix: move the file inside DidFinishDownloading; persist what each task is for`,
		`See: bgsim explain M5, bgsim explain M3`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the transfers started together are delivered at one wake.*\n\s*Likely cause: .*\(M8, M17\)\.\n\s*Fix: .*\n\s*See: bgsim explain M8, bgsim explain M17`,
		// An app that starts no transfer is told so in the kit's words,
		// with the time the kit gave it, and no Gomega dump of a list.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app started no transfer in its first 100ms, and AppOptions.Start is nil`,
		`AppOptions.Start is nil, [^\n]*; an app that starts them only when it goes to the background makes mistake M10 \(bgsim explain M10\)`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app started no transfer by T\+00:01.000, though the kit called AppOptions.Start at T\+00:00.100`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app factory returned nil`,
		// Options the kit cannot run with fail one spec that says so.
		`\[FAIL\] the conformance kit without a session \[It\] bdd kit: cannot run`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): AppOptions.Session is empty; set it to the identifier of the app's background session`,
		`\[FAIL\] the conformance kit without a factory \[It\] bdd kit: cannot run`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app factory is nil`,
		// The check for violations sends the reader to the rules broken.
		`the app breaks no rule of the platform; [^\n]*\n[^\n]*\n[^\n]*\n\s*See: bgsim explain R-D3\b`,
		// A transfer that failed is not blamed on a session not recreated.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): every transfer the app started succeeds [^\n]*\n\s*Likely cause: nothing on the kit's network serves the URL`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): every transfer finished \(the last at T\+00:00.050\) before the app was suspended`,
		// A session that sends no launch events is named, with R-S5.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app's session com.SimpleBackgroundTransfer.BackgroundSession has SessionSendsLaunchEvents off, so iOS never wakes the app for its events \(R-S5\)`,
		// A data task's failure in the background is among the causes named.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): every transfer the app started succeeds [^\n]*\n\s*Likely cause: [^\n]*a data task fails once the app is suspended \(-997, M9\)[^\n]*\n.*\n\s*See: bgsim explain M9\n\s*Expected task 1 \("image-1"\) to end with success, delivered to the app, but it completed at [^ ]+ \(#\d+\) with NSURLErrorDomain -997`,
		// A kit stopped by the app's crash shows how the process ended.
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app started no transfer: its process ended within 100ms of its launch\n\s*its last process ended:\n.*process 1 ends: crash \(NSGenericException: Completion handler blocks`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the app's process ended before iOS suspended it, so the kit cannot exercise the background path\n\s*its last process ended:\n.*crash \(UI updated off the main thread`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the kit could not send the app home \(stopped at [^)]*\):\n.*\n\s*its last process ended:\n.*Upload tasks from NSData`,
		`bdd kit \(spec of .*kit_broken_apps_test.go:\d+\): the kit could not run the simulation \(stopped at T\+[\d:.]+\):\n.*the app panicked at T\+00:\d\d\.\d{3} in process \d+: assignment to entry in nil map\n\s+at .*kit_broken_apps_test.go:\d+`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("the failure output lacks %q", want)
		}
	}
	// The relaunched process reconnects by the same identifier and calls
	// the handler off main: the relaunch specs fail for the handler (M4),
	// not for the identifier (M3, M16).
	// An app killed at its wake for being busy (M13) reconnected: the
	// relaunch specs do not blame its identifier.
	// In one process, resumed, the events it did not live to get are put
	// down to the wake's time too.
	for _, spec := range []string{"R-S1, R-E1", "R-D6, M5"} {
		reason := kitReasonOf(text, "the conformance kit on an app that is busy at its wake [It] R-", spec)
		if !strings.Contains(reason, "Likely cause: ") || !strings.Contains(reason[strings.Index(reason, "Likely cause: "):], "(M13, R-D8)") {
			t.Errorf("the spec %q of the busy app fails with the kit's reason %q, whose causes lack M13", spec, reason)
		}
	}
	for _, spec := range []string{"R-D2: after a memory kill", "R-D2: after a crash", "R-L6, M3: a new process finds"} {
		reason := kitReasonOf(text, "the conformance kit on an app that is busy at its wake [It] R-", spec)
		if !strings.HasPrefix(reason, "the relaunched process, reconnected by the same identifier, receives every event") {
			t.Errorf("the spec %q of the busy app fails with the kit's reason %q", spec, reason)
		}
	}
	for _, spec := range []string{"R-D2: after a memory kill", "R-D2: after a crash"} {
		reason := kitReasonOf(text, "the conformance kit on a broken app [It] R-E", spec)
		if !strings.HasPrefix(reason, "at every wake the app calls the completion handler") {
			t.Errorf("the spec %q fails with the kit's reason %q, not the completion handler's", spec, reason)
		}
	}
	// The extra wakes of an app that calls its handler early are put down
	// to the handler (M4), not to a follow-up task (M8, M17).
	if reason := kitReasonOf(text, "the conformance kit on an app that calls the handler early [It] R-", "R-R1, M8"); !strings.Contains(reason, "called the completion handler before") || !strings.Contains(reason, "(M4)") {
		t.Errorf("the one-wake spec of the app that calls its handler early fails with the kit's reason %q", reason)
	}
	// A violation of bgsim's contract has no rule: nothing to explain.
	if reason := kitReasonOf(text, "the conformance kit on an app that breaks bgsim's contract [It] R-", "R-S1, R-E1"); !strings.HasPrefix(reason, "the app breaks no rule") {
		t.Errorf("the app that breaks bgsim's contract fails with the kit's reason %q", reason)
	}
	if regexp.MustCompile(`See:[^\n]*bgsim explain *(,|\n)`).MatchString(text) {
		t.Errorf("a kit reason sends the reader to `bgsim explain` with no ID")
	}
	for _, dump := range []string{"not to be empty", "not to be nil"} {
		if strings.Contains(text, dump) {
			t.Errorf("a kit failure is a Gomega dump (%q) rather than the kit's words", dump)
		}
	}
	if strings.Contains(text, "[PANICKED]") {
		t.Errorf("the kit panicked")
	}
}

// kitReasonOf is the kit's reason (the text after "bdd kit (spec of
// file:line): ", and the two lines after it: the likely causes and the
// fix) in the failure of the spec whose
// name contains describe and spec, or "" if it has none. Ginkgo separates
// specs with a line of dashes and names a failed spec on the line after
// its "[FAILED]" line.
func kitReasonOf(out, describe, spec string) string {
	for _, block := range strings.Split(out, "------------------------------") {
		lines := strings.SplitN(strings.TrimLeft(block, " \n"), "\n", 3)
		if len(lines) < 3 || !strings.Contains(lines[1], describe) || !strings.Contains(lines[1], spec) {
			continue
		}
		rest := lines[2]
		m := regexp.MustCompile(`\[FAILED\] bdd kit \(spec of [^)]*\): ([^\n]*(?:\n[^\n]*){0,2})`).FindStringSubmatch(rest)
		if m == nil {
			return ""
		}
		return m[1]
	}
	return ""
}
