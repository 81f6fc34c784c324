package explore

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/bgsim/bgsim/fakes"
	"github.com/bgsim/bgsim/scenarios"
)

// The files property: a downloaded file is whole and of one version of its
// resource. The simulator's files record where their bytes came from
// (fakes.Segment: the URL and the validator, ETag or Last-Modified, of the
// content), so a file stitched from two contents across a resume (R-G1)
// shows as two sources, and one cut short as too few bytes.

// versions is what the server publishes at each URL over one run: the
// scenario's resources and every update-resource step. The bytes of a
// version carry the source URL#validator (the URL alone when the resource
// has no validator).
type versions struct {
	sizes    map[string][]int64 // by source: the sizes published under it
	first    map[string]string  // by canonical URL: the source of the first content
	redirect map[string]bool    // canonical URLs that redirect: their bytes are the target's
}

func newVersions() versions {
	return versions{sizes: map[string][]int64{}, first: map[string]string{}, redirect: map[string]bool{}}
}

// add records r as published.
func (v versions) add(r scenarios.Resource) {
	u, ok := canonical(r.URL)
	if !ok {
		return
	}
	if r.RedirectTo != "" {
		v.redirect[u] = true
		return
	}
	src := u
	switch {
	case r.ETag != "":
		src += "#" + r.ETag
	case !r.LastModified.IsZero():
		src += "#" + r.LastModified.UTC().Format(http.TimeFormat)
	}
	if _, ok := v.first[u]; !ok {
		v.first[u] = src
	}
	if !slices.Contains(v.sizes[src], int64(r.Size)) {
		v.sizes[src] = append(v.sizes[src], int64(r.Size))
	}
}

// clone is a copy v's adds do not reach.
func (v versions) clone() versions {
	out := newVersions()
	for k, s := range v.sizes {
		out.sizes[k] = slices.Clone(s)
	}
	for k, s := range v.first {
		out.first[k] = s
	}
	for k, b := range v.redirect {
		out.redirect[k] = b
	}
	return out
}

// withSteps is v with the resources the steps publish.
func (v versions) withSteps(steps []scenarios.Step) versions {
	var out versions
	for _, st := range steps {
		if st.Do != "update-resource" || st.Resource == nil {
			continue
		}
		if out.sizes == nil {
			out = v.clone()
		}
		out.add(*st.Resource)
	}
	if out.sizes == nil {
		return v
	}
	return out
}

// canonical is the URL as the simulated network names it (scheme and host
// in lower case, no fragment), which is how the file's sources name it.
func canonical(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", false
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), true
}

// sourceURL is the URL part of a source.
func sourceURL(src string) string {
	u, _, _ := strings.Cut(src, "#")
	return u
}

// judge says what is wrong with file f, downloaded from taskURL (the URL
// the task asked for, "" if unknown), or "" if it is whole and of one
// version, or nothing tells. A source the scenario does not publish and
// that carries no validator is not judged: it is no resource's content
// (an app's own file, an error page).
func (v versions) judge(f fakes.File, taskURL string) string {
	if len(f.Segments) == 0 {
		u, ok := canonical(taskURL)
		if f.Size != 0 || !ok || v.redirect[u] || v.first[u] == "" {
			return ""
		}
		for src, sizes := range v.sizes {
			if sourceURL(src) == u && slices.Contains(sizes, 0) {
				return ""
			}
		}
		return fmt.Sprintf("is empty, but %s has bytes", u)
	}
	src, at := f.Segments[0].Source, int64(0)
	for _, s := range f.Segments {
		if s.From != at {
			return fmt.Sprintf("has a gap or an overlap at byte %d", at)
		}
		if s.Source != src {
			return fmt.Sprintf("mixes bytes of %s and of %s (from byte %d)", src, s.Source, s.From)
		}
		at = s.To
	}
	sizes, ok := v.sizes[src]
	if !ok {
		if u := sourceURL(src); u != src && v.first[u] != "" {
			return fmt.Sprintf("holds bytes of %s, a content the server never published", src)
		}
		return ""
	}
	if !slices.Contains(sizes, f.Size) {
		return fmt.Sprintf("has %d bytes of %s, which has %d", f.Size, src, sizes[0])
	}
	return ""
}

// judged reports whether the end-of-run check looks at file f: a file
// holding bytes of a content with a validator at a URL the scenario
// publishes. Bytes without a validator may be an error page's (a 401's
// body carries the URL alone), which only the moment of delivery can
// tell apart (the response's status).
func (v versions) judged(f fakes.File) bool {
	for _, s := range f.Segments {
		if u := sourceURL(s.Source); u != s.Source && v.first[u] != "" {
			return true
		}
	}
	return false
}

// FileCoverage counts the downloaded files the files property checked:
// how many, how many came of a resumed transfer (an answer 206), and how
// many hold a content the server published after the first (a content
// change the download met or followed). No resumed file, or none of a
// later content, means the property was never put to the test that
// matters: a resume across a content change.
type FileCoverage struct {
	Checked     int `json:"checked"`
	Resumed     int `json:"resumed"`
	Republished int `json:"republished"`
}

func (c *FileCoverage) add(o FileCoverage) {
	c.Checked += o.Checked
	c.Resumed += o.Resumed
	c.Republished += o.Republished
}
