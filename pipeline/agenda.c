/* agenda.c -- `naskah agenda`: the buku agenda of one book and year, from
 * the register: every number in order with its document, each file
 * checked against the size and SHA-256 the register recorded.  A gap, a
 * file missing or altered is shown loudly (stderr, the page) and in the
 * exit status.  As CSV on standard output, or printed (landscape, the
 * header on every page, totals, "Mengetahui" of the Sekretaris
 * Kecamatan, or of a kabupaten office's signer: agenda_signer) and kept
 * as an unnumbered document of the register. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "date.h"
#include "issue.h"
#include "office.h"
#include "regloc.h"
#include "rskm.h"
#include "sha256.h"
#include "tpl.h"
#include "xmem.h"

#define CHUNK	48	/* rows per part */

/* The printed book's own code: Permendagri 83/2022's 000.5.3.1 names the
 * Buku Agenda among the records of creating documents (penciptaan). */
#define AGENDA_KLASIFIKASI	"000.5.3.1"

/* What became of a number. */
enum ast { A_ADA, A_BATAL, A_HILANG, A_BERUBAH, A_KOSONG, A_LAIN, A__MAX };
static const char *const ast_csv[] = { "ada", "batal", "hilang", "berubah",
    "tidak tercatat", NULL };
static const char *const ast_pdf[] = { "Ada", "Batal", "HILANG", "BERUBAH",
    "TIDAK TERCATAT", NULL };

/* The numbers of the book in order, the gaps included: the entries the
 * register has, and every number between them or up to the book's
 * counter that has none. */
struct walk {
	struct reg_cursor	*cur;
	struct reg_agrow	 row;
	int			 have, end;
	long			 next, last;
};

struct jcount {
	char	 jenis[32];
	long	 n;
};

/* A folder of the output the book's files are in, open and listed
 * once: a book's files share a few folders, and a missing file then
 * costs a look in the list instead of a system call (a thousand lost
 * files must not make the book slow), a present one a stat in its
 * folder instead of a walk of its whole path. */
struct folder {
	char	 *name;		/* relative to the output folder */
	int	  fd;		/* -1: not there */
	char	**v;		/* its entries, sorted */
	size_t	  n;
};
#define MAXDIRS	16

struct agenda {
	const struct run_opts	*opt;
	struct office		*o;		/* pdf: the whole office */
	struct reg		*reg;		/* the office's or csv's own */
	const struct sop_set	*sops;
	const char		*office;	/* its region code */
	const char		*outdir;
	const char		*book;
	int			 tahun;
	long			 last;		/* the book's counter */
	long			 count[A__MAX];
	struct jcount		*jc;
	size_t			 njc;
	unsigned char		*st;		/* pdf: status by number */
	size_t			 nst;
	struct folder		*dirs;		/* the folders seen, read */
	size_t			 ndirs;
	int			 lockfd;	/* csv: the office's lock */
	struct sop_set		*own_sops;	/* csv: loaded for itself */
	struct walk		 w;		/* pdf: the parts' walk */
};

static int
walk_open(struct agenda *ag, struct walk *w, struct nerr *e)
{
	memset(w, 0, sizeof(*w));
	w->next = 1;
	if ((w->cur = reg_agenda_open(ag->reg, ag->office, ag->book,
	    ag->tahun, &w->last,
	    e)) == NULL)
		return -1;
	ag->last = w->last;
	return 0;
}

static void
walk_close(struct walk *w)
{
	reg_agenda_close(w->cur);
	w->cur = NULL;
}

/* 1: number *urut, its entry in *row or NULL (a gap); 0 past the last;
 * -1 error.  *row is valid until the next call. */
static int
walk_next(struct walk *w, long *urut, const struct reg_agrow **row,
    struct nerr *e)
{
	if (!w->have && !w->end) {
		int rc = reg_agenda_next(w->cur, &w->row, e);

		if (rc < 0)
			return -1;
		if (rc == 0)
			w->end = 1;
		else
			w->have = 1;
	}
	if (w->have && w->row.urut > w->next) {
		*urut = w->next++;
		*row = NULL;
		return 1;
	}
	if (w->have) {
		*urut = w->row.urut;
		*row = &w->row;
		w->next = w->row.urut + 1;
		w->have = 0;
		return 1;
	}
	if (w->next <= w->last) {
		*urut = w->next++;
		*row = NULL;
		return 1;
	}
	return 0;
}

static int
cancelled(const char *status)
{
	return !strcmp(status, "cancelled") || !strcmp(status, "canceled") ||
	    !strcmp(status, "batal");
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder of rel (*base its file name in it), listed; NULL when
 * there are too many folders to keep (then f is unused). */
static struct folder *
file_dir(struct agenda *ag, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	char dir[1024], path[4096];
	struct folder *f;
	struct dirent *de;
	DIR *d;
	size_t cap = 0;

	*base = slash ? slash + 1 : rel;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - rel) : 1,
	    slash ? rel : ".");
	for (size_t i = 0; i < ag->ndirs; i++)
		if (!strcmp(ag->dirs[i].name, dir))
			return &ag->dirs[i];
	if (ag->ndirs == MAXDIRS)
		return NULL;
	if (ag->dirs == NULL)
		ag->dirs = xcalloc(MAXDIRS, sizeof(*ag->dirs));
	f = &ag->dirs[ag->ndirs++];
	f->name = xstrdup(dir);
	snprintf(path, sizeof(path), "%s/%s", ag->outdir, dir);
	if ((f->fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return f;
	if ((d = fdopendir(dup(f->fd))) == NULL) {
		close(f->fd);
		f->fd = -1;
		return f;
	}
	while ((de = readdir(d)) != NULL) {
		if (f->n == cap) {
			cap = cap ? cap * 2 : 1024;
			f->v = xrealloc(f->v, cap * sizeof(*f->v));
		}
		f->v[f->n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), cmp_name);
	return f;
}

/* Whether folder f has an entry name (f NULL: ask the file system). */
static int
dir_has(const struct agenda *ag, const struct folder *f, const char *rel,
    const char *name)
{
	const char *slash = strrchr(rel, '/');
	char path[4096];

	if (f != NULL)
		return f->fd >= 0 && f->n > 0 && bsearch(&name, f->v, f->n,
		    sizeof(*f->v), cmp_name) != NULL;
	snprintf(path, sizeof(path), "%s/%.*s%s", ag->outdir, slash ?
	    (int)(slash - rel + 1) : 0, rel, name);
	return access(path, F_OK) == 0;
}

static void
dirs_free(struct agenda *ag)
{
	for (size_t i = 0; i < ag->ndirs; i++) {
		struct folder *f = &ag->dirs[i];

		for (size_t j = 0; j < f->n; j++)
			free(f->v[j]);
		free(f->v);
		free(f->name);
		if (f->fd >= 0)
			close(f->fd);
	}
	free(ag->dirs);
}

/* SHA-256 of base in folder dfd, hex; -1 if unreadable. */
static int
file_sha(int dfd, const char *base, char hex[65])
{
	struct sha256_ctx c;
	unsigned char buf[65536];
	ssize_t n;
	int fd = openat(dfd, base, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	sha256_init(&c);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&c, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return -1;
	sha256_final_hex(&c, hex);
	return 0;
}

/* The number's state: the entry's own (cancelled), else its file's. */
static enum ast
check(struct agenda *ag, const struct reg_agrow *r)
{
	const struct folder *f;
	const char *base;
	char got[65], path[4096];
	struct stat sb;
	int dfd;

	if (r == NULL)
		return A_KOSONG;
	if (strcmp(r->status, "issued") != 0)
		return cancelled(r->status) ? A_BATAL : A_LAIN;
	if (*r->path == '\0')
		return A_HILANG;
	f = file_dir(ag, r->path, &base);
	if (f != NULL && !dir_has(ag, f, r->path, base))
		return A_HILANG;
	/* In a folder not kept, by its whole path. */
	snprintf(path, sizeof(path), "%s/%s", ag->outdir, r->path);
	dfd = f != NULL ? f->fd : AT_FDCWD;
	if (f == NULL)
		base = path;
	if (fstatat(dfd, base, &sb, 0) != 0 || !S_ISREG(sb.st_mode))
		return A_HILANG;
	if ((long long)sb.st_size != r->size)
		return A_BERUBAH;
	if (file_sha(dfd, base, got) != 0)
		return A_HILANG;	/* there, but unreadable */
	return strcmp(got, r->sha) == 0 ? A_ADA : A_BERUBAH;
}

/* Counts the number and, when something is wrong, says so on stderr
 * (also with -q: it is what the agenda is for). */
static void
tally(struct agenda *ag, long urut, const struct reg_agrow *r, enum ast s)
{
	size_t i;

	ag->count[s]++;
	if (r != NULL) {
		for (i = 0; i < ag->njc; i++)
			if (!strcmp(ag->jc[i].jenis, r->jenis))
				break;
		if (i == ag->njc) {
			ag->jc = xrealloc(ag->jc, (i + 1) * sizeof(*ag->jc));
			snprintf(ag->jc[i].jenis, sizeof(ag->jc[i].jenis), "%s",
			    r->jenis);
			ag->jc[i].n = 0;
			ag->njc++;
		}
		ag->jc[i].n++;
	}
	switch (s) {
	case A_KOSONG:
		fprintf(stderr, "naskah agenda: buku %s %d: number %ld: NOT "
		    "RECORDED: the register holds no entry for it (a gap in "
		    "the book)\n", ag->book, ag->tahun, urut);
		break;
	case A_HILANG: {
		const char *base = NULL;
		char tmp[1100];
		/* A run that died between its commit and the renames left
		 * the file under its temporary name: the next open of the
		 * office puts it in place. */
		const struct folder *f = *r->path ? file_dir(ag, r->path,
		    &base) : NULL;

		snprintf(tmp, sizeof(tmp), ".%s.tmp", base ? base : "");
		fprintf(stderr, "naskah agenda: buku %s %d: number %ld (%s): "
		    "MISSING: %s%s%s%s\n", ag->book, ag->tahun, urut, r->nomor,
		    *r->path ? ag->outdir : "no document recorded",
		    *r->path ? "/" : "", r->path, *r->path && dir_has(ag, f,
		    r->path, tmp) ? " (its temporary is "
		    "there: the next naskah run puts it in place)" : "");
		break;
	}
	case A_BERUBAH:
		fprintf(stderr, "naskah agenda: buku %s %d: number %ld (%s): "
		    "ALTERED: %s/%s is not the file issued (size or SHA-256 "
		    "differs from the register's)\n", ag->book, ag->tahun, urut,
		    r->nomor, ag->outdir, r->path);
		break;
	case A_LAIN:
		fprintf(stderr, "naskah agenda: buku %s %d: number %ld (%s): "
		    "status \"%s\"\n", ag->book, ag->tahun, urut, r->nomor,
		    r->status);
		break;
	default:
		break;
	}
}

/* What the document is about: a surat dinas's Hal, a letter's service,
 * a report's section and month, else what its SOP calls the document. */
static void
perihal(const struct agenda *ag, const struct reg_agrow *r, char *buf,
    size_t sz)
{
	const struct sop *s = *r->layanan ? sop_find(ag->sops,
	    r->layanan) : NULL;
	int y, m;

	snprintf(buf, sz, "%s", r->jenis);
	if (*r->perihal)
		snprintf(buf, sz, "%s", r->perihal);
	else if (*r->bagian && date_parse_month(r->bulan, &y, &m) == 0) {
		snprintf(buf, sz, "Data bahan koordinasi %c%s bulan %s %d%s",
		    toupper((unsigned char)r->bagian[0]), r->bagian + 1,
		    date_month_id(m), y, r->revision > 1 ? ", revisi" : "");
		if (r->revision > 1) {
			size_t n = strlen(buf);
			snprintf(buf + n, sz - n, " ke-%d", r->revision - 1);
		}
	} else if (*r->bagian && rskm_semester(r->bulan, &y, &m) == 0) {
		/* A survey report's key is its semester (report skm). */
		snprintf(buf, sz, "Laporan survei kepuasan masyarakat semester "
		    "%s %d%s", m == 1 ? "I" : "II", y, r->revision > 1 ?
		    ", revisi" : "");
		if (r->revision > 1) {
			size_t n = strlen(buf);
			snprintf(buf + n, sz - n, " ke-%d", r->revision - 1);
		}
	} else if (s != NULL && !strcmp(r->jenis, s->layanan))
		snprintf(buf, sz, "%s", s->nama);
	else if (s != NULL) {
		for (size_t i = 0; i < s->ndoc; i++)
			if (!strcmp(s->doc[i].jenis, r->jenis)) {
				snprintf(buf, sz, "%s", s->doc[i].judul);
				break;
			}
	}
}

/* CSV */

static void
csv_put(const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") != NULL) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else
		fputs(s, stdout);
	putchar(last ? '\n' : ',');
}

/* The code and list version the number's document was filed under
 * ("" for a number without a document, or one a register before
 * version 9 recorded without them). */
static int
klas_of(struct agenda *ag, const struct reg_agrow *r, char *kode,
    size_t ksz, char *versi, size_t vsz, struct nerr *e)
{
	kode[0] = versi[0] = '\0';
	if (*r->path == '\0')
		return 0;
	return reg_doc_klas_get(ag->reg, r->path, kode, ksz, versi, vsz,
	    e) < 0 ? -1 : 0;
}

static int
agenda_csv(struct agenda *ag, struct nerr *e)
{
	struct walk w;
	const struct reg_agrow *r;
	char buf[1024], n[32], kode[64], versi[64];
	long urut;
	int rc;

	if (walk_open(ag, &w, e) != 0)
		return -1;
	fputs("urut,nomor,tanggal,jenis,klasifikasi,versi_klasifikasi,perihal,"
	    "kepada,berkas,sha256,status\n", stdout);
	while ((rc = walk_next(&w, &urut, &r, e)) == 1) {
		enum ast s = check(ag, r);

		tally(ag, urut, r, s);
		snprintf(n, sizeof(n), "%ld", urut);
		csv_put(n, 0);
		if (r == NULL) {
			fputs(",,,,,,,,,", stdout);
			csv_put(ast_csv[s], 1);
			continue;
		}
		csv_put(r->nomor, 0);
		csv_put(r->tanggal, 0);
		csv_put(r->jenis, 0);
		if (klas_of(ag, r, kode, sizeof(kode), versi, sizeof(versi),
		    e) != 0) {
			rc = -1;
			break;
		}
		csv_put(kode, 0);
		csv_put(versi, 0);
		perihal(ag, r, buf, sizeof(buf));
		csv_put(buf, 0);
		csv_put(r->nama, 0);
		csv_put(r->path, 0);
		csv_put(r->sha, 0);
		csv_put(s == A_LAIN ? r->status : ast_csv[s], 1);
	}
	walk_close(&w);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		nerr_set(e, EX_IOERR, NULL, 0, 0, "agenda: cannot write the "
		    "book to standard output");
		return -1;
	}
	return rc;
}

/* PDF */

static void
cell(struct tpl_dict *rd, const char *v)
{
	tpl_set(tpl_section_add(rd, "CELL"), "V", v);
}

static int
parts_fill(void *arg, const char *name, int first, struct tpl_dict *d,
    struct nerr *e)
{
	struct agenda *ag = arg;
	const struct reg_agrow *r;
	char buf[1024];
	long urut;
	int n = 0, rc = 0;

	if (strcmp(name, "baris") != 0) {
		nerr_set(e, EX_CONFIG, "agenda/agenda.xml", 0, 0, "from=\"%s\" "
		    "names no part of the agenda", name);
		return -1;
	}
	if (first) {
		walk_close(&ag->w);
		if (walk_open(ag, &ag->w, e) != 0)
			return -1;
	}
	while (n < CHUNK && (rc = walk_next(&ag->w, &urut, &r, e)) == 1) {
		struct tpl_dict *rd = tpl_section_add(d, "ROW");
		enum ast s = (size_t)urut < ag->nst ? ag->st[urut] : A_KOSONG;

		/* What is wrong stands out: bold on grey, as a total. */
		tpl_set(rd, "KIND", s == A_ADA || s == A_BATAL ? "normal" :
		    "total");
		snprintf(buf, sizeof(buf), "%ld", urut);
		cell(rd, buf);
		if (r == NULL) {
			for (int i = 0; i < 8; i++)
				cell(rd, i == 0 ? "-" : i == 4 ? "Tidak ada "
				    "catatan nomor ini pada register" : "");
			cell(rd, ast_pdf[s]);
			n++;
			continue;
		}
		cell(rd, r->nomor);
		if (strlen(r->tanggal) == 10)
			snprintf(buf, sizeof(buf), "%.2s-%.2s-%.4s",
			    r->tanggal + 8, r->tanggal + 5, r->tanggal);
		else
			snprintf(buf, sizeof(buf), "%s", r->tanggal);
		cell(rd, buf);
		cell(rd, r->jenis);
		/* The code, and the list's version when it is not the one
		 * the book names (a document filed under an older list). */
		char kode[64], versi[64];
		if (klas_of(ag, r, kode, sizeof(kode), versi, sizeof(versi),
		    e) != 0)
			return -1;
		if (*versi && strcmp(versi, klas_version(office_klas(ag->o))))
			snprintf(buf, sizeof(buf), "%s (versi %s)", kode,
			    versi);
		else
			snprintf(buf, sizeof(buf), "%s", *kode ? kode : "-");
		cell(rd, buf);
		perihal(ag, r, buf, sizeof(buf));
		cell(rd, buf);
		cell(rd, *r->nama ? r->nama : "-");
		/* The folder and the file name on lines of their own. */
		const char *slash = strrchr(r->path, '/');
		if (slash != NULL)
			snprintf(buf, sizeof(buf), "%.*s %s", (int)(slash -
			    r->path + 1), r->path, slash + 1);
		else
			snprintf(buf, sizeof(buf), "%s", *r->path ? r->path :
			    "-");
		cell(rd, buf);
		/* Two halves, so that it wraps in a narrow column. */
		if (strlen(r->sha) == 64)
			snprintf(buf, sizeof(buf), "%.32s %.32s", r->sha,
			    r->sha + 32);
		else
			snprintf(buf, sizeof(buf), "%s", r->sha);
		cell(rd, buf);
		if (s == A_BATAL && *r->alasan)
			snprintf(buf, sizeof(buf), "Batal%s%s: %s",
			    *r->tanggal_batal ? " " : "", r->tanggal_batal,
			    r->alasan);
		else
			snprintf(buf, sizeof(buf), "%s", s == A_LAIN ?
			    r->status : ast_pdf[s]);
		cell(rd, buf);
		n++;
	}
	if (rc < 0)
		return -1;
	return n > 0;
}

static void
set_num(struct tpl_dict *d, const char *key, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	tpl_set(d, key, buf);
}

/* "Buku Agenda Surat Keluar", "... Surat Masuk", "Buku Agenda NAME". */
static void
book_title(const char *book, char *buf, size_t sz)
{
	if (!strcmp(book, REG_BOOK_KELUAR))
		snprintf(buf, sz, "Buku Agenda Surat Keluar");
	else if (!strcmp(book, REG_BOOK_MASUK))
		snprintf(buf, sz, "Buku Agenda Surat Masuk");
	else
		snprintf(buf, sz, "Buku Agenda %s", book);
}

/* The role that signs the printed book "Mengetahui", from kantor.xml:
 * a kecamatan's Sekretaris Kecamatan (sekcam), who keeps its books; a
 * kabupaten office's official who signs for its bagian (<wilayah
 * penandatangan>), since a Setda has no sekcam. */
static const char *
agenda_signer(const struct kantor *k)
{
	return k->instansi != NULL && k->kab_ttd != NULL ? k->kab_ttd :
	    "sekcam";
}

static void
fill_dict(struct agenda *ag, const struct pejabat *sc, struct tpl_dict *d)
{
	const struct kantor *k = office_kantor(ag->o);
	char buf[512];
	long total = 0, bad;

	for (int i = 0; i < A__MAX; i++)
		total += ag->count[i];
	bad = ag->count[A_HILANG] + ag->count[A_BERUBAH] +
	    ag->count[A_KOSONG] + ag->count[A_LAIN];
	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	book_title(ag->book, buf, sizeof(buf));
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	tpl_set(d, "JUDUL", buf);
	tpl_set(d, "BUKU", ag->book);
	set_num(d, "TAHUN", ag->tahun);
	/* Who keeps the books: a kecamatan, or a kabupaten's Setda. */
	if (k->instansi != NULL)
		snprintf(buf, sizeof(buf), "%s %s %s", k->instansi, k->kota ?
		    "Kota" : "Kabupaten", k->kabupaten);
	else
		snprintf(buf, sizeof(buf), "Kecamatan %s", k->kecamatan);
	tpl_set(d, "KANTOR", buf);
	tpl_set(d, "KLAS_VERSI", klas_version(office_klas(ag->o)));
	set_num(d, "JUMLAH", total);
	set_num(d, "N_ADA", ag->count[A_ADA]);
	set_num(d, "N_BATAL", ag->count[A_BATAL]);
	set_num(d, "N_HILANG", ag->count[A_HILANG]);
	set_num(d, "N_BERUBAH", ag->count[A_BERUBAH]);
	set_num(d, "N_KOSONG", ag->count[A_KOSONG]);
	if (ag->count[A_LAIN]) {
		tpl_section_show(d, "LAIN_ADA");
		set_num(d, "N_LAIN", ag->count[A_LAIN]);
	}
	if (total > 0) {
		tpl_section_show(d, "ADA_NOMOR");
		set_num(d, "DARI", 1);
		set_num(d, "SAMPAI", total);
	} else
		tpl_section_show(d, "NIHIL");
	if (bad > 0) {
		struct tpl_dict *md = tpl_section_add(d, "MASALAH");
		set_num(md, "N_MASALAH", bad);
	} else if (total > 0)
		tpl_section_show(d, "UTUH");
	if (ag->njc > 0)
		tpl_section_show(d, "REKAP_ADA");
	for (size_t i = 0; i < ag->njc; i++) {
		struct tpl_dict *jd = tpl_section_add(d, "REKAP");
		tpl_set(jd, "JENIS", ag->jc[i].jenis);
		set_num(jd, "N", ag->jc[i].n);
	}
	tpl_set(d, "TTD_JABATAN", sc->sebutan);
	tpl_set(d, "TTD_NAMA", sc->nama);
	tpl_set(d, "TTD_PANGKAT", sc->pangkat);
	tpl_set(d, "TTD_NIP", sc->nip);
	if (sc->plt && *sc->plt) {
		tpl_section_show(d, "TTD_PLT");
		tpl_set(d, "TTD_PLT", sc->plt);
	}
}

static int
agenda_pdf(struct agenda *ag, const struct date *tgl, char *rel, size_t rsz,
    int *fresh, struct nerr *e)
{
	/* "Mengetahui" of whoever kantor.xml says keeps the office's books
	 * (agenda_signer), in post on the day it is printed. */
	const struct pejabat *sc = kantor_pejabat_on(office_kantor(ag->o),
	    agenda_signer(office_kantor(ag->o)), tgl, e);
	struct issue *is = NULL;
	struct tpl_dict *d = NULL;
	struct sha256_ctx h;
	struct walk w;
	const struct reg_agrow *r;
	char iso[16], buf[1024], fp[65], safe[64], title[256];
	long urut;
	int rc;

	*fresh = 0;
	if (sc == NULL)
		return -1;
	is = issue_new(ag->o);
	/* One transaction: both passes read the same register, and the
	 * printout is recorded with what it shows. */
	if (issue_begin(is, e) != 0 || walk_open(ag, &w, e) != 0)
		goto fail;
	/* Pass 1: the state of every number (the page says what is wrong
	 * before the table) and the content's fingerprint. */
	date_iso(tgl, iso, sizeof(iso));
	sha256_init(&h);
	snprintf(buf, sizeof(buf), "%s\n%s\n%d\n%s\n%s\n%s\n",
	    ag->office, ag->book, ag->tahun, iso,
	    sc->nama, sc->nip);
	sha256_update(&h, buf, strlen(buf));
	while ((rc = walk_next(&w, &urut, &r, e)) == 1) {
		enum ast s = check(ag, r);

		tally(ag, urut, r, s);
		if ((size_t)urut >= ag->nst) {
			size_t n = ag->nst ? ag->nst : 1024;
			while (n <= (size_t)urut)
				n *= 2;
			ag->st = xrealloc(ag->st, n);
			memset(ag->st + ag->nst, A_KOSONG, n - ag->nst);
			ag->nst = n;
		}
		ag->st[urut] = (unsigned char)s;
		snprintf(buf, sizeof(buf), "%ld\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t"
		    "%s\t%s\t%s\n", urut, (int)s, r ? r->nomor : "", r ?
		    r->status : "", r ? r->path : "", r ? r->sha : "", r ?
		    r->tanggal : "", r ? r->jenis : "", r ? r->nama : "",
		    r ? r->alasan : "", r ? r->bulan : "");
		sha256_update(&h, buf, strlen(buf));
	}
	walk_close(&w);
	if (rc < 0)
		goto fail;
	sha256_final_hex(&h, fp);
	office_safename(ag->book, safe, sizeof(safe));
	snprintf(rel, rsz, "agenda/%d/agenda_%s_%d_%s_%.8s.pdf", ag->tahun,
	    safe, ag->tahun, iso, fp);
	snprintf(buf, sizeof(buf), "%s/%s", ag->outdir, rel);
	struct reg_docid id;
	if (access(buf, F_OK) == 0 || reg_doc_id(ag->reg, rel, &id,
	    NULL) == 1) {
		/* Printed before, from the same register and files (if its
		 * file is gone, it is named as every lost file is). */
		issue_abort(is);
		issue_free(is);
		return 0;
	}
	d = tpl_dict_new();
	fill_dict(ag, sc, d);
	date_format_id(tgl, buf, sizeof(buf));
	tpl_set(d, "TANGGAL_CETAK", buf);
	book_title(ag->book, buf, sizeof(buf));
	snprintf(title, sizeof(title), "%s Tahun %d", buf, ag->tahun);
	/* Its identity for the verification code: the book and year it
	 * prints, and the day (it carries no number of its own). */
	char bookref[64], tahun[16];
	snprintf(bookref, sizeof(bookref), "%s/%d", ag->book, ag->tahun);
	snprintf(tahun, sizeof(tahun), "%d", ag->tahun);
	struct pdf_info info = { title, "Buku agenda", NULL, tgl->y, tgl->m,
	    tgl->d, "agenda", NULL, bookref, ag->book, tahun };
	struct office_parts parts = { "agenda/agenda_isi.xml", parts_fill,
	    ag };
	rc = office_render(ag->o, "agenda/agenda.xml", d, &parts, &info, e);
	walk_close(&ag->w);
	tpl_dict_free(d);
	d = NULL;
	if (rc != 0)
		goto fail;
	char ref[64];
	snprintf(ref, sizeof(ref), "%s/%d", ag->book, ag->tahun);
	struct reg_doc doc = { .kind = "agenda", .created = iso, .ref = ref,
	    .klasifikasi = AGENDA_KLASIFIKASI };
	if (klas_check(office_klas(ag->o), doc.klasifikasi, "agenda.c", 0,
	    e) != 0)
		goto fail;
	if (issue_stage(is, rel, &doc, e) != 0 || issue_commit(is, e) != 0)
		goto fail;
	issue_free(is);
	*fresh = 1;
	return 0;
fail:
	walk_close(&ag->w);
	tpl_dict_free(d);
	issue_abort(is);
	issue_free(is);
	return -1;
}

/* The CSV book reads the register and the files only, so it opens
 * what it reads: not office_open, whose integrity check of the whole
 * register file and look at every document cost seconds at a million
 * documents.  It takes the office's lock as office_open does (a run's
 * files must have their names) and waits for it likewise. */
static int
light_open(struct agenda *ag, const struct run_opts *o, struct nerr *e)
{
	char path[4096], rng[4096], office[64];

	/* The register every command uses: kantor.xml may name it. */
	if (regloc_kantor(o->input, o->datadir, office, sizeof(office),
	    e) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/register.db", o->output);
	if (!reg_remote(path) && access(reg_where(path), F_OK) != 0) {
		/* reg_open says what is wrong (and creates nothing). */
		if ((ag->reg = reg_open(path, NULL, e)) != NULL) {
			reg_close(ag->reg);
			ag->reg = NULL;
		}
		return -1;
	}
	snprintf(path, sizeof(path), "%s/.naskah.lock", o->output);
	if ((ag->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC,
	    0644)) < 0) {
		nerr_set(e, EX_CANTCREAT, path, 0, 0, "cannot open lock: %s",
		    strerror(errno));
		return -1;
	}
	for (int tries = 600; flock(ag->lockfd, LOCK_EX | LOCK_NB) != 0;
	    tries--) {
		if (errno != EWOULDBLOCK || tries == 0) {
			nerr_set(e, EX_TEMPFAIL, path, 0, 0, "another naskah "
			    "is working on %s; try again later", o->output);
			return -1;
		}
		usleep(100000);
	}
	snprintf(path, sizeof(path), "%s/register.db", o->output);
	if ((ag->reg = reg_open_read(path, office, e)) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/templates/sop", o->datadir);
	snprintf(rng, sizeof(rng), "%s/templates/schema/sop.rng", o->datadir);
	if ((ag->own_sops = sop_load_dir(path, rng, e)) == NULL)
		return -1;
	ag->sops = ag->own_sops;
	ag->office = reg_office(ag->reg);
	ag->outdir = o->output;
	return 0;
}

static void
light_close(struct agenda *ag)
{
	reg_close(ag->reg);
	sop_set_free(ag->own_sops);
	if (ag->lockfd >= 0)
		close(ag->lockfd);	/* releases the flock */
}

/* The printout's date: --date, else today; never in the future. */
static int
print_date(const struct run_opts *o, int tahun, struct date *tgl)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	struct date today = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	*tgl = today;
	if (o->date != NULL && (date_parse(o->date, tgl) != 0 ||
	    o->date[4] != '-')) {
		fprintf(stderr, "naskah: --date %s: not a date YYYY-MM-DD\n",
		    o->date);
		return -1;
	}
	if (date_cmp(tgl, &today) > 0 || tgl->y < tahun) {
		fprintf(stderr, "naskah: agenda: --date %s: a book of %d is "
		    "printed in or after %d, and not after today\n", o->date,
		    tahun, tahun);
		return -1;
	}
	return 0;
}

int
agenda_run(const struct run_opts *o, const struct arch_opts *a)
{
	struct agenda ag = { 0 };
	struct nerr e = { 0 };
	struct date tgl;
	char *end, rel[1024];
	long y;
	int pdf, rc, fresh = 0;

	ag.opt = o;
	ag.lockfd = -1;
	ag.book = a->book ? a->book : REG_BOOK_KELUAR;
	pdf = a->format != NULL && !strcmp(a->format, "pdf");
	y = a->year ? strtol(a->year, &end, 10) : 0;
	if (a->year == NULL || *end != '\0' || strlen(a->year) != 4 ||
	    y < 1900 || y > 2199) {
		fprintf(stderr, "naskah: agenda needs --year YYYY\n");
		return EX_USAGE;
	}
	ag.tahun = (int)y;
	if (a->format != NULL && !pdf && strcmp(a->format, "csv") != 0) {
		fprintf(stderr, "naskah: agenda: --format is csv or pdf\n");
		return EX_USAGE;
	}
	if (strspn(ag.book, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
	    strlen(ag.book) || *ag.book == '\0' || strlen(ag.book) > 32) {
		fprintf(stderr, "naskah: agenda: --book %s: a book's name "
		    "(keluar, masuk)\n", ag.book);
		return EX_USAGE;
	}
	if (pdf && print_date(o, ag.tahun, &tgl) != 0)
		return EX_USAGE;
	/* Both wait for a run to finish: its files must have their names. */
	if (pdf) {
		/* The printout is rendered and recorded: the whole office. */
		if ((ag.o = office_open(o->input, o->output, o->datadir,
		    OFFICE_LOCK_WAIT, &e)) == NULL) {
			nerr_print(stderr, "naskah", &e);
			return e.status ? e.status : EX_SOFTWARE;
		}
		ag.reg = office_reg(ag.o);
		ag.sops = office_sops(ag.o);
		ag.office = office_kantor(ag.o)->kode_wilayah;
		ag.outdir = office_outdir(ag.o);
	} else if (light_open(&ag, o, &e) != 0) {
		nerr_print(stderr, "naskah", &e);
		light_close(&ag);
		return e.status ? e.status : EX_SOFTWARE;
	}
	/* A book may name thousands of lost files: one write each would
	 * cost more than finding them. */
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	rc = pdf ? agenda_pdf(&ag, &tgl, rel, sizeof(rel), &fresh, &e) :
	    agenda_csv(&ag, &e);
	if (rc != 0) {
		nerr_print(stderr, "naskah", &e);
		rc = e.status ? e.status : EX_SOFTWARE;
	} else {
		long bad = ag.count[A_HILANG] + ag.count[A_BERUBAH] +
		    ag.count[A_KOSONG] + ag.count[A_LAIN];
		long total = bad + ag.count[A_ADA] + ag.count[A_BATAL];

		if (!o->quiet || bad)
			fprintf(stderr, "naskah agenda: buku %s %d: %ld "
			    "numbers: %ld present, %ld cancelled, %ld "
			    "missing, %ld altered, %ld not recorded%s%s%s%s\n",
			    ag.book,
			    ag.tahun, total, ag.count[A_ADA],
			    ag.count[A_BATAL], ag.count[A_HILANG],
			    ag.count[A_BERUBAH], ag.count[A_KOSONG],
			    pdf ? (fresh ? "; printed " : "; printed before "
			    "as ") : "", pdf ? o->output : "", pdf ? "/" : "",
			    pdf ? rel : "");
		rc = bad ? EX_DATAERR : 0;
	}
	fflush(stderr);
	setvbuf(stderr, NULL, _IONBF, 0);
	dirs_free(&ag);
	free(ag.jc);
	free(ag.st);
	if (ag.o != NULL)
		office_close(ag.o);
	else
		light_close(&ag);
	return rc;
}
