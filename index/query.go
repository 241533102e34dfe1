package index

// Kind is the kind of a query node.
type Kind uint8

// Node kinds.
const (
	Literal Kind = iota + 1 // text that must appear, as typed (a word or "a phrase")
	Field                   // a field:value filter
	And                     // every kid matches
	Or                      // any kid matches
	Not                     // the one kid does not match
)

// Query fields of a Field node.
const (
	FieldTitle   = "title"    // the text appears in the report's title, a section's too (a literal, ranked)
	FieldAgency  = "agency"   // the agency is, or contains, the value
	FieldCatalog = "catalog"  // the catalog is, or contains, the value
	FieldDocNo   = "doc_no"   // the 文号, normalised, is the value
	FieldIndexNo = "index_no" // the 索引号, normalised, is the value
	FieldYear    = "year"     // the year lies in [YearFrom, YearTo]
)

// Node is one element of a parsed query. A backend must find every
// document whose text (title, metadata, headings and body, folded as
// internal/fold folds) contains each Literal's folded text verbatim:
// literal matching is exact and complete, whatever its analysis does.
type Node struct {
	Kind Kind
	// Text is a Literal's text or a Field's value, as typed.
	Text string
	// Field is one of the Field* names, for a Field node.
	Field string
	// YearFrom and YearTo bound a year filter, inclusive.
	YearFrom, YearTo int
	// Kids are the operands of And, Or and Not.
	Kids []*Node
}
