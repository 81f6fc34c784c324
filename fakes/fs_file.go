package fakes

import (
	"fmt"
	"io/fs"
	"time"
)

// fileRec is a file as an FS keeps it. A run may hold a hundred thousand
// downloaded files, nearly all of one segment, so the first segment is
// kept in place, the path is only the map's key and the time is the
// clock's offset: 80 bytes rather than a File and its segment array.
type fileRec struct {
	size  int64
	mod   time.Duration // ModTime, as the clock's Elapsed
	first Segment       // the first segment, if n > 0
	n     int           // segments held: 0, 1 (first) or 1+len(more)
	more  []Segment
}

// segments is a new slice of the file's segments, nil if it has none.
func (f *fileRec) segments() []Segment {
	if f.n == 0 {
		return nil
	}
	out := make([]Segment, 0, f.n)
	return append(append(out, f.first), f.more...)
}

// last is the file's last segment, nil if it has none.
func (f *fileRec) last() *Segment {
	switch {
	case f.n == 0:
		return nil
	case len(f.more) > 0:
		return &f.more[len(f.more)-1]
	}
	return &f.first
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
		if s.To == s.From {
			continue
		}
		switch l := f.last(); {
		case l != nil && l.Source == s.Source:
			l.To = s.To
		case f.n == 0:
			f.first, f.n = s, 1
		default:
			f.more = append(f.more, s)
			f.n++
		}
		f.size = s.To
	}
}

// file is the File the FS gives out for the record at p.
func (f *fileRec) file(p string, start time.Time) File {
	return File{Path: p, Size: f.size, Segments: f.segments(), ModTime: start.Add(f.mod)}
}
