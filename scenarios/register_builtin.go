package scenarios

import "github.com/bgsim/bgsim/appmodel"

// The Go app models the built-in catalog drives by name: the lifecycle
// demo's counter, which keeps its count in memory only or also in
// NSUserDefaults.
func init() {
	Register("counter", appmodel.NewCounterApp(false))
	Register("counter-persist", appmodel.NewCounterApp(true))
}
