#!/usr/bin/env python3
"""SQLite FTS5 with its trigram tokenizer indexing the same texts Lantai ingests.

The yardstick of issue 15: Lantai's ingest MB/s must be at least this. It reads
the JSON Lines files `go run ./bench scale -generate` writes (or any folder of
them), inserts each report's title and text into an on-disk FTS5 table with
tokenize='trigram', in one transaction, on one thread, and prints the text MB,
wall and CPU seconds, MB/s and the database size as one Markdown table row.

    python3 bench/fts5_ingest.py DIR [DB]
"""

import json
import os
import resource
import sqlite3
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    tmp = None
    if len(sys.argv) > 2:
        db = sys.argv[2]
    else:
        tmp = tempfile.mkdtemp(prefix="fts5-")
        db = os.path.join(tmp, "fts5.db")
    if os.path.exists(db):
        os.remove(db)
    files = sorted(f for f in os.listdir(folder) if f.endswith(".jsonl"))
    if not files:
        sys.exit(f"fts5_ingest: no .jsonl files in {folder}")
    start_wall = time.monotonic()
    start_cpu = resource.getrusage(resource.RUSAGE_SELF)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE VIRTUAL TABLE reports USING fts5(title, text, tokenize='trigram')")
    text_bytes = 0
    reports = 0
    with con:
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    r = json.loads(line)
                    title, text = r.get("title", ""), r.get("text", "")
                    text_bytes += len(title.encode()) + len(text.encode())
                    reports += 1
                    con.execute("INSERT INTO reports(title, text) VALUES (?, ?)", (title, text))
    con.execute("INSERT INTO reports(reports) VALUES ('optimize')")
    con.commit()
    con.close()
    wall = time.monotonic() - start_wall
    end_cpu = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (end_cpu.ru_utime - start_cpu.ru_utime) + (end_cpu.ru_stime - start_cpu.ru_stime)
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    mb = text_bytes / 1e6
    print("| corpus | reports | text MB | wall s | CPU s | MB/s (wall) | CPU s per MB | database MB | database ÷ text |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {folder} | {reports} | {mb:.1f} | {wall:.1f} | {cpu:.1f} | {mb / wall:.2f} | {cpu / mb:.2f} | {size / 1e6:.1f} | {size / text_bytes:.2f}× |")
    if tmp:
        os.remove(db)
        os.rmdir(tmp)


if __name__ == "__main__":
    main()
