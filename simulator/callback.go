package simulator

// Callback names a method of the app model that the platform calls: an
// AppDelegate method (UIApplicationDelegate) or a SessionDelegate method
// (URLSessionDelegate and its task and download variants). The value is the
// name of the appmodel method, as the trace writes it: the Xamarin.iOS
// name but for two, HandleEventsForBackgroundURL (Xamarin:
// HandleEventsForBackgroundUrl) and DidBecomeInvalidWithError (Xamarin:
// DidBecomeInvalid). [Callback.Xamarin] and [Callback.Swift] give the
// names a reader knows; [ParseCallback] reads any of the three.
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

// xamarinNames are the Xamarin.iOS names that differ from the value.
var xamarinNames = map[Callback]string{
	CbHandleEventsForBackgroundURL: "HandleEventsForBackgroundUrl",
	CbDidBecomeInvalidWithError:    "DidBecomeInvalid",
}

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

// Xamarin returns the Xamarin.iOS name of the method: the value itself
// but for HandleEventsForBackgroundUrl and DidBecomeInvalid.
func (c Callback) Xamarin() string {
	if n, ok := xamarinNames[c]; ok {
		return n
	}
	return string(c)
}

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

// String returns the value, the name the trace writes.
func (c Callback) String() string { return string(c) }

// ParseCallback reads a callback by the name the trace writes, its
// Xamarin.iOS name or its Swift name ("HandleEventsForBackgroundURL",
// "HandleEventsForBackgroundUrl" and
// "application(_:handleEventsForBackgroundURLSession:completionHandler:)"
// are one callback). It reports false for a name of none.
func ParseCallback(name string) (Callback, bool) {
	c, ok := callbackByName[name]
	return c, ok
}

// callbackByName maps each name ParseCallback reads (CallbackNames) to its
// callback; Names.Rewrite looks words up in it too.
var callbackByName = func() map[string]Callback {
	m := map[string]Callback{}
	for _, c := range Callbacks() {
		m[string(c)], m[c.Xamarin()], m[c.Swift()] = c, c, c
	}
	return m
}()

// CallbackNames lists every name [ParseCallback] accepts: each
// callback's value, then its Xamarin name where it differs, then its
// Swift name.
func CallbackNames() []string {
	var out []string
	for _, c := range Callbacks() {
		out = append(out, string(c))
		if x := c.Xamarin(); x != string(c) {
			out = append(out, x)
		}
		out = append(out, c.Swift())
	}
	return out
}
