package explore

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
	"github.com/bgsim/bgsim/simulator"
)

// write is the minimal scenario file of plan p of seed: the target's file
// with its own steps kept as written, the plan's actions in their places,
// the recovery tail, the seed, and an expectation that fails the way b's
// property did (the scenario's own expectations are dropped: under trouble
// they no longer describe the run). Its first line says whether it was
// shrunk.
func (t *target) write(seed uint64, p plan, b *broken, shrunk bool) ([]byte, error) {
	f, err := parser.ParseBytes(t.s.Source(), parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("explore: read %s: %w", t.s.File(), err)
	}
	own, err := t.stepTexts(f)
	if err != nil {
		return nil, err
	}
	var steps strings.Builder
	next := 0
	item := func(text string) {
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		steps.WriteString("- " + lines[0] + "\n")
		for _, l := range lines[1:] {
			steps.WriteString("  " + l + "\n")
		}
	}
	for i := range t.s.Steps {
		for next < len(p.actions) && t.insertAt(p.actions[next].at()) == i {
			item(stepYAML(p.actions[next].step) + " # explore: " + string(p.actions[next].trouble))
			next++
		}
		item(own[i])
	}
	for ; next < len(p.actions); next++ {
		item(stepYAML(p.actions[next].step) + " # explore: " + string(p.actions[next].trouble))
	}
	for _, st := range recovery() {
		item(stepYAML(st))
	}
	set := map[string]string{
		"name":   fmt.Sprintf("%s-seed-%d", t.s.Name, seed),
		"seed":   strconv.FormatUint(seed, 10),
		"steps":  steps.String(),
		"expect": expectYAML(b),
	}
	order := []string{"name", "seed", "steps", "expect"}
	if p.jitter {
		if err := setConfig(f, "jitter", "true"); err != nil {
			return nil, err
		}
	}
	if err := t.writeCuts(f, p.own); err != nil {
		return nil, err
	}
	for _, key := range order {
		if err := setKey(f, key, set[key]); err != nil {
			return nil, err
		}
	}
	if err := dropKey(f, "mistake"); err != nil {
		return nil, err
	}
	how := "shrunk to"
	if !shrunk {
		how = "not shrunk:"
	}
	head := fmt.Sprintf("# Found by bgsim explore %s, seed %d, %s %s (%s).\n# Broke %s: %s\n",
		t.s.Name, seed, how, plural(len(p.actions), "action"), troubleList(p), b.property, oneLine(b.message))
	return []byte(head + f.String() + "\n"), nil
}

// writeCuts writes the target's own parameters as the shrinker cut them:
// resource sizes, the reference app's image count, the policy app's tasks.
func (t *target) writeCuts(f *ast.File, c *ownCuts) error {
	if c == nil {
		return nil
	}
	replace := func(at, value string) error {
		path, err := yaml.PathString(at)
		if err == nil {
			err = path.ReplaceWithReader(f, strings.NewReader(value))
		}
		if err != nil {
			return fmt.Errorf("explore: write the shrunk %s: %w", at, err)
		}
		return nil
	}
	for i, r := range t.s.Network.Resources {
		if i < len(c.sizes) && c.sizes[i] != r.Size {
			if err := replace(fmt.Sprintf("$.network.resources[%d].size", i), fmt.Sprintf("%dB", int64(c.sizes[i]))); err != nil {
				return err
			}
		}
	}
	if ref := t.s.App.Reference; ref != nil && c.images > 0 && c.images != ref.Images {
		if err := replace("$.app.reference.images", strconv.Itoa(c.images)); err != nil {
			return err
		}
	}
	if pol := t.s.App.Policy; pol != nil && c.tasks != nil && len(c.tasks) < len(pol.Tasks) {
		path, err := yaml.PathString("$.app.policy.tasks")
		if err != nil {
			return err
		}
		n, err := path.FilterFile(f)
		seq, ok := n.(*ast.SequenceNode)
		if err != nil || !ok || len(seq.Values) != len(pol.Tasks) {
			return fmt.Errorf("explore: the policy tasks of %s are not a list of %d tasks", t.s.File(), len(pol.Tasks))
		}
		var kept []ast.Node
		for _, i := range c.tasks {
			kept = append(kept, seq.Values[i])
		}
		seq.Values = kept
	}
	return nil
}

// troubleList names the kinds of trouble p's actions (and jitter) are.
func troubleList(p plan) string {
	var names []string
	seen := map[Trouble]bool{}
	for _, a := range p.actions {
		if !seen[a.trouble] {
			seen[a.trouble] = true
			names = append(names, string(a.trouble))
		}
	}
	if p.jitter {
		names = append(names, string(TroubleJitter))
	}
	if len(names) == 0 {
		return "no trouble"
	}
	return strings.Join(names, ", ")
}

// oneLine is s on one line, for a comment of the minimal scenario, with
// its other control characters escaped (simulator.Printable): a terminal
// escape in the target's text must not reach whoever cats the file.
func oneLine(s string) string { return simulator.Printable(strings.ReplaceAll(s, "\n", " ")) }

// stepTexts is the text of each of the target's own steps, as written.
func (t *target) stepTexts(f *ast.File) ([]string, error) {
	if len(t.s.Steps) == 0 {
		return nil, nil
	}
	path, err := yaml.PathString("$.steps")
	if err != nil {
		return nil, err
	}
	n, err := path.FilterFile(f)
	if err != nil {
		return nil, fmt.Errorf("explore: the steps of %s: %w", t.s.File(), err)
	}
	seq, ok := n.(*ast.SequenceNode)
	if !ok || len(seq.Values) != len(t.s.Steps) {
		return nil, fmt.Errorf("explore: the steps of %s are not a list of %d steps", t.s.File(), len(t.s.Steps))
	}
	out := make([]string, len(seq.Values))
	for i, v := range seq.Values {
		out[i] = dedent(v.String())
	}
	return out, nil
}

// dedent removes the indentation the first line of a node's text lacks
// from the lines after it.
func dedent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) < 2 {
		return strings.TrimSpace(s)
	}
	indent := len(lines[1]) - len(strings.TrimLeft(lines[1], " "))
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.TrimPrefix(lines[i], strings.Repeat(" ", indent))
	}
	return strings.TrimSpace(lines[0]) + "\n" + strings.Join(lines[1:], "\n")
}

// setKey replaces the value of a top-level key, or adds the key.
func setKey(f *ast.File, key, value string) error {
	doc := key + ":"
	if strings.Contains(value, "\n") {
		doc += "\n" + indent(value, "  ")
	} else {
		doc += " " + value + "\n"
	}
	m := rootMap(f)
	if m == nil {
		return fmt.Errorf("explore: the scenario is not a mapping")
	}
	where := len(m.Values) // a new key goes last; a replaced one keeps its place
	for i, kv := range m.Values {
		if kv.Key.String() == key {
			where = i
		}
	}
	if err := dropKey(f, key); err != nil {
		return err
	}
	root, err := yaml.PathString("$")
	if err != nil {
		return err
	}
	if err := root.MergeFromReader(f, strings.NewReader(doc)); err != nil {
		return fmt.Errorf("explore: set %s: %w", key, err)
	}
	if last := len(m.Values) - 1; where < last {
		kv := m.Values[last]
		copy(m.Values[where+1:], m.Values[where:last])
		m.Values[where] = kv
	}
	return nil
}

// setConfig sets one key of the config block.
func setConfig(f *ast.File, key, value string) error {
	m := rootMap(f)
	if m == nil {
		return fmt.Errorf("explore: the scenario is not a mapping")
	}
	for _, kv := range m.Values {
		if kv.Key.String() == "config" {
			if cm, ok := kv.Value.(*ast.MappingNode); ok {
				var b strings.Builder
				for _, c := range cm.Values {
					if c.Key.String() != key {
						b.WriteString(c.Key.String() + ": " + strings.TrimSpace(c.Value.String()) + "\n")
					}
				}
				b.WriteString(key + ": " + value + "\n")
				return setKey(f, "config", b.String())
			}
		}
	}
	return setKey(f, "config", key+": "+value+"\n")
}

func rootMap(f *ast.File) *ast.MappingNode {
	if len(f.Docs) == 0 {
		return nil
	}
	m, _ := f.Docs[0].Body.(*ast.MappingNode)
	return m
}

// dropKey removes a top-level key, if the file has it.
func dropKey(f *ast.File, key string) error {
	m := rootMap(f)
	if m == nil {
		return fmt.Errorf("explore: the scenario is not a mapping")
	}
	for i, kv := range m.Values {
		if kv.Key.String() == key {
			m.Values = append(m.Values[:i], m.Values[i+1:]...)
			return nil
		}
	}
	return nil
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = by + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// stepYAML writes one of the steps the explorer makes, as a flow mapping.
func stepYAML(st scenarios.Step) string {
	var kv []string
	add := func(k, v string) { kv = append(kv, k+": "+v) }
	if st.At != nil {
		add("at", scenarios.FormatDuration(time.Duration(*st.At)))
	}
	add("do", string(st.Do))
	if st.Fault != nil {
		add("fault", faultYAML(*st.Fault))
	}
	if l := st.Link; l != nil {
		link := "{kind: " + linkKind(l.Kind)
		if l.Bandwidth != 0 {
			link += fmt.Sprintf(", bandwidth: %dB", int64(l.Bandwidth))
		}
		add("link", link+"}")
	}
	if st.Battery != nil {
		add("battery", strconv.Itoa(*st.Battery))
	}
	if st.Charging != nil {
		add("charging", strconv.FormatBool(*st.Charging))
	}
	if st.LowPowerMode != nil {
		add("low-power-mode", strconv.FormatBool(*st.LowPowerMode))
	}
	if st.Message != "" {
		add("message", strconv.Quote(st.Message))
	}
	if st.MoveContainer != nil {
		add("move-container", strconv.FormatBool(*st.MoveContainer))
	}
	if r := st.Resource; r != nil {
		res := fmt.Sprintf("{url: %s, size: %dB", r.URL, int64(r.Size))
		if r.ETag != "" {
			res += ", etag: " + strconv.Quote(r.ETag)
		}
		if r.Ranges {
			res += ", ranges: true"
		}
		add("resource", res+"}")
	}
	if st.Do == "run-for" {
		add("for", scenarios.FormatDuration(time.Duration(st.For)))
	}
	if st.Note != "" {
		add("note", strconv.Quote(st.Note))
	}
	return "{" + strings.Join(kv, ", ") + "}"
}

func linkKind(k fakes.LinkKind) string {
	if k == fakes.Cellular {
		return "cellular"
	}
	return "wifi"
}

func faultYAML(f scenarios.Fault) string {
	s := "{url: " + f.URL
	switch {
	case f.DropAtByte != nil:
		s += fmt.Sprintf(", drop-at-byte: %dB", int64(*f.DropAtByte))
	case f.StallAtByte != nil:
		s += fmt.Sprintf(", stall-at-byte: %dB, stall-for: %s", int64(*f.StallAtByte), scenarios.FormatDuration(time.Duration(f.StallFor)))
	case f.ServerError != 0:
		s += fmt.Sprintf(", server-error: %d", f.ServerError)
	}
	return s + "}"
}

// expectYAML is the expect block that fails the way b did.
func expectYAML(b *broken) string {
	if b == nil || b.expect == nil {
		return "{} # the broken property cannot be written as an expectation: run bgsim explore on this file\n"
	}
	e := b.expect
	switch {
	case e.absent != nil:
		return "absent:\n  - " + patternYAML(*e.absent) + "\n"
	case e.task != nil:
		name := fmt.Sprintf("task: %d", e.task.Task)
		if e.task.Session != "" {
			// Task ids count from 1 in each session.
			name += ", session: " + e.task.Session
		}
		if e.task.Desc != "" {
			name = "desc: " + strconv.Quote(e.task.Desc)
		}
		return "tasks:\n  - {" + name + ", delivered: true}\n"
	case e.event != nil:
		return "events:\n  - " + patternYAML(*e.event) + "\n"
	}
	return "{}\n"
}

func patternYAML(p scenarios.EventPattern) string {
	var kv []string
	add := func(k, v string) {
		if v != "" {
			kv = append(kv, k+": "+v)
		}
	}
	add("kind", p.Kind)
	add("callback", p.Callback)
	add("session", p.Session)
	add("rule", p.Rule)
	if p.Task != 0 {
		add("task", strconv.Itoa(p.Task))
	}
	if p.Desc != "" {
		add("desc", strconv.Quote(p.Desc))
	}
	if p.Detail != "" {
		add("detail", strconv.Quote(p.Detail))
	}
	if p.Code != 0 {
		add("code", strconv.Itoa(p.Code))
	}
	return "{" + strings.Join(kv, ", ") + "}"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
