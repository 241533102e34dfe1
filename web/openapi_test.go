package web

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// documentedOutsideAPI are the machine routes outside /api that the
// OpenAPI document describes too: what clients other than browsers fetch.
var documentedOutsideAPI = map[string]bool{"/feed.atom": true}

// TestOpenAPIMatchesRoutes checks that every /api route (and each of
// documentedOutsideAPI) is documented with its method and that the
// document describes no route that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	s, _ := testServer(t, Config{AdminToken: "t"})
	param := regexp.MustCompile(`:([a-z_]+)`)
	routes := map[string]bool{}
	for _, r := range s.Echo().Routes() {
		if (!strings.HasPrefix(r.Path, "/api/") && !documentedOutsideAPI[r.Path]) || r.Method == "echo_route_not_found" {
			continue
		}
		p := param.ReplaceAllString(r.Path, "{$1}")
		key := strings.ToLower(r.Method) + " " + p
		routes[key] = true
		if _, ok := doc.Paths[p][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not in openapi.json", r.Method, p)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !routes[m+" "+p] {
				t.Errorf("openapi.json documents %s %s, which is not a route", strings.ToUpper(m), p)
			}
		}
	}
	if len(routes) < 10 {
		t.Errorf("only %d api routes found", len(routes))
	}
}
