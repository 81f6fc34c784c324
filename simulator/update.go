package simulator

import (
	"math/rand/v2"
	"strconv"

	"github.com/bgsim/bgsim/appmodel"
)

// TermAppUpdate is the termination reason of an app the system ended to
// install an update (R-L9).
const TermAppUpdate TerminationReason = "app-update"

// UpdateOptions says how an app update happens (R-L9).
type UpdateOptions struct {
	// MoveContainer gives the new install its container at a new absolute
	// path, as a reinstall (and, reported by developers, some updates) do.
	// The files move with it; absolute paths the old install persisted no
	// longer resolve (mistake M14).
	MoveContainer bool
	// Factory is the new version's app model; nil keeps the installed one.
	Factory appmodel.Factory
}

// UpdateApp installs an update of the app: the App Store doing it
// overnight, or the developer installing a new build (R-L9). A process that
// is alive is terminated by the system (a system kill: WillTerminate only
// if it was running, R-L7), and the background transfers go on, as after
// any system termination (R-E2): when they finish the new version is
// launched into the background to receive them. With MoveContainer the
// app's container gets a new absolute path.
func (s *Sim) UpdateApp(opts UpdateOptions) error {
	if s.factory == nil {
		return ErrNoApp
	}
	if s.state.Alive() {
		if _, ok := lookup(s.state, EvSystemKill); !ok {
			return &IllegalTransitionError{State: s.state, Event: EvSystemKill}
		}
	}
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Rule: RuleL9, Detail: "installs an update of the app"})
	var err error
	if s.state.Alive() {
		err = s.terminate(EvSystemKill, TermAppUpdate, "the system terminated the app to update it")
	}
	if opts.Factory != nil {
		s.factory = opts.Factory
	}
	if opts.MoveContainer {
		old := s.files.HomeDirectory()
		r := s.rarely()
		r.installs++
		s.files.SetHome(containerPath(s.cfg.Seed, r.installs))
		s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Rule: RuleL9, From: old, To: s.files.HomeDirectory(),
			Detail: "the app's container moved to " + s.files.HomeDirectory() + ": absolute paths saved by the old install no longer resolve"})
	}
	return s.settle(err)
}

// containerPath is the absolute path of the app's container in its n-th
// install (0 for the first), as iOS names it: a directory named by a UUID,
// here drawn from the run's seed so that it is the same on every run.
func containerPath(seed uint64, n int) string {
	// Rand(seed, "container/N") drawn from directly: the same numbers, made
	// and formatted without allocating but for the result, once per run.
	r := rand.NewPCG(seed, componentKey("container/"+strconv.Itoa(n)))
	a, b := r.Uint64(), r.Uint64()
	// "%08X-%04X-4%03X-%04X-%012X" of these fields.
	var buf [80]byte
	p := append(buf[:0], "/var/mobile/Containers/Data/Application/"...)
	p = appendHex(p, a>>32, 8)
	p = appendHex(append(p, '-'), a>>16&0xffff, 4)
	p = appendHex(append(p, '-', '4'), a&0xfff, 3)
	p = appendHex(append(p, '-'), 0x8000|b>>48&0x3fff, 4)
	p = appendHex(append(p, '-'), b&0xffffffffffff, 12)
	return string(p)
}

// appendHex appends v in upper-case hexadecimal, zero-padded to digits
// (v must fit in them).
func appendHex(b []byte, v uint64, digits int) []byte {
	const hex = "0123456789ABCDEF"
	for i := digits - 1; i >= 0; i-- {
		b = append(b, hex[v>>(4*i)&0xf])
	}
	return b
}
