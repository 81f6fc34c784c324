package scenarios

import (
	"time"

	"github.com/bgsim/bgsim/fakes"
)

// Scenario is one scenario file: a simulated device, an app, a network, a
// script of user, system and network actions in virtual time, and what
// must happen. Load or Parse one, then Run it.
type Scenario struct {
	// Name identifies the scenario (bgsim run NAME): lower case, digits and
	// hyphens.
	Name string `yaml:"name" jsonschema:"pattern=^[a-z0-9][a-z0-9-]*$"`
	// Summary is the one line bgsim list shows.
	Summary string `yaml:"summary"`
	// Description is the narration the CLI shows before the timeline: what
	// the scenario teaches, in plain words, citing the rules it shows.
	Description string `yaml:"description"`
	// Labels tag the scenario for filtering (Ginkgo --label-filter, bgsim list).
	Labels []string `yaml:"labels"`
	// Rules lists the rule and mistake IDs the scenario shows (R-D4, M4).
	Rules []string `yaml:"rules"`
	// Seed seeds the run's randomness; the caller may override it.
	Seed uint64 `yaml:"seed"`
	// Config sets fields of the simulator's Config by name, in kebab case
	// (background-grace: 10s, main-thread-policy: report).
	Config ConfigOverrides `yaml:"config"`
	// App is the app under test: "reference", {reference: {...}},
	// {go: NAME} or {policy: {...}}.
	App AppSpec `yaml:"app"`
	// Extensions are the app's extensions, launched by steps (R-X1, R-X2).
	Extensions []ExtensionSpec `yaml:"extensions"`
	// Network is the servers' resources, upload endpoints, faults and the
	// link over time.
	Network Network `yaml:"network"`
	// Device is the device's power, connection and settings at the start.
	Device Device `yaml:"device"`
	// Steps is the script: user, system and network actions in virtual time.
	Steps []Step `yaml:"steps"`
	// Expect is what must (and must not) happen.
	Expect Expect `yaml:"expect"`
	// Mistake marks a scenario that shows a mistake of the M list, names
	// its fixed twin and the consequence that tells them apart.
	Mistake *MistakeSpec `yaml:"mistake"`

	file      string
	src       []byte
	positions map[string]Position
}

// File is the file the scenario was read from (or the name given to Parse).
func (s *Scenario) File() string { return s.file }

// Source is the scenario's YAML text.
func (s *Scenario) Source() []byte { return s.src }

// PositionOf returns the position of the value at a YAML path such as
// "$.expect.events[1]", if the file has one there.
func (s *Scenario) PositionOf(path string) (Position, bool) {
	p, ok := s.positions[path]
	return p, ok
}

// MistakeSpec ties a mistake scenario to its fixed twin.
type MistakeSpec struct {
	// ID is the mistake's ID, M1 to M17.
	ID string `yaml:"id" jsonschema:"pattern=^M[0-9]+$"`
	// Twin is the name of the catalog scenario that shows the fix.
	Twin string `yaml:"twin"`
	// Consequence are events, in order, that the mistake causes and the
	// twin does not show: the difference the description promises.
	Consequence []EventPattern `yaml:"consequence"`
}

// Network is what the servers answer and how the link behaves.
type Network struct {
	// Link is the connection at the start (default Wi-Fi, 2MB a second, 50ms).
	Link *LinkSpec `yaml:"link"`
	// Resources are what servers answer for download (GET) URLs.
	Resources []Resource `yaml:"resources"`
	// Uploads are the endpoints upload tasks send to, with their answers.
	Uploads []Upload `yaml:"uploads"`
	// Faults are failures injected on URLs.
	Faults []Fault `yaml:"faults"`
	// Timeline changes the link at given virtual times.
	Timeline []LinkChange `yaml:"timeline"`
	// Tokens are the bearer tokens the servers accept, each for a time
	// from T+0: a transfer that outlives its token is refused 401 (R-D9).
	Tokens []Token `yaml:"tokens"`
}

// Token is an access token the servers accept, sent by the app as the
// header "Authorization: Bearer TOKEN" (a policy task's token).
type Token struct {
	// Token is the token's text.
	Token string `yaml:"token"`
	// ValidFor is how long after T+0 the servers accept it (1h).
	ValidFor Duration `yaml:"valid-for"`
	Pos      Position `yaml:"-"`
}

// LinkSpec is the device's connection.
type LinkSpec struct {
	// Kind is wifi, cellular or offline.
	Kind fakes.LinkKind `yaml:"kind"`
	// Bandwidth is bytes a second, shared by the transfers (2MB if unset).
	Bandwidth Size `yaml:"bandwidth"`
	// Latency is one round trip (50ms if unset).
	Latency Duration `yaml:"latency"`
	Pos     Position `yaml:"-"`
}

// Resource is what a server answers for one URL.
type Resource struct {
	// URL is the resource's absolute http or https URL.
	URL string `yaml:"url"`
	// Size is the body's size: 30MB, 512KiB, 200B.
	Size Size `yaml:"size"`
	// ETag is the entity tag the server sends (a resumable download needs
	// it or last-modified, R-G1).
	ETag string `yaml:"etag"`
	// LastModified is the Last-Modified header, as 2026-01-01T00:00:00Z.
	LastModified time.Time `yaml:"last-modified"`
	// Ranges: the server honours byte-range requests (resume, R-G1).
	Ranges bool `yaml:"ranges"`
	// Status is the HTTP status (200 if unset).
	Status int `yaml:"status"`
	// NoContentLength: the response has no Content-Length, so progress
	// shows an unknown total (R-G3).
	NoContentLength bool `yaml:"no-content-length"`
	// RedirectTo makes the URL answer 302 to this one (R-S4).
	RedirectTo string `yaml:"redirect-to"`
	// Challenge is the auth scheme the server demands first (Basic,
	// ClientCertificate), R-S5, R-S10.
	Challenge string `yaml:"challenge"`
	// RequireToken: the server answers only a request with a valid bearer
	// token (network tokens), else 401 with an error document.
	RequireToken bool     `yaml:"require-token"`
	Pos          Position `yaml:"-"`
}

// Upload is an endpoint that accepts upload tasks.
type Upload struct {
	// URL is the endpoint's absolute URL.
	URL string `yaml:"url"`
	// Status is the HTTP status of the answer (201 Created if unset); a
	// 4xx or 5xx is not a transport error (R-D9).
	Status int `yaml:"status"`
	// Body is the document the server answers with (an id, an ETag, an
	// error): the app receives it as data before the task completes (R-D9).
	Body string `yaml:"body"`
	// RequireToken: the server takes only an upload with a valid bearer
	// token (network tokens), checked when the body has arrived, else it
	// answers 401 with an error document (R-D9).
	RequireToken bool     `yaml:"require-token"`
	Pos          Position `yaml:"-"`
}

// Fault is a failure injected on a URL. Set exactly one of drop-at-byte,
// drop-at, stall-at-byte (with stall-for) or server-error.
type Fault struct {
	// URL is the resource or upload the fault hits.
	URL string `yaml:"url"`
	// DropAtByte loses the connection when the body reaches this offset.
	DropAtByte *Size `yaml:"drop-at-byte"`
	// DropAt loses every connection to the URL at this virtual time.
	DropAt *Duration `yaml:"drop-at"`
	// StallAtByte stops the body at this offset for StallFor.
	StallAtByte *Size `yaml:"stall-at-byte"`
	// StallFor is how long a stall lasts.
	StallFor Duration `yaml:"stall-for"`
	// ServerError makes the next attempt get this status with an empty body.
	ServerError int      `yaml:"server-error"`
	Pos         Position `yaml:"-"`
}

// LinkChange changes the link at a virtual time.
type LinkChange struct {
	// At is the virtual time of the change.
	At Duration `yaml:"at"`
	// Link is the new link; kind alone keeps the default bandwidth and latency.
	Link LinkSpec `yaml:"link"`
	Pos  Position `yaml:"-"`
}

// Device is the device at the start of the run.
type Device struct {
	// Battery is the charge in percent, 1 to 100 (80 if unset).
	Battery *int `yaml:"battery" jsonschema:"minimum=1,maximum=100"`
	// Charging: the device is plugged in.
	Charging bool `yaml:"charging"`
	// LowPowerMode is on (discretionary transfers wait, R-S6).
	LowPowerMode bool `yaml:"low-power-mode"`
	// Network is the connection's kind at the start: wifi, cellular or
	// offline (overrides network.link's kind).
	Network *fakes.LinkKind `yaml:"network"`
	// BackgroundAppRefresh is the user's setting for the app at the
	// start. Switching it off cancels the transfers under way (R-E4);
	// off from the start, it cancels none, and transfers made while it is
	// off run as with it on (the rules are silent on them).
	// set-background-app-refresh switches it during the run.
	BackgroundAppRefresh *bool `yaml:"background-app-refresh"`
	// DebuggerAttached: Xcode's debugger keeps the app from being
	// suspended (R-L8, M12). Needs the simulator's support.
	DebuggerAttached *bool    `yaml:"debugger-attached"`
	Pos              Position `yaml:"-"`
}
