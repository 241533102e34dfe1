package series

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Member is what grouping needs of one report; the caller fills it from
// its archive.
type Member struct {
	// ID is the archive's report ID.
	ID string
	// Title is the report's title as written.
	Title string
	// Agency is the issuing body; when empty the body is taken from the
	// title (BodyFromTitle).
	Agency string
	// Year is the year the report is about; a member with none (0) is in
	// no series.
	Year int
	// Date is the report's date as YYYY-MM-DD, ordering members of a year.
	Date string
	// SHA256 is the hex SHA-256 of the original bytes, when known.
	SHA256 string
	// TextSHA is a hash of the body text, "" when the text is empty: two
	// members with the same title, year and TextSHA are one report.
	TextSHA string
}

// Series is one body's reports of one kind across years.
type Series struct {
	// ID is stable and URL-safe: 16 hex digits of the SHA-256 of Agency
	// and Kind.
	ID string
	// Name is Agency and Kind, e.g. "国务院 政府工作报告".
	Name string
	// Agency is the body's canonical name (AgencyKey).
	Agency string
	// Kind is the kind of report (see Kind).
	Kind string
	// Years lists the distinct years, ascending.
	Years []int
	// Members are the reports by year, then date, then ID, duplicates
	// removed (the first of each kept).
	Members []Member
}

// Group links members into series: members of one body (AgencyKey of
// their agency, or of the body their title starts with) and one kind
// (their title's kind with the agency removed; see Kind) form a group, and
// a group with two distinct years or more is a series. Members with no
// year, no body or no kind are left out. A member that repeats one
// already in its group (the same SHA256, or the same title, year and
// TextSHA) is a duplicate and shows once. A title cut short by a list page
// (ending in ... or …) joins the one kind of its body that it begins. Series come sorted by Name, then ID; a nil aliases is
// DefaultAliases.
func Group(members []Member, aliases *Aliases) []*Series {
	groups := map[groupKey][]Member{}
	var cut []Member // members whose title was cut short
	cutKeys := map[string]groupKey{}
	for _, m := range members {
		body := m.Agency
		if body == "" {
			body = BodyFromTitle(m.Title)
		}
		k := groupKey{AgencyKey(body, aliases), kindFor(m.Title, body)}
		if m.Year == 0 || k.agency == "" || k.kind == "" {
			continue
		}
		if isCutShort(m.Title) {
			cut = append(cut, m)
			cutKeys[m.ID+"\x00"+m.Title] = k
			continue
		}
		groups[k] = append(groups[k], m)
	}
	for _, m := range cut {
		k := completeKey(groups, cutKeys[m.ID+"\x00"+m.Title])
		groups[k] = append(groups[k], m)
	}
	var out []*Series
	for k, ms := range groups {
		ms = dedupe(ms)
		var years []int
		for _, m := range ms {
			if len(years) == 0 || years[len(years)-1] != m.Year {
				years = append(years, m.Year)
			}
		}
		if len(years) < 2 {
			continue
		}
		out = append(out, &Series{
			ID:      seriesID(k.agency, k.kind),
			Name:    k.agency + " " + k.kind,
			Agency:  k.agency,
			Kind:    k.kind,
			Years:   years,
			Members: ms,
		})
	}
	slices.SortFunc(out, func(a, b *Series) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// groupKey is what members of one series share.
type groupKey struct{ agency, kind string }

// isCutShort reports a title cut short by a list page: ending in ... or …
// (brackets aside).
func isCutShort(title string) bool {
	t := cleanTitle(title)
	return strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…")
}

// completeKey returns the key of the one group of k's body whose kind
// begins with k's (cut-short) kind, or k itself when there is none or more
// than one.
func completeKey(groups map[groupKey][]Member, k groupKey) groupKey {
	found := k
	n := 0
	for g := range groups {
		if g.agency == k.agency && strings.HasPrefix(g.kind, k.kind) {
			found = g
			n++
		}
	}
	if n != 1 {
		return k
	}
	return found
}

// dedupe sorts members by year, date, ID and title and drops each that
// repeats one before it: the same original (SHA256), or the same title and
// year with the same text (TextSHA).
func dedupe(ms []Member) []Member {
	slices.SortFunc(ms, func(a, b Member) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Date, b.Date),
			cmp.Compare(a.ID, b.ID), cmp.Compare(a.Title, b.Title))
	})
	seen := map[string]bool{}
	out := ms[:0]
	for _, m := range ms {
		keys := make([]string, 0, 2)
		if m.SHA256 != "" {
			keys = append(keys, "o\x00"+m.SHA256)
		}
		if m.TextSHA != "" {
			keys = append(keys, fmt.Sprintf("t\x00%s\x00%d\x00%s", strings.Join(strings.Fields(m.Title), ""), m.Year, m.TextSHA))
		}
		if slices.ContainsFunc(keys, func(k string) bool { return seen[k] }) {
			continue
		}
		for _, k := range keys {
			seen[k] = true
		}
		out = append(out, m)
	}
	return out
}

// seriesID derives a series' ID from its body and kind.
func seriesID(agency, kind string) string {
	sum := sha256.Sum256([]byte(agency + "\x00" + kind))
	return hex.EncodeToString(sum[:8])
}
