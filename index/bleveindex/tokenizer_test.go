package bleveindex

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lantai/lantai/internal/fold"
)

// testSeg is the one segmenter of the test process, as in production.
var testSeg *Segmenter

func TestMain(m *testing.M) {
	var err error
	testSeg, err = NewSegmenter(SegmenterOptions{CacheDir: os.TempDir()})
	if err != nil {
		panic(err)
	}
	Use(testSeg)
	os.Exit(m.Run())
}

func TestTokens(t *testing.T) {
	tests := []struct {
		text string
		want []Token
	}{
		{"申请行政复议", []Token{
			{"申请", 0, 6, 1, fold.Han},
			{"行政复议", 6, 18, 2, fold.Han},
		}},
		// Punctuation is left out: the word fields only rank.
		{"双随机、一公开", []Token{
			{"双", 0, 3, 1, fold.Han},
			{"随机", 3, 9, 2, fold.Han},
			{"一", 12, 15, 3, fold.Han},
			{"公开", 15, 21, 4, fold.Han},
		}},
		// Full-width letters and digits fold; Latin lowercases; 2.5 stays one word.
		{"ＰＭ2.5和5G！", []Token{
			{"pm2.5", 0, 9, 1, fold.Word},
			{"和", 9, 12, 2, fold.Han},
			{"5g", 12, 14, 3, fold.Word},
		}},
		{"隆政办发〔2022〕26号", []Token{
			{"隆", 0, 3, 1, fold.Han},
			{"政办发", 3, 12, 2, fold.Han},
			{"2022", 15, 19, 3, fold.Word},
			{"26", 22, 24, 4, fold.Word},
			{"号", 24, 27, 5, fold.Han},
		}},
		// A NUL byte is a gap, not the end of the text.
		{"政府\x00报告", []Token{
			{"政府", 0, 6, 1, fold.Han},
			{"报告", 7, 13, 2, fold.Han},
		}},
		{"", nil},
	}
	for _, tt := range tests {
		got := testSeg.Tokens(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("Tokens(%q) = %+v, want %+v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Tokens(%q)[%d] = %+v, want %+v", tt.text, i, got[i], tt.want[i])
			}
		}
	}
}

func TestSetTokens(t *testing.T) {
	tests := []struct {
		text string
		want []Token
	}{
		// Each character and each bigram of a run, once.
		{"行政复议行政", []Token{
			{"行", 0, 3, 1, fold.Han},
			{BigramTerm("行政"), 0, 6, 2, fold.Han},
			{"政", 3, 6, 3, fold.Han},
			{BigramTerm("政复"), 3, 9, 4, fold.Han},
			{"复", 6, 9, 5, fold.Han},
			{BigramTerm("复议"), 6, 12, 6, fold.Han},
			{"议", 9, 12, 7, fold.Han},
			{BigramTerm("议行"), 9, 15, 8, fold.Han},
		}},
		// Bigrams never cross punctuation.
		{"随机、一公", []Token{
			{"随", 0, 3, 1, fold.Han},
			{BigramTerm("随机"), 0, 6, 2, fold.Han},
			{"机", 3, 6, 3, fold.Han},
			{"一", 9, 12, 4, fold.Han},
			{BigramTerm("一公"), 9, 15, 5, fold.Han},
			{"公", 12, 15, 6, fold.Han},
		}},
		// Latin/digit words are whole terms; offsets point into the
		// original, unfolded text; a NUL byte is a gap.
		{"ＰＭ2.5下\x00", []Token{
			{"pm2.5", 0, 9, 1, fold.Word},
			{"下", 9, 12, 2, fold.Han},
		}},
		{"", nil},
	}
	for _, tt := range tests {
		got := SetTokens(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("SetTokens(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{"行政复议", []string{BigramTerm("行政"), BigramTerm("政复"), BigramTerm("复议")}},
		{"桥", []string{"桥"}},
		{"复议复议", []string{BigramTerm("复议"), BigramTerm("议复")}},
		{"国发〔2019〕5号", []string{BigramTerm("国发"), "2019", "5", "号"}},
		{"ＰＭ2.5", []string{"pm2.5"}},
		{"“，”", nil},
	}
	for _, tt := range tests {
		if got := QueryTerms(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

// TestMatchForm checks that a query's MatchPattern occurs in a text's
// MatchForm exactly when the text contains the query: punctuation matches
// any punctuation, a word only a whole word.
func TestMatchForm(t *testing.T) {
	tests := []struct {
		text, query string
		want        bool
	}{
		{"推进双随机一公开监管", "双随机一公开", true},
		{"推进双随机、一公开监管", "双随机一公开", false},
		{"国发〔2019〕5号", "国发[2019]5号", true},
		{"国发〔2019〕5号", "国发2019", false},
		{"国发〔2019〕15号", "〔2019〕5号", false},
		{"部署5G基站", "5g", true},
		{"部署15G基站", "5g", false},
		{"部署5GB带宽", "5g", false},
		{"ＰＭ2.5浓度", "pm2.5", true},
		{"依法行政，建设法治政府", "，建设", true},
		{"依法行政，建设法治政府", "建设，", true},
		{"依法行政", "“依法”", true},
	}
	for _, tt := range tests {
		got := strings.Contains(MatchForm(tt.text), MatchPattern(tt.query))
		if got != tt.want {
			t.Errorf("%q in %q: %v, want %v (form %q, pattern %q)", tt.query, tt.text, got, tt.want, MatchForm(tt.text), MatchPattern(tt.query))
		}
	}
	if p := MatchPattern("，。"); p != "" {
		t.Errorf("MatchPattern of punctuation = %q, want empty", p)
	}
}

func TestQueryWords(t *testing.T) {
	got := QueryWords(fold.String("推进跨省通办和5G"))
	want := []string{"推进", "跨省通办", "5g"} // 和: one character, not a ranking word
	if !slices.Equal(got, want) {
		t.Errorf("QueryWords = %q, want %q", got, want)
	}
}

func TestGovernmentDictionary(t *testing.T) {
	for _, w := range []string{"跨省通办", "一网通办", "放管服", "双随机一公开", "证明事项告知承诺制", "诉源治理", "法律明白人"} {
		got := testSeg.Tokens("推进" + w + "工作")
		if len(got) != 3 || got[1].Term != w {
			t.Errorf("%s is not one word: %+v", w, got)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"隆阳区2022年度法治政府建设情况的报告", "ＰＭ2.5，5G！", "\x00\xff\xfe", "㈠（一）①"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, s, testSeg.Tokens(s))
		checkTokens(t, s, SetTokens(s))
		for _, term := range QueryTerms(s) {
			if !slices.ContainsFunc(SetTokens(s), func(tok Token) bool { return tok.Term == term }) {
				t.Fatalf("query term %q of %q is not a set token of it", term, s)
			}
		}
		if !strings.Contains(MatchForm(s), MatchPattern(s)) {
			t.Fatalf("%q does not match itself", s)
		}
	})
}

// checkTokens fails unless toks are well-formed tokens of s: offsets in
// range, consecutive positions, valid non-blank terms.
func checkTokens(t *testing.T, s string, toks []Token) {
	t.Helper()
	last := 0
	for _, tok := range toks {
		if tok.Start < 0 || tok.End > len(s) || tok.Start > tok.End {
			t.Fatalf("offsets out of range: %+v in %q", tok, s)
		}
		if tok.Position != last+1 {
			t.Fatalf("positions not consecutive: %+v after %d", tok, last)
		}
		last = tok.Position
		if !utf8.ValidString(tok.Term) || strings.TrimSpace(tok.Term) == "" {
			t.Fatalf("bad term %q", tok.Term)
		}
	}
}

// TestBleveTokenizer checks the adapter Bleve calls: the same terms and
// positions as the token functions, offsets left out, and terms that do
// not share bytes.
func TestBleveTokenizer(t *testing.T) {
	text := "国发〔2019〕5号：推进“放管服”改革，PM2.5下降。"
	for name, fn := range map[string]func(string) []Token{
		SetAnalyzerName: SetTokens,
		AnalyzerName:    func(s string) []Token { return WordTokens(testSeg.Tokens(s)) },
	} {
		want := fn(text)
		got := bleveTokenizer(fn).Tokenize([]byte(text))
		if len(got) != len(want) {
			t.Fatalf("%s: %d tokens, want %d", name, len(got), len(want))
		}
		for i, tok := range got {
			if string(tok.Term) != want[i].Term || tok.Position != want[i].Position || tok.Start != 0 || tok.End != 0 {
				t.Errorf("%s token %d = %q@%d [%d,%d), want %q@%d without offsets", name, i, tok.Term, tok.Position, tok.Start, tok.End, want[i].Term, want[i].Position)
			}
		}
		if len(got) > 1 {
			_ = append(got[0].Term, 'x')
			if string(got[1].Term) != want[1].Term {
				t.Errorf("%s: appending to one term changed the next to %q", name, got[1].Term)
			}
		}
	}
}

func TestWordTokens(t *testing.T) {
	var got []string
	for _, tok := range WordTokens(testSeg.Tokens("桥和5G的建设")) {
		got = append(got, fmt.Sprintf("%s@%d", tok.Term, tok.Position))
	}
	if want := []string{"5g@1", "建设@2"}; !slices.Equal(got, want) {
		t.Errorf("WordTokens = %q, want %q (one-character words dropped, positions renumbered)", got, want)
	}
}

// TestBigramTerm checks the bucket terms: stable, never taken for a
// character or word term, and spread over the buckets (the bigrams of a
// real report's opening fall into nearly as many buckets as there are).
func TestBigramTerm(t *testing.T) {
	if BigramTerm("依法") != BigramTerm("依法") {
		t.Fatal("a bigram's bucket changes")
	}
	for _, term := range []string{"桥", "pm2.5", "2019", "1a2b"} {
		if !IsExactTerm(term) {
			t.Errorf("%q is taken for a bucket", term)
		}
	}
	text := "一、推进依法行政，建设法治政府。全面推进政务公开，深化放管服改革，优化营商环境。健全行政复议体制，完善行政执法程序，严格规范公正文明执法。加强普法宣传教育，落实谁执法谁普法责任制。"
	bigrams := map[string]bool{}
	buckets := map[string]bool{}
	for _, run := range fold.Runs(fold.String(text)) {
		r := []rune(run.Text)
		for i := 0; run.Kind == fold.Han && i+1 < len(r); i++ {
			bigrams[string(r[i:i+2])] = true
			term := BigramTerm(string(r[i : i+2]))
			if IsExactTerm(term) || len(term) != len(bucketPrefix)+4 {
				t.Fatalf("bucket term %q of %q", term, string(r[i:i+2]))
			}
			buckets[term] = true
		}
	}
	if len(buckets) < len(bigrams)-2 {
		t.Errorf("%d bigrams fall into only %d buckets", len(bigrams), len(buckets))
	}
}
