package simtest

import (
	"time"

	"github.com/bgsim/bgsim/appmodel"
	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/simulator"
)

// An Option configures an [Env] made by [New].
type Option func(*settings)

// settings is what the options set.
type settings struct {
	cfg       simulator.Config
	seed      *uint64
	link      *fakes.Link
	offline   bool
	power     *simulator.Power
	app       appmodel.Factory
	hooks     Hooks
	resources []resource
	noTrace   bool
	panics    *simulator.AppPanicPolicy
	hang      *time.Duration
}

type resource struct {
	url string
	r   fakes.Resource
}

// WithConfig sets the simulation's configuration. Zero fields take the
// simulator's defaults, except the link and the power, which take
// simtest's (see [New]) unless cfg sets them.
func WithConfig(cfg simulator.Config) Option {
	return func(s *settings) { s.cfg = cfg }
}

// WithSeed sets the seed every random choice of the run derives from.
func WithSeed(seed uint64) Option {
	return func(s *settings) { s.seed = &seed }
}

// WithResource publishes r at url on the simulated network before the run.
func WithResource(url string, r fakes.Resource) Option {
	return func(s *settings) { s.resources = append(s.resources, resource{url, r}) }
}

// WithUploadEndpoint declares url as an endpoint that accepts uploads and
// answers 201 Created with an empty body. Without an endpoint an upload
// fails as a server that does not exist would (-1003 cannot find host).
// Use [WithResource] for another status or a response body.
func WithUploadEndpoint(url string) Option {
	return WithResource(url, fakes.Resource{Status: 201})
}

// WithLink sets the network link at T+0: it is simulator.Config.Link, and
// takes a zero Link or Bandwidth as that field's doc says (the defaults:
// WithLink(fakes.Link{Kind: fakes.Cellular}) is a working cellular link).
// Env.Sim's Network().SetLink, later, takes a Link as it is.
func WithLink(l fakes.Link) Option {
	return func(s *settings) { s.link = &l }
}

// WithOffline starts the run with the network offline.
func WithOffline() Option {
	return func(s *settings) { s.offline = true }
}

// WithPower sets the device's power state at T+0.
func WithPower(p simulator.Power) Option {
	return func(s *settings) { s.power = &p }
}

// WithApp installs the app model that f makes, one instance per process,
// inside the recording app: every delegate method it receives is recorded,
// and the [Hooks] run after it. Without WithApp the recording app runs
// alone: its methods do nothing but record and run the hooks.
func WithApp(f appmodel.Factory) Option {
	return func(s *settings) { s.app = f }
}

// WithHooks sets code to run inside the app's delegate methods.
func WithHooks(h Hooks) Option {
	return func(s *settings) { s.hooks = h }
}

// WithoutTraceOnFailure keeps the rendered trace out of the test log when
// the test fails (it is there by default).
func WithoutTraceOnFailure() Option {
	return func(s *settings) { s.noTrace = true }
}

// WithAppPanics sets what a panic in the app model does. simtest's default
// is simulator.PanicsFail: the panic is a crash in the trace and also fails
// the test, naming the app's file:line, so a nil dereference in a delegate
// method cannot pass as a simulated crash. simulator.PanicsReport leaves
// only the crash in the trace, for tests about what iOS does after one.
func WithAppPanics(p simulator.AppPanicPolicy) Option {
	return func(s *settings) { s.panics = &p }
}

// WithHangLimit sets how long, in real time, one run helper or action may
// take before the test fails as hung: an app callback that never returns
// (a loop that never ends) stops virtual time, so only the wall clock can
// tell. The default is [DefaultHangLimit]; d <= 0 turns the check off.
// A hung test fails with what was running and the trace so far; the stuck
// goroutine cannot be stopped, so the Env must not be used again.
func WithHangLimit(d time.Duration) Option {
	return func(s *settings) { s.hang = &d }
}
