package fakes

import (
	"fmt"
	"io/fs"
	"time"
)

// fileRec is a file as an FS keeps it. A run may hold a hundred thousand
// downloaded files, nearly all of one segment, so the first segment is
// kept in place (it always starts at 0) with its source in two parts, the
// path is only the map's key and the time is the clock's offset: 64 bytes
// and no string of its own, rather than a File and its segment array.
type fileRec struct {
	mod   time.Duration // ModTime, as the clock's Elapsed
	end   int64         // the first segment's end; 0 if the file has none (segments are never empty)
	src   source        // the first segment's source
	later *[]Segment    // the segments after the first, if any: rare
}

// source is a segment's Source in two parts, put together only when it is
// read: base, and "#" + tag if tag is not "". A download's segment is
// DownloadSource(url, validator), two strings its task already holds.
type source struct{ base, tag string }

// String is the Source.
func (s source) String() string {
	if s.tag == "" {
		return s.base
	}
	return s.base + "#" + s.tag
}

// is reports whether s and o are the same Source.
func (s source) is(o source) bool {
	if s == o {
		return true
	}
	if s.len() != o.len() {
		return false
	}
	return s.String() == o.String() // the same text split elsewhere: rare
}

func (s source) len() int {
	if s.tag == "" {
		return len(s.base)
	}
	return len(s.base) + 1 + len(s.tag)
}

// DownloadSource is the Source of bytes downloaded from url whose content
// had validator (its ETag, or its Last-Modified date): url + "#" +
// validator, or url alone when validator is "". See [FS.WriteDownload].
func DownloadSource(url, validator string) string {
	return source{url, validator}.String()
}

// size is the file's size: where its last segment ends.
func (f *fileRec) size() int64 {
	if f.later != nil {
		l := *f.later
		return l[len(l)-1].To
	}
	return f.end
}

// segments is a new slice of the file's segments, nil if it has none.
func (f *fileRec) segments() []Segment {
	if f.end == 0 {
		return nil
	}
	n := 1
	if f.later != nil {
		n += len(*f.later)
	}
	out := append(make([]Segment, 0, n), Segment{From: 0, To: f.end, Source: f.src.String()})
	if f.later != nil {
		out = append(out, *f.later...)
	}
	return out
}

// checkSegments checks that segs run on contiguously from size: each
// starts where the one before ended and does not end before it starts.
func checkSegments(size int64, segs []Segment) error {
	for i, s := range segs {
		switch {
		case s.From != size:
			return fmt.Errorf("segment %d starts at %d, want %d: %w", i, s.From, size, fs.ErrInvalid)
		case s.To < s.From:
			return fmt.Errorf("segment %d ends at %d before its start %d: %w", i, s.To, s.From, fs.ErrInvalid)
		}
		size = s.To
	}
	return nil
}

// add appends checked segments, skipping empty ones and merging
// neighbours from the same source.
func (f *fileRec) add(segs []Segment) {
	for _, s := range segs {
		f.addUpTo(s.To, source{base: s.Source})
	}
}

// addUpTo appends the checked segment from the file's end to to, from
// src: nothing if it is empty, an extension of the last segment if that
// has the same source.
func (f *fileRec) addUpTo(to int64, src source) {
	from := f.size()
	switch {
	case to == from:
	case f.end == 0:
		f.end, f.src = to, src
	case f.later == nil:
		if f.src.is(src) {
			f.end = to
			return
		}
		f.later = &[]Segment{{From: from, To: to, Source: src.String()}}
	default:
		l := *f.later
		if last := &l[len(l)-1]; (source{base: last.Source}).is(src) {
			last.To = to
			return
		}
		*f.later = append(l, Segment{From: from, To: to, Source: src.String()})
	}
}

// file is the File the FS gives out for the record at p.
func (f *fileRec) file(p string, start time.Time) File {
	return File{Path: p, Size: f.size(), Segments: f.segments(), ModTime: start.Add(f.mod)}
}
