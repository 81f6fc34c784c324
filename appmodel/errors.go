package appmodel

import (
	"fmt"
	"strconv"
)

// ErrorCode is an NSURLErrorDomain code (R-G2). Xamarin: NSUrlError;
// Swift: URLError.Code.
type ErrorCode int

// The error codes bgsim produces (R-G2).
const (
	ErrCancelled                                ErrorCode = -999
	ErrUnsupportedURL                           ErrorCode = -1002
	ErrCannotFindHost                           ErrorCode = -1003
	ErrTimedOut                                 ErrorCode = -1001
	ErrNetworkConnectionLost                    ErrorCode = -1005
	ErrNotConnectedToInternet                   ErrorCode = -1009
	ErrUserCancelledAuthentication              ErrorCode = -1012
	ErrClientCertificateRequired                ErrorCode = -1206
	ErrBackgroundSessionWasDisconnected         ErrorCode = -997
	ErrBackgroundSessionInUseByAnotherProcess   ErrorCode = -996
	ErrBackgroundSessionRequiresSharedContainer ErrorCode = -995
	ErrFileDoesNotExist                         ErrorCode = -1100
)

var errorCodeNames = map[ErrorCode]string{
	ErrCancelled:                                "cancelled",
	ErrUnsupportedURL:                           "unsupported URL",
	ErrCannotFindHost:                           "cannot find host",
	ErrFileDoesNotExist:                         "file does not exist",
	ErrTimedOut:                                 "timed out",
	ErrNetworkConnectionLost:                    "network connection lost",
	ErrNotConnectedToInternet:                   "not connected to internet",
	ErrUserCancelledAuthentication:              "user cancelled authentication",
	ErrClientCertificateRequired:                "client certificate required",
	ErrBackgroundSessionWasDisconnected:         "background session was disconnected",
	ErrBackgroundSessionInUseByAnotherProcess:   "background session in use by another process",
	ErrBackgroundSessionRequiresSharedContainer: "background session requires shared container",
}

// String gives the code and its meaning, as in "-999 cancelled".
func (c ErrorCode) String() string {
	if n, ok := errorCodeNames[c]; ok {
		return fmt.Sprintf("%d %s", int(c), n)
	}
	return fmt.Sprintf("%d", int(c))
}

// CancelReason is the value of NSURLErrorBackgroundTaskCancelledReasonKey.
type CancelReason int

// Cancellation reasons, with Apple's values.
const (
	ReasonUserForceQuit               CancelReason = 0 // R-E3
	ReasonBackgroundUpdatesDisabled   CancelReason = 1
	ReasonInsufficientSystemResources CancelReason = 2 // R-E4
)

// String gives Apple's name of the reason.
func (r CancelReason) String() string {
	switch r {
	case ReasonUserForceQuit:
		return "userForceQuit"
	case ReasonBackgroundUpdatesDisabled:
		return "backgroundUpdatesDisabled"
	case ReasonInsufficientSystemResources:
		return "insufficientSystemResources"
	}
	return fmt.Sprintf("reason(%d)", int(r))
}

// URLError is an NSError in NSURLErrorDomain. Xamarin: NSError; Swift: URLError.
type URLError struct {
	Code ErrorCode
	// HasReason says whether Reason is set (a background cancellation).
	HasReason bool
	Reason    CancelReason
	// ResumeData is set when the download can be continued (R-G1).
	ResumeData *ResumeData
	// Message adds detail, as the userInfo description would.
	Message string
}

// Error reads like the NSError's description: domain, code, reason,
// detail, and whether it carries resume data (the userInfo key
// NSURLSessionDownloadTaskResumeData), from which byte the download would
// continue.
func (e *URLError) Error() string {
	s := "NSURLErrorDomain " + e.Code.String()
	if e.HasReason {
		s += " (reason " + e.Reason.String() + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if r := e.ResumeData; r != nil {
		s += "; with resume data from byte " + strconv.FormatInt(r.Offset, 10)
	}
	return s
}

// ResumeData is what a download needs to continue where it stopped (R-G1).
// Apps treat it as opaque; bgsim shows its fields.
type ResumeData struct {
	URL       string
	Offset    int64  // bytes already on disk
	Validator string // ETag or Last-Modified the server sent
	TempFile  string // the partial file in the daemon's directory
}
