/* sd.c -- the office's outgoing surat dinas: each row of
 * surat-keluar/YYYY-MM-DD.csv checked against its type (data,
 * sdjenis.h), its lampiran read, then numbered in the outgoing book,
 * rendered (the letter, and its archive copy with the paraf boxes) and
 * staged in the row's savepoint of issue.h's transaction. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvr.h"
#include "date.h"
#include "enc.h"
#include "fmt.h"
#include "fsio.h"
#include "klas.h"
#include "sd.h"
#include "sdjenis.h"
#include "sha256.h"
#include "tpl.h"
#include "xmem.h"

enum col {
	C_NO_KONSEP, C_TANGGAL, C_JENIS, C_KEPADA, C_DI, C_SIFAT, C_PERIHAL,
	C_ISI, C_LAMPIRAN, C_TEMBUSAN, C_PENANDATANGAN, C__MAX
};

static const char *const names[C__MAX] = {
	"no_konsep", "tanggal", "jenis", "kepada", "di", "sifat", "perihal",
	"isi", "lampiran", "tembusan", "penandatangan"
};
/* A file without one of these is refused as a whole. */
static const int required[C__MAX] = { 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0 };
/* Longest value in bytes; kepada and perihal are also the identity the
 * verification codes carry (at most 200 bytes a field). */
static const size_t maxlen[C__MAX] = { 40, 10, 40, 200, 100, 20, 200,
    20000, 100, 2000, 40 };

static const char *const sifat_v[][2] = {
	{ "biasa", "Biasa" }, { "segera", "Segera" },
	{ "sangat segera", "Sangat Segera" }, { "rahasia", "Rahasia" },
};

#define BOOK		"keluar"
#define KIND		"surat_dinas"	/* the letter */
#define KIND_ARSIP	"arsip_sd"	/* its archive copy */
#define BEBAS_TPL	"surat-dinas/isi/bebas.xml"
#define LETTER_TPL	"surat/surat_dinas.xml"

struct sd {
	struct sd_env	 env;
	struct sdj_set	*types;
	struct sd_counts c;
	char		 lampdir[4096];	/* INDIR/surat-keluar/lampiran */
	char		 lampsha[65];	/* its digest, once per run */
	int		 lampdone;
};

/* A lampiran table, read and formatted. */
struct lamp {
	size_t	  ncol, nrow;
	char	**head;			/* ncol */
	double	 *lebar;
	int	 *right;
	char	**cell;			/* nrow * ncol */
};

/* A row of the day's file, checked. */
struct letter {
	const char	*file;
	long		 line;
	const char	*v[C__MAX];
	int		 col[C__MAX];
	struct date	 tanggal;
	const struct sdj *t;
	const char	*sifat;		/* as printed */
	const char	*signer;	/* role */
	const struct pejabat *p;
	char		 lamppath[4096];
	char		 lampsha[65];
	struct lamp	 lp;
	int		 haslamp;
	const char	*ralat;		/* a ralat: the number it replaces */
	char		 ralat_tgl[64];	/* and that letter's date, printed */
};

static void
logf_(struct sd *sd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
logf_(struct sd *sd, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (sd->env.log != NULL)
		sd->env.log(sd->env.arg, buf);
}

static void
lamp_free(struct lamp *lp)
{
	for (size_t i = 0; i < lp->ncol; i++)
		free(lp->head[i]);
	for (size_t i = 0; i < lp->ncol * lp->nrow; i++)
		free(lp->cell[i]);
	free(lp->head);
	free(lp->lebar);
	free(lp->right);
	free(lp->cell);
	memset(lp, 0, sizeof(*lp));
}

/* "dua belas": n in words, as "Lampiran" and the body count. */
static void
terbilang(unsigned long n, char *out, size_t sz)
{
	static const char *const one[] = { "nol", "satu", "dua", "tiga",
	    "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
	    "sepuluh", "sebelas" };
	char a[256], b[256];

	if (n < 12)
		snprintf(out, sz, "%s", one[n]);
	else if (n < 20) {
		terbilang(n - 10, a, sizeof(a));
		snprintf(out, sz, "%s belas", a);
	} else if (n < 100) {
		terbilang(n / 10, a, sizeof(a));
		terbilang(n % 10, b, sizeof(b));
		snprintf(out, sz, "%s puluh%s%s", a, n % 10 ? " " : "",
		    n % 10 ? b : "");
	} else if (n < 1000) {
		terbilang(n / 100, a, sizeof(a));
		terbilang(n % 100, b, sizeof(b));
		snprintf(out, sz, "%s%s%s%s", n / 100 == 1 ? "seratus" : a,
		    n / 100 == 1 ? "" : " ratus", n % 100 ? " " : "",
		    n % 100 ? b : "");
	} else if (n < 1000000) {
		terbilang(n / 1000, a, sizeof(a));
		terbilang(n % 1000, b, sizeof(b));
		snprintf(out, sz, "%s%s%s%s", n / 1000 == 1 ? "seribu" : a,
		    n / 1000 == 1 ? "" : " ribu", n % 1000 ? " " : "",
		    n % 1000 ? b : "");
	} else
		snprintf(out, sz, "%lu", n);
}

/* A sum of money as written in an office's sheet: "1.250.000",
 * "1250000", "Rp 1.250.000,00", "1250000.00" (whole rupiah). */
static int
parse_rupiah(const char *s, uint64_t *v)
{
	char buf[64];
	size_t n;

	while (*s == ' ')
		s++;
	if (strncmp(s, "Rp", 2) == 0)
		s += 2;
	while (*s == ' ' || *s == '.')
		s++;
	snprintf(buf, sizeof(buf), "%s", s);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
	if (n > 3 && (buf[n - 3] == ',' || buf[n - 3] == '.') &&
	    buf[n - 2] == '0' && buf[n - 1] == '0')
		buf[n - 3] = '\0';
	return fmt_parse_count(buf, v);
}

/* One lampiran value as its column prints it: 0, or -1 with why. */
static int
format_cell(enum sdj_format f, const char *v, char **out, char *why,
    size_t wsz)
{
	char buf[128];
	struct date d;
	uint64_t n;

	if (*v == '\0' || f == SDJ_TEKS) {
		*out = xstrdup(*v ? v : "-");
		return 0;
	}
	switch (f) {
	case SDJ_ANGKA:
		if (fmt_parse_count(v, &n) != 0) {
			snprintf(why, wsz, "is not a whole number");
			return -1;
		}
		fmt_thousands(n, buf, sizeof(buf));
		break;
	case SDJ_RUPIAH:
		if (parse_rupiah(v, &n) != 0) {
			snprintf(why, wsz, "is not a sum of whole rupiah "
			    "(1.250.000, 1250000 or Rp 1.250.000,00)");
			return -1;
		}
		fmt_rupiah(n, buf, sizeof(buf));
		break;
	case SDJ_TANGGAL:
		if (date_parse(v, &d) != 0) {
			snprintf(why, wsz, "is not a date (use YYYY-MM-DD, "
			    "DD/MM/YYYY or DD-MM-YYYY)");
			return -1;
		}
		date_format_id(&d, buf, sizeof(buf));
		break;
	default:
		snprintf(buf, sizeof(buf), "%s", v);
		break;
	}
	*out = xstrdup(buf);
	return 0;
}

/* Text the letter's font cannot print names its own place. */
static int
printable(const char *v, char *why, size_t wsz)
{
	size_t off = 0;
	unsigned long cp = 0;

	if (enc_winansi_ok(v, &off, &cp) == 1)
		return 1;
	snprintf(why, wsz, "character U+%04lX at byte %zu cannot be printed "
	    "(not in the Latin/Windows-1252 repertoire of the letter font)",
	    cp, off + 1);
	return 0;
}

/* The letter's lampiran table from its file: its type's columns (or the
 * file's own), every value checked.  0, or 1 with e naming the file's
 * line and column. */
static int
lamp_read(struct letter *l, struct nerr *e)
{
	const struct sdj *t = l->t;
	struct lamp *lp = &l->lp;
	struct csvr_row row;
	struct csvr *c;
	int map[64], rc;
	char why[256];

	if ((c = csvr_open(l->lamppath, e)) == NULL) {
		e->status = EX_DATAERR;
		return 1;
	}
	lp->ncol = t->nkol ? t->nkol : csvr_ncols(c);
	if (lp->ncol > 64) {
		nerr_set(e, EX_DATAERR, l->lamppath, 1, 0, "more than 64 "
		    "columns");
		csvr_close(c);
		return 1;
	}
	lp->head = xcalloc(lp->ncol, sizeof(*lp->head));
	lp->lebar = xcalloc(lp->ncol, sizeof(*lp->lebar));
	lp->right = xcalloc(lp->ncol, sizeof(*lp->right));
	for (size_t i = 0; i < lp->ncol; i++) {
		if (t->nkol == 0) {
			map[i] = (int)i;
			lp->head[i] = xstrdup(csvr_colname(c, i));
			lp->head[i][0] = (char)toupper((unsigned char)
			    lp->head[i][0]);
			for (char *p = lp->head[i]; *p; p++)
				if (*p == '_')
					*p = ' ';
			lp->lebar[i] = 1;
			continue;
		}
		if ((map[i] = csvr_col(c, t->kol[i].nama)) < 0) {
			nerr_set(e, EX_DATAERR, l->lamppath, 1, 0, "missing "
			    "column \"%s\", which a lampiran of %s needs",
			    t->kol[i].nama, t->jenis);
			csvr_close(c);
			return 1;
		}
		lp->head[i] = xstrdup(t->kol[i].judul);
		lp->lebar[i] = t->kol[i].lebar;
		lp->right[i] = t->kol[i].format == SDJ_RUPIAH ||
		    t->kol[i].format == SDJ_ANGKA;
	}
	while ((rc = csvr_next(c, &row, e)) != 0) {
		if (rc < 0) {
			e->status = EX_DATAERR;
			csvr_close(c);
			return 1;
		}
		lp->cell = xrealloc(lp->cell, (lp->nrow + 1) * lp->ncol *
		    sizeof(*lp->cell));
		for (size_t i = 0; i < lp->ncol; i++) {
			const char *v = row.fields[map[i]];
			char **dst = &lp->cell[lp->nrow * lp->ncol + i];

			*dst = NULL;
			if (!printable(v, why, sizeof(why)) ||
			    format_cell(t->nkol ? t->kol[i].format : SDJ_TEKS,
			    v, dst, why, sizeof(why)) != 0) {
				nerr_set(e, EX_DATAERR, l->lamppath, row.line,
				    map[i] + 1, "%s: \"%.40s\" %s",
				    csvr_colname(c, (size_t)map[i]), v, why);
				for (size_t j = 0; j < i; j++)
					free(lp->cell[lp->nrow * lp->ncol + j]);
				csvr_close(c);
				return 1;
			}
		}
		lp->nrow++;
	}
	csvr_close(c);
	if (lp->nrow == 0) {
		nerr_set(e, EX_DATAERR, l->lamppath, 1, 0, "the lampiran has "
		    "no rows");
		return 1;
	}
	return 0;
}

/* Whether a lampiran name is a plain file name of the folder. */
static int
safe_file(const char *s)
{
	if (*s == '\0' || *s == '.' || strlen(s) > 100)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return 0;
	return 1;
}

static int
bad(struct letter *l, enum col c, struct nerr *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
bad(struct letter *l, enum col c, struct nerr *e, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(e, EX_DATAERR, l->file, l->line, l->col[c], "%s: %s",
	    names[c], msg);
	return 1;
}

/* The row's form and its type: 0, or 1 with e. */
static int
check_row(struct sd *sd, struct letter *l, const struct date *fday,
    struct nerr *e)
{
	const struct kantor *k = office_kantor(sd->env.o);
	char why[256], day[16];
	const char *s;

	for (int i = 0; i < C__MAX; i++) {
		if (strlen(l->v[i]) > maxlen[i])
			return bad(l, (enum col)i, e, "is longer than %zu "
			    "bytes", maxlen[i]);
		if (!printable(l->v[i], why, sizeof(why)))
			return bad(l, (enum col)i, e, "%s", why);
	}
	if (l->v[C_NO_KONSEP][0] == '\0')
		return bad(l, C_NO_KONSEP, e, "is empty");
	if (date_parse(l->v[C_TANGGAL], &l->tanggal) != 0)
		return bad(l, C_TANGGAL, e, "\"%s\" is not a date (use "
		    "YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)", l->v[C_TANGGAL]);
	if (fday->y != 0 && date_cmp(&l->tanggal, fday) > 0) {
		date_iso(fday, day, sizeof(day));
		return bad(l, C_TANGGAL, e, "%s is after the file's own date "
		    "%s", l->v[C_TANGGAL], day);
	}
	if ((l->t = sdj_find(sd->types, l->v[C_JENIS])) == NULL)
		return bad(l, C_JENIS, e, "\"%s\" is not a surat dinas type "
		    "(a file of templates/surat-dinas/)", l->v[C_JENIS]);
	if (l->v[C_KEPADA][0] == '\0')
		return bad(l, C_KEPADA, e, "is empty: whom the letter is for");
	if (l->v[C_PERIHAL][0] == '\0')
		return bad(l, C_PERIHAL, e, "is empty: the letter's subject "
		    "(Hal)");
	l->sifat = NULL;
	for (size_t i = 0; i < sizeof(sifat_v) / sizeof(sifat_v[0]); i++)
		if (strcasecmp(l->v[C_SIFAT], sifat_v[i][0]) == 0)
			l->sifat = sifat_v[i][1];
	if (l->v[C_SIFAT][0] == '\0')
		l->sifat = "Biasa";
	if (l->sifat == NULL)
		return bad(l, C_SIFAT, e, "\"%s\" is not biasa, segera, sangat "
		    "segera or rahasia", l->v[C_SIFAT]);
	if (l->t->isi == NULL && l->v[C_ISI][0] == '\0')
		return bad(l, C_ISI, e, "is empty: a %s takes its body from "
		    "isi", l->t->jenis);
	s = l->v[C_LAMPIRAN];
	if (*s == '\0' && l->t->lampiran == SDJ_LAMP_WAJIB)
		return bad(l, C_LAMPIRAN, e, "is empty: a %s goes with its "
		    "lampiran (a CSV file of surat-keluar/lampiran/)",
		    l->t->jenis);
	if (*s != '\0') {
		if (l->t->lampiran == SDJ_LAMP_TIDAK)
			return bad(l, C_LAMPIRAN, e, "a %s has no lampiran",
			    l->t->jenis);
		if (!safe_file(s))
			return bad(l, C_LAMPIRAN, e, "\"%s\" is not a file "
			    "name (letters, digits, - _ . only)", s);
		snprintf(l->lamppath, sizeof(l->lamppath), "%s/%s",
		    sd->lampdir, s);
		if (fs_sha256(l->lamppath, l->lampsha) != 0)
			return bad(l, C_LAMPIRAN, e, "cannot read %s: %s",
			    l->lamppath, strerror(errno));
		l->haslamp = 1;
	}
	l->signer = l->v[C_PENANDATANGAN][0] ? l->v[C_PENANDATANGAN] :
	    l->t->signer;
	if (kantor_pejabat(k, l->signer) == NULL)
		return bad(l, C_PENANDATANGAN, e, "\"%s\" is not an official "
		    "of kantor.xml", l->signer);
	return 0;
}

/* The row as the register keeps it, and its hash over what the letter
 * prints: every column, and the lampiran's content. */
static char *
letter_data(const struct letter *l, char sha[80])
{
	size_t n = 64, len = 0;
	char *s, hex[65];

	for (int i = 0; i < C__MAX; i++)
		n += strlen(names[i]) + strlen(l->v[i]) + 2;
	s = xmalloc(n + 100);
	for (int i = 0; i < C__MAX; i++)
		len += (size_t)sprintf(s + len, "%s=%s\n", names[i], l->v[i]);
	if (l->haslamp)
		len += (size_t)sprintf(s + len, "lampiran_sha256=%s\n",
		    l->lampsha);
	sha256_hex(s, len, hex);
	snprintf(sha, 80, "1:%s", hex);
	return s;
}

/* The value of name in data's "name=value\n" lines, into out. */
static void
data_value(const char *data, const char *name, char *out, size_t sz)
{
	size_t n = strlen(name);

	*out = '\0';
	for (const char *p = data; p != NULL && *p; ) {
		const char *nl = strchr(p, '\n');

		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			size_t len = nl ? (size_t)(nl - p - n - 1) :
			    strlen(p + n + 1);
			snprintf(out, sz, "%.*s", (int)len, p + n + 1);
			return;
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Which columns changed since the register recorded the row. */
static void
diff(const struct letter *l, const char *old, char *out, size_t sz)
{
	char was[256], now[300];
	size_t n = 0;

	*out = '\0';
	for (int i = 0; i <= C__MAX && n < sz; i++) {
		const char *name = i < C__MAX ? names[i] : "lampiran_sha256";

		data_value(old, name, was, sizeof(was));
		snprintf(now, sizeof(now), "%s", i < C__MAX ? l->v[i] :
		    l->haslamp ? l->lampsha : "");
		if (strcmp(was, now) == 0)
			continue;
		if (i == C__MAX)
			n += (size_t)snprintf(out + n, sz - n, "%sthe "
			    "lampiran file's content", n ? ", " : "");
		else
			n += (size_t)snprintf(out + n, sz - n, "%s%s \"%.40s\" "
			    "-> \"%.40s\"", n ? ", " : "", name, was, now);
	}
}

/* The signer's keys, as templates/inc/ttd.xml prints them. */
static void
fill_signer(const struct kantor *k, struct tpl_dict *d, const char *role,
    const struct pejabat *p)
{
	char buf[512];

	if (strcmp(role, "camat") != 0) {
		snprintf(buf, sizeof(buf), "CAMAT %s", k->kecamatan);
		for (char *q = buf; *q; q++)
			*q = (char)toupper((unsigned char)*q);
		tpl_section_show(d, "TTD_AN");
		tpl_set(d, "TTD_AN", buf);
	}
	tpl_set(d, "TTD_JABATAN", p->sebutan);
	tpl_set(d, "TTD_NAMA", p->nama);
	tpl_set(d, "TTD_PANGKAT", p->pangkat);
	tpl_set(d, "TTD_NIP", p->nip);
	tpl_set(d, "TTD_STAMP", "yes");
	if (p->plt != NULL && *p->plt) {
		tpl_section_show(d, "TTD_PLT");
		tpl_set(d, "TTD_PLT", p->plt);
	}
}

/* Everything the letter (arsip: its archive copy) shows. */
static void
fill_letter(struct sd *sd, struct tpl_dict *d, const struct letter *l,
    const char *nomor, int arsip)
{
	const struct kantor *k = office_kantor(sd->env.o);
	const struct sdj *t = l->t;
	struct tpl_dict *isi, *sec, *row;
	char path[4096], buf[512], tgl[64], num[32], word[256];

	date_format_id(&l->tanggal, tgl, sizeof(tgl));
	tpl_set(d, "KERTAS", k->paper == PAPER_F4 ? "F4" : "A4");
	tpl_set(d, "KECAMATAN", k->kecamatan);
	tpl_set(d, "KABUPATEN", k->kabupaten);
	tpl_set(d, "KAB_SEBUTAN", k->kota ? "Kota" : "Kabupaten");
	snprintf(buf, sizeof(buf), "%s, %s", k->kecamatan, tgl);
	tpl_set(d, "TEMPAT_TANGGAL", buf);
	tpl_set(d, "TANGGAL_CETAK", tgl);
	tpl_set(d, "NOMOR", nomor);
	tpl_set(d, "NO_KONSEP", l->v[C_NO_KONSEP]);
	tpl_set(d, "JENIS_NAMA", t->nama);
	tpl_set(d, "KODE", t->kode);
	tpl_set(d, "SIFAT", l->sifat);
	tpl_set(d, "PERIHAL", l->v[C_PERIHAL]);
	tpl_set(d, "KEPADA", l->v[C_KEPADA]);
	tpl_set(d, "DI", l->v[C_DI][0] ? l->v[C_DI] : "Tempat");
	snprintf(buf, sizeof(buf), "Camat %s", k->kecamatan);
	tpl_set(d, "PENGIRIM", buf);
	tpl_set(d, "LAMPIRAN_TEKS", l->haslamp ? "1 (satu) berkas" : "-");
	snprintf(num, sizeof(num), "%zu", l->lp.nrow);
	terbilang(l->lp.nrow, word, sizeof(word));
	tpl_set(d, "LAMPIRAN_JUMLAH", num);
	tpl_set(d, "LAMPIRAN_TERBILANG", word);
	snprintf(path, sizeof(path), "%s/templates/inc/ttd.xml",
	    sd->env.datadir);
	tpl_include(d, "TTD", path);
	fill_signer(k, d, l->signer, l->p);
	/* A ralat says what it replaces (templates/inc/ralat.xml). */
	snprintf(path, sizeof(path), "%s/templates/inc/ralat.xml",
	    sd->env.datadir);
	tpl_include(d, "RALAT", path);
	if (l->ralat != NULL) {
		tpl_section_show(d, "RALAT");
		tpl_set(d, "RALAT_NOMOR", l->ralat);
		tpl_set(d, "RALAT_TANGGAL", l->ralat_tgl);
	}

	/* The body: the type's template, or the row's paragraphs. */
	snprintf(path, sizeof(path), "%s/templates/%s", sd->env.datadir,
	    t->isi ? t->isi : BEBAS_TPL);
	isi = tpl_include(d, "ISI", path);
	if (t->isi == NULL) {
		const char *p = l->v[C_ISI];

		while (*p) {
			const char *end = p, *q;
			char *para;

			/* A paragraph ends at a blank line. */
			for (;;) {
				q = strchr(end, '\n');
				if (q == NULL) {
					end += strlen(end);
					break;
				}
				const char *r = q + 1;
				while (*r == ' ' || *r == '\t' || *r == '\r')
					r++;
				if (*r == '\n' || *r == '\0') {
					end = q;
					break;
				}
				end = q + 1;
			}
			para = xmalloc((size_t)(end - p) + 1);
			memcpy(para, p, (size_t)(end - p));
			para[end - p] = '\0';
			for (char *c = para; *c; c++)
				if (*c == '\n' || *c == '\r' || *c == '\t')
					*c = ' ';
			if (strspn(para, " ") != strlen(para)) {
				sec = tpl_section_add(isi, "PARAGRAF");
				tpl_set(sec, "TEKS", para);
			}
			free(para);
			p = end;
			while (*p == '\n' || *p == '\r' || *p == ' ' ||
			    *p == '\t')
				p++;
		}
	}

	/* Tembusan: the row's, separated by ';'. */
	for (const char *p = l->v[C_TEMBUSAN]; *p; ) {
		size_t n = strcspn(p, ";");
		const char *a = p, *b = p + n;

		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (b > a) {
			snprintf(buf, sizeof(buf), "%.*s", (int)(b - a), a);
			tpl_section_show(d, "TEMBUSAN_ADA");
			sec = tpl_section_add(d, "TEMBUSAN");
			tpl_set(sec, "ITEM", buf);
		}
		p += n + (p[n] == ';');
	}

	if (l->haslamp) {
		const struct lamp *lp = &l->lp;

		sec = tpl_section_add(d, "LAMPIRAN");
		tpl_set(sec, "JUDUL", t->lamp_judul);
		for (size_t i = 0; i < lp->ncol; i++) {
			row = tpl_section_add(sec, "KOLOM");
			snprintf(num, sizeof(num), "%.2f", lp->lebar[i]);
			tpl_set(row, "LEBAR", num);
			tpl_set(row, "ALIGN", lp->right[i] ? "right" : "left");
			tpl_set(row, "JUDUL", lp->head[i]);
		}
		for (size_t r = 0; r < lp->nrow; r++) {
			row = tpl_section_add(sec, "BARIS");
			snprintf(num, sizeof(num), "%zu", r + 1);
			tpl_set(row, "NO", num);
			for (size_t i = 0; i < lp->ncol; i++)
				tpl_set(tpl_section_add(row, "SEL"), "V",
				    lp->cell[r * lp->ncol + i]);
		}
	}
	if (arsip) {
		sec = tpl_section_add(d, "ARSIP");
		for (size_t i = 0; i < t->nparaf; i++) {
			const struct pejabat *p = kantor_pejabat_on(k,
			    t->paraf[i].jabatan, &l->tanggal, NULL);

			row = tpl_section_add(sec, "PARAF");
			snprintf(num, sizeof(num), "%zu", i + 1);
			tpl_set(row, "NO", num);
			tpl_set(row, "JABATAN", t->paraf[i].sebutan);
			tpl_set(row, "NAMA", p != NULL ? p->nama : "");
		}
	}
}

/* Renders the letter or its archive copy: 0, 1 a value it cannot show
 * (e), -1 fatal (e). */
static int
render(struct sd *sd, const struct letter *l, const char *nomor, int arsip,
    int strict, struct nerr *e)
{
	struct tpl_dict *d = tpl_dict_new();
	char title[512];
	int rc;

	if (strict)
		tpl_dict_strict(d);
	fill_letter(sd, d, l, nomor, arsip);
	snprintf(title, sizeof(title), "%s %s%s", l->t->nama, nomor,
	    arsip ? " (arsip)" : "");
	struct pdf_info info = { title, l->v[C_PERIHAL], nomor,
	    l->tanggal.y, l->tanggal.m, l->tanggal.d, arsip ? KIND_ARSIP :
	    KIND, nomor, NULL, l->v[C_KEPADA], l->v[C_PERIHAL] };
	rc = office_render(sd->env.o, LETTER_TPL, d, NULL, &info, e);
	tpl_dict_free(d);
	if (rc == 0)
		return 0;
	if (e->status == 0)
		e->status = EX_SOFTWARE;
	return e->status == EX_DATAERR ? 1 : -1;
}

/* The letter and its archive copy, numbered and staged: 0, 1 (rowerr),
 * -1 fatal. */
static int
issue_letter(struct sd *sd, struct letter *l, const char *data,
    const char *sha, struct nerr *rowerr, struct nerr *fatal)
{
	char nomor[256], rel[512], rela[512], iso[16];
	struct reg_num num = { 0, 0 };
	struct nerr e = { 0 };
	int rc;

	if (issue_number(sd->env.iss, BOOK, KIND, l->t->kode, l->tanggal.y,
	    l->tanggal.m, &num, nomor, sizeof(nomor), fatal) != 0)
		return -1;
	date_iso(&l->tanggal, iso, sizeof(iso));
	snprintf(rel, sizeof(rel), "surat-dinas/%04d/%05ld_%s_%s.pdf",
	    l->tanggal.y, num.urut, l->t->jenis, iso);
	snprintf(rela, sizeof(rela), "surat-dinas/%04d/%05ld_%s_%s_arsip.pdf",
	    l->tanggal.y, num.urut, l->t->jenis, iso);
	for (int arsip = 0; arsip < 2; arsip++) {
		struct reg_doc rd = { .kind = arsip ? KIND_ARSIP : KIND,
		    .created = iso, .num = arsip ? (struct reg_num){ 0, 0 } :
		    num, .klasifikasi = l->t->kode };

		if ((rc = render(sd, l, nomor, arsip, 0, &e)) != 0) {
			if (rc == 1) {
				*rowerr = e;
				snprintf(rowerr->file, sizeof(rowerr->file),
				    "%s", l->file);
				rowerr->line = l->line;
			} else
				*fatal = e;
			return rc;
		}
		if (issue_stage(sd->env.iss, arsip ? rela : rel, &rd,
		    fatal) != 0) {
			if (fatal->status == 0)
				fatal->status = EX_CANTCREAT;
			return -1;
		}
	}
	struct reg_sdin in = { l->tanggal.y, l->v[C_NO_KONSEP], iso,
	    l->t->jenis, l->v[C_PERIHAL], l->v[C_KEPADA], data, sha, nomor,
	    rel, l->file, l->line, sd->env.run };
	if (reg_sd_put(office_reg(sd->env.o), &in, fatal) != 0)
		return -1;
	logf_(sd, "%s line %ld: %s %s -> %s", l->file, l->line,
	    l->v[C_NO_KONSEP], l->t->jenis, nomor);
	return 0;
}

static void
reject(struct sd *sd, const struct nerr *e, const char *key)
{
	if (sd->env.reject != NULL)
		sd->env.reject(sd->env.arg, e, key);
}

/* A row of a letter already issued: unchanged (a change recorded for a
 * ralat is forgotten: the row went back), or changed: while the letter
 * in force is not cancelled, the changed row is kept for `naskah ralat`
 * (as an application's) and the row is refused naming it.  0, -1 fatal. */
static int
conflict(struct sd *sd, struct letter *l, const struct reg_sd *old,
    const char *data, const char *sha, struct nerr *fatal)
{
	struct reg *reg = office_reg(sd->env.o);
	struct reg_entryinfo en;
	struct nerr e = { 0 };
	char what[700];
	int live;

	if (strcmp(old->sha, sha) == 0) {
		sd->c.unchanged++;
		return reg_sdconf_clear(reg, old->id, fatal);
	}
	if ((live = reg_entry_find(reg, old->nomor, &en, fatal)) < 0)
		return -1;
	live = live == 1 && strcmp(en.status, "issued") == 0;
	if (live) {
		struct reg_conflict c = { old->id, data, sha, l->file,
		    l->line };

		if (reg_sdconf_put(reg, &c, fatal) != 0)
			return -1;
	}
	diff(l, old->data, what, sizeof(what));
	nerr_set(&e, EX_DATAERR, l->file, l->line, l->col[C_NO_KONSEP],
	    "conflict: no_konsep \"%s\" was issued as %s%s (%s line %ld) "
	    "and the row has changed since; changed: %s; not reissued (%s%s)",
	    l->v[C_NO_KONSEP], old->nomor, live ? "" : " (cancelled)",
	    old->file, old->line, what[0] ? what : "?", live ? "to issue "
	    "the corrected letter with a new number: naskah ralat " :
	    "a new letter is a new row with a new no_konsep", live ?
	    old->nomor : "");
	reject(sd, &e, l->v[C_NO_KONSEP]);
	return 0;
}

/* One row: 0 issued, unchanged or rejected, -1 fatal. */
static int
do_row(struct sd *sd, struct letter *l, const struct date *fday,
    struct nerr *fatal)
{
	struct reg *reg = office_reg(sd->env.o);
	struct nerr e = { 0 };
	char sha[80];
	struct reg_sd old;
	char *data;
	int rc;

	sd->c.rows++;
	if (check_row(sd, l, fday, &e) != 0 ||
	    (l->haslamp && lamp_read(l, &e) != 0)) {
		if (l->haslamp && e.file[0] != '\0' &&
		    strcmp(e.file, l->lamppath) == 0) {
			/* The lampiran's own line and column, and whose. */
			char msg[sizeof(e.msg)];

			snprintf(msg, sizeof(msg), "%s", e.msg);
			snprintf(e.msg, sizeof(e.msg), "%s (the lampiran of "
			    "%s, %s line %ld)", msg, l->v[C_NO_KONSEP],
			    l->file, l->line);
		}
		reject(sd, &e, l->v[C_NO_KONSEP]);
		return 0;
	}
	/* Signed by whoever held the post on the letter's date: nobody is
	 * kantor.xml's mistake, not the row's. */
	if ((l->p = kantor_pejabat_on(office_kantor(sd->env.o), l->signer,
	    &l->tanggal, fatal)) == NULL)
		return -1;
	data = letter_data(l, sha);
	if (issue_begin(sd->env.iss, fatal) != 0) {
		free(data);
		return -1;
	}
	if ((rc = reg_sd_find(reg, l->tanggal.y, l->v[C_NO_KONSEP], &old,
	    fatal)) < 0) {
		free(data);
		return -1;
	}
	if (rc == 1) {
		rc = conflict(sd, l, &old, data, sha, fatal);
		free(old.data);
		free(data);
		return rc;
	}
	if (issue_row_begin(sd->env.iss, fatal) != 0) {
		free(data);
		return -1;
	}
	rc = issue_letter(sd, l, data, sha, &e, fatal);
	free(data);
	if (rc < 0)
		return -1;
	if (issue_row_end(sd->env.iss, rc == 1, fatal) != 0)
		return -1;
	if (rc == 1)
		reject(sd, &e, l->v[C_NO_KONSEP]);
	else
		sd->c.letters++;
	return 0;
}

int
sd_ralat(struct sd *sd, const char *nomor, const struct date *oldday,
    const struct date *when, struct sd_ralat *out, struct nerr *e)
{
	struct reg *reg = office_reg(sd->env.o);
	struct reg_conflict c = { 0 };
	struct reg_num num = { 0, 0 };
	struct reg_sd old = { 0 };
	struct letter l;
	struct date none = { 0, 0, 0 };
	char sha[80], was[80], iso[16], rela[512], reason[600];
	char *data = NULL, *mine = NULL;
	int rc, tahun;

	memset(&l, 0, sizeof(l));
	if ((rc = reg_sd_of(reg, nomor, &old, &tahun, e)) <= 0) {
		if (rc == 0)
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "%s: no surat dinas "
			    "is issued under this number now", nomor);
		return rc == 0 ? 1 : -1;
	}
	if ((rc = reg_sdconf_get(reg, old.id, &c, e)) <= 0) {
		if (rc == 0)
			nerr_set(e, EX_DATAERR, NULL, 0, 0, "%s: its row has not "
			    "changed since the letter was issued (a ralat "
			    "issues the changed row a run reported as a "
			    "conflict); to withdraw the letter, use `naskah "
			    "batal`", nomor);
		rc = rc == 0 ? 1 : -1;
		goto out;
	}
	/* The changed row as the run recorded it, checked again against
	 * today's types and kantor.xml. */
	mine = xstrdup(c.data);
	for (int i = 0; i < C__MAX; i++)
		l.v[i] = "";
	for (char *p = mine, *nl; p != NULL && *p; p = nl) {
		char *eq;

		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if ((eq = strchr(p, '=')) == NULL)
			continue;
		*eq = '\0';
		for (int i = 0; i < C__MAX; i++)
			if (!strcmp(p, names[i]))
				l.v[i] = eq + 1;
	}
	l.file = c.file;
	l.line = c.line;
	rc = 1;
	if (check_row(sd, &l, &none, e) != 0 ||
	    (l.haslamp && lamp_read(&l, e) != 0)) {
		char msg[sizeof(e->msg)];

		nerr_format(msg, sizeof(msg), e);
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "%s: the changed row cannot "
		    "make a letter: %s", nomor, msg);
		goto out;
	}
	/* The lampiran is read again: it must be what the run saw. */
	data_value(c.data, "lampiran_sha256", was, sizeof(was));
	if (strcmp(was, l.haslamp ? l.lampsha : "") != 0) {
		nerr_set(e, EX_DATAERR, NULL, 0, 0, "%s: the lampiran %s changed "
		    "after the run that recorded the changed row; run `naskah "
		    "run` again (it records the change anew), then the ralat",
		    nomor, l.haslamp ? l.lamppath : "file");
		goto out;
	}
	data = letter_data(&l, sha);
	diff(&l, old.data, out->what, sizeof(out->what));
	/* Signed on the ralat's day, by whoever holds the post then; the
	 * row keeps its own date. */
	l.tanggal = *when;
	if ((l.p = kantor_pejabat_on(office_kantor(sd->env.o), l.signer,
	    &l.tanggal, e)) == NULL) {
		rc = -1;
		goto out;
	}
	l.ralat = nomor;
	date_format_id(oldday, l.ralat_tgl, sizeof(l.ralat_tgl));
	rc = -1;
	if (issue_number(sd->env.iss, BOOK, KIND, l.t->kode, when->y,
	    when->m, &num, out->nomor, sizeof(out->nomor), e) != 0)
		goto out;
	date_iso(when, iso, sizeof(iso));
	snprintf(out->rel, sizeof(out->rel), "surat-dinas/%04d/%05ld_%s_%s.pdf",
	    when->y, num.urut, l.t->jenis, iso);
	snprintf(rela, sizeof(rela), "surat-dinas/%04d/%05ld_%s_%s_arsip.pdf",
	    when->y, num.urut, l.t->jenis, iso);
	for (int arsip = 0; arsip < 2; arsip++) {
		struct reg_doc rd = { .kind = arsip ? KIND_ARSIP : KIND,
		    .created = iso, .num = arsip ? (struct reg_num){ 0, 0 } :
		    num, .klasifikasi = l.t->kode };

		if ((rc = render(sd, &l, out->nomor, arsip, 0, e)) != 0)
			goto out;
		rc = -1;
		if (issue_stage(sd->env.iss, arsip ? rela : out->rel, &rd,
		    e) != 0)
			goto out;
	}
	snprintf(reason, sizeof(reason), "diganti dengan Nomor %s",
	    out->nomor);
	struct reg_sdin in = { tahun, l.v[C_NO_KONSEP], iso, l.t->jenis,
	    l.v[C_PERIHAL], l.v[C_KEPADA], data, sha, out->nomor, out->rel,
	    l.file, l.line, sd->env.run };
	if ((rc = reg_entry_cancel(reg, nomor, reason, iso, out->nomor,
	    e)) < 0 || reg_entry_replaces(reg, out->nomor, nomor, e) != 0 ||
	    reg_sd_replace(reg, old.id, &in, e) != 0 ||
	    reg_sdconf_clear(reg, old.id, e) != 0) {
		rc = -1;
		goto out;
	}
	if (rc != 1) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "ralat %s: the register "
		    "changed meanwhile; nothing was issued", nomor);
		rc = -1;
		goto out;
	}
	logf_(sd, "ralat %s: %s %s -> %s", nomor, l.v[C_NO_KONSEP],
	    l.t->jenis, out->nomor);
	rc = 0;
out:
	if (rc == 1 && e->status == 0)
		e->status = EX_DATAERR;
	lamp_free(&l.lp);
	reg_conflict_free(&c);
	free(old.data);
	free(data);
	free(mine);
	return rc;
}

/* The lampiran folder's digest: names and contents, so that a changed
 * lampiran makes its day's file be read again. */
static void
lamp_digest(struct sd *sd)
{
	struct sha256_ctx ctx;
	struct dirent *de;
	char **v = NULL, path[8192], sha[65];
	size_t n = 0;
	DIR *d;

	if (sd->lampdone)
		return;
	sd->lampdone = 1;
	sha256_init(&ctx);
	if ((d = opendir(sd->lampdir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = xstrdup(de->d_name);
		}
		closedir(d);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(v[i], v[j]) > 0) {
				char *t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", sd->lampdir, v[i]);
		if (fs_sha256(path, sha) != 0)
			snprintf(sha, sizeof(sha), "-");
		sha256_update(&ctx, v[i], strlen(v[i]) + 1);
		sha256_update(&ctx, sha, strlen(sha) + 1);
		free(v[i]);
	}
	free(v);
	sha256_final_hex(&ctx, sd->lampsha);
}

int
sd_file(struct sd *sd, const char *path, const char *name, int force,
    struct nerr *fatal)
{
	struct reg *reg = office_reg(sd->env.o);
	struct nerr e = { 0 };
	struct csvr_row row;
	struct date fday;
	char key[600], sha[65], both[140], day[11];
	char **seen = NULL;
	size_t nseen = 0;
	struct csvr *c;
	int map[C__MAX], rc, stop = 0;
	long rows = 0;

	snprintf(key, sizeof(key), "surat-keluar/%s", name);
	snprintf(day, sizeof(day), "%.10s", name);
	if (date_parse(day, &fday) != 0)
		memset(&fday, 0, sizeof(fday));
	if (fs_sha256(path, sha) != 0) {
		nerr_set(&e, EX_NOINPUT, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		reject(sd, &e, NULL);
		return 0;
	}
	lamp_digest(sd);
	snprintf(both, sizeof(both), "%.64s+%.64s", sha, sd->lampsha);
	if (!force && reg_import_done(reg, key, both)) {
		logf_(sd, "%s: already processed", key);
		return 0;
	}
	if ((c = csvr_open(path, &e)) == NULL) {
		reject(sd, &e, NULL);
		return 0;
	}
	for (int i = 0; i < C__MAX; i++)
		if ((map[i] = csvr_col(c, names[i])) < 0 && required[i]) {
			nerr_set(&e, EX_DATAERR, path, 1, 0, "missing required "
			    "column \"%s\"; the file is refused", names[i]);
			reject(sd, &e, NULL);
			csvr_close(c);
			return 0;
		}
	for (size_t i = 0; csvr_warning(c, i) != NULL; i++)
		if (sd->env.warn != NULL)
			sd->env.warn(sd->env.arg, csvr_warning(c, i));
	for (size_t i = 0; i < csvr_ncols(c); i++) {
		int known = 0;

		for (int j = 0; j < C__MAX; j++)
			known |= map[j] == (int)i;
		if (!known && sd->env.warn != NULL) {
			nerr_set(&e, 0, path, 1, (long)i + 1, "unknown column "
			    "\"%s\" ignored", csvr_colname(c, i));
			sd->env.warn(sd->env.arg, &e);
		}
	}
	while (!stop && (rc = csvr_next(c, &row, &e)) != 0) {
		struct letter l;

		if (rc == -2) {
			reject(sd, &e, NULL);
			break;
		}
		if (rc == -1) {
			sd->c.rows++;
			reject(sd, &e, NULL);
			continue;
		}
		rows++;
		memset(&l, 0, sizeof(l));
		l.file = path;
		l.line = row.line;
		for (int i = 0; i < C__MAX; i++) {
			l.v[i] = map[i] >= 0 ? row.fields[map[i]] : "";
			l.col[i] = map[i] + 1;
		}
		/* A draft twice in one file: the second is a mistake. */
		for (size_t i = 0; i < nseen && l.v[C_NO_KONSEP][0]; i++)
			if (strcmp(seen[i] + 16, l.v[C_NO_KONSEP]) == 0) {
				sd->c.rows++;
				nerr_set(&e, EX_DATAERR, path, row.line,
				    l.col[C_NO_KONSEP], "no_konsep: duplicate "
				    "\"%s\" (first on line %.15s)",
				    l.v[C_NO_KONSEP], seen[i]);
				reject(sd, &e, l.v[C_NO_KONSEP]);
				l.file = NULL;
				break;
			}
		if (l.file == NULL)
			continue;
		seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
		seen[nseen] = xmalloc(16 + strlen(l.v[C_NO_KONSEP]) + 1);
		snprintf(seen[nseen], 16, "%ld", row.line);
		strcpy(seen[nseen] + 16, l.v[C_NO_KONSEP]);
		nseen++;
		if (do_row(sd, &l, &fday, fatal) != 0)
			stop = 1;
		lamp_free(&l.lp);
		if (!stop && issue_staged(sd->env.iss) >=
		    (size_t)sd->env.batch && issue_commit(sd->env.iss,
		    fatal) != 0)
			stop = 1;
	}
	csvr_close(c);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	if (stop) {
		if (fatal->status == 0)
			fatal->status = EX_SOFTWARE;
		return -1;
	}
	if (issue_begin(sd->env.iss, fatal) != 0 ||
	    reg_import_mark(reg, key, both, rows, sd->env.run, fatal) != 0 ||
	    issue_commit(sd->env.iss, fatal) != 0) {
		if (fatal->status == 0)
			fatal->status = EX_CANTCREAT;
		return -1;
	}
	return 0;
}

/* The start-up check: each type rendered from a made-up letter, strict
 * (a key its templates use that nothing sets is the template's
 * mistake), with a lampiran of one row of its columns and the archive
 * copy. */
static int
preflight(struct sd *sd, const struct sdj *t, struct nerr *e)
{
	const struct kantor *k = office_kantor(sd->env.o);
	struct letter l;
	char path[4096];
	int rc = 0;

	snprintf(path, sizeof(path), "%s/templates/%s", sd->env.datadir,
	    t->isi ? t->isi : BEBAS_TPL);
	if (access(path, R_OK) != 0) {
		nerr_set(e, EX_CONFIG, t->path, 0, 0, "isi: no template %s",
		    path);
		return -1;
	}
	if (kantor_pejabat(k, t->signer) == NULL) {
		nerr_set(e, EX_CONFIG, t->path, 0, 0, "penandatangan: \"%s\" "
		    "is not an official of kantor.xml", t->signer);
		return -1;
	}
	memset(&l, 0, sizeof(l));
	l.file = t->path;
	l.t = t;
	for (int i = 0; i < C__MAX; i++)
		l.v[i] = "";
	l.v[C_NO_KONSEP] = "KONSEP-1";
	l.v[C_KEPADA] = "Kepala Badan";
	l.v[C_DI] = "Tempat";
	l.v[C_PERIHAL] = "Perihal";
	l.v[C_ISI] = "Paragraf satu.\n\nParagraf dua.";
	l.v[C_TEMBUSAN] = "Arsip";
	l.tanggal = (struct date){ 2000, 1, 31 };
	l.sifat = "Biasa";
	l.signer = t->signer;
	/* Whoever holds the post: the start-up check is not dated. */
	if ((l.p = kantor_pejabat_nth(k, t->signer, 0)) == NULL)
		l.p = kantor_pejabat(k, t->signer);
	if (t->lampiran != SDJ_LAMP_TIDAK) {
		size_t nc = t->nkol ? t->nkol : 1;

		l.haslamp = 1;
		l.lp.ncol = nc;
		l.lp.nrow = 1;
		l.lp.head = xcalloc(nc, sizeof(char *));
		l.lp.lebar = xcalloc(nc, sizeof(double));
		l.lp.right = xcalloc(nc, sizeof(int));
		l.lp.cell = xcalloc(nc, sizeof(char *));
		for (size_t i = 0; i < nc; i++) {
			l.lp.head[i] = xstrdup(t->nkol ? t->kol[i].judul :
			    "Kolom");
			l.lp.lebar[i] = t->nkol ? t->kol[i].lebar : 1;
			l.lp.cell[i] = xstrdup("Isi");
		}
	}
	for (int arsip = 0; arsip < 2 && rc == 0; arsip++) {
		if (render(sd, &l, "000/0001/000/2000", arsip, 1, e) != 0) {
			/* Named by the type when no template is. */
			if (e->file[0] == '\0')
				snprintf(e->file, sizeof(e->file), "%s",
				    t->path);
			e->status = EX_CONFIG;
			rc = -1;
		} else
			office_save(sd->env.o, NULL, NULL, NULL);
	}
	lamp_free(&l.lp);
	return rc;
}

struct sd *
sd_new(const struct sd_env *env, struct nerr *e)
{
	struct sd *sd = xcalloc(1, sizeof(*sd));
	char dir[4096], rng[4096];
	const struct sdj *t;

	sd->env = *env;
	if (sd->env.batch <= 0)
		sd->env.batch = 64;
	snprintf(sd->lampdir, sizeof(sd->lampdir), "%s/surat-keluar/lampiran",
	    office_indir(env->o));
	snprintf(dir, sizeof(dir), "%s/templates/surat-dinas", env->datadir);
	snprintf(rng, sizeof(rng), "%s/templates/schema/surat-dinas.rng",
	    env->datadir);
	if ((sd->types = sdj_load_dir(dir, rng, e)) == NULL) {
		free(sd);
		return NULL;
	}
	/* Every type's code from the office's classification list, as the
	 * SOPs' and reports' are (klas_office), before any row. */
	for (size_t i = 0; (t = sdj_at(sd->types, i)) != NULL; i++)
		if (klas_check(office_klas(env->o), t->kode, t->path,
		    t->kode_line, e) != 0 || (env->check &&
		    preflight(sd, t, e) != 0)) {
			sd_free(sd);
			return NULL;
		}
	return sd;
}

void
sd_free(struct sd *sd)
{
	if (sd == NULL)
		return;
	sdj_set_free(sd->types);
	free(sd);
}

void
sd_set_issue(struct sd *sd, struct issue *iss)
{
	sd->env.iss = iss;
}

void
sd_set_run(struct sd *sd, long run)
{
	sd->env.run = run;
}

const struct sd_counts *
sd_counts(const struct sd *sd)
{
	return &sd->c;
}
