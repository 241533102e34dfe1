//go:build cgo && !nocgo && (linux || darwin)

package extract

// This file is the one place that calls MuPDF. go-fitz is imported for
// the MuPDF 1.24 static libraries it bundles (so a build needs only Go and
// a C compiler); its own API is not used because it has no line geometry
// and calls MuPDF outside fz_try, where a MuPDF error ends the process.
// The C below runs every MuPDF call inside fz_try, counts every byte MuPDF
// allocates against a cap, and can be aborted between content-stream
// operators through the fz_cookie.

/*
#cgo CFLAGS: -O2

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Declarations copied from MuPDF 1.24.9's public headers (the go-fitz
// module has them under include/mupdf; cgo cannot point into another
// module's directory). fz_new_context_imp refuses to start when the
// library's version differs from MUPDF_VERSION, so a go-fitz upgrade that
// changes these layouts fails every PDF with a clear error instead of
// misreading memory.
#define MUPDF_VERSION "1.24.9"

typedef struct fz_context fz_context;
typedef struct fz_document fz_document;
typedef struct pdf_document pdf_document;
typedef struct fz_page fz_page;
typedef struct fz_stream fz_stream;
typedef struct fz_device fz_device;
typedef struct fz_font fz_font;
typedef struct fz_pool fz_pool;
typedef struct fz_image fz_image;
typedef struct fz_locks_context fz_locks_context;

typedef struct { float x, y; } fz_point;
typedef struct { float x0, y0, x1, y1; } fz_rect;
typedef struct { float a, b, c, d, e, f; } fz_matrix;
typedef struct { fz_point ul, ur, ll, lr; } fz_quad;

typedef struct {
	void *user;
	void *(*malloc)(void *, size_t);
	void *(*realloc)(void *, void *, size_t);
	void (*free)(void *, void *);
} fz_alloc_context;

typedef struct {
	int abort;
	int progress;
	size_t progress_max;
	int errors;
	int incomplete;
} fz_cookie;

typedef struct {
	int flags;
	float scale;
} fz_stext_options;

typedef struct fz_stext_char fz_stext_char;
typedef struct fz_stext_line fz_stext_line;
typedef struct fz_stext_block fz_stext_block;

typedef struct {
	fz_pool *pool;
	fz_rect mediabox;
	fz_stext_block *first_block, *last_block;
} fz_stext_page;

struct fz_stext_block {
	int type;
	fz_rect bbox;
	union {
		struct { fz_stext_line *first_line, *last_line; } t;
		struct { fz_matrix transform; fz_image *image; } i;
	} u;
	fz_stext_block *prev, *next;
};

struct fz_stext_line {
	int wmode;
	fz_point dir;
	fz_rect bbox;
	fz_stext_char *first_char, *last_char;
	fz_stext_line *prev, *next;
};

struct fz_stext_char {
	int c;
	int bidi;
	int color;
	fz_point origin;
	fz_quad quad;
	float size;
	fz_font *font;
	fz_stext_char *next;
};

enum { FZ_STEXT_BLOCK_TEXT = 0 };
enum { FZ_STEXT_INHIBIT_SPACES = 8, FZ_STEXT_MEDIABOX_CLIP = 64 };
enum { FZ_ERROR_ABORT = 10 };

typedef sigjmp_buf fz_jmp_buf;
fz_jmp_buf *fz_push_try(fz_context *ctx);
int fz_do_try(fz_context *ctx);
int fz_do_always(fz_context *ctx);
int fz_do_catch(fz_context *ctx);
#define fz_try(ctx) if (!sigsetjmp(*fz_push_try(ctx), 0)) if (fz_do_try(ctx)) do
#define fz_always(ctx) while (0); if (fz_do_always(ctx)) do
#define fz_catch(ctx) while (0); if (fz_do_catch(ctx))
const char *fz_caught_message(fz_context *ctx);
int fz_caught(fz_context *ctx);
void fz_ignore_error(fz_context *ctx);

typedef void (fz_error_cb)(void *user, const char *message);
fz_context *fz_new_context_imp(const fz_alloc_context *alloc, const fz_locks_context *locks, size_t max_store, const char *version);
void fz_drop_context(fz_context *ctx);
void fz_set_error_callback(fz_context *ctx, fz_error_cb *cb, void *user);
void fz_set_warning_callback(fz_context *ctx, fz_error_cb *cb, void *user);

fz_stream *fz_open_memory(fz_context *ctx, const unsigned char *data, size_t len);
void fz_drop_stream(fz_context *ctx, fz_stream *stm);
pdf_document *pdf_open_document_with_stream(fz_context *ctx, fz_stream *file);
void fz_drop_document(fz_context *ctx, fz_document *doc);
int pdf_needs_password(fz_context *ctx, pdf_document *doc);
int pdf_count_pages(fz_context *ctx, pdf_document *doc);
int pdf_was_repaired(fz_context *ctx, pdf_document *doc);
fz_page *fz_load_page(fz_context *ctx, fz_document *doc, int number);
void fz_drop_page(fz_context *ctx, fz_page *page);
fz_rect fz_bound_page(fz_context *ctx, fz_page *page);
void fz_run_page_contents(fz_context *ctx, fz_page *page, fz_device *dev, fz_matrix transform, fz_cookie *cookie);
fz_stext_page *fz_new_stext_page(fz_context *ctx, fz_rect mediabox);
void fz_drop_stext_page(fz_context *ctx, fz_stext_page *page);
fz_device *fz_new_stext_device(fz_context *ctx, fz_stext_page *page, const fz_stext_options *options);
void fz_close_device(fz_context *ctx, fz_device *dev);
void fz_drop_device(fz_context *ctx, fz_device *dev);
typedef struct pdf_obj pdf_obj;
int pdf_xref_len(fz_context *ctx, pdf_document *doc);
int pdf_obj_num_is_stream(fz_context *ctx, pdf_document *doc, int num);
pdf_obj *pdf_load_object(fz_context *ctx, pdf_document *doc, int num);
void pdf_drop_obj(fz_context *ctx, pdf_obj *obj);
pdf_obj *pdf_dict_gets(fz_context *ctx, pdf_obj *dict, const char *key);
const char *pdf_to_name(fz_context *ctx, pdf_obj *obj);
fz_stream *pdf_open_stream_number(fz_context *ctx, pdf_document *doc, int num);
size_t fz_read(fz_context *ctx, fz_stream *stm, unsigned char *data, size_t len);
fz_font *fz_new_base14_font(fz_context *ctx, const char *name);
typedef fz_font *(fz_load_system_font_fn)(fz_context *ctx, const char *name, int bold, int italic, int needs_exact_metrics);
typedef fz_font *(fz_load_system_cjk_font_fn)(fz_context *ctx, const char *name, int ordering, int serif);
typedef fz_font *(fz_load_system_fallback_font_fn)(fz_context *ctx, int script, int language, int serif, int bold, int italic);
void fz_install_load_system_font_funcs(fz_context *ctx, fz_load_system_font_fn *f, fz_load_system_cjk_font_fn *f_cjk, fz_load_system_fallback_font_fn *f_fallback);
extern const fz_matrix fz_identity;

// lt_heap counts what MuPDF holds; an allocation that would pass limit
// fails, which MuPDF turns into an error (after emptying its caches).
typedef struct {
	size_t used, limit;
	int over;
} lt_heap;

// Every block carries its size in a 16-byte prefix, keeping malloc's
// alignment.
#define LT_HDR 16

static void *lt_malloc(void *user, size_t size) {
	lt_heap *h = user;
	if (size > h->limit - h->used) {
		h->over = 1;
		return NULL;
	}
	size_t *p = malloc(size + LT_HDR);
	if (p == NULL)
		return NULL;
	p[0] = size;
	h->used += size;
	return (char *)p + LT_HDR;
}

static void lt_free(void *user, void *ptr) {
	lt_heap *h = user;
	if (ptr == NULL)
		return;
	size_t *p = (size_t *)((char *)ptr - LT_HDR);
	h->used -= p[0];
	free(p);
}

static void *lt_realloc(void *user, void *ptr, size_t size) {
	lt_heap *h = user;
	if (ptr == NULL)
		return lt_malloc(user, size);
	if (size == 0) {
		lt_free(user, ptr);
		return NULL;
	}
	size_t *p = (size_t *)((char *)ptr - LT_HDR);
	size_t old = p[0];
	if (size > old && size - old > h->limit - h->used) {
		h->over = 1;
		return NULL;
	}
	size_t *q = realloc(p, size + LT_HDR);
	if (q == NULL)
		return NULL;
	q[0] = size;
	h->used = h->used - old + size;
	return (char *)q + LT_HDR;
}

static void lt_quiet(void *user, const char *message) {}

// lt_cjk_font stands in for a Chinese font a PDF names but does not
// embed. The bundled MuPDF has no CJK fonts and, finding none, would read
// the text as single bytes; any font lets it map the codes through the
// CMap and the Adobe-GB1 (CNS1, Japan1, Korea1) table to Unicode, which is
// all text extraction needs.
static fz_font *lt_cjk_font(fz_context *ctx, const char *name, int ordering, int serif) {
	return fz_new_base14_font(ctx, serif ? "Times-Roman" : "Helvetica");
}

// lt_pdf is one open document with its own MuPDF context, heap and
// cookie, and the buffer the text of the last page read is written to.
typedef struct {
	lt_heap heap;
	fz_alloc_context alloc;
	fz_context *ctx;
	fz_stream *stm;
	pdf_document *doc;
	fz_cookie cookie;
	int code;      // the FZ_ERROR_* code of the last failure
	char msg[256]; // and its message
	char *out;
	size_t outlen, outcap;
	int outover; // the page's text passed the cap given to lt_page
} lt_pdf;

static void lt_caught(lt_pdf *p) {
	p->code = fz_caught(p->ctx);
	snprintf(p->msg, sizeof p->msg, "%s", fz_caught_message(p->ctx));
	fz_ignore_error(p->ctx);
}

// lt_open opens data (which must stay put until lt_close) as a PDF. It
// returns NULL only when it cannot allocate its own state; otherwise a
// failure is in code and msg, and doc is NULL.
static lt_pdf *lt_open(const unsigned char *data, size_t len, size_t limit, size_t store) {
	lt_pdf *p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->heap.limit = limit;
	p->alloc.user = &p->heap;
	p->alloc.malloc = lt_malloc;
	p->alloc.realloc = lt_realloc;
	p->alloc.free = lt_free;
	p->ctx = fz_new_context_imp(&p->alloc, NULL, store, MUPDF_VERSION);
	if (p->ctx == NULL) {
		p->code = -1;
		snprintf(p->msg, sizeof p->msg, "cannot start MuPDF %s (another library version, or no memory)", MUPDF_VERSION);
		return p;
	}
	fz_set_error_callback(p->ctx, lt_quiet, NULL);
	fz_set_warning_callback(p->ctx, lt_quiet, NULL);
	fz_install_load_system_font_funcs(p->ctx, NULL, lt_cjk_font, NULL);
	fz_try(p->ctx) {
		p->stm = fz_open_memory(p->ctx, data, len);
		p->doc = pdf_open_document_with_stream(p->ctx, p->stm);
	}
	fz_catch(p->ctx) {
		lt_caught(p);
		p->doc = NULL;
	}
	return p;
}

static void lt_close(lt_pdf *p) {
	if (p == NULL)
		return;
	if (p->ctx != NULL) {
		fz_drop_document(p->ctx, (fz_document *)p->doc);
		fz_drop_stream(p->ctx, p->stm);
		fz_drop_context(p->ctx);
	}
	free(p->out);
	free(p);
}

static int lt_needs_password(lt_pdf *p) {
	volatile int n = 0;
	fz_try(p->ctx)
		n = pdf_needs_password(p->ctx, p->doc);
	fz_catch(p->ctx) {
		lt_caught(p);
		return -1;
	}
	return n;
}

static int lt_repaired(lt_pdf *p) {
	return pdf_was_repaired(p->ctx, p->doc);
}

// lt_count_pages returns the page count, or -1 with the error in code.
static int lt_count_pages(lt_pdf *p) {
	volatile int n = -1;
	fz_try(p->ctx)
		n = pdf_count_pages(p->ctx, p->doc);
	fz_catch(p->ctx) {
		lt_caught(p);
		return -1;
	}
	return n;
}

// lt_expanded decodes every stream but images, whose decoding text
// extraction never needs, and returns their total decoded size, stopping
// once it passes limit; -1 if the cross-reference table is unreadable or
// the scan was aborted. MuPDF streams page contents through its filters
// without holding them, so the heap cap alone would not stop a Flate bomb
// there; this scan does, reading 64 KiB at a time.
static int64_t lt_expanded(lt_pdf *p, int64_t limit) {
	volatile int n = 0;
	volatile int64_t total = 0;
	p->code = 0;
	fz_try(p->ctx)
		n = pdf_xref_len(p->ctx, p->doc);
	fz_catch(p->ctx) {
		lt_caught(p);
		return -1;
	}
	unsigned char *buf = malloc(65536);
	if (buf == NULL)
		return 0;
	for (int i = 1; i < n && total <= limit; i++) {
		fz_stream *volatile stm = NULL;
		pdf_obj *volatile obj = NULL;
			if (p->cookie.abort) {
			p->code = FZ_ERROR_ABORT;
			snprintf(p->msg, sizeof p->msg, "aborted");
			break;
		}
		fz_try(p->ctx) {
			if (pdf_obj_num_is_stream(p->ctx, p->doc, i)) {
				obj = pdf_load_object(p->ctx, p->doc, i);
				if (strcmp(pdf_to_name(p->ctx, pdf_dict_gets(p->ctx, obj, "Subtype")), "Image") != 0 &&
					pdf_dict_gets(p->ctx, obj, "Width") == NULL) {
					stm = pdf_open_stream_number(p->ctx, p->doc, i);
					size_t k;
					while (total <= limit && (k = fz_read(p->ctx, stm, buf, 65536)) > 0)
						total += k;
				}
			}
		}
		fz_always(p->ctx) {
			fz_drop_stream(p->ctx, stm);
			pdf_drop_obj(p->ctx, obj);
		}
		fz_catch(p->ctx) {
			// A stream that does not decode is skipped here: the page
			// that uses it, if any, reports it.
			fz_ignore_error(p->ctx);
		}
	}
	free(buf);
	return p->code == FZ_ERROR_ABORT ? -1 : total;
}

// lt_abort asks a page being read to stop at its next operator.
static void lt_abort(lt_pdf *p) {
	p->cookie.abort = 1;
}

static void lt_put(lt_pdf *p, const char *s, size_t n) {
	if (p->outover)
		return;
	if (p->outlen + n > p->outcap) {
		size_t cap = p->outcap ? p->outcap : 4096;
		while (cap < p->outlen + n)
			cap *= 2;
		char *b = realloc(p->out, cap);
		if (b == NULL) {
			p->outover = 1;
			return;
		}
		p->out = b;
		p->outcap = cap;
	}
	memcpy(p->out + p->outlen, s, n);
	p->outlen += n;
}

static void lt_rune(lt_pdf *p, int c) {
	char b[4];
	size_t n;
	// Control characters would break the line records; a value that is
	// no Unicode scalar becomes U+FFFD.
	if (c < 0x20 || c == 0x7f)
		c = ' ';
	else if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		b[0] = c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = 0xc0 | (c >> 6);
		b[1] = 0x80 | (c & 0x3f);
		n = 2;
	} else if (c < 0x10000) {
		b[0] = 0xe0 | (c >> 12);
		b[1] = 0x80 | ((c >> 6) & 0x3f);
		b[2] = 0x80 | (c & 0x3f);
		n = 3;
	} else {
		b[0] = 0xf0 | (c >> 18);
		b[1] = 0x80 | ((c >> 12) & 0x3f);
		b[2] = 0x80 | ((c >> 6) & 0x3f);
		b[3] = 0x80 | (c & 0x3f);
		n = 4;
	}
	lt_put(p, b, n);
}

// lt_write writes one record per text line of st:
// "x0 y0 x1 y1 ox oy dx dy size\ttext\n": the line's box, the origin of
// its first character and its direction, in points from the page's top
// left as the page is shown, and the largest font size on it. It stops
// past max bytes.
static void lt_write(lt_pdf *p, fz_stext_page *st, size_t max) {
	for (fz_stext_block *b = st->first_block; b != NULL; b = b->next) {
		if (b->type != FZ_STEXT_BLOCK_TEXT)
			continue;
		for (fz_stext_line *l = b->u.t.first_line; l != NULL; l = l->next) {
			if (l->first_char == NULL)
				continue;
			float size = 0;
			for (fz_stext_char *c = l->first_char; c != NULL; c = c->next)
				if (c->size > size)
					size = c->size;
			char head[192];
			int n = snprintf(head, sizeof head, "%.2f %.2f %.2f %.2f %.2f %.2f %.3f %.3f %.2f\t",
				l->bbox.x0, l->bbox.y0, l->bbox.x1, l->bbox.y1,
				l->first_char->origin.x, l->first_char->origin.y, l->dir.x, l->dir.y, size);
			lt_put(p, head, n);
			for (fz_stext_char *c = l->first_char; c != NULL; c = c->next)
				lt_rune(p, c->c);
			lt_put(p, "\n", 1);
			if (p->outlen > max)
				p->outover = 1;
			if (p->outover)
				return;
		}
	}
}

// lt_page reads page n into out as line records, writing at most about
// max bytes. It returns 0, or -1 with the error in code.
static int lt_page(lt_pdf *p, int n, size_t max, float *width, float *height) {
	fz_page *volatile page = NULL;
	fz_stext_page *volatile st = NULL;
	fz_device *volatile dev = NULL;
	volatile int ok = 0;
	p->outlen = 0;
	p->outover = 0;
	p->code = 0;
	// A refusal MuPDF recovered from by emptying its caches earlier
	// says nothing of this page.
	p->heap.over = 0;
	fz_try(p->ctx) {
		page = fz_load_page(p->ctx, (fz_document *)p->doc, n);
		fz_rect box = fz_bound_page(p->ctx, page);
		*width = box.x1 - box.x0;
		*height = box.y1 - box.y0;
		st = fz_new_stext_page(p->ctx, box);
		// No spaces where glyphs stand apart: in Chinese those gaps
		// are justification and letter spacing, not words. Text off
		// the page is hidden text, not the page's.
		fz_stext_options opts = { FZ_STEXT_MEDIABOX_CLIP | FZ_STEXT_INHIBIT_SPACES, 0 };
		dev = fz_new_stext_device(p->ctx, st, &opts);
		fz_run_page_contents(p->ctx, page, dev, fz_identity, &p->cookie);
		fz_close_device(p->ctx, dev);
		lt_write(p, st, max);
		ok = 1;
	}
	fz_always(p->ctx) {
		fz_drop_device(p->ctx, dev);
		fz_drop_stext_page(p->ctx, st);
		fz_drop_page(p->ctx, page);
	}
	fz_catch(p->ctx) {
		lt_caught(p);
	}
	if (ok && p->cookie.abort) {
		// The interpreter stops at the abort without an error.
		p->code = FZ_ERROR_ABORT;
		snprintf(p->msg, sizeof p->msg, "aborted");
		ok = 0;
	}
	return ok ? 0 : -1;
}
*/
import "C"

import (
	"runtime"
	"sync"
	"unsafe"

	// The MuPDF static libraries the C above links against.
	_ "github.com/gen2brain/go-fitz"
)

// The failures the reader tells apart: MuPDF's error code for an abort,
// and lt_open's for a MuPDF that would not start.
const (
	mupdfErrAbort = C.FZ_ERROR_ABORT
	mupdfErrStart = -1
)

// mupdfStore is MuPDF's cache of decoded fonts and objects; it is kept
// well under the heap cap so that the cap fails only real demands.
const mupdfStore = 32 << 20

// mupdfDoc is one PDF opened by MuPDF. Its methods must not be called
// concurrently, except abort.
type mupdfDoc struct {
	p      *C.lt_pdf
	pin    runtime.Pinner
	mu     sync.Mutex // guards p against abort after close
	closed bool
}

// mupdfError is a failure MuPDF reported.
type mupdfError struct {
	code int
	msg  string
	over bool // the heap cap refused an allocation
}

func (e *mupdfError) Error() string { return e.msg }

// openMuPDF opens data, which must not change until close, with MuPDF's
// heap capped at heapCap bytes.
func openMuPDF(data []byte, heapCap int64) (*mupdfDoc, error) {
	if len(data) == 0 {
		return nil, &mupdfError{msg: "empty file"}
	}
	d := &mupdfDoc{}
	// MuPDF reads data in place for as long as the document is open.
	d.pin.Pin(&data[0])
	d.p = C.lt_open((*C.uchar)(unsafe.Pointer(&data[0])), C.size_t(len(data)), C.size_t(heapCap), mupdfStore)
	if d.p == nil {
		d.pin.Unpin()
		return nil, &mupdfError{code: mupdfErrStart, msg: "out of memory"}
	}
	if d.p.doc == nil {
		err := d.err()
		d.close()
		return nil, err
	}
	return d, nil
}

// err is the last failure of d.
func (d *mupdfDoc) err() *mupdfError {
	return &mupdfError{code: int(d.p.code), msg: C.GoString(&d.p.msg[0]), over: d.p.heap.over != 0}
}

func (d *mupdfDoc) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.closed = true
	C.lt_close(d.p)
	d.p = nil
	d.pin.Unpin()
}

// abort stops a page being read; it may be called from any goroutine.
func (d *mupdfDoc) abort() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.closed {
		C.lt_abort(d.p)
	}
}

func (d *mupdfDoc) needsPassword() (bool, error) {
	n := C.lt_needs_password(d.p)
	if n < 0 {
		return false, d.err()
	}
	return n != 0, nil
}

func (d *mupdfDoc) repaired() bool { return C.lt_repaired(d.p) != 0 }

func (d *mupdfDoc) countPages() (int, error) {
	n := C.lt_count_pages(d.p)
	if n < 0 {
		return 0, d.err()
	}
	return int(n), nil
}

// page reads page n (from 0) as line records (see lt_write) of at most
// about max bytes; over reports that the page had more. width and height
// are the page's size in points.
func (d *mupdfDoc) page(n, max int) (records []byte, over bool, width, height float64, err error) {
	var w, h C.float
	if C.lt_page(d.p, C.int(n), C.size_t(max), &w, &h) != 0 {
		return nil, false, 0, 0, d.err()
	}
	records = C.GoBytes(unsafe.Pointer(d.p.out), C.int(d.p.outlen))
	return records, d.p.outover != 0, float64(w), float64(h), nil
}

// expanded is the decoded size of every stream but images (see
// lt_expanded), counted up to just past limit.
func (d *mupdfDoc) expanded(limit int64) (int64, error) {
	n := C.lt_expanded(d.p, C.int64_t(limit))
	if n < 0 {
		return 0, d.err()
	}
	return int64(n), nil
}
