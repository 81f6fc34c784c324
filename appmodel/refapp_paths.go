package appmodel

import (
	"path"
	"strings"
)

// refKeyImagePath is where the reference app persists the path of the first
// image it saved, to show it at the next launch.
const refKeyImagePath = "ImagePath"

// rememberImage persists where the image was saved: relative to the
// container, so that it resolves in whatever container the app has at its
// next launch; with the PersistAbsolutePath mistake, as an absolute path
// that stops resolving when an update moves the container (M14, R-L9).
func (a *RefApp) rememberImage(dest string) {
	d := a.app.Defaults()
	if d.String(refKeyImagePath) != "" {
		return
	}
	p := strings.TrimPrefix(dest, "/")
	if a.opts.Mistakes.PersistAbsolutePath {
		p = path.Join(a.app.Files().HomeDirectory(), p)
	}
	d.SetString(refKeyImagePath, p)
}

// savedImage is the path of the image the app saved, from what it
// persisted: a relative path is joined to this install's home directory,
// but for the first image's own (the one the app persists unless it moved
// its images), which is the constant RefImagePath from the container's
// root: the same file, and the same error if it cannot be read (the
// container's errors name a path under the home directory from the
// root), with no path built at each launch (an allocation and about
// 2,000 instructions a walkthrough, most of them the container's look at
// the long path).
func (a *RefApp) savedImage() string {
	p := a.app.Defaults().String(refKeyImagePath)
	if p == "" {
		p = strings.TrimPrefix(a.imagePath(1), "/")
	}
	if path.IsAbs(p) {
		return p
	}
	if p == RefImagePath[1:] {
		return RefImagePath
	}
	return joinHome(a.app.Files().HomeDirectory(), p)
}

// joinHome is path.Join(home, p). A home directory as the container
// gives it (rooted and clean) and a clean relative path, as the one the app
// saves, make a clean path once joined by a slash: then they are only
// joined, where path.Join would also scan the result again to clean it
// (on a long container path, most of a join's cost).
func joinHome(home, p string) string {
	if plainPath(home, true) && plainPath(p, false) {
		return home + "/" + p
	}
	return path.Join(home, p)
}

// plainPath reports whether p is one or more path elements, none of them
// "", "." or "..", joined by single slashes, after a leading slash if
// rooted and none if not: a clean path that stays clean when a rooted one
// and a relative one are joined by a slash.
func plainPath(p string, rooted bool) bool {
	if rooted {
		if p == "" || p[0] != '/' {
			return false
		}
		p = p[1:]
	}
	for {
		elem, rest, more := strings.Cut(p, "/")
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
		if !more {
			return true
		}
		p = rest
	}
}

// showSavedImage shows the saved image, or, when the persisted path no
// longer resolves, logs why and shows a placeholder (M14). It reports
// whether there was an image to show.
func (a *RefApp) showSavedImage(done int) bool {
	app := a.app
	p := a.savedImage()
	// Only whether the image can be read matters here, not its
	// description: CheckReadable fails as Open would, copying nothing.
	if err := app.Files().CheckReadable(p); err != nil {
		if app.Defaults().String(refKeyImagePath) == "" {
			return false // nothing was saved under a persisted path: nothing to show
		}
		app.Log("could not open the saved image: %v", err)
		app.UpdateUI("shows a placeholder: the saved image is missing")
		return true
	}
	app.UpdateUI(formatShown(done))
	return true
}
