package appmodel

import "strconv"

// CounterApp is the small app of the lifecycle demo. It counts its
// activations in memory, which dies with the process (R-L6), and, if
// Persist is set, also in Defaults, which does not.
type CounterApp struct {
	AppDelegateBase
	Persist     bool
	activations int
}

// NewCounterApp returns the factory of the lifecycle demo's app.
func NewCounterApp(persist bool) Factory {
	return func() AppDelegate { return &CounterApp{Persist: persist} }
}

// FinishedLaunching reports what the new process starts with.
func (c *CounterApp) FinishedLaunching(app App, opts LaunchOptions) {
	LogInts(app, "new process: in-memory count %d, persisted count %d", c.activations, app.Defaults().Int("activations"))
}

// OnActivated counts.
func (c *CounterApp) OnActivated(app App) {
	c.activations++
	if c.Persist {
		app.Defaults().SetInt("activations", app.Defaults().Int("activations")+1)
	}
	app.UpdateUI("activations: " + strconv.Itoa(c.activations))
}

// DidEnterBackground saves nothing and returns at once.
func (c *CounterApp) DidEnterBackground(app App) {
	LogInt(app, "entered the background after %d activations", c.activations)
}

// WillTerminate is never called in the demo: a suspended app is killed
// without it (R-L7).
func (c *CounterApp) WillTerminate(app App) { app.Log("WillTerminate") }
