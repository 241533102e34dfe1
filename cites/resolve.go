package cites

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Doc is what resolution needs to know of an archive document.
type Doc struct {
	ID    string
	Title string
	// DocNo is the 文号 as written (corpus.Report.DocNo).
	DocNo string
	// Date is the document's own date, YYYY-MM-DD, or empty.
	Date string
	Year int
	// Parent is, for a document read from one of several attached files
	// of a page, the page's ID (corpus.Report.ParentID): the page cites
	// it as its attachment (KindAttachment).
	Parent string
}

// Match says how a citation found its documents.
type Match string

// How a citation resolved, from surest to loosest.
const (
	// MatchNone: no document of the archive carries the key (yet).
	MatchNone Match = ""
	// MatchExact: the documents carry the 文号, or the title with the same
	// edition mark (or none).
	MatchExact Match = "exact"
	// MatchVariant: no document has the title with the citation's edition
	// mark, and these have it with another (《X（试行）》 cited, 《X》 stored,
	// or the reverse). They are another edition of what was cited.
	MatchVariant Match = "variant"
	// MatchCarrier: no document has the title, and these are the notices
	// that issued it (…关于印发X的通知 for 《X》): the cited document is their
	// attachment.
	MatchCarrier Match = "carrier"
	// MatchIssuer: no document has the title, and these have it with
	// another issuer's name or none before its 关于 (《关于X》 cited,
	// 河北省人力资源和社会保障厅关于X stored, or the reverse).
	MatchIssuer Match = "issuer"
)

// Resolution is what a citation resolved to.
type Resolution struct {
	// IDs are the documents cited, sorted; empty when none is known.
	IDs   []string `json:"ids"`
	Match Match    `json:"match,omitempty"`
}

// Resolver maps citation keys to the documents of an archive. It is built
// one document at a time (Add, Remove), so the archive's ingest keeps it
// current, and is safe for concurrent use: ingest adds while searches
// resolve.
type Resolver struct {
	mu      sync.RWMutex
	docs    map[string]Doc
	keys    map[string]keys     // the keys of each document, derived once
	byDocNo map[string][]string // DocNoKey → ids
	byTitle map[string][]string // TitleKey base → ids (any edition mark)
	carried map[string][]string // TitleKey base of X → ids of the notices that issued X
	about   map[string][]string // aboutKey → ids
}

// NewResolver returns an empty resolver.
func NewResolver() *Resolver {
	return &Resolver{
		docs:    map[string]Doc{},
		keys:    map[string]keys{},
		byDocNo: map[string][]string{},
		byTitle: map[string][]string{},
		carried: map[string][]string{},
		about:   map[string][]string{},
	}
}

// issuing matches the title key of a notice that issues another document:
// 国务院办公厅关于印发国家职业教育改革实施方案的通知 issues
// 国家职业教育改革实施方案. A title that marks what it issues
// (…关于转发省安委办《X》的通知, …关于公布《X》的通知) names it by its marks
// instead (issuedTitle).
var issuing = regexp.MustCompile(`印发(.+)的通知$`)

// issuingVerbs are the verbs of a notice that issues, forwards or
// publishes the document it carries.
var issuingVerbs = []string{"印发", "转发", "公布", "发布", "颁布"}

// issuedTitle is the key of the document a notice's title says it
// issues, or "": the last title marked in it when an issuing verb comes
// right before it (中共中央办公厅 国务院办公厅印发《X》, 关于转发《X》) or the
// notice ends in 的通知 (…转发省安委办《X》的通知, …印发〈X〉的通知), else the
// X of …印发X的通知.
func issuedTitle(title, key string) string {
	notice := strings.HasSuffix(key, "的通知") && slices.ContainsFunc(issuingVerbs, func(v string) bool { return strings.Contains(key, v) })
	if inner := findTitles(title); len(inner) > 0 {
		last := inner[len(inner)-1]
		_, mark := utf8.DecodeLastRuneInString(title[:last.Offset])
		before := title[:last.Offset-mark]
		if notice || slices.ContainsFunc(issuingVerbs, func(v string) bool { return strings.HasSuffix(before, v) }) {
			return last.Key
		}
		return ""
	}
	if m := issuing.FindStringSubmatch(key); notice && m != nil {
		k, _ := TitleKey(m[1])
		return k
	}
	return ""
}

// aboutKey is a title key without the issuer written before its 关于
// (国务院办公厅关于X is 关于X), and a key that starts with 关于 itself; ""
// for a title without 关于. Citations drop the issuer that titles carry,
// and the reverse (a catalogue lists 关于印发…的通知 under its issuer).
//
// What comes before the 关于 must end like the name of a body (厅, 部,
// 委, …): in 科技部解读关于… or …印发关于… the 关于 starts the title of
// another document that this one is about.
func aboutKey(key string) string {
	i := strings.Index(key, "关于")
	if i < 0 {
		return ""
	}
	if i > 0 {
		last, _ := utf8.DecodeLastRuneInString(key[:i])
		if !strings.ContainsRune("厅部院委局府会室署办央组行处司团社联馆所队站心", last) {
			return ""
		}
	}
	return key[i:]
}

// keys are the lookup keys a document answers to, and its title's
// edition mark.
type keys struct {
	docNo, title, carried, about, variant string
}

// keysOf derives a document's keys with the same functions as a
// citation's (DocNoKey, TitleKey), so that they meet.
func keysOf(d Doc) keys {
	var k keys
	if d.DocNo != "" {
		k.docNo = DocNoKey(d.DocNo)
	}
	if d.Title != "" {
		k.title, k.variant = TitleKey(d.Title)
		k.carried = issuedTitle(d.Title, k.title)
		k.about = aboutKey(k.title)
	}
	return k
}

// Add indexes a document, replacing the one with the same ID.
func (r *Resolver) Add(d Doc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.remove(d.ID)
	r.docs[d.ID] = d
	k := keysOf(d)
	r.keys[d.ID] = k
	addTo(r.byDocNo, k.docNo, d.ID)
	addTo(r.byTitle, k.title, d.ID)
	addTo(r.carried, k.carried, d.ID)
	addTo(r.about, k.about, d.ID)
}

// Remove forgets a document; an unknown ID is no error.
func (r *Resolver) Remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.remove(id)
}

func (r *Resolver) remove(id string) {
	_, ok := r.docs[id]
	if !ok {
		return
	}
	delete(r.docs, id)
	k := r.keys[id]
	delete(r.keys, id)
	removeFrom(r.byDocNo, k.docNo, id)
	removeFrom(r.byTitle, k.title, id)
	removeFrom(r.carried, k.carried, id)
	removeFrom(r.about, k.about, id)
}

func addTo(m map[string][]string, key, id string) {
	if key != "" {
		m[key] = append(m[key], id)
	}
}

func removeFrom(m map[string][]string, key, id string) {
	ids := slices.DeleteFunc(m[key], func(s string) bool { return s == id })
	if len(ids) == 0 {
		delete(m, key)
	} else {
		m[key] = ids
	}
}

// Doc returns the document indexed under id.
func (r *Resolver) Doc(id string) (Doc, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	d, ok := r.docs[id]
	return d, ok
}

// Resolve returns the documents a citation found in from's text refers
// to. from itself is never among them (a regulation's text names its own
// 文号). Keys match exactly; a title prefers, in turn, the documents with
// its edition mark, those with another (MatchVariant), the notices that
// issued it (MatchCarrier), and those with it under another issuer's
// name (MatchIssuer). When several documents remain — the
// editions of an amended regulation share its title, the rules a decree
// republished share its 文号 — the date rule picks among them (see
// pickEdition). from may be the zero Doc when the citing document is not
// known: nothing is excluded and all editions are returned.
func (r *Resolver) Resolve(c Citation, from Doc) Resolution {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var ids []string
	match := MatchExact
	switch c.Kind {
	case KindDocNo:
		ids = r.others(r.byDocNo[c.Key], from.ID, nil)
	case KindTitle:
		ids, match = r.resolveTitle(c, from)
	}
	if len(ids) == 0 {
		return Resolution{}
	}
	return Resolution{IDs: r.pickEdition(ids, from.Date), Match: match}
}

// resolveTitle finds the documents a title citation names, and how.
//
// A text that names its own title (…的《X》同时废止) or the title of what
// it issues (its header, 关于印发《X》的通知) resolves to the documents
// that carry that title only: the notices that issue X are then copies
// of itself or of its earlier editions, not what it cites.
func (r *Resolver) resolveTitle(c Citation, from Doc) ([]string, Match) {
	all := r.byTitle[c.Key]
	if ids := r.others(all, from.ID, func(id string) bool { return r.keys[id].variant == c.Variant }); len(ids) > 0 {
		return ids, MatchExact
	}
	if ids := r.others(all, from.ID, nil); len(ids) > 0 {
		return ids, MatchVariant
	}
	if from.Title != "" {
		own, ok := r.keys[from.ID]
		if !ok || r.docs[from.ID] != from {
			own = keysOf(from)
		}
		if c.Key == own.title || c.Key == own.carried {
			return nil, MatchNone
		}
	}
	if ids := r.others(r.carried[c.Key], from.ID, nil); len(ids) > 0 {
		return ids, MatchCarrier
	}
	if a := aboutKey(c.Key); a != "" {
		return r.others(r.about[a], from.ID, nil), MatchIssuer
	}
	return nil, MatchNone
}

// others returns the ids other than self that keep accepts (all of them
// when keep is nil), in a new slice.
func (r *Resolver) others(ids []string, self string, keep func(id string) bool) []string {
	var out []string
	for _, id := range ids {
		if id != self && (keep == nil || keep(id)) {
			out = append(out, id)
		}
	}
	return out
}

// pickEdition chooses among documents that carry the same key the ones
// in force when the citing document was written: the newest dated not
// after citing (a text cites what was in force), else, when all are
// later, the earliest (the nearest to what it cited). Several documents
// with that same date are all kept (the rules one decree republished).
// Without a citing date, or without any dated candidate, all are kept:
// nothing tells them apart.
func (r *Resolver) pickEdition(ids []string, citing string) []string {
	slices.Sort(ids)
	if citing == "" || len(ids) < 2 {
		return ids
	}
	best, before := "", false
	for _, id := range ids {
		d := r.docs[id].Date
		switch {
		case d == "":
		case d <= citing && (!before || d > best):
			best, before = d, true
		case d > citing && !before && (best == "" || d < best):
			best = d
		}
	}
	if best == "" {
		return ids
	}
	return slices.DeleteFunc(ids, func(id string) bool { return r.docs[id].Date != best })
}
