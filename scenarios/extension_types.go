package scenarios

// ExtensionSpec is an app extension of the app (share, action, widget): a
// separate, short-lived process (R-X1), described as a policy app. Its
// first-launch tasks start when it is launched (do: launch-extension); its
// sessions must set shared-container, or their tasks fail with -995.
type ExtensionSpec struct {
	// Name names the extension in steps and in the trace.
	Name string `yaml:"name"`
	// Identifiers is how the extension names its sessions: distinct (its
	// own identifiers, as Apple's extension guide advises) or shared (the
	// app's, as forum staff describe; one process at a time, R-X3).
	Identifiers string `yaml:"identifiers" jsonschema:"enum=distinct,enum=shared"`
	// Policy is what the extension does.
	Policy Policy   `yaml:"policy"`
	Pos    Position `yaml:"-"`
}
