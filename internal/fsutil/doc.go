// Package fsutil holds Lantai's durable writes in one place. A file is
// written under a temporary name beside its destination, synced, renamed
// into place, and then its folder is synced, so a crash at any moment
// leaves the old file or the new one, never a part of either, and at worst
// a stray temporary file (see TempSuffix).
//
// It knows files only: nothing of the archive, the index or what the
// bytes mean.
package fsutil
