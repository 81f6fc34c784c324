package simulator

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/bgsim/bgsim/appmodel"
)

// R-D9: the server's answer to an upload is part of the task's outcome. Its
// body reaches the delegate as data (DidReceiveData) right before
// DidCompleteWithError, queued in the daemon with the other events, so an
// app relaunched for the upload still gets it. Its status is on the task's
// response; a 4xx or 5xx is an answer, not a transport error, so the task
// completes with DidCompleteWithError(nil).

// pushResponseBody queues the response body of a finished upload (or
// data) task for the app, ahead of its DidCompleteWithError.
func (b *bgSession) pushResponseBody(t *dtask, err *appmodel.URLError) {
	if err != nil || len(t.peek().body) == 0 || t.kind() == appmodel.DownloadKind {
		return
	}
	b.push(sessionEvent{kind: evReceiveData, t: t}) // the body stays on the task: it never changes once the task is done
}

// deliverData calls DidReceiveData with a copy of the body, so that an app
// that keeps and changes the slice does not change the daemon's.
func (so *sessionObj) deliverData(t appmodel.Task, e sessionEvent) {
	body := e.t.peek().body
	so.callback(&callbackEvent{cb: CbDidReceiveData, task: e.t.id, bytes: int64(len(body)),
		detail: bodyPreview(body), rule: RuleD9})
	so.delegate.DidReceiveData(so, t, append([]byte(nil), body...))
}

// completedDetail is how the trace shows DidCompleteWithError(nil): with
// the HTTP status when the server refused or failed, which the app finds
// on the task's response, not in the error (R-D9).
func completedDetail(t *dtask) string {
	if t.err != nil {
		return t.err.Error()
	}
	if code := int(t.status); t.hasResponse && code >= http.StatusBadRequest {
		return "nil (HTTP " + strconv.Itoa(code) + " " + http.StatusText(code) + " on the response)"
	}
	return "nil"
}

// bodyPreview shows at most 60 bytes of a body, quoted.
func bodyPreview(b []byte) string {
	const limit = 60
	if len(b) <= limit {
		return strconv.Quote(string(b))
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(string(b[:limit])), len(b))
}

// request is the task's original request as the app gets it: a copy, as
// URLRequest is a value, so that changing its header changes nothing the
// daemon sends (R-D9).
func (t *dtask) request() appmodel.Request {
	r := t.req
	r.Header = r.Header.Clone()
	return r
}
