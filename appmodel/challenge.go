package appmodel

// Challenge is an authentication challenge. Xamarin:
// NSUrlAuthenticationChallenge; Swift: URLAuthenticationChallenge.
type Challenge struct {
	// Method is the authentication method, e.g. "NSURLAuthenticationMethodHTTPBasic".
	Method               string
	Host                 string
	PreviousFailureCount int
}

// Authentication methods.
const (
	AuthHTTPBasic         = "NSURLAuthenticationMethodHTTPBasic"
	AuthClientCertificate = "NSURLAuthenticationMethodClientCertificate"
	AuthServerTrust       = "NSURLAuthenticationMethodServerTrust"
)

// Disposition answers a challenge. Xamarin:
// NSUrlSessionAuthChallengeDisposition; Swift: URLSession.AuthChallengeDisposition.
type Disposition int

// Dispositions.
const (
	UseCredential Disposition = iota
	PerformDefaultHandling
	CancelAuthenticationChallenge
	RejectProtectionSpace
)

// Credential answers a challenge. Xamarin: NSUrlCredential; Swift: URLCredential.
type Credential struct {
	User, Password string
	// ClientCertificate marks an identity credential (R-S10).
	ClientCertificate bool
}

// DelayedDisposition answers WillBeginDelayedRequest (R-S7). Swift:
// URLSession.DelayedRequestDisposition.
type DelayedDisposition int

// Delayed-request dispositions.
const (
	ContinueLoading DelayedDisposition = iota
	UseNewRequest
	CancelDelayedRequest
)
