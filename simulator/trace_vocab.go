package simulator

// traceVocabulary is the trace's fixed words: kinds, actors, callbacks,
// queues, rules, states, lifecycle events and reasons. Every run's events
// use them over and over, so the trace store names them by fixed ids
// (1..len(words)) instead of adding them to each run's string table: a run
// then stores and hashes only the strings of its own (identifiers, URLs,
// details). It is built once, from constants, and never written after:
// simulations running side by side only read it.
type traceVocabulary struct {
	words []string          // id-1 to word
	ids   map[string]uint32 // word to id
}

var vocabulary = newTraceVocabulary()

func newTraceVocabulary() *traceVocabulary {
	v := &traceVocabulary{ids: map[string]uint32{}}
	add := func(w string) {
		if _, ok := v.ids[w]; w != "" && !ok {
			v.words = append(v.words, w)
			v.ids[w] = uint32(len(v.words))
		}
	}
	for _, a := range []Actor{ActorUser, ActorSystem, ActorApp, ActorDaemon, ActorNetwork} {
		add(string(a))
	}
	for _, k := range Kinds() {
		add(string(k))
	}
	for _, c := range Callbacks() {
		add(string(c))
	}
	for _, q := range []string{QueueMain, QueueGlobal, QueueDelegate} {
		add(q)
	}
	for _, r := range append(Rules(), Mistakes()...) {
		add(string(r))
	}
	for _, st := range AllStates() {
		add(st.String())
	}
	for _, ev := range AllLifecycleEvents() {
		add(ev.String())
	}
	for _, r := range TerminationReasons() {
		add(string(r))
	}
	for _, r := range LaunchReasons() {
		add(r.String())
	}
	return v
}

// size is the number of words: the ids of a run's own strings follow.
func (v *traceVocabulary) size() uint64 { return uint64(len(v.words)) }
