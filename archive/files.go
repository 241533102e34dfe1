package archive

import (
	"fmt"
	"slices"

	"github.com/lantai/lantai/corpus"
)

// Attached files (corpus.File) are stored as objects of their own, under
// their SHA-256 like originals, each in a frame of its own written before
// the record that names them: a crash in between leaves an object no
// record names, which Compact drops, never a record naming a missing file.
// A version's files are part of what makes it the same version: the same
// page with a newly downloaded attachment is an update.

// describeFiles sets the SHA-256 and size of each of r's files from its
// bytes, which must be given for every file.
func describeFiles(r *corpus.Report, data [][]byte) error {
	if len(data) != len(r.Files) {
		return fmt.Errorf("%d attached files described but %d given", len(r.Files), len(data))
	}
	if len(r.Files) == 0 {
		return nil
	}
	r.Files = slices.Clone(r.Files)
	for i, b := range data {
		if len(b) == 0 {
			return fmt.Errorf("the attached file %s is empty", r.Files[i].Name)
		}
		if len(b) > maxFrameSize {
			return fmt.Errorf("the attached file %s has %d bytes, more than the archive stores (%d)", r.Files[i].Name, len(b), maxFrameSize)
		}
		r.Files[i].SHA256 = corpus.SHA256Hex(b)
		r.Files[i].Bytes = int64(len(b))
	}
	return nil
}

// sameFiles reports whether the version of rec whose original is sum has
// exactly these attached files.
func sameFiles(rec record, sum string, files []corpus.File) bool {
	for _, v := range rec.Versions {
		if v.SHA256 == sum && slices.Equal(fileSHAs(v.Report.Files), fileSHAs(files)) {
			return true
		}
	}
	return false
}

func fileSHAs(files []corpus.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.SHA256
	}
	return out
}

// storeFiles writes every attached file not stored yet and waits until
// each is durable.
func (a *Archive) storeFiles(files []corpus.File, data [][]byte) error {
	for i, f := range files {
		if a.objectIntact(f.SHA256) {
			continue
		}
		if err := a.storeObject(f.SHA256, data[i]); err != nil {
			return fmt.Errorf("the attached file %s: %w", f.Name, err)
		}
	}
	return nil
}

// storeObject writes one object in a frame of its own through the group
// commit.
func (a *Archive) storeObject(sha string, b []byte) error {
	req := &commitReq{objectSHA: sha, frames: []frame{compressFrame(b)}, done: make(chan error, 1)}
	a.commits <- req
	return <-req.done
}

// versionObjects is every object a record names: each version's original
// and attached files, each once, in order.
func versionObjects(rec record) []string {
	var out []string
	seen := map[string]bool{}
	add := func(sha string) {
		if sha != "" && !seen[sha] {
			seen[sha] = true
			out = append(out, sha)
		}
	}
	for _, v := range rec.Versions {
		add(v.SHA256)
		for _, f := range v.Report.Files {
			add(f.SHA256)
		}
	}
	return out
}
