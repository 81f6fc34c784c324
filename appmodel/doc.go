// Package appmodel is the app side of bgsim's contract: the interfaces an
// app model implements (AppDelegate, SessionDelegate) and the ones it calls
// (App, Session, Task), mirroring UIKit and Foundation. It is what both sides
// program against; the simulator package implements it, as iOS implements
// UIKit, and this package imports neither the simulator nor the scenarios.
//
// Names follow the Xamarin.iOS API of the seed walkthrough, Go-cased; each
// doc comment gives the Xamarin and the Swift name.
//
// The simulator builds a new AppDelegate from a factory at every process
// launch, so an app model's fields die with its process (R-L6): what must
// survive goes into Defaults or Files, as in a real app.
//
// The package also holds the reference app, the seed walkthrough's
// SimpleBackgroundTransfer (see RefApp).
package appmodel
