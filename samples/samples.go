package samples

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Dir is the directory inside FS that holds the sample reports.
const Dir = "reports"

// FS holds the sample reports as Dir/<name>.txt, UTF-8 plain text in the
// seed layout (title, label/value metadata block, numbered body).
//
//go:embed reports
var FS embed.FS

// WriteTo writes every sample report into dir, creating dir when needed,
// and returns the paths written in name order. Callers ingest those files
// through the normal path, so samples get no special treatment downstream.
// An existing file of the same name is overwritten: the samples are fixed
// content, and rewriting them is how a damaged copy is repaired.
func WriteTo(dir string) ([]string, error) {
	entries, err := fs.ReadDir(FS, Dir)
	if err != nil {
		return nil, fmt.Errorf("samples: listing embedded reports: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("samples: creating %s: %w", dir, err)
	}
	paths := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(FS, Dir+"/"+e.Name())
		if err != nil {
			return paths, fmt.Errorf("samples: reading embedded %s: %w", e.Name(), err)
		}
		p := filepath.Join(dir, e.Name())
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return paths, fmt.Errorf("samples: writing %s: %w", p, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
