package appmodel

import (
	"fmt"
	"io/fs"

	"github.com/bgsim/bgsim/fakes"
)

// WriteFileOfSize makes the file at path in files hold size bytes, in one
// call: a photo to upload, a cache to fill.
//
//	if err := appmodel.WriteFileOfSize(app.Files(), "/Documents/photo-1.jpg", 4_000_000); err != nil { ... }
//
// The simulated file system keeps where bytes came from rather than the
// bytes; the file's one segment has the path as its source, so two files
// made this way are told apart. An existing file is replaced; missing
// directories are made. A negative size is fs.ErrInvalid.
func WriteFileOfSize(files FileSystem, path string, size int64) error {
	if size < 0 {
		return fmt.Errorf("appmodel: write %s: negative size %d: %w", path, size, fs.ErrInvalid)
	}
	return files.Write(path, fakes.Segment{From: 0, To: size, Source: path})
}
