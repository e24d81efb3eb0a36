/* office.c -- open the office (or make its register, once), lock the
 * output, repair what a crash left between the register and the files on
 * disk (issue.c keeps them in step) and note files gone missing, and
 * render templates into PDFs. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>

#include "doc.h"
#include "enc.h"
#include "fsio.h"
#include "key.h"
#include "klas.h"
#include "layout.h"
#include "manifest.h"
#include "num.h"
#include "office.h"
#include "regloc.h"
#include "vcode.h"
#include "xmem.h"

/* The office stamp's texts, from kantor.xml: its ring names the
 * government above and the kecamatan below, upper case (ASCII only, the
 * rest kept as written), as do the kop's first lines; the camat's title
 * in the middle. */
#define STAMP_TENGAH	"CAMAT"

struct stamp_text {
	char	top[512], bottom[512];
};

struct office {
	struct kantor		*k;
	struct sop_set		*sops;
	struct reg		*reg;
	struct pdf		*pdf;
	struct doc_schema	*schema;	/* document.rng */
	char			 indir[2048], outdir[2048], datadir[2048];
	int			 lockfd;
	int			 rendered;	/* a PDF waits in pdf */
	char			**missing;	/* issued files found gone */
	size_t			 nmissing;
	/* The source of the document being rendered (office_source): its
	 * metadata and every expanded XML chunk, kept as text in txt and
	 * deflated whole at the end with dc, or, once longer than
	 * SRC_WHOLE, deflated as they come with z, so a report's thousand
	 * chunks are never held at once. */
	struct libdeflate_compressor *dc;
	unsigned char		*txt;
	size_t			 txtlen, txtcap;
	int			 zon;		/* this source goes through z */
	z_stream		 z;
	int			 zinit;		/* z is set up */
	int			 capturing;	/* a render adds to src */
	int			 srcdone;	/* src holds a finished source */
	unsigned char		*src;
	size_t			 srclen, srccap;
	struct key		*key;		/* the verification keys */
	/* The codes of the document rendered last, for the register. */
	char			 kode[VCODE_SHORT_SIZE];
	char			 payload[VCODE_PAYLOAD_MAX];
	struct klas		*klas;		/* the classification list */
	int			 dry;		/* office_set_dry: no drawing */
	int			 rawsrc;	/* src is text, not deflated */
	int			 layout_here;	/* never leave layout to workers */
	int			 unsigned_;	/* payload's signature a stand-in */
	/* A dry render's device calls (office_drawing). */
	unsigned char		*rec;
	size_t			 reclen, reccap;
	int			 recdone;
};

const struct klas *
office_klas(const struct office *o)
{
	return o->klas;
}

const struct kantor *
office_kantor(const struct office *o)
{
	return o->k;
}

const struct sop_set *
office_sops(const struct office *o)
{
	return o->sops;
}

struct reg *
office_reg(const struct office *o)
{
	return o->reg;
}

const char *
office_indir(const struct office *o)
{
	return o->indir;
}

const char *
office_outdir(const struct office *o)
{
	return o->outdir;
}

static void
upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static void
stamp_text(const struct kantor *k, struct stamp_text *st)
{
	snprintf(st->top, sizeof(st->top), "PEMERINTAH %s %s",
	    k->kota ? "KOTA" : "KABUPATEN", k->kabupaten);
	if (k->instansi != NULL)	/* a kabupaten office: the Setda */
		snprintf(st->bottom, sizeof(st->bottom), "%s", k->instansi);
	else
		snprintf(st->bottom, sizeof(st->bottom), "KECAMATAN %s",
		    k->kecamatan);
	upper(st->top);
	upper(st->bottom);
}

/* A stamp whose ring text does not fit would leave every letter
 * unstamped: found here, once, naming the office's own file. */
static int
check_stamp(struct office *o, struct nerr *e)
{
	struct stamp_text st;
	char top[512], bottom[512];

	stamp_text(o->k, &st);
	/* Text the fonts cannot show is refused where it is printed. */
	if (enc_to_winansi(st.top, top, sizeof(top), NULL, NULL) != 0 ||
	    enc_to_winansi(st.bottom, bottom, sizeof(bottom), NULL, NULL) != 0)
		return 0;
	if (pdf_stamp_check(o->pdf, top, bottom, STAMP_TENGAH, e) == 0)
		return 0;
	if (e->status == EX_CONFIG) {
		char why[sizeof(e->msg)];

		snprintf(why, sizeof(why), "%s", e->msg);
		nerr_set(e, EX_CONFIG, NULL, 0, 0, "kabupaten \"%s\", "
		    "kecamatan \"%s\": %s; the office name is too long for "
		    "its stamp", o->k->kabupaten, o->k->kecamatan, why);
	}
	snprintf(e->file, sizeof(e->file), "%s/kantor.xml", o->indir);
	return -1;
}

static const char *const outdirs[] = { "surat", "surat-dinas", "kembali",
    "pengaduan", "laporan", "agenda", "manifest", "log" };

static int
take_lock(struct office *o, enum office_lock mode, struct nerr *e)
{
	char path[4096];
	int tries = mode == OFFICE_LOCK_WAIT ? 600 : 1;

	snprintf(path, sizeof(path), "%s/.naskah.lock", o->outdir);
	if ((o->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot open lock: %s",
		    strerror(errno));
		return -1;
	}
	while (tries-- > 0) {
		if (flock(o->lockfd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK)
			break;
		if (tries > 0)
			usleep(100000);
	}
	nerr_set(e, EX_TEMPFAIL, path, 0, 0, "another naskah is working on "
	    "%s; try again later", o->outdir);
	return -1;
}

/* Removes temporaries of a batch that never committed. */
static void
sweep_dir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' && n > 5 &&
		    !strcmp(de->d_name + n - 4, ".tmp"))
			unlink(path);
		else if (depth > 0 && de->d_type == DT_DIR)
			sweep_dir(path, depth - 1);
	}
	closedir(d);
}

struct recover {
	struct office	*o;
	struct nerr	*e;
	int		 bad;
};

static int
recover_one(const char *rel, const char *sha, void *arg)
{
	struct recover *r = arg;
	struct office *o = r->o;
	char path[4096], tmp[4096], got[65];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", o->outdir, rel);
	if (stat(path, &sb) == 0)
		return 0;
	/* Committed but not yet renamed when the last run died. */
	fs_tmpname(path, tmp, sizeof(tmp));
	if (fs_sha256(tmp, got) == 0 && strcmp(got, sha) == 0) {
		if (fs_commit_new(tmp, path, 1, r->e) == 0)
			return 0;
		r->bad = 1;	/* e says why the rename failed */
		return 1;
	}
	/* Deleted or moved: one lost file must not stop the office.  Its
	 * number stays given and its path taken (fs_commit_new never
	 * writes over a name), so nothing else can appear in its place. */
	if (o->nmissing % 64 == 0)
		o->missing = xrealloc(o->missing, (o->nmissing + 64) *
		    sizeof(*o->missing));
	o->missing[o->nmissing++] = xstrdup(rel);
	return 0;
}

size_t
office_missing(struct office *o, FILE *fp)
{
	for (size_t i = 0; fp != NULL && i < o->nmissing; i++) {
		struct reg_docid id;
		struct nerr e = { 0 };
		char what[256];
		int rc = reg_doc_id(o->reg, o->missing[i], &id, &e);

		if (rc == 1 && id.nomor[0] != '\0')
			snprintf(what, sizeof(what), "%s Nomor %s",
			    !strcmp(id.kind, "laporan") ? "report" : "letter",
			    id.nomor);
		else if (rc == 1 && !strcmp(id.kind, "kembali"))
			snprintf(what, sizeof(what), "return notice");
		else
			snprintf(what, sizeof(what), "document");
		nerr_set(&e, EX_DATAERR, NULL, 0, 0, "%s/%s: MISSING: this "
		    "issued file (%s), listed in the register, is missing; "
		    "restore it from backup, or make it again with `naskah "
		    "restore`.  Nothing is written in its place; issuing goes "
		    "on", o->outdir, o->missing[i], what);
		nerr_print(fp, "naskah", &e);
	}
	return o->nmissing;
}

/* The first PDF found in dir (depth levels of subfolders), into out. */
static int
find_pdf(const char *dir, int depth, char *out, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];
	int found = 0;

	if (d == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".pdf")) {
			snprintf(out, n, "%s", path);
			found = 1;
		} else if (depth > 0 && de->d_type == DT_DIR)
			found = find_pdf(path, depth - 1, out, n);
	}
	closedir(d);
	return found;
}

static struct office *
open_office(const char *indir, const char *outdir, const char *datadir,
    enum office_lock mode, int create, struct nerr *e)
{
	struct office *o;
	char path[4096], rng[4096];
	struct stat sb;

	/* kantor.xml may name a PostgreSQL register (<register url>),
	 * which the checks below must know of; its errors are the real
	 * load's, below. */
	struct nerr e0 = { 0 };
	(void)regloc_kantor(indir, datadir, NULL, 0, &e0);
	/* Before anything is made: a mistyped --output must not start a
	 * second register numbering from 1, nor leave folders behind. */
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	/* A PostgreSQL register: reg_create and reg_open say the same. */
	if (reg_remote(path))
		;
	else if (create && lstat(path, &sb) == 0) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "a register is already "
		    "here; a register is made once, and this one keeps its "
		    "numbers (nothing was changed)");
		return NULL;
	}
	else if (!create && stat(path, &sb) != 0 && errno == ENOENT) {
		nerr_set(e, EX_CONFIG, outdir, 0, 0, "no register in this "
		    "folder; nothing was done and nothing was created.  A new "
		    "office makes its register once, with `naskah init "
		    "--input %s --output %s`; if the folder is mistyped, give "
		    "the office's folder", indir, outdir);
		return NULL;
	}
	o = xcalloc(1, sizeof(*o));
	o->lockfd = -1;
	snprintf(o->indir, sizeof(o->indir), "%s", indir);
	snprintf(o->outdir, sizeof(o->outdir), "%s", outdir);
	snprintf(o->datadir, sizeof(o->datadir), "%s", datadir);
	if (fs_mkdirs(outdir, e) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, outdirs[i]);
		if (fs_mkdirs(path, e) != 0)
			goto fail;
	}
	if (take_lock(o, mode, e) != 0)
		goto fail;
	snprintf(rng, sizeof(rng), "%s/templates/schema/kantor.rng", datadir);
	if ((o->k = kantor_load(indir, rng, e)) == NULL)
		goto fail;
	if (num_check(o->k->nomor_format, e) != 0) {
		snprintf(e->file, sizeof(e->file), "%s/kantor.xml", indir);
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/templates/sop", datadir);
	snprintf(rng, sizeof(rng), "%s/templates/schema/sop.rng", datadir);
	if ((o->sops = sop_load_dir(path, rng, e)) == NULL)
		goto fail;
	/* kantor.xml's own book formats and SOP variants. */
	for (size_t i = 0; i < o->k->nbuku + o->k->nsop; i++) {
		const struct kantor_pair *p = i < o->k->nbuku ? &o->k->buku[i] :
		    &o->k->sop[i - o->k->nbuku];

		if (i < o->k->nbuku ? num_check(p->b, e) != 0 :
		    sop_select(o->sops, p->a, p->b, e) != 0) {
			snprintf(e->file, sizeof(e->file), "%s/kantor.xml",
			    indir);
			e->line = p->line;
			goto fail;
		}
	}
	/* Every code a document may carry is in the list, and kantor.xml's
	 * own codes are applied, before any row. */
	snprintf(path, sizeof(path), "%s/templates/klasifikasi", datadir);
	snprintf(rng, sizeof(rng), "%s/templates/laporan", datadir);
	if ((o->klas = klas_load(path, e)) == NULL ||
	    klas_office(o->klas, o->k, o->sops, rng, e) != 0)
		goto fail;
	snprintf(rng, sizeof(rng), "%s/templates/schema/document.rng",
	    datadir);
	if ((o->schema = doc_schema_load(rng, e)) == NULL) {
		e->status = EX_CONFIG;
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/fonts", datadir);
	if ((o->pdf = pdf_new(path, e)) == NULL)
		goto fail;
	if (check_stamp(o, e) != 0)
		goto fail;
	/* Every document carries codes made with the office's keys (made
	 * here on first use; key.h says where and why never replaced). */
	if (key_dir(indir, outdir, path, sizeof(path), e) != 0 ||
	    (o->key = key_open(path, o->k->kode_wilayah, e)) == NULL)
		goto fail;
	if (create) {
		/* Issued documents without their register: the register was
		 * lost, and a new one would give their numbers again. */
		for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]);
		    i++) {
			snprintf(path, sizeof(path), "%s/%s", outdir,
			    outdirs[i]);
			if (find_pdf(path, 1, rng, sizeof(rng))) {
				nerr_set(e, EX_CONFIG, rng, 0, 0, "issued "
				    "documents are here but no register: a new "
				    "one would give their numbers again; put "
				    "register.db back from backup (nothing was "
				    "created)");
				goto fail;
			}
		}
	}
	snprintf(path, sizeof(path), "%s/register.db", outdir);
	if ((o->reg = (create ? reg_create : reg_open)(path,
	    o->k->kode_wilayah, e)) == NULL)
		goto fail;
	struct recover r = { o, e, 0 };
	if (reg_doc_each(o->reg, recover_one, &r, e) < 0 || r.bad ||
	    manifest_flush(o->reg, o->outdir, e) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof(outdirs) / sizeof(outdirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", outdir, outdirs[i]);
		sweep_dir(path, 1);
	}
	return o;
fail:
	office_close(o);
	return NULL;
}

struct office *
office_open(const char *indir, const char *outdir, const char *datadir,
    enum office_lock mode, struct nerr *e)
{
	return open_office(indir, outdir, datadir, mode, 0, e);
}

struct office *
office_init(const char *indir, const char *outdir, const char *datadir,
    struct nerr *e)
{
	return open_office(indir, outdir, datadir, OFFICE_LOCK_NOWAIT, 1, e);
}

void
office_close(struct office *o)
{
	if (o == NULL)
		return;
	reg_close(o->reg);
	key_close(o->key);
	pdf_free(o->pdf);
	doc_schema_free(o->schema);
	sop_set_free(o->sops);
	klas_free(o->klas);
	kantor_free(o->k);
	if (o->lockfd >= 0)
		close(o->lockfd);	/* releases the flock */
	for (size_t i = 0; i < o->nmissing; i++)
		free(o->missing[i]);
	free(o->missing);
	if (o->zinit)
		deflateEnd(&o->z);
	libdeflate_free_compressor(o->dc);
	free(o->txt);
	free(o->src);
	free(o->rec);
	free(o);
}

/*
 * The source of a document, as office_source hands it out: what
 * office_render made it from, enough to make the same bytes again with
 * nothing else (office_render_source), zlib-compressed (RFC 1950).
 * Inflated it is text:
 *
 *	naskah-source 1
 *	key=value		the metadata, one per line (\\ \n \r escaped)
 *	...
 *				an empty line
 *	main LEN		the expanded document, LEN bytes, then "\n"
 *	part LEN NAME		a part the layout asked NAME for, then "\n"
 *	end NAME		NAME had no more parts
 *
 * The keys are template and parts (which templates, for messages), and
 * the PDF's metadata (struct dev_info): title, subject, keywords, author
 * (each only when set) and date (YYYY-MM-DD).  A key this naskah does
 * not know refuses the source: a field added to dev_info is one more
 * line in src_info and info_key.  Records follow in the order the layout asked for them.
 */
#define SRC_MAGIC	"naskah-source 1\n"

/*
 * A source up to SRC_WHOLE bytes (a letter's is 2-3 KB) is kept as text
 * and deflated whole when it ends, by libdeflate at SRC_LEVEL with one
 * compressor for the run: against zlib's level 1 with a 4 KB window, half
 * the instructions (0.15 M a letter, not 0.29 M), a quarter of the time,
 * and 2 % fewer bytes (level 6 saves 1 % more for 0.1 M more).  A longer
 * one (a report's, some 2 MB at 3,000 desa) goes on through zlib's stream
 * as it comes, from its first byte, so memory stays flat.  Which way
 * depends on the text's length alone, and both write RFC 1950, so the
 * same text gives the same bytes however it was split (src_put or
 * office_source_pack) and every source stored before still inflates.
 */
#define SRC_WHOLE	(256 * 1024)
#define SRC_LEVEL	1

static void	src_zinit(struct office *);

/* Deflates text, len <= SRC_WHOLE, whole into src. */
static void
src_whole(struct office *o, const void *text, size_t len)
{
	size_t need;

	if (o->dc == NULL &&
	    (o->dc = libdeflate_alloc_compressor(SRC_LEVEL)) == NULL)
		abort();	/* out of memory */
	need = libdeflate_zlib_compress_bound(o->dc, len);
	if (o->srccap < need) {
		o->srccap = need;
		o->src = xrealloc(o->src, o->srccap);
	}
	if ((o->srclen = libdeflate_zlib_compress(o->dc, text, len, o->src,
	    o->srccap)) == 0)
		abort();	/* within the bound: cannot fail */
}

static void
src_put(struct office *o, const void *buf, size_t n, int flush)
{
	int rc;

	if (!o->capturing)
		return;
	if (o->rawsrc) {
		/* A dry render's source stays text: the worker that draws
		 * the document deflates it (office_source_pack). */
		if (o->srccap - o->srclen < n) {
			while (o->srccap - o->srclen < n)
				o->srccap = o->srccap ? o->srccap * 2 : 16384;
			o->src = xrealloc(o->src, o->srccap);
		}
		if (n > 0)
			memcpy(o->src + o->srclen, buf, n);
		o->srclen += n;
		return;
	}
	if (!o->zon) {
		if (flush == Z_NO_FLUSH && n <= SRC_WHOLE - o->txtlen) {
			if (o->txtcap - o->txtlen < n) {
				while (o->txtcap - o->txtlen < n)
					o->txtcap = o->txtcap ?
					    o->txtcap * 2 : 16384;
				o->txt = xrealloc(o->txt, o->txtcap);
			}
			if (n > 0)
				memcpy(o->txt + o->txtlen, buf, n);
			o->txtlen += n;
			return;
		}
		/* Longer than SRC_WHOLE: through z from the first byte. */
		o->zon = 1;
		src_zinit(o);
		o->srclen = 0;
		src_put(o, o->txt, o->txtlen, Z_NO_FLUSH);
		o->txtlen = 0;
	}
	o->z.next_in = (Bytef *)(uintptr_t)buf;
	o->z.avail_in = (uInt)n;
	for (;;) {
		if (o->srccap - o->srclen < 1024) {
			o->srccap = o->srccap ? o->srccap * 2 : 16384;
			o->src = xrealloc(o->src, o->srccap);
		}
		o->z.next_out = o->src + o->srclen;
		o->z.avail_out = (uInt)(o->srccap - o->srclen);
		rc = deflate(&o->z, flush);
		o->srclen = o->srccap - o->z.avail_out;
		if (rc == Z_STREAM_ERROR)
			abort();	/* only a misuse of z */
		if (flush == Z_FINISH ? rc == Z_STREAM_END :
		    o->z.avail_in == 0 && o->z.avail_out > 0)
			break;
	}
}

static void
src_str(struct office *o, const char *s)
{
	src_put(o, s, strlen(s), Z_NO_FLUSH);
}

/* key=value, the value escaped to one line. */
static void
src_kv(struct office *o, const char *key, const char *v)
{
	const char *p, *q;

	if (v == NULL)
		return;
	src_str(o, key);
	src_str(o, "=");
	for (p = q = v; *q; q++)
		if (*q == '\\' || *q == '\n' || *q == '\r') {
			src_put(o, p, (size_t)(q - p), Z_NO_FLUSH);
			src_str(o, *q == '\\' ? "\\\\" : *q == '\n' ? "\\n" :
			    "\\r");
			p = q + 1;
		}
	src_put(o, p, (size_t)(q - p), Z_NO_FLUSH);
	src_str(o, "\n");
}

/* The PDF's metadata (struct dev_info) as key=value lines. */
static void
src_info(struct office *o, const struct dev_info *info)
{
	char date[32];

	src_kv(o, "title", info->title);
	src_kv(o, "subject", info->subject);
	src_kv(o, "keywords", info->keywords);
	src_kv(o, "author", info->author);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", info->y, info->m,
	    info->d);
	src_kv(o, "date", date);
}

static void
src_begin(struct office *o, const char *tpl, const char *parts,
    const struct dev_info *info)
{
	o->srcdone = 0;
	o->srclen = 0;
	o->txtlen = 0;
	o->zon = 0;
	o->rawsrc = o->dry;
	o->capturing = 1;
	src_str(o, SRC_MAGIC);
	src_kv(o, "template", tpl);
	src_kv(o, "parts", parts);
	src_info(o, info);
	src_str(o, "\n");
}

static void
src_zinit(struct office *o)
{
	if (!o->zinit) {
		/* Sources longer than SRC_WHOLE (a report's, a row
		 * repeated): a 4 KB window and small tables compress them
		 * as well as the defaults, and deflateReset clears 8 KB of
		 * tables per document rather than 128 KB.  Level 1: 3 %
		 * more bytes than level 6, a third of the time. */
		if (deflateInit2(&o->z, 1, Z_DEFLATED, 12, 5,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			abort();	/* out of memory */
		o->zinit = 1;
	} else
		deflateReset(&o->z);
}

/* A record: "main LEN", "part LEN NAME" with its bytes, or "end NAME". */
static void
src_rec(struct office *o, const char *what, const char *name,
    const char *xml, size_t len)
{
	char head[64];

	if (xml != NULL)
		snprintf(head, sizeof(head), "%s %zu%s", what, len,
		    name ? " " : "\n");
	else
		snprintf(head, sizeof(head), "%s ", what);
	src_str(o, head);
	if (name != NULL) {
		src_str(o, name);
		src_str(o, "\n");
	}
	if (xml != NULL) {
		src_put(o, xml, len, Z_NO_FLUSH);
		src_str(o, "\n");
	}
}

static void
src_end(struct office *o, int ok)
{
	if (o->capturing && ok) {
		if (o->zon)
			src_put(o, NULL, 0, Z_FINISH);
		else if (!o->rawsrc)
			src_whole(o, o->txt, o->txtlen);
		o->srcdone = 1;
	}
	o->capturing = 0;
}

const void *
office_source(const struct office *o, size_t *len)
{
	*len = o->srcdone ? o->srclen : 0;
	return o->srcdone ? o->src : NULL;
}

int
office_source_pack(struct office *o, const void *text, size_t len,
    void **out, size_t *outlen)
{
	/* Deflated as src_end deflates a render's source (see SRC_WHOLE):
	 * the bytes are the same as with one worker. */
	o->srcdone = 0;
	o->srclen = 0;
	o->txtlen = 0;
	o->zon = 0;
	o->rawsrc = 0;
	if (len <= SRC_WHOLE) {
		src_whole(o, text, len);
		o->capturing = 0;
	} else {
		o->capturing = 1;
		src_put(o, text, len, Z_NO_FLUSH);
		src_end(o, 1);
	}
	*outlen = o->srclen;
	*out = xmalloc(o->srclen ? o->srclen : 1);
	memcpy(*out, o->src, o->srclen);
	o->srcdone = 0;
	return 0;
}

/* The source of a document's parts: each chunk is filled, expanded,
 * parsed and validated on demand, and freed at the next. */
struct parts_src {
	struct office			*o;
	const struct office_parts	*parts;
	char				 path[4096];
	struct doc_tree			*cur;
};

static const struct dnode *
part_next(void *arg, const char *name, int first, struct nerr *e)
{
	struct parts_src *s = arg;
	const struct dnode *root;
	struct tpl_dict *d;
	size_t len;
	char *xml;
	int rc;

	doc_tree_free(s->cur);
	s->cur = NULL;
	d = tpl_dict_new();
	if ((rc = s->parts->fill(s->parts->arg, name, first, d, e)) <= 0) {
		tpl_dict_free(d);
		if (rc < 0 && e->status == 0)
			e->status = EX_SOFTWARE;
		if (rc == 0)
			src_rec(s->o, "end", name, NULL, 0);
		return NULL;
	}
	xml = tpl_expand(s->path, d, &len, e);
	tpl_dict_free(d);
	if (xml == NULL)
		return NULL;
	src_rec(s->o, "part", name, xml, len);
	s->cur = doc_tree_mem(s->path, xml, len, s->o->schema, e);
	free(xml);
	if (s->cur == NULL) {
		e->status = EX_CONFIG;	/* our template, not user data */
		return NULL;
	}
	root = doc_tree_root(s->cur);
	if (strcmp(root->name, "part") != 0) {
		nerr_set(e, EX_CONFIG, s->path, root->line, 0, "<%s> where a "
		    "<part> belongs", root->name);
		return NULL;
	}
	return root;
}

/* The document's <title>, for the PDF's own title when the caller has
 * none; malloc'd or NULL. */
static char *
doc_title(const struct dnode *root)
{
	for (const struct dnode *n = root->child; n; n = n->next)
		if (n->name != NULL && !strcmp(n->name, "title"))
			return dnode_text(n);
	return NULL;
}

/* {{KEY}} and {{#KEY}} shown, when val is set. */
static void
opt_set(struct tpl_dict *d, const char *key, const char *val)
{
	if (val != NULL && *val) {
		tpl_section_show(d, key);
		tpl_set(d, key, val);
	}
}

/*
 * What every document shows of the office, from kantor.xml, set on the
 * root dictionary so includes see it too: the kop surat (templates/inc/
 * kop.xml as {{>KOP}}, its lines KOP_PEMERINTAH, KOP_KECAMATAN, KOP_ALAMAT
 * and, when set, KOP_TELEPON, KOP_KODE_POS, KOP_EMAIL, KOP_LAMAN, KOP_LOGO
 * (a PNG path; else the section KOP_LAMBANG, the drawn emblem)) and the
 * stamp's texts STAMP_ATAS, STAMP_BAWAH, STAMP_TENGAH.  Layout draws what
 * the document says; it never reads struct kantor.
 */
static void
office_dict(struct office *o, struct tpl_dict *d)
{
	const struct kantor *k = o->k;
	struct stamp_text st;
	char path[4096];

	stamp_text(k, &st);
	tpl_set(d, "KOP_PEMERINTAH", st.top);
	tpl_set(d, "KOP_KECAMATAN", st.bottom);
	tpl_set(d, "KOP_ALAMAT", k->alamat);
	opt_set(d, "KOP_TELEPON", k->telepon);
	opt_set(d, "KOP_KODE_POS", k->kode_pos);
	opt_set(d, "KOP_EMAIL", k->email);
	opt_set(d, "KOP_LAMAN", k->laman);
	if (k->logo != NULL)
		opt_set(d, "KOP_LOGO", k->logo);
	else
		tpl_section_show(d, "KOP_LAMBANG");
	tpl_set(d, "STAMP_ATAS", st.top);
	tpl_set(d, "STAMP_BAWAH", st.bottom);
	tpl_set(d, "STAMP_TENGAH", STAMP_TENGAH);
	snprintf(path, sizeof(path), "%s/templates/inc/kop.xml", o->datadir);
	tpl_include(d, "KOP", path);
}

/*
 * The document's verification codes (archive.md, vcode.h), made from its
 * identity in info with the office's keys and set on the dictionary, so
 * that they are part of the document's own source and it renders again
 * without keys: VERIFIKASI_KODE (the short code), VERIFIKASI_QR (what the
 * QR holds: the signed payload, after "URL#" when kantor.xml names the
 * verification page), VERIFIKASI_URL (that page; a section), and
 * VERIFIKASI_KANTOR (Kecamatan X), used by templates/inc/verifikasi.xml,
 * the include {{>VERIFIKASI}} (in inc/ttd.xml's signature).  A field the
 * codes cannot hold is the row's (EX_DATAERR).
 */
static int
verify_dict(struct office *o, struct tpl_dict *d,
    const struct pdf_info *info, int later, struct nerr *e)
{
	const struct kantor *k = o->k;
	int numbered = info->nomor != NULL && *info->nomor != '\0';
	char date[16], qr[VCODE_PAYLOAD_MAX + 256], kantor[512], path[4096];
	struct vcode_id id = { k->kode_wilayah, info->kind,
	    numbered ? info->nomor : NULL, numbered ? NULL : info->reg,
	    numbered ? 0 : info->y, date, info->nik, info->name };

	o->kode[0] = o->payload[0] = '\0';
	o->unsigned_ = 0;
	if (info->kind == NULL) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "a document without its "
		    "identity (struct pdf_info kind) cannot carry its "
		    "verification codes");
		return -1;
	}
	snprintf(date, sizeof(date), "%04d-%02d-%02d", info->y, info->m,
	    info->d);
	/* later (--jobs): a stand-in for the signature, which the worker
	 * that draws the document makes (office_take_codes). */
	if (vcode_short(key_mac(o->key), &id, o->kode, e) != 0 ||
	    (later ? vcode_payload_later(key_mac(o->key), &id, o->payload,
	    e) : vcode_payload(key_sec(o->key), &id, o->payload, e)) != 0) {
		o->kode[0] = o->payload[0] = '\0';
		return -1;
	}
	o->unsigned_ = later;
	if (k->verifikasi_url != NULL && *k->verifikasi_url) {
		if (vcode_url(k->verifikasi_url, o->payload, qr,
		    sizeof(qr)) != 0) {
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "the verification "
			    "URL and the code do not fit together");
			return -1;
		}
		tpl_section_show(d, "VERIFIKASI_URL");
		tpl_set(d, "VERIFIKASI_URL", k->verifikasi_url);
	} else
		snprintf(qr, sizeof(qr), "%s", o->payload);
	if (k->instansi != NULL)
		snprintf(kantor, sizeof(kantor), "%s %s %s", k->instansi,
		    k->kota ? "Kota" : "Kabupaten", k->kabupaten);
	else
		snprintf(kantor, sizeof(kantor), "Kecamatan %s", k->kecamatan);
	tpl_set(d, "VERIFIKASI_KODE", o->kode);
	tpl_set(d, "VERIFIKASI_QR", qr);
	tpl_set(d, "VERIFIKASI_KANTOR", kantor);
	snprintf(path, sizeof(path), "%s/templates/inc/verifikasi.xml",
	    o->datadir);
	tpl_include(d, "VERIFIKASI", path);
	return 0;
}

/* Whether the document carries its verification code: a <qr> at the top
 * level or in its signature. */
static int
has_qr(const struct dnode *root)
{
	for (const struct dnode *n = root->child; n != NULL; n = n->next) {
		if (n->name == NULL)
			continue;
		if (!strcmp(n->name, "qr"))
			return 1;
		if (!strcmp(n->name, "signature"))
			for (const struct dnode *c = n->child; c; c = c->next)
				if (c->name != NULL && !strcmp(c->name, "qr"))
					return 1;
	}
	return 0;
}

int
office_record_codes(struct office *o, const char *rel, struct nerr *e)
{
	int rc;

	if (o->kode[0] == '\0')
		return 0;
	rc = reg_doc_codes_add(o->reg, rel, o->kode, o->payload, e);
	/* Recorded once: a document rendered later from its source (no
	 * codes made) must not take these. */
	o->kode[0] = o->payload[0] = '\0';
	return rc;
}

/* --jobs (issue 15): the device of a dry render records the calls
 * layout makes, with the PDF's metrics, as bytes a worker replays into
 * the PDF device (office_replay): laid out once, drawn elsewhere, the
 * same calls and so the same bytes. */
static void
rec_put(struct office *o, const void *p, size_t n)
{
	if (o->reclen + n > o->reccap) {
		while (o->reclen + n > o->reccap)
			o->reccap = o->reccap ? o->reccap * 2 : 16384;
		o->rec = xrealloc(o->rec, o->reccap);
	}
	memcpy(o->rec + o->reclen, p, n);
	o->reclen += n;
}

static void
rec_str(struct office *o, const char *s)
{
	uint32_t n = s == NULL ? 0 : (uint32_t)strlen(s) + 1;

	rec_put(o, &n, sizeof(n));
	if (n > 0)
		rec_put(o, s, n);
}

static void
rec_page(struct office *o, char tag, size_t i, const struct dev_page *p)
{
	uint64_t n = p->nop, at = i;

	rec_put(o, &tag, 1);
	rec_put(o, &at, sizeof(at));
	rec_put(o, &p->pw, sizeof(p->pw));
	rec_put(o, &p->ph, sizeof(p->ph));
	rec_put(o, &n, sizeof(n));
	for (size_t k = 0; k < p->nop; k++) {
		struct dev_op op = p->op[k];

		op.text = op.t2 = op.t3 = NULL;
		rec_put(o, &op, sizeof(op));
		rec_str(o, p->op[k].text);
		rec_str(o, p->op[k].t2);
		rec_str(o, p->op[k].t3);
	}
}

static int
dry_begin(void *a, struct nerr *e)
{
	struct office *o = a;

	(void)e;
	o->reclen = 0;
	rec_put(o, "B", 1);
	return 0;
}

static int
dry_page(void *a, const struct dev_page *p, struct nerr *e)
{
	(void)e;
	rec_page(a, 'P', 0, p);
	return 0;
}

static int
dry_overlay(void *a, size_t i, const struct dev_page *p, struct nerr *e)
{
	(void)e;
	rec_page(a, 'O', i, p);
	return 0;
}

static int
dry_end(void *a, const struct dev_info *i, struct nerr *e)
{
	struct office *o = a;
	int32_t ymd[3] = { i->y, i->m, i->d };

	(void)e;
	rec_put(o, "E", 1);
	rec_str(o, i->title);
	rec_str(o, i->subject);
	rec_str(o, i->keywords);
	rec_str(o, i->author);
	rec_put(o, ymd, sizeof(ymd));
	o->recdone = 1;
	return 0;
}

static void
dry_cancel(void *a)
{
	struct office *o = a;

	o->reclen = 0;
	o->recdone = 0;
}

static void
dry_dev(struct office *o, struct dev *d)
{
	d->begin = dry_begin;
	d->page = dry_page;
	d->overlay = dry_overlay;
	d->end = dry_end;
	d->cancel = dry_cancel;
	d->arg = o;
}

/* Parses, validates, lays out and draws an expanded document (named
 * path in messages; bad: the status of XML that does not validate) into
 * the PDF device, where it waits for office_save. */
static int
render_xml(struct office *o, const char *path, const char *xml, size_t xlen,
    int bad, const struct layout_src *src, const struct dev_info *info,
    struct nerr *e)
{
	struct dev_info in = *info;
	const struct dnode *root;
	struct doc_tree *t;
	struct dev dev;
	char *title = NULL;
	int rc = -1;

	if ((t = doc_tree_mem(path, xml, xlen, o->schema, e)) == NULL) {
		e->status = bad;
		return -1;
	}
	root = doc_tree_root(t);
	if (strcmp(root->name, "document") != 0) {
		nerr_set(e, bad, path, 0, 0, "not a <document>");
		doc_tree_free(t);
		return -1;
	}
	if (!has_qr(root)) {
		nerr_set(e, bad, path, 0, 0, "the document carries no "
		    "verification code: put {{>VERIFIKASI}} in its <signature> "
		    "(templates/inc/ttd.xml does)");
		doc_tree_free(t);
		return -1;
	}
	if (!has_qr(root)) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "the document carries no "
		    "verification code: put {{>VERIFIKASI}} in its <signature> "
		    "(templates/inc/ttd.xml does)");
		doc_tree_free(t);
		return -1;
	}
	if (in.title == NULL)
		in.title = title = doc_title(root);
	pdf_dev(o->pdf, &dev);
	o->recdone = 0;
	if (o->dry)
		dry_dev(o, &dev);
	if (layout_run(root, &dev, src, &in, e) < 0) {
		/* A template's own mistake is named by the template; text a
		 * font cannot show is the caller's to place (a CSV row). */
		if (e->status == EX_CONFIG && e->file[0] == '\0')
			snprintf(e->file, sizeof(e->file), "%s", path);
		goto out;
	}
	o->rendered = !o->dry;
	rc = 0;
out:
	doc_tree_free(t);
	free(title);
	return rc;
}

/*
 * Whether layout can show every character of an expanded document: the
 * one error of a letter that is its data's (EX_DATAERR) is text the
 * letter font has no form for (layout.c winansi), and text is part of
 * the XML.  Then a dry render may leave the layout to a worker, which
 * can fail only as the template's mistake (the batch fails, as it would
 * here).  A character reference could hide any character: those are
 * laid out here, as is any document that fails this.
 */
static int
text_shows(const char *xml, size_t len)
{
	return strlen(xml) == len && strstr(xml, "&#") == NULL &&
	    enc_winansi_ok(xml, NULL, NULL);
}

int
office_render(struct office *o, const char *tpl, struct tpl_dict *d,
    const struct office_parts *parts, const struct pdf_info *info,
    struct nerr *e)
{
	struct parts_src ps = { o, parts, "", NULL };
	struct layout_src src = { part_next, &ps };
	char author[512];
	struct dev_info in = { info->title, info->subject, info->keywords,
	    info->y, info->m, info->d, author };
	char path[4096];
	size_t xlen;
	char *xml;
	int rc, later;

	o->rendered = 0;
	snprintf(path, sizeof(path), "%s/templates/%s", o->datadir, tpl);
	if (parts != NULL)
		snprintf(ps.path, sizeof(ps.path), "%s/templates/%s",
		    o->datadir, parts->tpl);
	office_dict(o, d);
	/* --jobs: a document the parent will not lay out is signed by the
	 * worker that does (office_take_codes). */
	if (verify_dict(o, d, info, o->dry && parts == NULL &&
	    !o->layout_here, e) != 0)
		return -1;
	snprintf(author, sizeof(author), "%s%s, %s %s", o->k->instansi ? "" :
	    "Kecamatan ", o->k->kecamatan, o->k->kota ? "Kota" : "Kabupaten",
	    o->k->kabupaten);
	src_begin(o, tpl, parts ? parts->tpl : NULL, &in);
	if ((xml = tpl_expand(path, d, &xlen, e)) == NULL) {
		src_end(o, 0);
		return -1;
	}
	/* Test hook (t_jobs.sh): NASKAH_TEST_JOBS=layout lays every
	 * document out here, so both ways are compared. */
	later = o->dry && parts == NULL && text_shows(xml, xlen) &&
	    !o->layout_here;
	/* Laid out here after all: signed here, before its source. */
	if (o->unsigned_ && !later) {
		if (office_sign(o, o->payload, xml, xlen, e) != 0) {
			o->kode[0] = o->payload[0] = '\0';
			free(xml);
			src_end(o, 0);
			return -1;
		}
		o->unsigned_ = 0;
	}
	src_rec(o, "main", NULL, xml, xlen);
	o->recdone = 0;
	if (later) {
		/* --jobs: a worker parses, lays out and draws it from its
		 * source (office_render_text). */
		free(xml);
		src_end(o, 1);
		return 0;
	}
	/* Filled templates are ours: a failure is a template bug. */
	rc = render_xml(o, path, xml, xlen, EX_CONFIG, parts ? &src : NULL,
	    &in, e);
	free(xml);
	doc_tree_free(ps.cur);
	src_end(o, rc == 0);
	return rc;
}

/* A source read back (office_render_source): its records in order. */
struct replay {
	struct office	*o;
	const char	*label;		/* for messages */
	char		*p, *end;	/* the records not yet used */
	struct doc_tree	*cur;
};

/* The next record's line: what, LEN (-1 none) and name into the
 * caller's; p moves past the line.  0, or -1 when malformed. */
static int
replay_line(struct replay *r, char **what, long *len, char **name)
{
	char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p)), *sp, *q;

	if (nl == NULL)
		return -1;
	*nl = '\0';
	*what = r->p;
	*len = -1;
	*name = NULL;
	if ((sp = strchr(r->p, ' ')) != NULL) {
		*sp++ = '\0';
		if (strcmp(*what, "end") != 0) {
			*len = strtol(sp, &q, 10);
			if (q == sp || *len < 0 || (*q != ' ' && *q != '\0'))
				return -1;
			sp = *q == ' ' ? q + 1 : NULL;
		}
		*name = sp;
	}
	r->p = nl + 1;
	if (*len >= 0) {
		if (*len >= r->end - r->p || r->p[*len] != '\n')
			return -1;
	}
	return 0;
}

static const struct dnode *
part_replay(void *arg, const char *name, int first, struct nerr *e)
{
	struct replay *r = arg;
	const struct dnode *root;
	char *what, *nm, *xml;
	long len;

	(void)first;
	doc_tree_free(r->cur);
	r->cur = NULL;
	if (r->p >= r->end || replay_line(r, &what, &len, &nm) != 0 ||
	    nm == NULL || (strcmp(what, "end") != 0 && strcmp(what, "part")) ||
	    strcmp(nm, name) != 0) {
		nerr_set(e, EX_DATAERR, r->label, 0, 0, "the stored source "
		    "does not hold the parts \"%s\" its document asks for",
		    name);
		return NULL;
	}
	if (strcmp(what, "end") == 0)
		return NULL;
	xml = r->p;
	r->p += len + 1;
	if ((r->cur = doc_tree_mem(r->label, xml, (size_t)len, r->o->schema,
	    e)) == NULL) {
		e->status = EX_DATAERR;
		return NULL;
	}
	root = doc_tree_root(r->cur);
	if (strcmp(root->name, "part") != 0) {
		nerr_set(e, EX_DATAERR, r->label, 0, 0, "<%s> where a <part> "
		    "belongs", root->name);
		return NULL;
	}
	return root;
}

/* Undoes src_kv's escapes in place. */
static void
unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1] != '\0') {
			s++;
			*w++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/* One metadata line into info (or the template names): 0, or -1 for a
 * key this naskah does not know. */
static int
info_key(struct dev_info *info, const char *key, const char *v,
    int *parts)
{
	if (!strcmp(key, "title"))
		info->title = v;
	else if (!strcmp(key, "subject"))
		info->subject = v;
	else if (!strcmp(key, "keywords"))
		info->keywords = v;
	else if (!strcmp(key, "author"))
		info->author = v;
	else if (!strcmp(key, "date")) {
		if (sscanf(v, "%d-%d-%d", &info->y, &info->m, &info->d) != 3)
			return -1;
	} else if (!strcmp(key, "parts"))
		*parts = 1;
	else if (strcmp(key, "template") != 0)
		return -1;
	return 0;
}

static char *
inflate_all(const void *src, size_t len, size_t *out)
{
	z_stream z = { 0 };
	size_t cap = len * 8 + 4096, n = 0;
	char *buf;
	int rc;

	if (inflateInit(&z) != Z_OK)
		return NULL;
	buf = xmalloc(cap + 1);
	z.next_in = (Bytef *)(uintptr_t)src;
	z.avail_in = (uInt)len;
	do {
		if (cap - n < 4096) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		z.next_out = (Bytef *)buf + n;
		z.avail_out = (uInt)(cap - n);
		rc = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	if (rc != Z_STREAM_END || z.avail_in != 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*out = n;
	return buf;
}

/* A source's text (buf, n bytes and a NUL; taken apart in place)
 * rendered; bad: the status of XML that does not validate. */
static int
render_text(struct office *o, char *buf, size_t n, const char *label,
    int bad, struct nerr *e)
{
	struct dev_info info = { NULL, NULL, NULL, 0, 0, 0, NULL };
	struct replay r = { o, label, NULL, NULL, NULL };
	struct layout_src ls = { part_replay, &r };
	char *line, *nl, *what, *name, *xml;
	long xlen;
	int parts = 0, rc;

	if (n < strlen(SRC_MAGIC) ||
	    strncmp(buf, SRC_MAGIC, strlen(SRC_MAGIC)) != 0) {
		nerr_set(e, EX_DATAERR, label, 0, 0, "the stored source is "
		    "damaged, or made by another naskah");
		return -1;
	}
	r.end = buf + n;
	for (line = buf + strlen(SRC_MAGIC); ; line = nl + 1) {
		char *eq;

		if ((nl = memchr(line, '\n', (size_t)(r.end - line))) == NULL)
			goto bad;
		if (nl == line)
			break;
		*nl = '\0';
		if ((eq = strchr(line, '=')) == NULL)
			goto bad;
		*eq = '\0';
		unescape(eq + 1);
		if (info_key(&info, line, eq + 1, &parts) != 0) {
			nerr_set(e, EX_DATAERR, label, 0, 0, "the stored source "
			    "holds \"%s\", which this naskah does not know "
			    "(made by a newer one?)", line);
			return -1;
		}
	}
	r.p = nl + 1;
	if (replay_line(&r, &what, &xlen, &name) != 0 ||
	    strcmp(what, "main") != 0 || xlen < 0)
		goto bad;
	if (xlen > r.end - r.p)
		goto bad;
	xml = r.p;
	r.p += xlen + 1;
	rc = render_xml(o, label, xml, (size_t)xlen, bad,
	    parts ? &ls : NULL, &info, e);
	doc_tree_free(r.cur);
	return rc;
bad:
	nerr_set(e, EX_DATAERR, label, 0, 0, "the stored source is damaged");
	return -1;
}

int
office_render_source(struct office *o, const void *src, size_t len,
    const char *label, struct nerr *e)
{
	char *buf;
	size_t n;
	int rc;

	o->rendered = 0;
	o->srcdone = 0;
	if ((buf = inflate_all(src, len, &n)) == NULL) {
		nerr_set(e, EX_DATAERR, label, 0, 0, "the stored source is "
		    "damaged, or made by another naskah");
		return -1;
	}
	rc = render_text(o, buf, n, label, EX_DATAERR, e);
	free(buf);
	return rc;
}

int
office_render_text(struct office *o, char *text, size_t len,
    const char *label, struct nerr *e)
{
	o->rendered = 0;
	o->srcdone = 0;
	/* Filled templates are ours: XML that does not validate is a
	 * template bug, as in office_render. */
	return render_text(o, text, len, label, EX_CONFIG, e);
}

int
office_save(struct office *o, int (*write)(void *, const void *, size_t),
    void *arg, struct nerr *e)
{
	if (!o->rendered) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "nothing rendered to "
		    "write");
		return -1;
	}
	o->rendered = 0;
	if (write == NULL) {
		pdf_cancel(o->pdf);
		return 0;
	}
	return pdf_save(o->pdf, write, arg, e);
}

void
office_safename(const char *in, char *out, size_t n)
{
	size_t j = 0;

	for (; *in && j + 1 < n; in++) {
		unsigned char c = (unsigned char)*in;
		out[j++] = isalnum(c) || c == '-' ? (char)c : '-';
	}
	if (j == 0 && n > 1)
		out[j++] = 'x';
	out[j] = '\0';
}

/* --jobs (issue 15): dry renders, their drawings and codes. */
void
office_set_dry(struct office *o, int dry)
{
	const char *t = getenv("NASKAH_TEST_JOBS");

	o->dry = dry;
	o->layout_here = t != NULL && strcmp(t, "layout") == 0;
}

int
office_take_codes(struct office *o, char *kode, size_t ksz, char *payload,
    size_t psz)
{
	int has = o->kode[0] == '\0' ? 0 : o->unsigned_ ? 2 : 1;

	snprintf(kode, ksz, "%s", o->kode);
	snprintf(payload, psz, "%s", o->payload);
	o->kode[0] = o->payload[0] = '\0';
	o->unsigned_ = 0;
	return has;
}

/* The stand-in's places in text: the signature's length, so a source's
 * record lengths hold. */
static void
restamp(char *text, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from);
	char *p = text, *end = text + len;

	while ((size_t)(end - p) >= n &&
	    (p = memchr(p, from[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (memcmp(p, from, n) == 0) {
			memcpy(p, to, n);
			p += n;
		} else
			p++;
	}
}

int
office_sign(struct office *o, char *payload, char *text, size_t len,
    struct nerr *e)
{
	char standin[VCODE_SIG_SIZE];

	if (vcode_payload_sign(key_sec(o->key), payload, standin, e) != 0)
		return -1;
	restamp(text, len, standin, payload + strlen(payload) -
	    (VCODE_SIG_SIZE - 1));
	return 0;
}

const void *
office_drawing(const struct office *o, size_t *len)
{
	*len = o->recdone ? o->reclen : 0;
	return o->recdone ? o->rec : NULL;
}

/* Reads office_drawing's bytes back. */
struct rd {
	const unsigned char	*p, *end;
	int			 bad;
};

static void
rd_get(struct rd *r, void *out, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, r->p, n);
	r->p += n;
}

static const char *
rd_str(struct rd *r)
{
	uint32_t n;
	const char *s;

	rd_get(r, &n, sizeof(n));
	if (r->bad || n == 0)
		return NULL;
	if ((size_t)(r->end - r->p) < n || r->p[n - 1] != '\0') {
		r->bad = 1;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += n;
	return s;
}

int
office_replay(struct office *o, const void *buf, size_t len,
    const char *label, struct nerr *e)
{
	struct rd r = { buf, (const unsigned char *)buf + len, 0 };
	struct dev_page pg = { 0, 0, NULL, 0, 0 };
	struct dev_info in;
	struct dev dev;
	char tag;
	int rc = -1, begun = 0;

	o->rendered = 0;
	pdf_dev(o->pdf, &dev);
	for (;;) {
		rd_get(&r, &tag, 1);
		if (r.bad)
			break;
		if (tag == 'B') {
			if (dev.begin(dev.arg, e) != 0)
				goto out;
			begun = 1;
		} else if (tag == 'P' || tag == 'O') {
			uint64_t n, at;

			rd_get(&r, &at, sizeof(at));
			rd_get(&r, &pg.pw, sizeof(pg.pw));
			rd_get(&r, &pg.ph, sizeof(pg.ph));
			rd_get(&r, &n, sizeof(n));
			if (r.bad || n > len)
				break;
			if (n > pg.cap) {
				pg.cap = n;
				pg.op = xrealloc(pg.op, n * sizeof(*pg.op));
			}
			pg.nop = n;
			for (size_t k = 0; k < n; k++) {
				rd_get(&r, &pg.op[k], sizeof(pg.op[k]));
				pg.op[k].text = rd_str(&r);
				pg.op[k].t2 = rd_str(&r);
				pg.op[k].t3 = rd_str(&r);
			}
			if (r.bad || !begun)
				break;
			if ((tag == 'P' ? dev.page(dev.arg, &pg, e) :
			    dev.overlay(dev.arg, (size_t)at, &pg, e)) != 0)
				goto out;
		} else if (tag == 'E') {
			int32_t ymd[3];

			in.title = rd_str(&r);
			in.subject = rd_str(&r);
			in.keywords = rd_str(&r);
			in.author = rd_str(&r);
			rd_get(&r, ymd, sizeof(ymd));
			in.y = ymd[0];
			in.m = ymd[1];
			in.d = ymd[2];
			if (r.bad || !begun || r.p != r.end)
				break;
			if (dev.end(dev.arg, &in, e) != 0)
				goto out;
			o->rendered = 1;
			rc = 0;
			goto done;
		} else
			break;
	}
	nerr_set(e, EX_SOFTWARE, label, 0, 0, "a damaged drawing to replay");
out:
	if (begun)
		dev.cancel(dev.arg);
done:
	free(pg.op);
	return rc;
}
