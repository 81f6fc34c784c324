package simulator

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
)

// resetStories are runs a Sim may have had before Reset, each touching
// other parts of it: mistakes and their violations, an app extension,
// observers, a stream, activity publishing, the other trace modes, jitter,
// a panicking app and a run stopped by its event budget.
var resetStories = []struct {
	name string
	cfg  Config
	play func(*Sim) error
}{
	{"walkthrough", Config{}, func(s *Sim) error { return resetWalkthrough(s, appmodel.RefOptions{}) }},
	{"mistakes, jitter, hash", Config{Seed: 7, Jitter: true, TraceKeep: KeepHash}, func(s *Sim) error {
		return resetWalkthrough(s, appmodel.RefOptions{Images: 2, UploadPhoto: true, Mistakes: appmodel.Mistakes{
			ForgetCompletionHandler: true, NewSessionPerRequest: true, UploadFromMemory: true}})
	}},
	{"observed, streamed, last", Config{Seed: 3, TraceKeep: KeepLast, TraceLast: 5}, func(s *Sim) error {
		var out bytes.Buffer
		if err := s.StreamJSONL(&out); err != nil {
			return err
		}
		s.Observe(func(*Event) {})
		s.ObserveLazily(func(_ *Event, d *LazyDetail) { d.Text() })
		s.WatchActivity()
		s.SetPower(Power{Battery: 10, LowPowerMode: true})
		if _, err := s.LaunchExtension(ExtensionOptions{Name: "share", Factory: appmodel.NewRefApp(appmodel.RefOptions{})}); err != nil {
			return err
		}
		s.Schedule(time.Hour, func() {}) // pending when the Sim is reset
		return resetWalkthrough(s, appmodel.RefOptions{Mistakes: appmodel.Mistakes{TaskPerWake: true}})
	}},
	{"panicking app, none", Config{TraceKeep: KeepNone, AppPanics: PanicsFail}, func(s *Sim) error {
		ref := appmodel.NewRefApp(appmodel.RefOptions{})
		s.Install(func() appmodel.AppDelegate { return panicsInBackground{ref()} })
		return resetScript(s)
	}},
	{"event budget", Config{EventBudget: 40}, func(s *Sim) error { return resetWalkthrough(s, appmodel.RefOptions{}) }},
	{"invalid config", Config{BackgroundGrace: -time.Second}, func(s *Sim) error { return resetWalkthrough(s, appmodel.RefOptions{}) }},
}

// panicsInBackground is an app whose DidEnterBackground panics.
type panicsInBackground struct{ appmodel.AppDelegate }

func (panicsInBackground) DidEnterBackground(appmodel.App) { panic("the app's own bug") }

// resetWalkthrough plays the walkthrough with the reference app opts.
func resetWalkthrough(s *Sim, opts appmodel.RefOptions) error {
	if err := s.Network().AddResource(appmodel.RefImageURL, fakes.Resource{Size: 30_000_000, ETag: `"v1"`, AcceptRanges: true}); err != nil {
		return err
	}
	if err := s.Network().AddResource(appmodel.RefUploadURL, fakes.Resource{Size: 200}); err != nil {
		return err
	}
	s.Install(appmodel.NewRefApp(opts))
	return resetScript(s)
}

// resetScript launches the app, sends it home, has it killed and
// launches it again, and waits for what the daemon does.
func resetScript(s *Sim) error {
	for _, step := range []func() error{s.Launch, func() error { return s.RunFor(4 * time.Second) }, s.Home,
		func() error { return s.RunFor(8 * time.Second) }, s.MemoryPressureKill,
		func() error { return s.RunFor(80 * time.Second) }, s.Launch, func() error { return s.RunFor(time.Minute) }} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// TestResetIsNew: a Sim reset after any of the stories is New's, field by
// field through every pointer (sameState), and plays every story as a new
// Sim does: the same errors, state and trace, byte for byte. A field a
// Sim, a part or a spare gains that Reset leaves as the last run left it
// shows here as a difference.
func TestResetIsNew(t *testing.T) {
	for _, before := range resetStories {
		for _, after := range resetStories {
			s := New(before.cfg)
			_ = before.play(s)
			_ = s.Trace() // decoded: the store keeps their array
			s.Reset(after.cfg)
			fresh := New(after.cfg)
			if err := sameState(s, fresh, false); err != nil {
				t.Fatalf("reset after %q for %q: %v", before.name, after.name, err)
			}
			errReset, errNew := after.play(s), after.play(fresh)
			if fmt.Sprint(errReset) != fmt.Sprint(errNew) {
				t.Fatalf("after %q, %q: the reset Sim's run returned %v, a new one's %v", before.name, after.name, errReset, errNew)
			}
			if err := sameState(s, fresh, true); err != nil {
				t.Fatalf("after %q, %q played: %v", before.name, after.name, err)
			}
			if a, b := resetJSONL(t, s), resetJSONL(t, fresh); !bytes.Equal(a, b) || s.TraceHash() != fresh.TraceHash() {
				t.Fatalf("after %q, %q: traces differ (hashes %x, %x)", before.name, after.name, s.TraceHash(), fresh.TraceHash())
			}
		}
	}
}

// TestResetZeroSim: a zero Sim, Reset, is New's.
func TestResetZeroSim(t *testing.T) {
	var s Sim
	s.Reset(Config{Seed: 9})
	if err := sameState(&s, New(Config{Seed: 9}), false); err != nil {
		t.Fatal(err)
	}
}

// TestResetInsideRun: Reset from the app's code does nothing, and the Run
// call after reports it.
func TestResetInsideRun(t *testing.T) {
	s := New(Config{})
	s.Schedule(time.Second, func() { s.Reset(Config{Seed: 1}) })
	if err := s.RunFor(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	if s.Elapsed() != 2*time.Second || s.cfg.Seed != 0 {
		t.Fatalf("the Sim was reset from inside its run: at %v, seed %d", s.Elapsed(), s.cfg.Seed)
	}
	if err := s.RunFor(time.Second); err != ErrResetWhileRunning {
		t.Fatalf("the next run returned %v, want ErrResetWhileRunning", err)
	}
}

// TestResetKeepsMemory: what Reset is for. A Sim reset and replayed
// uses the processes, sessions, progress batches, task objects, store and
// first network transfer of its last run.
func TestResetKeepsMemory(t *testing.T) {
	s := New(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	store, procs, sessions := s.sink.store, map[*process]bool{}, map[*bgSession]bool{}
	for p := s.made; p != nil; p = p.madeBefore {
		procs[p] = true
	}
	batches, objs := map[*progressBatch]bool{}, map[*taskObj]bool{}
	for _, b := range s.daemon.sessions {
		sessions[b] = true
		for pb := b.spare; pb != nil; pb = pb.nextSpare {
			batches[pb] = true
		}
		for _, tk := range b.tasks {
			if tk.obj != &tk.obj0 {
				objs[tk.obj] = true
			}
		}
	}
	if len(procs) != 2 || len(sessions) != 1 || len(batches) != 1 || len(objs) != 1 {
		t.Fatalf("the walkthrough made %d processes, %d sessions, %d progress batches and %d task objects "+
			"outside their tasks, want 2, 1, 1 and 1", len(procs), len(sessions), len(batches), len(objs))
	}
	firstTransfer := func() uintptr { return reflect.ValueOf(s.daemon.net).Elem().FieldByName("first").Pointer() }
	transfer := firstTransfer()
	s.Reset(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	if transfer == 0 || firstTransfer() != transfer {
		t.Error("the network's first transfer is a new one")
	}
	if s.sink.store != store {
		t.Error("the store is a new one")
	}
	for p := s.made; p != nil; p = p.madeBefore {
		if !procs[p] {
			t.Errorf("process %d is a new one", p.pid)
		}
	}
	for _, b := range s.daemon.sessions {
		if !sessions[b] {
			t.Errorf("session %s is a new one", b.id)
		}
		if !batches[b.spare] {
			t.Errorf("session %s's progress batch is a new one", b.id)
		}
		for _, tk := range b.tasks {
			if tk.obj != &tk.obj0 && !objs[tk.obj] {
				t.Errorf("task %d's object in the relaunched app is a new one", tk.id)
			}
		}
	}
}

// TestResetKeepsFewSpares: a run whose relaunched app was given the
// objects of many tasks, and that made many sessions, leaves the next run
// maxSpareTaskObjs and maxSpareSessions of them, not all: Reset bounds
// what a Sim holds between runs.
func TestResetKeepsFewSpares(t *testing.T) {
	s := New(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	b := s.daemon.sessions[0]
	for range 3 * maxSpareTaskObjs {
		b.tasks = append(b.tasks, &dtask{obj: &taskObj{so: new(sessionObj)}}) // an object has its session object
	}
	for range 3 * maxSpareSessions {
		s.daemon.sessions = append(s.daemon.sessions, s.newBGSession())
	}
	s.Reset(Config{})
	if n := len(s.spares.taskObjs); n != maxSpareTaskObjs {
		t.Errorf("Reset kept %d task objects, want %d", n, maxSpareTaskObjs)
	}
	if n := len(s.spares.sessions); n != maxSpareSessions {
		t.Errorf("Reset kept %d sessions, want %d", n, maxSpareSessions)
	}
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
}

// resetJSONL is s's trace as JSON Lines.
func resetJSONL(t *testing.T, s *Sim) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSONL(&b, s.Header(), s.Trace()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameState compares a and b through every field and pointer, but for
// a's spares (Reset's, which a new Sim has not): the same values, nil
// where the other is nil, and pointers that correspond one to one (a
// pointer into a at the place of b's pointer into b). Slices compare by
// length and elements: the capacity a reset part keeps is not state.
// Functions compare by their code. With skipStore, the trace's stores
// are left out: an event's encoding depends on where the strings it
// names lie in memory (the store's cache of strings is keyed by their
// address), so two runs store the same trace in different bytes, and the
// callers compare their traces instead.
func sameState(a, b *Sim, skipStore bool) error {
	c := stateComparer{seen: map[[2]uintptr]uintptr{}, skipStore: skipStore}
	pa, pb := reflect.ValueOf(a), reflect.ValueOf(b)
	c.seen[c.key(pa)] = pb.Pointer() // a's pointers to a are b's to b
	va, vb := pa.Elem(), pb.Elem()
	for i := range va.NumField() {
		if va.Type().Field(i).Name == "spares" {
			continue
		}
		if err := c.same(c.open(va.Field(i)), c.open(vb.Field(i)), va.Type().Field(i).Name); err != nil {
			return err
		}
	}
	return nil
}

type stateComparer struct {
	// seen maps a's pointers, by address and type, to b's.
	seen      map[[2]uintptr]uintptr
	skipStore bool
}

// spareTransfer checks that t, a spare Transfer, is zero but for its
// timer's func, bound to it.
func (c stateComparer) spareTransfer(t reflect.Value, path string) error {
	for i := range t.NumField() {
		f := c.open(t.Field(i))
		if t.Type().Field(i).Name == "timer" {
			if fn := c.open(f.FieldByName("f")); fn.IsNil() || !c.open(f.FieldByName("ref")).IsZero() {
				return fmt.Errorf("%s.timer is not a spare's: %v", path, f)
			}
			continue
		}
		if !f.IsZero() {
			return fmt.Errorf("%s.%s is not a spare's: %v", path, t.Type().Field(i).Name, f)
		}
	}
	return nil
}

// open is v readable whatever its field's name: an unexported field's
// value cannot be read through reflect otherwise.
func (stateComparer) open(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	return v
}

// key is pointer p's key in seen: a pointer to a struct and one to its
// first field have the same address.
func (stateComparer) key(p reflect.Value) [2]uintptr {
	return [2]uintptr{p.Pointer(), reflect.ValueOf(p.Type()).Pointer()}
}

func (c stateComparer) same(a, b reflect.Value, path string) error {
	differ := func() error { return fmt.Errorf("%s differs: %v against a new Sim's %v", path, a, b) }
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return differ()
			}
			return nil
		}
		k := c.key(a)
		if p, ok := c.seen[k]; ok {
			if p != b.Pointer() {
				return fmt.Errorf("%s: points elsewhere than a new Sim's", path)
			}
			return nil
		}
		c.seen[k] = b.Pointer()
		return c.same(a.Elem(), b.Elem(), "(*"+path+")")
	case reflect.Struct:
		if c.skipStore && a.Type() == reflect.TypeFor[traceStore]() {
			return nil
		}
		for i := range a.NumField() {
			fa, fb, name := c.open(a.Field(i)), c.open(b.Field(i)), path+"."+a.Type().Field(i).Name
			if a.Type().Field(i).Name == "kept" {
				continue // what a part keeps for the runs after it, no run's state (fakes.Network's URLs)
			}
			if a.Type() == reflect.TypeFor[fakes.Network]() && a.Type().Field(i).Name == "first" && fb.IsNil() && !fa.IsNil() {
				// The transfer a reset network keeps for its next first
				// one, where a new network has none yet: a spare.
				if err := c.spareTransfer(fa.Elem(), name); err != nil {
					return err
				}
				continue
			}
			if a.Type() == reflect.TypeFor[wake]() && a.Type().Field(i).Name == "handler" && fb.IsNil() {
				// The completion handler a reset session's first wake
				// keeps for its next use (wake.handler), where a new
				// session's first wake has made none yet.
				continue
			}
			if err := c.same(fa, fb, name); err != nil {
				return err
			}
		}
	case reflect.Array, reflect.Slice:
		if a.Len() != b.Len() { // a slice's, by length and elements
			return fmt.Errorf("%s has %d elements, a new Sim's %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if err := c.same(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s has %d entries, a new Sim's %d", path, a.Len(), b.Len())
		}
		for it := a.MapRange(); it.Next(); {
			vb := b.MapIndex(it.Key())
			if !vb.IsValid() {
				return fmt.Errorf("%s has %v, a new Sim's not", path, it.Key())
			}
			if err := c.same(it.Value(), vb, fmt.Sprintf("%s[%v]", path, it.Key())); err != nil {
				return err
			}
		}
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return differ()
			}
			return nil
		}
		if a.Elem().Type() != b.Elem().Type() {
			return differ()
		}
		return c.same(a.Elem(), b.Elem(), path)
	case reflect.Func, reflect.UnsafePointer, reflect.Chan:
		// The code of a function; whether an unsafe pointer or a channel
		// is set.
		if a.IsNil() != b.IsNil() || (a.Kind() == reflect.Func && !a.IsNil() && a.Pointer() != b.Pointer()) {
			return differ()
		}
	default:
		if !a.Equal(b) {
			return differ()
		}
	}
	return nil
}

// TestResetKeepsTheFirstWakesHandler: a reset Sim's session hands the app
// the completion handler its first wake made in the run before
// (wake.handler), the same closure, rather than a new one; and a call of
// it still ends this run's wake (R-D4: the walkthrough's app calls it).
func TestResetKeepsTheFirstWakesHandler(t *testing.T) {
	s := New(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	b := s.daemon.sessions[0]
	h := b.wake0.handler
	if h == nil {
		t.Fatal("the walkthrough's wake made no completion handler")
	}
	s.Reset(Config{})
	if err := resetWalkthrough(s, appmodel.RefOptions{}); err != nil {
		t.Fatal(err)
	}
	if s.daemon.sessions[0] != b {
		t.Fatal("the reset Sim did not reuse its session")
	}
	if *(*unsafe.Pointer)(unsafe.Pointer(&b.wake0.handler)) != *(*unsafe.Pointer)(unsafe.Pointer(&h)) {
		t.Error("the reset Sim's wake made a new completion handler")
	}
	if b.wake0.phase != WakeEnded || b.wake0.calls != 1 {
		t.Errorf("the first wake is %v after %d handler calls, want ended after one", b.wake0.phase, b.wake0.calls)
	}
}
