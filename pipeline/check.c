/* check.c -- the rules of interface.md for one register row, driven by the
 * field table of fields.xml.  The order is the order a front-desk officer
 * reads a row in, so the first error named is the one to fix first: every
 * value's length and characters, the values every row needs, their form,
 * the values the service needs, the form of the rest. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "enc.h"
#include "xmem.h"

struct check {
	const struct fields	*t;
	int			 key[CK__MAX];
};

/* Where the program reads a field, it needs its type too; -1: any. */
static const struct {
	const char	*name;
	int		 type;
	int		 needed;	/* must be in the table */
} keys[CK__MAX] = {
	{ "no_register", -1, 1 }, { "tanggal", FT_TANGGAL, 1 },
	{ "layanan", FT_LAYANAN, 1 }, { "nik", FT_NIK, 1 },
	{ "nama", -1, 1 }, { "kode_desa", FT_DESA, 1 },
	{ "kelengkapan", -1, 1 }, { "jenis_kelamin", FT_PILIHAN, 0 },
	{ "tanggal_lahir", FT_TANGGAL, 0 }, { "jam", FT_JAM, 0 },
	{ "jam_selesai", FT_JAM, 0 }, { "petugas", -1, 0 },
};

struct check *
check_new(const struct fields *t, struct nerr *e)
{
	struct check *ck = xcalloc(1, sizeof(*ck));
	const char *path = fields_path(t);

	ck->t = t;
	for (int k = 0; k < CK__MAX; k++) {
		const struct field *f;

		ck->key[k] = fields_find(t, keys[k].name);
		if (ck->key[k] < 0) {
			if (!keys[k].needed)
				continue;
			nerr_set(e, EX_CONFIG, path, 0, 0, "no field \"%s\": "
			    "the register needs it", keys[k].name);
			goto fail;
		}
		f = fields_at(t, (size_t)ck->key[k]);
		if (keys[k].type >= 0 && f->type != (enum field_type)
		    keys[k].type) {
			nerr_set(e, EX_CONFIG, path, f->line, 0, "field %s must "
			    "be of jenis %s", f->name,
			    fields_type_name((enum field_type)keys[k].type));
			goto fail;
		}
		/* Every row is identified, dated and assigned a service. */
		if (keys[k].needed && (k == CK_KELENGKAPAN ?
		    f->need == FN_NONE : f->need != FN_VALUE)) {
			nerr_set(e, EX_CONFIG, path, f->line, 0, "field %s must "
			    "be wajib=\"%s\"", f->name, k == CK_KELENGKAPAN ?
			    "kolom" : "ya");
			goto fail;
		}
	}
	/* A NIK is read with the application's year; sex and birth date are
	 * checked against the NIK: so in this order. */
	int jk = ck->key[CK_JENIS_KELAMIN], lahir = ck->key[CK_TANGGAL_LAHIR];
	if (ck->key[CK_NIK] < ck->key[CK_TANGGAL] ||
	    (jk >= 0 && jk < ck->key[CK_NIK]) ||
	    (lahir >= 0 && lahir < ck->key[CK_NIK])) {
		nerr_set(e, EX_CONFIG, path, 0, 0, "fields tanggal, nik, then "
		    "jenis_kelamin and tanggal_lahir must come in this order");
		goto fail;
	}
	if (jk >= 0) {
		const struct field *f = fields_at(t, (size_t)jk);

		if (fields_code(f, "L") == NULL || fields_code(f, "P") == NULL) {
			nerr_set(e, EX_CONFIG, path, f->line, 0, "field %s needs "
			    "the codes L and P (checked against the NIK)",
			    f->name);
			goto fail;
		}
	}
	return ck;
fail:
	free(ck);
	return NULL;
}

void
check_free(struct check *ck)
{
	free(ck);
}

const struct fields *
check_fields(const struct check *ck)
{
	return ck->t;
}

int
check_index(const struct check *ck, enum check_key k)
{
	return ck->key[k];
}

const char *
check_val(const struct app *a, enum check_key k)
{
	int i = a->ck->key[k];

	return i >= 0 && a->v[i] != NULL ? a->v[i] : "";
}

int
check_col(const struct app *a, enum check_key k)
{
	int i = a->ck->key[k];

	return i >= 0 ? a->col[i] : 0;
}

int
check_required_column(const struct check *ck, size_t i)
{
	const struct field *f = fields_at(ck->t, i);

	return f != NULL && f->need != FN_NONE;
}

int
check_sops(const struct check *ck, const struct sop_set *ss,
    const struct kantor *k, struct nerr *e)
{
	const struct sop *s;

	for (size_t i = 0; (s = sop_at(ss, i)) != NULL; i++) {
		for (size_t j = 0; j < s->nwajib; j++)
			if (fields_find(ck->t, s->wajib[j]) < 0) {
				nerr_set(e, EX_CONFIG, s->path, s->wajib_line,
				    0, "isian wajib: \"%s\" is not a field of "
				    "%s", s->wajib[j], fields_path(ck->t));
				return -1;
			}
		for (size_t j = 0; j < s->nreq; j++) {
			const struct sop_req *r = &s->req[j];
			const struct field *f;
			int i;

			if (r->if_field == NULL)
				continue;
			if ((i = fields_find(ck->t, r->if_field)) < 0) {
				nerr_set(e, EX_CONFIG, s->path, r->line, 0,
				    "persyaratan %s: jika=\"%s\" is not a field "
				    "of %s", r->kode, r->if_field,
				    fields_path(ck->t));
				return -1;
			}
			/* A value the field never takes would make the
			 * persyaratan never required. */
			f = fields_at(ck->t, (size_t)i);
			for (size_t v = 0; f->type == FT_PILIHAN && v < r->nif;
			    v++)
				if (fields_code(f, r->if_values[v]) == NULL) {
					nerr_set(e, EX_CONFIG, s->path, r->line,
					    0, "persyaratan %s: sama-dengan=\"%s\""
					    " is not a code of field %s", r->kode,
					    r->if_values[v], f->name);
					return -1;
				}
		}
		if (kantor_pejabat(k, s->signer) == NULL) {
			nerr_set(e, EX_CONFIG, s->path, s->signer_line, 0,
			    "penandatangan jabatan=\"%s\": kantor.xml has no "
			    "such pejabat", s->signer);
			return -1;
		}
	}
	return 0;
}

static enum app_status
bad(struct app *a, struct nerr *e, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum app_status
bad(struct app *a, struct nerr *e, size_t i, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(e, EX_DATAERR, a->file, a->line, a->col[i], "%s: %s",
	    fields_at(a->ck->t, i)->name, msg);
	return a->status = APP_MALFORMED;
}

static void
warn(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warn(struct app *a, const char *fmt, ...)
{
	size_t n = strlen(a->warn);
	va_list ap;

	if (n > 0 && n + 2 < sizeof(a->warn)) {
		strcpy(a->warn + n, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(a->warn + n, sizeof(a->warn) - n, fmt, ap);
	va_end(ap);
}

static int
digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	if (n < min || n > max)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Characters, not bytes: the values are UTF-8. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static const char *
getter(void *ctx, const char *field)
{
	struct app *a = ctx;
	int i = fields_find(a->ck->t, field);

	return i >= 0 ? a->v[i] : NULL;
}

static int
is_wajib(const struct sop *s, const char *name)
{
	for (size_t i = 0; i < s->nwajib; i++)
		if (strcmp(s->wajib[i], name) == 0)
			return 1;
	return 0;
}

/* The rules that are logic rather than data, after field i's own check:
 * sex and birth date against the NIK, birth before application. */
static enum app_status
cross(struct app *a, size_t i, struct nerr *e)
{
	const char *v = a->v[i];

	if ((int)i == a->ck->key[CK_JENIS_KELAMIN]) {
		const struct field_code *c = fields_code(fields_at(a->ck->t, i),
		    v);
		int female = strcmp(c->kode, "P") == 0;

		if (female != a->nik.female)
			return bad(a, e, i, "%s, but the NIK %s is that of a "
			    "%s (birth day %s 40)", female ? "P" : "L",
			    check_val(a, CK_NIK), a->nik.female ? "woman" :
			    "man", a->nik.female ? "plus" : "without");
	} else if ((int)i == a->ck->key[CK_TANGGAL_LAHIR]) {
		if (date_cmp(&a->lahir, &a->tanggal) > 0)
			return bad(a, e, i, "%s is after the application date",
			    v);
		/* A NIK is never reissued, so a corrected birth date stays
		 * different from it: print, but tell the front desk. */
		if (date_cmp(&a->lahir, &a->nik.birth) != 0)
			warn(a, "tanggal_lahir %s differs from the NIK's "
			    "birth date %04d-%02d-%02d", v, a->nik.birth.y,
			    a->nik.birth.m, a->nik.birth.d);
	}
	return APP_COMPLETE;
}

/* n with thousands separated by commas, as the messages write them. */
static void
thousands(long n, char *buf, size_t sz)
{
	char tmp[32];
	size_t len, j = 0;

	len = (size_t)snprintf(tmp, sizeof(tmp), "%ld", n);
	for (size_t i = 0; i < len && j + 2 < sz; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = tmp[i];
	}
	buf[j] = '\0';
}

/*
 * The application's tanggal against its export's date: a mistyped year
 * (2052) or a US-locale 3/5/2025 would otherwise open a year's number
 * book that can never be removed.  0 in the window, -1 with e (the whole
 * message is the reason, without bad()'s "tanggal: " before it).
 */
static int
window(struct app *a, size_t i, const struct kantor *k, struct nerr *e)
{
	long diff, lim;
	char n[32], lm[48] = "";
	const char *v = a->v[i];
	int after;

	if (a->export == NULL)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	diff = date_days(&a->tanggal) - date_days(a->export);
	after = diff > 0;
	lim = after ? k->tgl_sesudah : k->tgl_sebelum;
	if ((after ? diff : -diff) <= lim)
		return 0;
	thousands(after ? diff : -diff, n, sizeof(n));
	if (lim > 0)
		snprintf(lm, sizeof(lm), " (at most %ld)", lim);
	nerr_set(e, EX_DATAERR, a->file, a->line, a->col[i],
	    "tanggal %.*s is %s day%s %s the export's date%s",
	    (int)strcspn(v, " \t"), v, n, diff == 1 || diff == -1 ? "" : "s",
	    after ? "after" : "before", lm);
	a->status = APP_MALFORMED;
	return -1;
}

/* Field i's value (not empty) against its type; remembers what later
 * rules and the caller need (the date, the NIK, the desa, the SOP). */
static enum app_status
check_field(struct app *a, size_t i, const struct kantor *k,
    const struct sop_set *ss, struct nerr *e)
{
	const struct field *f = fields_at(a->ck->t, i);
	const char *v = a->v[i], *why = f->bad;
	const struct sop *sop;
	const struct desa *desa;
	struct date d;
	struct nik nik;
	int st;

	switch (f->type) {
	case FT_TEKS:
		if (f->maxlen > 0 && utf8_len(v) > f->maxlen)
			return why ? bad(a, e, i, "\"%s\" %s", v, why) :
			    bad(a, e, i, "longer than %zu characters",
			    f->maxlen);
		break;
	case FT_TANGGAL:
		if (date_parse(v, &d) != 0)
			return bad(a, e, i, "\"%s\" %s", v, why ? why :
			    "is not a date");
		if ((int)i == a->ck->key[CK_TANGGAL]) {
			a->tanggal = d;
			if (window(a, i, k, e) != 0)
				return APP_MALFORMED;
		}
		else if ((int)i == a->ck->key[CK_TANGGAL_LAHIR])
			a->lahir = d;
		break;
	case FT_JAM:
		if (date_parse_hhmm(v, NULL) != 0)
			return bad(a, e, i, "\"%s\" %s", v, why ? why :
			    "is not a time HH:MM");
		break;
	case FT_NIK:
		st = nik_parse(v, a->tanggal.y, &nik);
		if (st != NIK_OK)
			return bad(a, e, i, "\"%s\": %s", v,
			    nik_strerror(st));
		if ((int)i == a->ck->key[CK_NIK])
			a->nik = nik;
		break;
	case FT_KK:
		if (nik_check_kk(v) != NIK_OK)
			return bad(a, e, i, "\"%s\" %s", v, why ? why :
			    "is not a 16-digit nomor KK");
		break;
	case FT_ANGKA:
		if (!digits(v, (size_t)f->dmin, (size_t)f->dmax)) {
			if (why)
				return bad(a, e, i, "\"%s\" %s", v, why);
			return bad(a, e, i, "\"%s\" is not a number of %d to "
			    "%d digits", v, f->dmin, f->dmax);
		}
		break;
	case FT_PILIHAN:
		if (fields_code(f, v) == NULL) {
			char list[600];
			size_t n = 0;

			if (why)
				return bad(a, e, i, "\"%s\" %s", v, why);
			list[0] = '\0';
			for (size_t j = 0; j < f->ncode && n < sizeof(list);
			    j++)
				n += (size_t)snprintf(list + n, sizeof(list) -
				    n, "%s%s", j ? ", " : "", f->code[j].kode);
			return bad(a, e, i, "unknown \"%s\" (%s)", v, list);
		}
		break;
	case FT_DESA:
		if ((desa = kantor_desa(k, v)) == NULL)
			return bad(a, e, i, "\"%s\" is not a desa of "
			    "Kecamatan %s (desa.csv)", v, k->kecamatan);
		if ((int)i == a->ck->key[CK_KODE_DESA])
			a->desa = desa;
		break;
	case FT_LAYANAN:
		if ((sop = sop_find(ss, v)) == NULL)
			return bad(a, e, i, "unknown layanan \"%s\"", v);
		if ((int)i == a->ck->key[CK_LAYANAN])
			a->sop = sop;
		break;
	}
	return cross(a, i, e);
}

enum app_status
check_app(struct app *a, const struct kantor *k, const struct sop_set *ss,
    struct nerr *e)
{
	const struct fields *t = a->ck->t;
	size_t n = fields_count(t);
	const char *unknown;

	a->warn[0] = '\0';
	a->nmissing = 0;
	a->sop = NULL;
	a->desa = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t off = 0;
		unsigned long cp = 0;

		if (a->v[i] == NULL)
			a->v[i] = "";
		if (strlen(a->v[i]) > CHECK_MAXFIELD)
			return bad(a, e, i, "value longer than %d bytes",
			    CHECK_MAXFIELD);
		/* A letter must never show '?' for a character it lacks. */
		if (enc_winansi_ok(a->v[i], &off, &cp) != 1)
			return bad(a, e, i, "character U+%04lX at byte %zu "
			    "cannot be printed (not in the Latin/Windows-1252 "
			    "repertoire of the letter font)", cp, off + 1);
	}
	for (size_t i = 0; i < n; i++)
		if (fields_at(t, i)->need == FN_VALUE && a->v[i][0] == '\0')
			return bad(a, e, i, "required value is empty");
	for (size_t i = 0; i < n; i++)
		if (fields_at(t, i)->need == FN_VALUE &&
		    check_field(a, i, k, ss, e) == APP_MALFORMED)
			return APP_MALFORMED;
	/* What the SOP of this layanan needs beyond the common fields. */
	for (size_t i = 0; i < n; i++)
		if (a->v[i][0] == '\0' &&
		    is_wajib(a->sop, fields_at(t, i)->name))
			return bad(a, e, i, a->col[i] ? "required for layanan "
			    "%s, but empty" : "required for layanan %s, but the "
			    "file has no such column", a->sop->layanan);
	for (size_t i = 0; i < n; i++)
		if (fields_at(t, i)->need != FN_VALUE && a->v[i][0] != '\0' &&
		    check_field(a, i, k, ss, e) == APP_MALFORMED)
			return APP_MALFORMED;
	if (a->sop->pengaduan)
		return a->status = APP_PENGADUAN;
	a->nmissing = sop_check(a->sop, check_val(a, CK_KELENGKAPAN), getter,
	    a, a->missing, a->scratch, &unknown);
	if (unknown != NULL)
		warn(a, "kelengkapan \"%s\" is not a persyaratan of %s",
		    unknown, a->sop->layanan);
	return a->status = a->nmissing ? APP_INCOMPLETE : APP_COMPLETE;
}
