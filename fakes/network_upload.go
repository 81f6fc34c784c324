package fakes

import "time"

// UploadEndpoint is a server URL that accepts uploads (PUT or POST): what
// it answers once the whole body arrived. Without an endpoint at its URL, an
// upload fails like a request to a host that does not exist.
type UploadEndpoint struct {
	// Status is the HTTP status of the answer; 0 means 200. A 4xx or 5xx
	// is an answer, not a transport error: the task completes without an
	// error and the app finds the status on the task's response.
	Status int
	// Body is the document the server answers with (an id, an ETag, an
	// error message); the app receives it as data before the task
	// completes. "" answers with no body.
	Body string
	// Latency is how long the server works on the upload before it
	// answers, on top of the link's round trip. Zero answers at once.
	Latency time.Duration
}

// AddUploadEndpoint publishes an endpoint that accepts uploads at rawURL,
// in one line:
//
//	net.AddUploadEndpoint("https://api.example.com/photos", fakes.UploadEndpoint{
//		Status: 201, Body: `{"id": 7}`, Latency: 300 * time.Millisecond})
//
// It is the Resource{Status, Body, ResponseDelay} of that URL, with the
// errors of AddResource: a bad URL (ErrBadURL), something already published
// there (fs.ErrExist), a status that is not an HTTP status or a negative
// latency (fs.ErrInvalid).
func (n *Network) AddUploadEndpoint(rawURL string, e UploadEndpoint) error {
	return n.AddResource(rawURL, Resource{Status: e.Status, Body: e.Body, ResponseDelay: e.Latency})
}
