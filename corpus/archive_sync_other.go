//go:build !linux

package corpus

import "os"

// syncFiles makes paths (files or directories) durable, one fsync each:
// syncfs(2) is Linux-only.
func (a *Archive) syncFiles(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
