package simulator

import (
	"fmt"
	"testing"

	"github.com/bgsim/bgsim/fakes"
)

// TestResponseDetail checks that the response event's detail, kept as a
// format and arguments, reads as the sentence the trace has always had.
func TestResponseDetail(t *testing.T) {
	s := New(Config{})
	for _, partial := range []bool{false, true} {
		for _, hops := range []int{0, 2} {
			for _, cl := range []int64{10, -1} {
				r := fakes.Response{Status: 206, Partial: partial, Redirects: hops, ContentLength: cl,
					FinalURL: "https://example.com/100%25/b.bin"}
				want := fmt.Sprintf("HTTP %d", r.Status)
				if partial {
					want += " partial content"
				}
				if hops > 0 {
					want += fmt.Sprintf(" after %d redirect(s) to %s", hops, r.FinalURL)
				}
				if cl < 0 {
					want += ", no Content-Length"
				}
				s.daemon.emitResponse(&Event{Actor: ActorNetwork, Kind: KindTransferResponse}, r)
				tr := s.Trace()
				if got := tr[len(tr)-1].Detail; got != want {
					t.Errorf("detail %q, want %q", got, want)
				}
			}
		}
	}
}
