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

// savedImage is the absolute path of the image the app saved, from what it
// persisted: a relative path is joined to this install's home directory.
func (a *RefApp) savedImage() string {
	files := a.app.Files()
	p := a.app.Defaults().String(refKeyImagePath)
	if p == "" {
		p = strings.TrimPrefix(a.imagePath(1), "/")
	}
	if path.IsAbs(p) {
		return p
	}
	return joinHome(files.HomeDirectory(), p)
}

// joinHome is path.Join(home, p), in one allocation rather than Join's
// two (its buffer, then its string) when the joined path is clean already,
// as one the app saved itself is: Join of two non-empty paths is
// path.Clean(home + "/" + p), and Clean gives a clean path back as it is.
func joinHome(home, p string) string {
	if home == "" || p == "" {
		return path.Join(home, p)
	}
	return path.Clean(home + "/" + p)
}

// showSavedImage shows the saved image, or, when the persisted path no
// longer resolves, logs why and shows a placeholder (M14). It reports
// whether there was an image to show.
func (a *RefApp) showSavedImage(done int) bool {
	app := a.app
	p := a.savedImage()
	if _, err := app.Files().Open(p); err != nil {
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
