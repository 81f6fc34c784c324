// Package scenarios runs scripted stories on the simulator: the seed
// walkthrough, the lifecycle demo, and (as files) the built-in catalog.
// A scenario is a simulator configuration, an app, network resources and a
// timed script of user and system actions; running it yields the trace.
package scenarios
