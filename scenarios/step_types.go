package scenarios

// Step is one line of the script: an action, when it happens, and its
// narration. When: at (virtual time since the start) or after (since the
// previous step); with neither it happens right after the previous one.
type Step struct {
	// At is the virtual time since the start at which the step happens.
	At *Duration `yaml:"at"`
	// After is the virtual time since the previous step.
	After *Duration `yaml:"after"`
	// Do is the action: launch, home, force-quit, memory-pressure-kill,
	// crash, update-app, set-power, set-background-app-refresh, set-link,
	// offline, online, update-resource, fault, cancel-for-resources,
	// launch-extension, end-extension,
	// other-process-holds, run-for, run-until, run-until-idle, or note.
	Do Action `yaml:"do"`
	// Note narrates the step in the trace; with do: note it is the whole step.
	Note string `yaml:"note"`
	// For is how long run-for runs.
	For Duration `yaml:"for"`
	// Until is what run-until waits for.
	Until *Condition `yaml:"until"`
	// Limit bounds run-until and run-until-idle in virtual time; reaching
	// it is an error of the run.
	Limit Duration `yaml:"limit"`
	// Link is set-link's new link.
	Link *LinkSpec `yaml:"link"`
	// Battery, Charging and LowPowerMode are set-power's new power state.
	Battery      *int  `yaml:"battery" jsonschema:"minimum=1,maximum=100"`
	Charging     *bool `yaml:"charging"`
	LowPowerMode *bool `yaml:"low-power-mode"`
	// Message is crash's message.
	Message string `yaml:"message"`
	// MoveContainer: update-app gives the app's container a new absolute
	// path (R-L9).
	MoveContainer *bool `yaml:"move-container"`
	// Session and Holds are other-process-holds' identifier and whether
	// the other process (an extension) holds it (R-I2).
	Session string `yaml:"session"`
	Holds   *bool  `yaml:"holds"`
	// Resource is update-resource's new content (its url names it).
	Resource *Resource `yaml:"resource"`
	// Extension names the extension launch-extension and end-extension act on.
	Extension string `yaml:"extension"`
	// Enabled is set-background-app-refresh's new setting (R-E4).
	Enabled *bool `yaml:"enabled"`
	// Fault is the fault the fault action injects.
	Fault *Fault   `yaml:"fault"`
	Pos   Position `yaml:"-"`
}

// Condition is what run-until waits for; set one of its keys.
type Condition struct {
	// State is the app's state: not-running, inactive, active, background,
	// suspended, terminated.
	State string `yaml:"state"`
	// Event is an event of the trace, from now on.
	Event *EventPattern `yaml:"event"`
	// Idle: nothing is left to happen.
	Idle bool     `yaml:"idle"`
	Pos  Position `yaml:"-"`
}

// Action is a step's verb; ActionNames lists them.
type Action string
