// Package web is the HTTP face of Lantai: the JSON API, the HTML pages, the
// embeddable search box and the Prometheus metrics, served with echo.
//
// It talks to the rest of Lantai only through the Backend interface, so it
// knows nothing of Bleve, gojieba or the archive layout. Every page and asset
// is embedded in the binary; no page loads anything from another origin.
package web
