package bleveindex

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/yanyiwu/gojieba"

	"github.com/lantai/lantai/internal/fsutil"
)

// The jieba dictionaries ship inside the binary: gojieba's default paths
// point into the Go module cache, which a deployed binary does not have.
//
//go:embed dict/jieba.dict.utf8 dict/hmm_model.utf8 dict/gov.dict.utf8
var dictFS embed.FS

// SegmenterOptions configures the process's one Chinese segmenter.
type SegmenterOptions struct {
	// UserDictPath names an operator's extra dictionary (one "word [freq]
	// [tag]" per line), added to the built-in government dictionary.
	UserDictPath string
	// CacheDir is where the embedded dictionaries are written for gojieba,
	// which loads from files; default os.UserCacheDir()/lantai, else the
	// system temp folder.
	CacheDir string
}

// Segmenter cuts Chinese text into words with gojieba. It is safe for
// concurrent use; a process needs one (the dictionaries take ~100 MB).
type Segmenter struct {
	jieba   *gojieba.Jieba
	version string
	// cuts remembers recent runs' words: a section's text repeats runs of
	// its report's, which is indexed just before it.
	cuts *lru.Cache[string, []piece]
}

// cutCacheSize is how many runs' words the segmenter remembers: the runs
// of about a hundred reports, a few megabytes.
const cutCacheSize = 1 << 16

// DictionaryVersion identifies the dictionaries in use (main, HMM model,
// government and operator dictionaries). The index records it, never a
// path, so an index can move between machines and still be checked.
func (s *Segmenter) DictionaryVersion() string { return s.version }

// cut returns jieba's default-mode words of a run of Chinese characters
// as byte ranges of run. The result is shared: callers must not change it.
func (s *Segmenter) cut(run string) []piece {
	if pieces, ok := s.cuts.Get(run); ok {
		return pieces
	}
	words := s.jieba.Tokenize(run, gojieba.DefaultMode, true)
	pieces := make([]piece, len(words))
	for i, w := range words {
		pieces[i] = piece{w.Start, w.End}
	}
	s.cuts.Add(strings.Clone(run), pieces)
	return pieces
}

// cutOnce is cut without the cache: for texts cut once, such as the
// completion candidates a server segments at start, which would fill the
// cache with runs no document repeats (15 MB of a 10× server's heap).
func (s *Segmenter) cutOnce(run string) []piece {
	if pieces, ok := s.cuts.Peek(run); ok {
		return pieces
	}
	words := s.jieba.Tokenize(run, gojieba.DefaultMode, true)
	pieces := make([]piece, len(words))
	for i, w := range words {
		pieces[i] = piece{w.Start, w.End}
	}
	return pieces
}

// NewSegmenter loads the embedded dictionaries plus the operator's file.
func NewSegmenter(opts SegmenterOptions) (*Segmenter, error) {
	mainDict, _ := dictFS.ReadFile("dict/jieba.dict.utf8")
	hmm, _ := dictFS.ReadFile("dict/hmm_model.utf8")
	userDict, _ := dictFS.ReadFile("dict/gov.dict.utf8")
	if opts.UserDictPath != "" {
		extra, err := readUserDict(opts.UserDictPath)
		if err != nil {
			return nil, err
		}
		userDict = append(append(userDict, '\n'), extra...)
	}
	h := sha256.New()
	for _, b := range [][]byte{mainDict, {0}, hmm, {0}, userDict} {
		h.Write(b)
	}
	version := hex.EncodeToString(h.Sum(nil))[:16]

	dir, err := dictCacheDir(opts.CacheDir, version)
	if err != nil {
		return nil, err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"jieba.dict.utf8", mainDict},
		{"hmm_model.utf8", hmm},
		{"user.dict.utf8", userDict},
		// Keyword extraction is unused; gojieba still wants these files and
		// rejects empty ones.
		{"idf.utf8", []byte("的 1.0\n")},
		{"stop_words.utf8", []byte("的\n")},
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(dir, f.name)
		if err := writeIfChanged(paths[i], f.data); err != nil {
			return nil, fmt.Errorf("writing dictionary %s: %w", paths[i], err)
		}
	}
	cuts, err := lru.New[string, []piece](cutCacheSize)
	if err != nil {
		return nil, err
	}
	return &Segmenter{jieba: gojieba.NewJieba(paths...), version: version, cuts: cuts}, nil
}

// readUserDict reads and checks an operator's dictionary file, so that a
// malformed line is reported with its file and line, not as a crash in C++.
func readUserDict(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("user dictionary: %w", err)
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) > 3 {
			return nil, fmt.Errorf("user dictionary %s:%d: want \"word [freq] [tag]\", got %q", path, n, line)
		}
		if len(fields) == 3 {
			if _, err := strconv.Atoi(fields[1]); err != nil {
				return nil, fmt.Errorf("user dictionary %s:%d: frequency %q is not a whole number", path, n, fields[1])
			}
		}
		out.WriteString(strings.Join(fields, " "))
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("user dictionary %s: %w", path, err)
	}
	return out.Bytes(), nil
}

func dictCacheDir(base, version string) (string, error) {
	if base == "" {
		if d, err := os.UserCacheDir(); err == nil {
			base = filepath.Join(d, "lantai")
		} else {
			base = filepath.Join(os.TempDir(), "lantai-cache")
		}
	}
	dir := filepath.Join(base, "dict-"+version)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		// A read-only or missing HOME must not stop the server.
		dir = filepath.Join(os.TempDir(), "lantai-dict-"+version)
		if err2 := os.MkdirAll(dir, 0o755); err2 != nil {
			return "", fmt.Errorf("no place to write dictionaries: %v; %v", err, err2)
		}
	}
	return dir, nil
}

// writeIfChanged writes data to path atomically unless the file already
// holds exactly data.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return fsutil.WriteFileAtomic(path, data, 0o644)
}

// activeSegmenter is the segmenter behind the Bleve tokenizer registered by
// name: Bleve's registry builds analyzers from names alone, so the one
// process-wide segmenter has to be reachable from there.
var activeSegmenter atomic.Pointer[Segmenter]

// Use makes s the segmenter behind the registered "lantai_jieba" tokenizer.
func Use(s *Segmenter) { activeSegmenter.Store(s) }
