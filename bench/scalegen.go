package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lantai/lantai/archive"
	"github.com/lantai/lantai/corpus"
)

// The scale benchmark's corpus is the real one grown N times: the real
// reports themselves, then N-1 synthetic copies of each, every copy made
// from its real template by giving it a new agency, year, 索引号, 文号
// and date, and recombining its body from real lines and sentences of
// reports of the same collection, so that the vocabulary, the numbered
// headings and the texts without line breaks stay those of the real
// corpus, while no two texts are the same.

// reportsPerFile is how many reports one generated JSON Lines file holds.
const reportsPerFile = 2000

// manifestName is the file in a generated corpus folder that describes
// it: collection documentation by the ingest's convention
// (archive.InputFiles leaves SOURCE.md out), so "lantai ingest DIR" reads
// the reports only. It is Markdown around the manifest as JSON.
const manifestName = "SOURCE.md"

// manifestIntro opens the manifest file, before its JSON block.
const manifestIntro = "# Synthetic corpus (go run ./bench scale)\n\n" +
	"The real corpus grown N times: the real reports, then N-1 synthetic copies of each. Generated; do not edit.\n\n"

// scaleLine is one line of a generated corpus: the fields of a `lantai
// export` line (cmd/lantai/export.go) that a reader keeps, without
// sections, so the JSON Lines reader parses them from the text.
type scaleLine struct {
	Title   string `json:"title"`
	IndexNo string `json:"index_no"`
	Agency  string `json:"agency"`
	Catalog string `json:"catalog"`
	DocNo   string `json:"doc_no"`
	Date    string `json:"date"`
	Year    int    `json:"year"`
	Text    string `json:"text"`
}

// scaleManifest describes a generated corpus folder, so a later run can
// reuse it and two runs can be compared file by file.
type scaleManifest struct {
	N         int             `json:"n"`
	Seed      uint64          `json:"seed"`
	Templates int             `json:"templates"`
	Reports   int             `json:"reports"`
	TextBytes int64           `json:"text_bytes"`
	Files     []generatedFile `json:"files"`
}

// generatedFile is one JSON Lines file of a generated corpus.
type generatedFile struct {
	Name    string `json:"name"`
	Reports int    `json:"reports"`
	SHA256  string `json:"sha256"`
}

// template is a real report with what the generator needs of it.
type template struct {
	r corpus.Report
	// kind is the report's collection (the corpus's top folder), the pool
	// its recombined lines come from.
	kind string
	// block is true for a text without line breaks, recombined by
	// sentences instead of lines.
	block bool
	// units are its lines, or its sentences when block.
	units []string
	// region and locality are the places its agency names (河北省,
	// 海拉尔区), "" when it names none; suffix is the rest (教育厅).
	region, locality, suffix string
}

// generator makes the synthetic reports of a corpus.
type generator struct {
	seed      uint64
	templates []template
	// lines and sentences pool the paragraphs (non-heading lines) and the
	// sentences of block texts by kind; the "" kind pools every kind.
	lines, sentences map[string][]string
	// suffixes are the local agency names without their places
	// (人民政府办公室), for templates whose agency names no place.
	suffixes []string
	// seen holds the SHA-256 of every text made so far.
	seen map[[32]byte]bool
}

var (
	// headingRe matches the numbers that open sections (corpus.ParseSections)
	// and chapters or articles; such units keep their place.
	headingRe = regexp.MustCompile(`^[\s　]*(第[一二三四五六七八九十百千零〇\d]+[章节条编]|[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、])`)
	// placeRe splits a local agency into region, locality and the rest.
	placeRe = regexp.MustCompile(`^(\p{Han}{1,7}?(?:自治区|省|市|州|盟))?(\p{Han}{1,6}?(?:区|县|旗|市))?(\p{Han}{2,})$`)
	// titleYearRe is the first year in a title.
	titleYearRe = regexp.MustCompile(`(?:19|20)\d{2}年`)
	// docNoYearRe is the year of a 文号, in any bracket.
	docNoYearRe = regexp.MustCompile(`([〔\[【(（])(?:19|20)\d{2}([〕\]】)）])`)
	// docNoSerialRe is a 文号's serial number.
	docNoSerialRe = regexp.MustCompile(`\d+号$`)
)

// nationalPrefixes open agencies that name no place (国务院, 国家市场监督管理总局).
var nationalPrefixes = []string{"国务院", "国家", "中华人民共和国", "全国", "中共中央", "中央"}

// placeSyllables make the invented place names: two of them and a marker
// (青泽市, 临川区). None is a one-character query of the query list.
var placeSyllables = []rune("青云临泽安丰和平清源江山宁阳川东西南北兴华林溪岭湖永康嘉禾长乐新昌定远")

// newGenerator reads the real corpus in sorted order (archive.InputFiles,
// corpus.Read), keeping the first report of each identity as the archive
// would store one report for it, and pools its lines and sentences.
func newGenerator(corpusDir string, seed uint64) (*generator, error) {
	files, failures := archive.InputFiles([]string{corpusDir})
	if len(failures) > 0 {
		return nil, fmt.Errorf("reading %s: %s: %s", corpusDir, failures[0].Source, failures[0].Reason)
	}
	g := &generator{seed: seed, lines: map[string][]string{}, sentences: map[string][]string{}, seen: map[[32]byte]bool{}}
	identities := map[string]bool{}
	suffixes := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return nil, err
		}
		docs, _ := corpus.Read(f.Source, data)
		for _, d := range docs {
			key := corpus.IdentityKey(d.Report)
			if identities[key] {
				continue
			}
			identities[key] = true
			t := newTemplate(d.Report)
			if t.suffix != "" && (t.region != "" || t.locality != "") {
				suffixes[t.suffix] = true
			}
			pool := g.lines
			if t.block {
				pool = g.sentences
			}
			for _, u := range t.units {
				if isParagraph(u) {
					pool[t.kind] = append(pool[t.kind], u)
					pool[""] = append(pool[""], u)
				}
			}
			g.templates = append(g.templates, t)
		}
	}
	if len(g.templates) == 0 {
		return nil, fmt.Errorf("no reports found in %s", corpusDir)
	}
	g.suffixes = slices.Sorted(func(yield func(string) bool) {
		for s := range suffixes {
			if !yield(s) {
				return
			}
		}
	})
	if len(g.suffixes) == 0 {
		g.suffixes = []string{"人民政府"}
	}
	return g, nil
}

// newTemplate splits a real report into what recombination needs.
func newTemplate(r corpus.Report) template {
	t := template{r: r, kind: kindOf(r.Source), block: !strings.Contains(r.Text, "\n")}
	if t.block {
		t.units = splitSentences(r.Text)
	} else {
		t.units = strings.Split(r.Text, "\n")
	}
	t.region, t.locality, t.suffix = splitAgency(r.Agency)
	return t
}

// kindOf is a report's collection: the folder under the corpus root in
// its source ("corpus/hebei-gov-xxgk/…" → "hebei-gov-xxgk").
func kindOf(source string) string {
	parts := strings.SplitN(source, "/", 3)
	if len(parts) < 3 {
		return ""
	}
	return parts[1]
}

// splitAgency splits an agency into region, locality and the rest; a
// national agency, or one the pattern does not fit, names no place.
func splitAgency(agency string) (region, locality, suffix string) {
	for _, p := range nationalPrefixes {
		if strings.HasPrefix(agency, p) {
			return "", "", agency
		}
	}
	m := placeRe.FindStringSubmatch(agency)
	if m == nil {
		return "", "", agency
	}
	return m[1], m[2], m[3]
}

// splitSentences cuts a text after each 。！？, keeping every byte.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if r == '。' || r == '！' || r == '？' {
			end := i + utf8.RuneLen(r)
			out = append(out, text[start:end])
			start = end
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// isParagraph reports whether a unit may be replaced or pooled: long
// enough to be body text, and not a heading.
func isParagraph(u string) bool {
	return utf8.RuneCountInString(u) >= 15 && !headingRe.MatchString(u)
}

// rng is the random source of synthetic copy k of template t: each report
// has its own stream, so a report does not depend on how many came
// before it.
func (g *generator) rng(k, t int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(k)<<32|uint64(t)))
}

// report returns report t as line seq of copy k: copy 0 is the real
// report as read, the others synthetic.
func (g *generator) report(k, t, seq int) scaleLine {
	tp := &g.templates[t]
	r := tp.r
	if k == 0 {
		g.seen[sha256.Sum256([]byte(r.Text))] = true
		return scaleLine{Title: r.Title, IndexNo: r.IndexNo, Agency: r.Agency, Catalog: r.Catalog,
			DocNo: r.DocNo, Date: r.Date, Year: r.Year, Text: r.Text}
	}
	rng := g.rng(k, t)
	year := 2012 + rng.IntN(13)
	region, locality := g.places(rng, tp)
	suffix := tp.suffix
	if tp.region == "" && tp.locality == "" {
		suffix = g.suffixes[rng.IntN(len(g.suffixes))]
	}
	out := scaleLine{
		Title:   newTitle(tp, region, locality, year),
		Agency:  region + locality + suffix,
		Catalog: r.Catalog,
		Date:    fmt.Sprintf("%d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28)),
		Year:    year,
	}
	if r.IndexNo != "" {
		out.IndexNo = fmt.Sprintf("11%016d/%d-%06d", rng.Uint64N(1e16), year, seq)
	}
	if r.DocNo != "" {
		out.DocNo = newDocNo(tp, region, year, 1+rng.IntN(200))
	}
	out.Text = g.body(rng, tp)
	return out
}

// places invents the region and locality of a synthetic agency, with the
// template's markers (省, 市, 区, 县); a template naming no place gets a
// city and a district.
func (g *generator) places(rng *rand.Rand, tp *template) (region, locality string) {
	name := func() string {
		return string([]rune{placeSyllables[rng.IntN(len(placeSyllables))], placeSyllables[rng.IntN(len(placeSyllables))]})
	}
	if tp.region == "" && tp.locality == "" {
		return name() + "市", name() + []string{"区", "县"}[rng.IntN(2)]
	}
	if tp.region != "" {
		region = name() + marker(tp.region)
	}
	if tp.locality != "" {
		locality = name() + marker(tp.locality)
	}
	return region, locality
}

// marker is the last character of a place name (省, 市, 区…), or 自治区.
func marker(place string) string {
	if strings.HasSuffix(place, "自治区") {
		return "自治区"
	}
	r, _ := utf8.DecodeLastRuneInString(place)
	return string(r)
}

// newTitle puts the new places and year into the template's title: its
// places replaced, its first year replaced, or "YYYY年度" put first.
func newTitle(tp *template, region, locality string, year int) string {
	title := tp.r.Title
	if tp.region != "" && region != "" {
		title = strings.ReplaceAll(title, tp.region, region)
	}
	if tp.locality != "" && locality != "" {
		title = strings.ReplaceAll(title, tp.locality, locality)
	}
	if loc := titleYearRe.FindStringIndex(title); loc != nil {
		return title[:loc[0]] + fmt.Sprintf("%d年", year) + title[loc[1]:]
	}
	return fmt.Sprintf("%d年度", year) + title
}

// newDocNo makes a 文号 of the template's shape: its region replaced, its
// first character replaced by the new region's when they were the same
// (丽政发 → 青政发), its year and serial number new.
func newDocNo(tp *template, region string, year, serial int) string {
	no := tp.r.DocNo
	if tp.region != "" && region != "" {
		no = strings.ReplaceAll(no, tp.region, region)
		old, _ := utf8.DecodeRuneInString(tp.region)
		if first, size := utf8.DecodeRuneInString(no); first == old {
			r, _ := utf8.DecodeRuneInString(region)
			no = string(r) + no[size:]
		}
	}
	no = docNoYearRe.ReplaceAllString(no, fmt.Sprintf("${1}%d${2}", year))
	return docNoSerialRe.ReplaceAllString(no, fmt.Sprintf("%d号", serial))
}

// body recombines the template's text: headings and short units stay in
// place; each paragraph is kept, or replaced by one of the same kind, or
// now and then of any kind; then a few sentences swap places. A text
// that was made before is recombined again.
func (g *generator) body(rng *rand.Rand, tp *template) string {
	sep := "\n"
	lines := g.lines
	if tp.block {
		sep, lines = "", g.sentences
	}
	for attempt := 0; ; attempt++ {
		units := slices.Clone(tp.units)
		var paras []int
		for i, u := range units {
			if !isParagraph(u) {
				continue
			}
			paras = append(paras, i)
			switch p := rng.Float64(); {
			case p < 0.4:
				if pool := lines[tp.kind]; len(pool) > 0 {
					units[i] = pool[rng.IntN(len(pool))]
				}
			case p < 0.5:
				if pool := lines[""]; len(pool) > 0 {
					units[i] = pool[rng.IntN(len(pool))]
				}
			}
		}
		for range min(3, len(paras)/2) {
			a, b := paras[rng.IntN(len(paras))], paras[rng.IntN(len(paras))]
			if tp.block {
				units[a], units[b] = units[b], units[a]
			} else {
				units[a], units[b] = swapSentence(rng, units[a], units[b])
			}
		}
		text := strings.Join(units, sep)
		sum := sha256.Sum256([]byte(text))
		if !g.seen[sum] {
			g.seen[sum] = true
			return text
		}
		if attempt >= 8 || len(paras) == 0 {
			// A text too short to recombine apart: a line of another
			// report, of this kind when it has any, makes it new.
			pool := lines[tp.kind]
			if len(pool) == 0 {
				pool = g.lines[""]
			}
			text += sep + pool[rng.IntN(len(pool))]
			if sum := sha256.Sum256([]byte(text)); !g.seen[sum] {
				g.seen[sum] = true
				return text
			}
		}
	}
}

// swapSentence exchanges one sentence of line a with one of line b.
func swapSentence(rng *rand.Rand, a, b string) (string, string) {
	sa, sb := splitSentences(a), splitSentences(b)
	i, j := rng.IntN(len(sa)), rng.IntN(len(sb))
	sa[i], sb[j] = sb[j], sa[i]
	return strings.Join(sa, ""), strings.Join(sb, "")
}

// generate writes the corpus of n times the real reports to dir as JSON
// Lines files of reportsPerFile reports, then its manifest: copy 0 (the
// real reports) first, then copies 1…n-1, each in template order.
func (g *generator) generate(dir string, n int) (scaleManifest, error) {
	m := scaleManifest{N: n, Seed: g.seed, Templates: len(g.templates)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, err
	}
	var (
		f   *os.File
		bw  *bufio.Writer
		h   = sha256.New()
		enc *json.Encoder
	)
	closeFile := func() error {
		if f == nil {
			return nil
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		m.Files[len(m.Files)-1].SHA256 = hex.EncodeToString(h.Sum(nil))
		err := f.Close()
		f = nil
		return err
	}
	seq := 0
	for k := range n {
		for t := range g.templates {
			if seq%reportsPerFile == 0 {
				if err := closeFile(); err != nil {
					return m, err
				}
				name := fmt.Sprintf("scale-%05d.jsonl", len(m.Files)+1)
				var err error
				if f, err = os.Create(filepath.Join(dir, name)); err != nil {
					return m, err
				}
				h.Reset()
				bw = bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
				enc = json.NewEncoder(bw)
				enc.SetEscapeHTML(false)
				m.Files = append(m.Files, generatedFile{Name: name})
			}
			seq++
			line := g.report(k, t, seq)
			if err := enc.Encode(line); err != nil {
				f.Close()
				return m, err
			}
			m.Files[len(m.Files)-1].Reports++
			m.Reports++
			m.TextBytes += int64(len(line.Text))
		}
	}
	if err := closeFile(); err != nil {
		return m, err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	doc := manifestIntro + "```json\n" + string(b) + "\n```\n"
	return m, os.WriteFile(filepath.Join(dir, manifestName), []byte(doc), 0o644)
}

// readManifest reads a generated corpus folder's manifest.
func readManifest(dir string) (scaleManifest, error) {
	var m scaleManifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return m, err
	}
	_, block, ok := strings.Cut(string(b), "```json\n")
	if !ok {
		return m, fmt.Errorf("%s: no manifest", filepath.Join(dir, manifestName))
	}
	block, _, _ = strings.Cut(block, "```")
	return m, json.Unmarshal([]byte(block), &m)
}

// ensureCorpus returns the corpus of n times the real reports in dir,
// reusing one generated there before with the same n and seed, else
// generating it (g is built on first use and kept in *gp). It replaces
// only a folder that is empty or holds a generated corpus.
func ensureCorpus(gp **generator, corpusDir, dir string, n int, seed uint64) (scaleManifest, bool, error) {
	m, err := readManifest(dir)
	switch {
	case err == nil && m.N == n && m.Seed == seed:
		return m, true, nil
	case errors.Is(err, os.ErrNotExist):
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			return m, false, fmt.Errorf("%s holds files but no %s: not a generated corpus, left alone", dir, manifestName)
		}
	case err != nil:
		return m, false, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return scaleManifest{}, false, err
	}
	if *gp == nil {
		g, err := newGenerator(corpusDir, seed)
		if err != nil {
			return scaleManifest{}, false, err
		}
		*gp = g
	}
	g := *gp
	clear(g.seen)
	m, err = g.generate(dir, n)
	return m, false, err
}
