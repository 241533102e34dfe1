package bleveindex

import (
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
)

// TestDocumentsAsBleveMapsThem checks that newDocument builds what Bleve's
// mapping makes of the same values: the same fields with the same options,
// lengths, values, terms and frequencies (0 in fields without them), an
// empty keyword included.
func TestDocumentsAsBleveMapsThem(t *testing.T) {
	m := newMapping()
	specs, err := fieldSpecs(m)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{
		FieldType: TypeReport, FieldReportID: "r1", FieldSectionOrd: "2", FieldAgency: "", FieldCatalog: "法治政府建设",
		FieldYearKey: "2021", FieldDateKey: "2021-03-05", FieldIndexNoNorm: "11a/2021-00012", FieldDocNoNorm: "〔2022〕26号",
		FieldLit: "推进依法行政，建设法治政府。5G网络覆盖全区，PM2.5下降", FieldTitleLit: "甲区2021年法治政府建设报告",
		FieldTitleWords: "甲区2021年法治政府建设报告", FieldTextWords: "推进依法行政，推进法治政府建设。",
		FieldSHA256: "ff00", FieldSections: "3", FieldIssuer: "公安部、外交部，ＰＭ局",
	}
	mapped := map[string]any{}
	for k, v := range values {
		mapped[k] = v
	}
	want := document.NewDocument("r1")
	if err := m.MapDocument(want, mapped); err != nil {
		t.Fatal(err)
	}
	got, err := newDocument(specs, "r1", values)
	if err != nil {
		t.Fatal(err)
	}
	describe := func(d *document.Document) map[string]string {
		out := map[string]string{}
		for _, f := range d.Fields {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
			var terms []string
			for term, tf := range f.AnalyzedTokenFrequencies() {
				terms = append(terms, fmt.Sprintf("%s=%d/%s/%d", term, tf.Frequency(), tf.Term, len(tf.Locations)))
			}
			slices.Sort(terms)
			out[f.Name()] = fmt.Sprintf("options %v, length %d, value %q, type %c, terms %v", f.Options(), f.AnalyzedLength(), f.Value(), f.EncodedFieldType(), terms)
		}
		return out
	}
	w, g := describe(want), describe(got)
	if len(w) != len(values) || len(g) != len(w) {
		t.Fatalf("%d fields mapped, %d built, of %d values", len(w), len(g), len(values))
	}
	for name := range w {
		if w[name] != g[name] {
			t.Errorf("%s:\n built %s\nmapped %s", name, g[name], w[name])
		}
	}
	if len(want.CompositeFields) != 0 {
		t.Errorf("the mapping made %d composite fields; documents are built without", len(want.CompositeFields))
	}
	if _, err := newDocument(specs, "r1", map[string]string{"no_such_field": "x"}); err == nil {
		t.Error("a field outside the mapping was accepted")
	}
}
