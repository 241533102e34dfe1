package indexer

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
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
			{"申请", 0, 6, 1, KindHan},
			{"行政复议", 6, 18, 2, KindHan},
		}},
		// Punctuation takes a position as the gap term so phrases cannot cross it.
		{"双随机、一公开", []Token{
			{"双", 0, 3, 1, KindHan},
			{"随机", 3, 9, 2, KindHan},
			{"_", 9, 12, 3, KindGap},
			{"一", 12, 15, 4, KindHan},
			{"公开", 15, 21, 5, KindHan},
		}},
		// Full-width letters and digits fold; Latin lowercases; 2.5 stays one word.
		{"ＰＭ2.5和5G！", []Token{
			{"pm2.5", 0, 9, 1, KindWord},
			{"和", 9, 12, 2, KindHan},
			{"5g", 12, 14, 3, KindWord},
			{"_", 14, 17, 4, KindGap},
		}},
		{"隆政办发〔2022〕26号", []Token{
			{"隆", 0, 3, 1, KindHan},
			{"政办发", 3, 12, 2, KindHan},
			{"_", 12, 15, 3, KindGap},
			{"2022", 15, 19, 4, KindWord},
			{"_", 19, 22, 5, KindGap},
			{"26", 22, 24, 6, KindWord},
			{"号", 24, 27, 7, KindHan},
		}},
		// A NUL byte is a gap, not the end of the text.
		{"政府\x00报告", []Token{
			{"政府", 0, 6, 1, KindHan},
			{"_", 6, 7, 2, KindGap},
			{"报告", 7, 13, 3, KindHan},
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

func TestLiteralTokens(t *testing.T) {
	tests := []struct {
		text string
		want []Token
	}{
		// One position per character: the bigram it starts, the run's last
		// character alone.
		{"行政复议", []Token{
			{"行政", 0, 6, 1, KindHan},
			{"政复", 3, 9, 2, KindHan},
			{"复议", 6, 12, 3, KindHan},
			{"议", 9, 12, 4, KindHan},
		}},
		// Bigrams never cross punctuation, which is a gap of its own.
		{"双随机、一公开", []Token{
			{"双随", 0, 6, 1, KindHan},
			{"随机", 3, 9, 2, KindHan},
			{"机", 6, 9, 3, KindHan},
			{"_", 9, 12, 4, KindGap},
			{"一公", 12, 18, 5, KindHan},
			{"公开", 15, 21, 6, KindHan},
			{"开", 18, 21, 7, KindHan},
		}},
		// Latin/digit words are whole terms; offsets point into the
		// original, unfolded text.
		{"ＰＭ2.5下降", []Token{
			{"pm2.5", 0, 9, 1, KindWord},
			{"^下", 9, 15, 2, KindMark},
			{"下降", 9, 15, 2, KindHan},
			{"降", 12, 15, 3, KindHan},
		}},
		// A run right after a number also carries AfterWord plus its
		// first character.
		{"国务院令第656号文", []Token{
			{"国务", 0, 6, 1, KindHan},
			{"务院", 3, 9, 2, KindHan},
			{"院令", 6, 12, 3, KindHan},
			{"令第", 9, 15, 4, KindHan},
			{"第", 12, 15, 5, KindHan},
			{"656", 15, 18, 6, KindWord},
			{"^号", 18, 24, 7, KindMark},
			{"号文", 18, 24, 7, KindHan},
			{"文", 21, 24, 8, KindHan},
		}},
		// Leading punctuation constrains nothing; a NUL byte is a gap.
		{"“桥\x00", []Token{
			{"桥", 3, 6, 1, KindHan},
			{"_", 6, 7, 2, KindGap},
		}},
		{"", nil},
	}
	for _, tt := range tests {
		got := LiteralTokens(tt.text)
		if !slices.Equal(got, tt.want) {
			t.Errorf("LiteralTokens(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestCharTokens(t *testing.T) {
	var got []string
	for _, tok := range CharTokens("法治、法规和ＰＭ2.5") {
		got = append(got, tok.Term)
	}
	if want := []string{"法", "治", "规", "和"}; !slices.Equal(got, want) {
		t.Errorf("CharTokens = %q, want %q (each character once)", got, want)
	}
}

func TestQueryWords(t *testing.T) {
	got := QueryWords(FoldString("推进跨省通办和5G"))
	want := []string{"推进", "跨省通办", "和", "5g"}
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
		checkTokens(t, s, LiteralTokens(s))
		checkTokens(t, s, CharTokens(s))
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
		if tok.Kind == KindMark {
			continue // its character's token follows at the same position
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
		LiteralAnalyzerName: LiteralTokens,
		CharsAnalyzerName:   CharTokens,
		AnalyzerName:        testSeg.Tokens,
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
