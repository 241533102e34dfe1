package web

import (
	"encoding/xml"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// staticRoot is the embedded static folder.
var staticRoot = func() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder exists
	}
	return sub
}()

// static is GET /static/*: embedded CSS, JS and images.
func (s *Server) static(c echo.Context) error {
	name := path.Clean(strings.TrimPrefix(c.Param("*"), "/"))
	return serveAsset(c, name, "public, max-age=3600")
}

// serveAsset writes one embedded file, or 404.
func serveAsset(c echo.Context, name, cache string) error {
	if !fs.ValidPath(name) || name == "." {
		return echo.ErrNotFound
	}
	data, err := fs.ReadFile(staticRoot, name)
	if err != nil {
		return echo.ErrNotFound
	}
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Response().Header().Set("Cache-Control", cache)
	return c.Blob(http.StatusOK, ct, data)
}

// favicon is GET /favicon.ico, answered with the SVG logo.
func (s *Server) favicon(c echo.Context) error {
	return serveAsset(c, "logo.svg", "public, max-age=86400")
}

// embedJS is GET /embed.js: the script other sites load to get a search box.
// It is short-cached so fixes reach embedding sites soon.
func (s *Server) embedJS(c echo.Context) error {
	// Other sites load this with <script src>, which needs it to be
	// loadable cross-origin regardless of CORP defaults.
	c.Response().Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	return serveAsset(c, "embed.js", "public, max-age=300")
}

// openSearch is GET /opensearch.xml, so browsers can add Lantai as a
// search engine.
func (s *Server) openSearch(c echo.Context) error {
	base := s.baseURL(c)
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>兰台</ShortName>
  <Description>兰台：政府工作报告全文检索</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image height="16" width="16" type="image/svg+xml">`)
	xmlEscape(&b, base+"/static/logo.svg")
	b.WriteString(`</Image>
  <Url type="text/html" method="get" template="`)
	xmlEscape(&b, base+"/?q={searchTerms}")
	b.WriteString(`"/>
</OpenSearchDescription>
`)
	return c.Blob(http.StatusOK, "application/opensearchdescription+xml; charset=utf-8", []byte(b.String()))
}

func xmlEscape(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s)) // writing to a strings.Builder cannot fail
}
