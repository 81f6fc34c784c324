package simulator

// Callback names a method of the app model that the platform calls: an
// AppDelegate method (UIApplicationDelegate) or a SessionDelegate method
// (URLSessionDelegate and its task and download variants). The value is the
// Xamarin.iOS name, as the trace writes it; [Callback.Swift] gives the
// Swift name.
type Callback string

// AppDelegate callbacks (UIApplicationDelegate).
const (
	CbFinishedLaunching            Callback = "FinishedLaunching"
	CbOnActivated                  Callback = "OnActivated"
	CbOnResignActivation           Callback = "OnResignActivation"
	CbDidEnterBackground           Callback = "DidEnterBackground"
	CbWillEnterForeground          Callback = "WillEnterForeground"
	CbWillTerminate                Callback = "WillTerminate"
	CbHandleEventsForBackgroundURL Callback = "HandleEventsForBackgroundURL"
)

// SessionDelegate callbacks (NSUrlSessionDownloadDelegate with the task
// and session delegate methods).
const (
	CbDidWriteData                        Callback = "DidWriteData"
	CbDidSendBodyData                     Callback = "DidSendBodyData"
	CbDidReceiveData                      Callback = "DidReceiveData"
	CbDidFinishDownloading                Callback = "DidFinishDownloading"
	CbDidCompleteWithError                Callback = "DidCompleteWithError"
	CbDidResume                           Callback = "DidResume"
	CbDidReceiveChallenge                 Callback = "DidReceiveChallenge"
	CbWillBeginDelayedRequest             Callback = "WillBeginDelayedRequest"
	CbDidFinishEventsForBackgroundSession Callback = "DidFinishEventsForBackgroundSession"
	CbDidBecomeInvalidWithError           Callback = "DidBecomeInvalidWithError"
)

var swiftNames = map[Callback]string{
	CbFinishedLaunching:                   "application(_:didFinishLaunchingWithOptions:)",
	CbOnActivated:                         "applicationDidBecomeActive(_:)",
	CbOnResignActivation:                  "applicationWillResignActive(_:)",
	CbDidEnterBackground:                  "applicationDidEnterBackground(_:)",
	CbWillEnterForeground:                 "applicationWillEnterForeground(_:)",
	CbWillTerminate:                       "applicationWillTerminate(_:)",
	CbHandleEventsForBackgroundURL:        "application(_:handleEventsForBackgroundURLSession:completionHandler:)",
	CbDidWriteData:                        "urlSession(_:downloadTask:didWriteData:totalBytesWritten:totalBytesExpectedToWrite:)",
	CbDidSendBodyData:                     "urlSession(_:task:didSendBodyData:totalBytesSent:totalBytesExpectedToSend:)",
	CbDidReceiveData:                      "urlSession(_:dataTask:didReceive:)",
	CbDidFinishDownloading:                "urlSession(_:downloadTask:didFinishDownloadingTo:)",
	CbDidCompleteWithError:                "urlSession(_:task:didCompleteWithError:)",
	CbDidResume:                           "urlSession(_:downloadTask:didResumeAtOffset:expectedTotalBytes:)",
	CbDidReceiveChallenge:                 "urlSession(_:task:didReceive:completionHandler:)",
	CbWillBeginDelayedRequest:             "urlSession(_:task:willBeginDelayedRequest:completionHandler:)",
	CbDidFinishEventsForBackgroundSession: "urlSessionDidFinishEvents(forBackgroundURLSession:)",
	CbDidBecomeInvalidWithError:           "urlSession(_:didBecomeInvalidWithError:)",
}

// Callbacks lists every callback, AppDelegate methods first, in the order
// of the constants above.
func Callbacks() []Callback {
	return []Callback{
		CbFinishedLaunching, CbOnActivated, CbOnResignActivation, CbDidEnterBackground,
		CbWillEnterForeground, CbWillTerminate, CbHandleEventsForBackgroundURL,
		CbDidWriteData, CbDidSendBodyData, CbDidReceiveData, CbDidFinishDownloading,
		CbDidCompleteWithError, CbDidResume, CbDidReceiveChallenge, CbWillBeginDelayedRequest,
		CbDidFinishEventsForBackgroundSession, CbDidBecomeInvalidWithError,
	}
}

// Xamarin returns the Xamarin.iOS name (the value itself).
func (c Callback) Xamarin() string { return string(c) }

// Swift returns the Swift name of the method, or the Xamarin name for a
// value that is not one of the constants.
func (c Callback) Swift() string {
	if n, ok := swiftNames[c]; ok {
		return n
	}
	return string(c)
}

// Known reports whether c is one of the constants of this package.
func (c Callback) Known() bool {
	_, ok := swiftNames[c]
	return ok
}

// String returns the Xamarin name.
func (c Callback) String() string { return string(c) }
