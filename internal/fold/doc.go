// Package fold is Lantai's one rule of what text matches: the folded form
// of a string (NFKC, lowercased, rune by rune with offsets back into the
// original) and its runs of Chinese characters, Latin/digit words and gaps.
// Indexing, literal confirmation, snippets and highlighting all use it, so
// they can never disagree about what matches.
//
// It must not know any index engine, query syntax or archive: it is the
// rule they share.
package fold
