package simulator

import (
	"errors"
	"fmt"

	"github.com/bgsim/bgsim/appmodel"
)

// TermExtensionEnded is the termination reason of an app extension whose
// work is over: the user closed the share sheet, the widget was updated.
const TermExtensionEnded TerminationReason = "extension-ended"

// ErrNoExtension is returned by extension actions given no factory, or the
// id of a process that is not a running extension.
var ErrNoExtension = errors.New("simulator: no such extension")

// IdentifierStrategy says how the app and its extensions name their
// background sessions. The sources conflict (R-X3), so bgsim models both
// and a scenario says which one it uses; the trace records it.
type IdentifierStrategy int

const (
	// IdentifiersDistinct: every process has identifiers of its own, as
	// Apple's App Extension Programming Guide advises. The extension's
	// finished transfers launch the app with the extension's identifier
	// (R-X2), which the app must know to reconnect.
	IdentifiersDistinct IdentifierStrategy = iota
	// IdentifiersShared: the extension uses the app's identifier, as Apple
	// forum staff describe. Only one process is connected to it at a time:
	// the other gets -996 (R-I2).
	IdentifiersShared
)

// String is "distinct" or "shared".
func (st IdentifierStrategy) String() string {
	if st == IdentifiersShared {
		return "shared"
	}
	return "distinct"
}

// ExtensionOptions describe an app extension to launch (R-X1).
type ExtensionOptions struct {
	// Name names the extension in the trace ("share"). Default "extension".
	Name string
	// Factory makes the extension's model. Its FinishedLaunching, with
	// launch reason LaunchExtension, is the extension's start (Swift: the
	// principal class's beginRequest(with:), or viewDidLoad of a share
	// extension's view controller); no other AppDelegate method is called.
	Factory appmodel.Factory
	// Identifiers is the identifier strategy the scenario uses (R-X3).
	Identifiers IdentifierStrategy
}

// extension is what a process knows of being an app extension.
type extension struct {
	name string
	ids  IdentifierStrategy
}

// LaunchExtension starts an app extension: a separate, short-lived process
// of the same app (R-X1), running alongside the app's own process, if any,
// until EndExtension. It shares the app's Defaults and file system (bgsim
// does not model the extension's private container); its background
// sessions must set SharedContainerIdentifier, or their tasks fail with
// -995. It returns the extension's process id.
func (s *Sim) LaunchExtension(opts ExtensionOptions) (int, error) {
	if opts.Factory == nil {
		return 0, fmt.Errorf("%w: launch extension %q without a factory", ErrNoExtension, opts.Name)
	}
	name := opts.Name
	if name == "" {
		name = "extension"
	}
	p := s.newProcess(appmodel.LaunchOptions{Reason: appmodel.LaunchExtension})
	p.ext = &extension{name: name, ids: opts.Identifiers}
	r := s.rarely()
	r.exts = append(r.exts, p)
	s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Detail: "opens the " + name + " extension"})
	s.emit(Event{Actor: ActorSystem, Kind: KindLaunch, Process: p.pid, Reason: p.opts.Reason.String(), Detail: name, Rule: RuleX1})
	s.emit(Event{Actor: ActorSystem, Kind: KindSystem, Process: p.pid, Rule: RuleX3,
		Detail: fmt.Sprintf("the %s extension and the app use %s session identifiers", name, opts.Identifiers)})
	s.safeCall(p, func() { p.delegate = opts.Factory() })
	if p.dead {
		return p.pid, s.settle(nil)
	}
	if p.delegate == nil {
		s.endExtension(p, TermCrash, "the extension factory returned a nil model")
		return p.pid, s.settle(nil)
	}
	p.main.async(func() {
		s.emit(Event{Actor: ActorApp, Kind: KindAppCallback, Process: p.pid, Callback: CbFinishedLaunching,
			Queue: QueueMain, Reason: p.opts.Reason.String(), Rule: RuleX1})
		p.delegate.FinishedLaunching(p.app(), p.opts)
	})
	return p.pid, s.settle(nil)
}

// EndExtension ends the running extension with process id pid, as iOS does
// once its request is complete. Its session objects are gone; its
// transfers go on in the daemon (R-S1), and when they finish the
// containing app is launched (or resumed) with the extension's session
// identifier (R-X2).
func (s *Sim) EndExtension(pid int) error {
	for _, p := range s.extProcesses() {
		if p.pid == pid && !p.dead {
			s.emit(Event{Actor: ActorUser, Kind: KindUserAction, Detail: "closes the " + p.ext.name + " extension"})
			s.endExtension(p, TermExtensionEnded, "its request is complete")
			return s.settle(nil)
		}
	}
	return fmt.Errorf("%w: no running extension with process id %d", ErrNoExtension, pid)
}

// Extensions lists the process ids of the running extensions, in launch
// order.
func (s *Sim) Extensions() []int {
	var out []int
	for _, p := range s.extProcesses() {
		if !p.dead {
			out = append(out, p.pid)
		}
	}
	return out
}

// endExtension kills the extension process p and tells the daemon.
func (s *Sim) endExtension(p *process, reason TerminationReason, detail string) {
	if p.dead {
		return
	}
	p.kill()
	s.emit(Event{Actor: ActorSystem, Kind: KindTerminate, Process: p.pid, Reason: string(reason), Detail: detail, Rule: RuleX1})
	s.daemon.extensionEnded(p)
}

// extensionEnded disconnects the ended extension's session objects. The
// events of their sessions wait for the containing app, which is woken for
// them as for its own (R-X2).
func (d *daemon) extensionEnded(p *process) {
	// R-S2: its data tasks and uploads from memory live in its process.
	d.failForegroundOnly(p, (*dtask).foregroundOnly, "data tasks and uploads from memory fail once the extension ends")
	for _, b := range d.sessions {
		if b.conn == nil || b.conn.p != p {
			continue
		}
		b.conn = nil
		if b.inFlight && b.current.kind == evFinishDownloading {
			b.afterDelivery(b.current, true) // R-D6
		}
		b.pumping, b.inFlight = false, false
	}
	for _, b := range d.sessions {
		b.maybeWake()
	}
}

// heldByOtherProcess reports whether another live process is connected to
// b: then a session p makes with b's identifier is invalidated with -996
// (R-I2, R-X3).
func (b *bgSession) heldByOtherProcess(p *process) bool {
	return b.conn != nil && b.conn.p != p && !b.conn.p.dead
}

// heldByExtension: an extension is connected and gets the session's events
// itself, so the app is not woken for them (R-X2).
func (b *bgSession) heldByExtension() bool {
	return b.conn != nil && b.conn.p.ext != nil && !b.conn.p.dead
}

// needsSharedContainer: a task of an extension's session without a
// shared container fails at once with -995 (R-X1).
func (so *sessionObj) needsSharedContainer() bool {
	return so.p.ext != nil && so.cfg.SharedContainerIdentifier == ""
}

// failNoSharedContainer fails t as iOS fails the tasks of an extension's
// background session that has no shared container (R-X1).
func (so *sessionObj) failNoSharedContainer(t *dtask) {
	so.p.s.daemon.fail(t, &appmodel.URLError{Code: appmodel.ErrBackgroundSessionRequiresSharedContainer,
		Message: "a background session made in an app extension must set SharedContainerIdentifier"}, RuleX1)
}

// downloadDir is where the daemon writes a session's finished downloads:
// the shared container of its app group if it has one (so that the app and
// its extensions can read them, R-X2), else the daemon's own directory.
func (b *bgSession) downloadDir() string {
	if g := b.cfg.SharedContainerIdentifier; g != "" {
		return appmodel.SharedContainerPath(g) + "/Library/Caches/com.apple.nsurlsessiond/Downloads/CFNetworkDownload_"
	}
	return "/tmp/CFNetworkDownload_"
}

// extProcesses are the app extensions' processes, in launch order (R-X1).
func (s *Sim) extProcesses() []*process {
	if s.rare == nil {
		return nil
	}
	return s.rare.exts
}
