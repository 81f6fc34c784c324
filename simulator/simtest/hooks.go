package simtest

import "github.com/bgsim/bgsim/appmodel"

// Hooks are code a test runs inside the app's delegate methods. Each hook
// runs after the method was recorded and after the app model's own method
// (see [WithApp]) returned, on the same queue, so it sees what the model
// did and can add to it. A nil hook does nothing.
//
// DidReceiveChallenge and WillBeginDelayedRequest take a reply: when their
// hook is set it answers instead of the model's method, so the reply is
// given once.
//
// Session hooks apply to every session delegate the app passes to
// NewSession. A session made with a nil delegate gets none (the simulator
// reports the missing delegate, R-S3): pass appmodel.SessionDelegateBase{}
// to a session whose behaviour lives in hooks.
type Hooks struct {
	FinishedLaunching            func(app appmodel.App, opts appmodel.LaunchOptions)
	OnActivated                  func(app appmodel.App)
	OnResignActivation           func(app appmodel.App)
	DidEnterBackground           func(app appmodel.App)
	WillEnterForeground          func(app appmodel.App)
	WillTerminate                func(app appmodel.App)
	HandleEventsForBackgroundURL func(app appmodel.App, sessionIdentifier string, completionHandler func())

	DidWriteData                        func(s appmodel.Session, t appmodel.Task, bytesWritten, totalWritten, totalExpected int64)
	DidSendBodyData                     func(s appmodel.Session, t appmodel.Task, bytesSent, totalSent, totalExpected int64)
	DidReceiveData                      func(s appmodel.Session, t appmodel.Task, data []byte)
	DidFinishDownloading                func(s appmodel.Session, t appmodel.Task, location string)
	DidCompleteWithError                func(s appmodel.Session, t appmodel.Task, err *appmodel.URLError)
	DidResume                           func(s appmodel.Session, t appmodel.Task, offset, totalExpected int64)
	DidReceiveChallenge                 func(s appmodel.Session, t appmodel.Task, c appmodel.Challenge, reply func(appmodel.Disposition, *appmodel.Credential))
	WillBeginDelayedRequest             func(s appmodel.Session, t appmodel.Task, reply func(appmodel.DelayedDisposition, *appmodel.Request))
	DidFinishEventsForBackgroundSession func(s appmodel.Session)
	DidBecomeInvalidWithError           func(s appmodel.Session, err *appmodel.URLError)
}
