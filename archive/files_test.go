package archive

import (
	"bytes"
	"context"
	"testing"

	"github.com/lantai/lantai/corpus"
)

// withFiles is testDoc with attached files: a page whose body was a PDF.
func withFiles(d corpus.Document, files map[string][]byte, names ...string) corpus.Document {
	for _, n := range names {
		d.Report.Files = append(d.Report.Files, corpus.File{Name: n, URL: "https://example.gov.cn/" + n, MediaType: "application/pdf", Format: "pdf"})
		d.Files = append(d.Files, files[n])
	}
	return d
}

func TestPutStoresAttachedFiles(t *testing.T) {
	dir := t.TempDir()
	a := openTestArchive(t, dir)
	files := map[string][]byte{"a.pdf": []byte("%PDF-1.7 first attachment"), "b.pdf": []byte("%PDF-1.7 second attachment")}
	page := testDoc("page.csv#2", "QX-2023-05", "通知,详见附件")

	r := mustPut(t, a, withFiles(page, files, "a.pdf", "b.pdf"))
	if r.Status != Added || len(r.Report.Files) != 2 {
		t.Fatalf("put: %+v", r)
	}
	for i, f := range r.Report.Files {
		want := files[f.Name]
		if f.SHA256 != corpus.SHA256Hex(want) || f.Bytes != int64(len(want)) {
			t.Errorf("file %d: %+v", i, f)
		}
		if b, _, err := a.Original(f.SHA256); err != nil || !bytes.Equal(b, want) {
			t.Errorf("file %s read back: %q, %v", f.Name, b, err)
		}
	}

	// The same page with the same files is unchanged; a new download of
	// one of them is a new version.
	if r := mustPut(t, a, withFiles(page, files, "a.pdf", "b.pdf")); r.Status != Unchanged {
		t.Errorf("same page and files: %s, want unchanged", r.Status)
	}
	files["b.pdf"] = []byte("%PDF-1.7 second attachment, corrected")
	if r := mustPut(t, a, withFiles(page, files, "a.pdf", "b.pdf")); r.Status != Updated {
		t.Errorf("a changed file: %s, want updated", r.Status)
	}
	vs, err := a.Versions(r.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions: %d, %v", len(vs), err)
	}

	// Compact keeps every version's files; check reads them back.
	if _, err := a.Compact(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		for _, f := range v.Report.Files {
			if _, _, err := a.Original(f.SHA256); err != nil {
				t.Errorf("after compact, %s of the version of %s: %v", f.Name, v.IngestedAt, err)
			}
		}
	}
	res, err := a.Check(context.Background(), nil)
	if err != nil || len(res.Problems) > 0 || res.Originals != 2+4 {
		t.Errorf("check: %d originals and files read, problems %q, %v", res.Originals, res.Problems, err)
	}
}

func TestPutRejectsFilesWithoutBytes(t *testing.T) {
	a := openTestArchive(t, t.TempDir())
	d := testDoc("p.html", "X-9", "正文")
	d.Report.Files = []corpus.File{{Name: "a.pdf"}}
	if _, err := a.Put(d); err == nil {
		t.Error("a file described without its bytes was stored")
	}
	d.Files = [][]byte{nil}
	if _, err := a.Put(d); err == nil {
		t.Error("an empty attached file was stored")
	}
	if a.Len() != 0 {
		t.Errorf("%d reports stored after refused puts", a.Len())
	}
}
