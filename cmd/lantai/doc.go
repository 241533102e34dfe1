// Command lantai ingests, archives, searches and serves Chinese government
// reports. It only parses flags and wires packages together: it chooses
// the index backend (index/bleveindex) and hands it to search; the work is
// done in corpus, archive, search, the backend and web.
package main
