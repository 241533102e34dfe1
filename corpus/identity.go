package corpus

import "strings"

// Identity key prefixes; see IdentityKey.
const (
	keyIndexNo = "index_no:"
	keySource  = "source:"
)

// IdentityKey returns what makes two documents the same report: its 索引号
// when it has one, else its source. Documents with the same key are
// versions of one report.
func IdentityKey(r Report) string {
	if no := strings.TrimSpace(r.IndexNo); no != "" {
		return keyIndexNo + no
	}
	return keySource + r.Source
}

// IndexNoOfKey returns the 索引号 an identity key was made from, or "" for
// a key made from a source.
func IndexNoOfKey(key string) string {
	no, ok := strings.CutPrefix(key, keyIndexNo)
	if !ok {
		return ""
	}
	return no
}

// ReportID returns the report ID for an identity key: the first 16 hex
// digits of its SHA-256. IDs are stable across machines and re-ingests.
func ReportID(key string) string {
	return SHA256Hex([]byte(key))[:16]
}
