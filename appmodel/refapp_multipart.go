package appmodel

import (
	"fmt"
	"strconv"

	"github.com/bgsim/bgsim/fakes"
)

// The reference app's multipart photo upload (mistake M17): the photo goes
// up in RefPhotoParts parts, and once the server has answered every part,
// a third request finalises it. At a background wake that request is a new
// task made in the background: it waits for the relaunch delay and needs
// another wake before the photo is published (R-R1). The fixed twin (the
// switch off) sends the photo in one self-contained request, which the
// server publishes on its own: one wake.

// URLs and names of the multipart upload.
const (
	RefPhotoParts        = 2
	RefUploadCompleteURL = RefUploadURL + "/complete"
	refManifestPath      = "/Documents/photo.manifest"
	refKeyPart           = "PhotoPart"       // + part number: the server's answer to the part (R-D9)
	refKeyFinalising     = "PhotoFinalising" // the finalising request was made
)

// RefUploadPartURL is where part i (from 1) of the photo goes.
func RefUploadPartURL(i int) string { return RefUploadURL + "/parts/" + strconv.Itoa(i) }

// uploadPhotoParts starts the upload of every part of the photo, each from
// a file of its own.
func (a *RefApp) uploadPhotoParts() {
	size := int64(RefPhotoSize / RefPhotoParts)
	for i := 1; i <= RefPhotoParts; i++ {
		p := fmt.Sprintf("%s.part%d", RefPhotoPath, i)
		if err := a.app.Files().Write(p, fakes.Segment{From: 0, To: size, Source: "camera-part-" + strconv.Itoa(i)}); err != nil {
			a.app.Log("could not save part %d of the photo: %v", i, err)
			return
		}
		t := a.session.UploadTask(Request{URL: RefUploadPartURL(i), Method: "PUT"}, p)
		t.SetTaskDescription(fmt.Sprintf("photo-part-%d", i))
		t.Resume()
	}
	LogInt(a.app, "started the photo upload in %d parts", RefPhotoParts)
}

// DidReceiveData keeps the server's answer to each part (it names the part
// for the finalising request), and logs the published photo (R-D9).
func (d *refSessionDelegate) DidReceiveData(_ Session, t Task, data []byte) {
	a := d.a
	var part int
	if _, err := fmt.Sscanf(t.TaskDescription(), "photo-part-%d", &part); err == nil {
		a.app.Defaults().SetString(refKeyPart+strconv.Itoa(part), string(data))
		return
	}
	switch t.TaskDescription() {
	case "photo", "photo-complete":
		a.app.Defaults().SetBool("PhotoPublished", true)
		a.app.Log("the photo is published: %s", data)
	}
}

// finaliseWhenPartsDone makes the finalising request once the server has
// answered every part: when that happens at a background wake, the new
// task waits for the relaunch delay (M17, R-R1).
func (a *RefApp) finaliseWhenPartsDone() {
	d := a.app.Defaults()
	if !a.opts.Mistakes.MultipartUpload || d.Bool(refKeyFinalising) {
		return
	}
	manifest := int64(0)
	for i := 1; i <= RefPhotoParts; i++ {
		answer := d.String(refKeyPart + strconv.Itoa(i))
		if answer == "" {
			return
		}
		manifest += int64(len(answer))
	}
	if err := a.app.Files().Write(refManifestPath, fakes.Segment{From: 0, To: manifest, Source: "manifest"}); err != nil {
		a.app.Log("could not write the manifest: %v", err)
		return
	}
	d.SetBool(refKeyFinalising, true)
	t := a.session.UploadTask(Request{URL: RefUploadCompleteURL, Method: "POST"}, refManifestPath)
	t.SetTaskDescription("photo-complete")
	t.Resume()
	a.app.Log("every part is up: finalising the photo (task %d, app %s)", t.ID(), a.app.State())
}
