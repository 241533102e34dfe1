package main

import "github.com/lantai/lantai/extract"

// init serves one isolated extraction and exits when this process was
// started as an extraction worker by extract.Isolated (ingest reads the
// attached PDF, DOCX, DOC and OFD files that way); otherwise it returns
// at once. It runs in init, before main tunes memory, handles signals or
// parses flags: the worker sets its own limits and needs none of that.
func init() { extract.WorkerMain() }
