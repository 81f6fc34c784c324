package simulator

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bgsim/bgsim/appmodel"
)

// sameStores fails t unless the two stores hold the same events, each the
// same bytes (typed and byAdd, each event's, in order), and read them back
// alike. Their blocks may end at different events: a typed event keeps
// free only the room its own fields can take (maxEncodedLine, ...), add
// that of every field but near a block's end (storeBound).
func sameStores(t *testing.T, typed, byAdd *traceStore, typedBytes, addBytes [][]byte) {
	t.Helper()
	if len(typed.blocks) < 3 {
		t.Fatalf("%d blocks typed; the test wants several", len(typed.blocks))
	}
	for k := range addBytes {
		if !bytes.Equal(typedBytes[k], addBytes[k]) {
			t.Fatalf("event %d: typed %x, by add %x", k, typedBytes[k], addBytes[k])
		}
	}
	if !reflect.DeepEqual(typed.events(), byAdd.events()) {
		t.Fatal("the events read back differ")
	}
}

// written stores an event into st by store, and returns the bytes it
// wrote, failing t if they are more than bound, the room store asked for.
func written(t *testing.T, st *traceStore, bound int, store func()) []byte {
	t.Helper()
	n, w := len(st.blocks), st.w
	store()
	if len(st.blocks) != n {
		w = 0 // a new block
	}
	if st.w-w > bound {
		t.Fatalf("an event took %d bytes, more than the %d it asked room for", st.w-w, bound)
	}
	return bytes.Clone(st.last[w:st.w])
}

// Extreme numbers: each takes a varint's 10 bytes (zigzag), so that the
// tests hold the room a typed event asks for to its fields at their
// longest.
const minInt, maxInt = -1 << 63, 1<<63 - 1

// TestLinesStoreWhatAddStores stores random lines, each both as an Event
// through add and through addLine, in two stores: the bytes written, block
// by block, and the events read back are the same.
func TestLinesStoreWhatAddStores(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 31))
	var byAdd, typed traceStore
	var typedBytes, addBytes [][]byte
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var at time.Duration
	for range 5000 {
		line := []*lineKind{&uiLine, &logLine, &userLine, &noteLine}[rng.IntN(4)]
		pid := []int{0, 1, 2, 300, -5, minInt}[rng.IntN(6)]
		queue := pick("", QueueMain, QueueDelegate, strings.Clone(QueueMain), "a queue of the app's")
		text := pick("", "progress 6%", "taps the app icon", strings.Repeat("long line ", rng.IntN(2*traceBlockSize/10)))
		var d *detail
		if rng.IntN(2) == 0 {
			d = new(detail)
			args := []any{pick("a", "", "started"), rng.IntN(1000), int64(-7), maxInt}[:rng.IntN(5)]
			if !d.set(pick("started %s", "progress %d%%", "%s %d %d %d", "plain"), args) {
				t.Fatalf("set refused %v", args)
			}
		}
		at += []time.Duration{0, 0, time.Millisecond, 5 * time.Second, 3 * time.Hour}[rng.IntN(5)]
		e := Event{Actor: line.actor, Kind: line.kind, Process: pid, Queue: queue, Detail: text, At: at}
		bound := maxEncodedLine + len(text)
		if d != nil {
			bound += d.encodedBound()
		}
		addBytes = append(addBytes, written(t, &byAdd, storeBound(&e, d), func() { byAdd.add(&e, d) }))
		typedBytes = append(typedBytes, written(t, &typed, bound, func() { typed.addLine(line, pid, queue, text, d, at) }))
	}
	sameStores(t, &typed, &byAdd, typedBytes, addBytes)
}

// TestTransitionsStoreWhatAddStores stores random transitions, each both
// as an Event through add and through addTransition, in two stores: the
// bytes written and the events read back are the same.
func TestTransitionsStoreWhatAddStores(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 41))
	var byAdd, typed traceStore
	var typedBytes, addBytes [][]byte
	states, events := AllStates(), AllLifecycleEvents()
	rules := []Rule{"", RuleL2, RuleL3, RuleL7, Rule(strings.Clone(string(RuleL2))), "R-not-a-rule"}
	var at time.Duration
	for range 5000 {
		from, to := states[rng.IntN(len(states))], states[rng.IntN(len(states))]
		ev := events[rng.IntN(len(events))]
		pid := []int{0, 1, 2, 300, maxInt}[rng.IntN(5)]
		detail := []string{"", "the user tapped the icon", strings.Repeat("why ", rng.IntN(2*traceBlockSize/4))}[rng.IntN(3)]
		rule := rules[rng.IntN(len(rules))]
		at += []time.Duration{0, 0, time.Millisecond, 5 * time.Second, 3 * time.Hour}[rng.IntN(5)]
		e := Event{Actor: ActorSystem, Kind: KindTransition, Process: pid, From: from.String(), To: to.String(),
			Cause: ev.String(), Detail: detail, Rule: rule, At: at}
		addBytes = append(addBytes, written(t, &byAdd, storeBound(&e, nil), func() { byAdd.add(&e, nil) }))
		typedBytes = append(typedBytes, written(t, &typed, maxEncodedTransition+len(detail), func() {
			typed.addTransition(pid, stateWords[from], stateWords[to], eventWords[ev], detail, rule, at)
		}))
	}
	sameStores(t, &typed, &byAdd, typedBytes, addBytes)
}

// TestCallbacksStoreWhatAddStores stores random delegate callbacks, each
// both as the Event emitCallback builds for other sinks, through add, and
// through addCallback, in two stores: the bytes written and the events
// read back are the same.
func TestCallbacksStoreWhatAddStores(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 53))
	var byAdd, typed traceStore
	var typedBytes, addBytes [][]byte
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var at time.Duration
	for range 5000 {
		kind := []Kind{KindAppCallback, KindSessionCallback}[rng.IntN(2)]
		c := callbackEvent{
			cb:       []Callback{"", CbDidWriteData, CbFinishedLaunching, Callback(strings.Clone(string(CbDidResume))), "notAMethod"}[rng.IntN(5)],
			pid:      []int{0, 1, 2, 300, -5, minInt}[rng.IntN(6)],
			task:     []int{0, 1, 7, 1000, maxInt}[rng.IntN(5)],
			code:     []int{0, 0, -999, 500, minInt}[rng.IntN(5)],
			queue:    pick("", QueueMain, QueueDelegate, strings.Clone(QueueMain), "a queue of the app's"),
			session:  pick("", "com.example.bg", "com.example.other", strings.Clone("com.example.bg")),
			desc:     pick("", "image.jpg", "thumb"),
			reason:   pick("", appmodel.LaunchURLSession.String(), "a reason"),
			detail:   pick("", "nil", "/tmp/CFNetworkDownload_1.tmp", strings.Repeat("body ", rng.IntN(2*traceBlockSize/5))),
			bytes:    []int64{0, 1, 127, 128, 1 << 20, -3, minInt}[rng.IntN(7)],
			total:    []int64{0, 5, 1 << 40, maxInt}[rng.IntN(4)],
			expected: []int64{0, -1, 300000, minInt}[rng.IntN(4)],
			rule:     []Rule{"", RuleG3, RuleD2, Rule(strings.Clone(string(RuleL2))), "R-not-a-rule"}[rng.IntN(5)],
		}
		at += []time.Duration{0, 0, time.Millisecond, 5 * time.Second, 3 * time.Hour}[rng.IntN(5)]
		e := Event{At: at}
		c.fill(kind, &e)
		addBytes = append(addBytes, written(t, &byAdd, storeBound(&e, nil), func() { byAdd.add(&e, nil) }))
		typedBytes = append(typedBytes, written(t, &typed, maxEncodedCallback+len(c.detail), func() { typed.addCallback(kind, &c, at) }))
	}
	sameStores(t, &typed, &byAdd, typedBytes, addBytes)
}

// TestCallbackWordsAreFoundInPlace: the words a delegate callback names
// are constants, found by wordAt, so that addCallback writes them itself
// and does not hand the event to add: all are, each word having a slot
// of its own whatever the binary's layout (vocabMul); a copy of a word
// never is, its id found the long way.
func TestCallbackWordsAreFoundInPlace(t *testing.T) {
	rules := []Rule{RuleL2, RuleL3, RuleL7, RuleD2, RuleD3, RuleD9, RuleG1, RuleG3, RuleG4, RuleI2, RuleS5, RuleS7}
	found, all := 0, 0
	for _, cb := range Callbacks() {
		for _, rule := range rules {
			c := callbackEvent{cb: cb, queue: QueueDelegate, rule: rule}
			w := callbackWords{wordAt(string(c.cb)), wordAt(c.queue), wordAt(c.reason), wordAt(string(c.rule))}
			if w.found(&c) {
				found++
			}
			all++
		}
	}
	if found != all {
		t.Fatalf("the words of %d callbacks of %d found in place; want all (vocabMul)", found, all)
	}
	c := callbackEvent{cb: CbDidWriteData, queue: strings.Clone(QueueMain)}
	w := callbackWords{wordAt(string(c.cb)), wordAt(c.queue), wordAt(c.reason), wordAt(string(c.rule))}
	if w.found(&c) {
		t.Fatal("a copy of a word is found in place: its id would be wrong if it were not the word")
	}
}
