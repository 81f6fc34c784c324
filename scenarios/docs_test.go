package scenarios

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestScenarioFormatDoc keeps docs/scenario-format.md honest: its full
// example runs and meets its expectations, its block examples load in a
// scaffold, and it shows every action and every policy choice.
func TestScenarioFormatDoc(t *testing.T) {
	src, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) < 10 {
		t.Fatalf("only %d yaml examples", len(blocks))
	}
	const scaffoldHead = `name: doc
app:
  policy:
    sessions: [{identifier: com.example.photos.background}]
    tasks:
      - {name: photo-1, url: https://cdn.example.com/photo.jpg}
`
	const scaffoldNet = `network:
  resources:
    - {url: https://cdn.example.com/photo.jpg, size: 30MB}
    - {url: https://cdn.example.com/photo-1.jpg, size: 30MB}
    - {url: https://cdn.example.com/old.jpg, redirect-to: https://cdn.example.com/photo.jpg}
    - {url: https://secure.example.com/r.pdf, size: 1MB, challenge: Basic}
  uploads:
    - {url: https://upload.example.com/photos}
`
	checked := 0
	for _, b := range blocks {
		y := b[1]
		var file string
		switch {
		case strings.HasPrefix(y, "# yaml-language-server") && strings.Contains(y, "\nname:"):
			file = y
			s, err := Parse("doc.yaml", []byte(file))
			if err != nil {
				t.Fatalf("the full example does not load:\n%v", err)
			}
			if res := s.Run(Options{}); !res.Passed() {
				t.Errorf("the full example fails: %v", res.Error())
			}
			checked++
			continue
		case strings.HasPrefix(y, "config:"), strings.HasPrefix(y, "device:"), strings.HasPrefix(y, "expect:"):
			file = scaffoldHead + scaffoldNet + "steps: [{do: launch}]\n" + y
		case strings.HasPrefix(y, "extensions:"):
			file = scaffoldHead + scaffoldNet + "steps: [{do: launch-extension, extension: share}]\n" + y
		case strings.HasPrefix(y, "network:"):
			file = scaffoldHead + "steps: [{do: launch}]\n" + y
		case strings.HasPrefix(y, "  - {"):
			file = scaffoldHead + scaffoldNet + "extensions: [{name: share, policy: {sessions: [{identifier: x}]}}]\nsteps:\n  - {do: launch}\n" + y
		default:
			continue
		}
		if _, err := Parse("doc.yaml", []byte(file)); err != nil {
			t.Errorf("a doc example does not load:\n%s\n%v", y, err)
		}
		checked++
	}
	if checked < 8 {
		t.Errorf("only %d examples checked", checked)
	}
	// The kinds table lists every event kind, in the order of
	// simulator.Kinds, and nothing else.
	table := regexp.MustCompile("(?s)\n\\| kind \\| the event \\|\n.*?\n\n").FindString(doc)
	var tabled []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z.-]+)` \\|").FindAllStringSubmatch(table, -1) {
		tabled = append(tabled, m[1])
	}
	if !slices.Equal(tabled, kindNames()) {
		t.Errorf("the kinds table of docs/scenario-format.md lists\n%v\nwant simulator.Kinds():\n%v", tabled, kindNames())
	}
	for _, a := range ActionNames() {
		if !strings.Contains(doc, "do: "+a) {
			t.Errorf("the doc has no example of action %q", a)
		}
	}
	for _, choice := range []string{"at-launch", "on-handle-events", "recreate: never", "relaunch-identifier", "session-per-task",
		"task-state: description", "task-state: defaults", "task-state: memory", "before-session", "after-session",
		"downloaded-file: move", "read-later", "read-on-other-queue", "downloaded-file: ignore", "paths: relative", "paths: absolute",
		"when: after-events", "when: never", "when: early", "when: twice", "when-no-tasks-remain", "on: delegate-queue",
		"ui-updates: main", "ui-updates: off-main", "progress: false", "challenge: use-credential", "work:",
		"start: first-launch", "every-launch", "start: enter-background", "start: wake", "start: after",
		"kind: upload", "upload-from-data", "kind: data", "download-with-completion-handler"} {
		if !strings.Contains(doc, choice) {
			t.Errorf("the doc has no example of policy choice %q", choice)
		}
	}
}
