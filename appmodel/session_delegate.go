package appmodel

// SessionDelegate mirrors NSUrlSessionDownloadDelegate with the task and
// session delegate methods. Methods run on the session's delegate queue, a
// serial background queue, not on the main thread (R-D5). Embed
// SessionDelegateBase and override what you need.
type SessionDelegate interface {
	// DidWriteData reports download progress (R-G3); totalExpected is -1
	// when unknown. Xamarin: DidWriteData; Swift:
	// urlSession(_:downloadTask:didWriteData:...).
	DidWriteData(s Session, t Task, bytesWritten, totalWritten, totalExpected int64)
	// DidSendBodyData reports upload progress. Xamarin: DidSendBodyData; Swift: urlSession(_:task:didSendBodyData:...).
	DidSendBodyData(s Session, t Task, bytesSent, totalSent, totalExpected int64)
	// DidReceiveData hands over (part of) the response body of an upload or
	// data task: for a background upload, the server's answer (an id, an
	// ETag, an error document) comes before DidCompleteWithError, also after
	// a relaunch (R-D9). Xamarin: DidReceiveData; Swift:
	// urlSession(_:dataTask:didReceive:).
	DidReceiveData(s Session, t Task, data []byte)
	// DidFinishDownloading hands over the downloaded file at location; it is
	// deleted when the method returns (R-D6). Xamarin: DidFinishDownloading;
	// Swift: urlSession(_:downloadTask:didFinishDownloadingTo:).
	DidFinishDownloading(s Session, t Task, location string)
	// DidCompleteWithError ends every task; err is nil on success. Xamarin:
	// DidCompleteWithError; Swift: urlSession(_:task:didCompleteWithError:).
	DidCompleteWithError(s Session, t Task, err *URLError)
	// DidResume: a download continued from resume data at offset. Xamarin:
	// DidResume; Swift: urlSession(_:downloadTask:didResumeAtOffset:expectedTotalBytes:).
	DidResume(s Session, t Task, offset, totalExpected int64)
	// DidReceiveChallenge asks for credentials. Xamarin: DidReceiveChallenge;
	// Swift: urlSession(_:task:didReceive:completionHandler:).
	DidReceiveChallenge(s Session, t Task, c Challenge, reply func(Disposition, *Credential))
	// WillBeginDelayedRequest: a task delayed by EarliestBeginDate is ready
	// (R-S7). Xamarin: WillBeginDelayedRequest; Swift: urlSession(_:task:willBeginDelayedRequest:completionHandler:).
	WillBeginDelayedRequest(s Session, t Task, reply func(DelayedDisposition, *Request))
	// DidFinishEventsForBackgroundSession: every queued event was delivered
	// (R-D3). Call the stored completion handler, on the main thread.
	// Xamarin: DidFinishEventsForBackgroundSession; Swift: urlSessionDidFinishEvents(forBackgroundURLSession:).
	DidFinishEventsForBackgroundSession(s Session)
	// DidBecomeInvalidWithError: the session was invalidated (R-G4). Xamarin:
	// DidBecomeInvalid; Swift: urlSession(_:didBecomeInvalidWithError:).
	DidBecomeInvalidWithError(s Session, err *URLError)
}

// SessionDelegateBase implements SessionDelegate with the platform's
// default behaviour. Embed it.
type SessionDelegateBase struct{}

// DidWriteData does nothing.
func (SessionDelegateBase) DidWriteData(Session, Task, int64, int64, int64) {}

// DidSendBodyData does nothing.
func (SessionDelegateBase) DidSendBodyData(Session, Task, int64, int64, int64) {}

// DidReceiveData does nothing: the response body is lost (R-D9).
func (SessionDelegateBase) DidReceiveData(Session, Task, []byte) {}

// DidFinishDownloading does nothing: the file is lost (R-D6).
func (SessionDelegateBase) DidFinishDownloading(Session, Task, string) {}

// DidCompleteWithError does nothing.
func (SessionDelegateBase) DidCompleteWithError(Session, Task, *URLError) {}

// DidResume does nothing.
func (SessionDelegateBase) DidResume(Session, Task, int64, int64) {}

// DidReceiveChallenge asks for default handling, as URLSession does when
// the method is not implemented.
func (SessionDelegateBase) DidReceiveChallenge(_ Session, _ Task, _ Challenge, reply func(Disposition, *Credential)) {
	reply(PerformDefaultHandling, nil)
}

// WillBeginDelayedRequest continues with the original request.
func (SessionDelegateBase) WillBeginDelayedRequest(_ Session, _ Task, reply func(DelayedDisposition, *Request)) {
	reply(ContinueLoading, nil)
}

// DidFinishEventsForBackgroundSession does nothing: a stored completion
// handler is never called (R-D4).
func (SessionDelegateBase) DidFinishEventsForBackgroundSession(Session) {}

// DidBecomeInvalidWithError does nothing.
func (SessionDelegateBase) DidBecomeInvalidWithError(Session, *URLError) {}
