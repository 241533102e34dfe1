// Package archive is Lantai's source of truth: every original exactly as
// received, content-addressed by its SHA-256, and one record per report
// listing its versions, each with the report parsed from it. The search
// index is derived from the archive and can always be rebuilt from it.
//
// It owns:
//   - storage: immutable pack files (packs/), each what one group commit
//     wrote, with an index of CRC-checked entries at its end, each Put's
//     original and record compressed together in one zstd frame; and,
//     read as they are, uncompressed packs and the loose files of archives
//     written before packs (reports/, objects/);
//   - the catalogue, built at open time from the packs' indexes and the
//     old records' heads: which reports exist, their versions, and the
//     lookups by ID, 索引号 and SHA-256;
//   - durable, atomic writes: Put and Delete return once their pack is
//     synced and renamed into place (internal/fsutil), so a crash leaves
//     the old state or the new one; one writing process at a time (a lock
//     file), any number of readers;
//   - Ingest: walking files and folders, reading them with corpus.Read and
//     storing what they hold.
//
// What makes two documents the same report (corpus.IdentityKey) and the
// report model itself belong to package corpus, which archive imports and
// which never imports archive. The archive must not know about the index,
// search or HTTP: those packages import it, never the reverse.
package archive
