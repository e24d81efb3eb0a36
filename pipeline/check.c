/* check.c -- the rules of interface.md for one register row.  The order of
 * the checks is the order a front-desk officer would read the row in, so
 * the first error named is the one to fix first. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "enc.h"

const char *const check_colname[F__MAX] = {
	"no_register", "tanggal", "jam", "layanan", "nik", "nama",
	"jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama",
	"status_perkawinan", "pekerjaan", "alamat", "rt", "rw", "kode_desa",
	"no_kk", "keperluan", "kelengkapan", "nomor_pengantar",
	"jenis_legalisasi", "perihal", "uraian", "saluran", "pendamping",
	"pihak_terkait", "jam_selesai", "petugas"
};

static const char *const legalisasi[][2] = {
	{ "ijin_keramaian", "Surat Ijin Keramaian" },
	{ "agunan", "Surat Keterangan Agunan Pinjaman" },
	{ "skck", "Surat Keterangan Catatan Kepolisian" },
	{ "sktm", "Surat Keterangan Tidak Mampu" },
	{ "waris", "Surat Keterangan Waris" },
	{ "lainnya", "Surat Keterangan Lainnya" },
};

static const char *const saluran[] = {
	"langsung", "email", "website", "sms", "telepon"
};

/* Needed by every row, whatever its layanan. */
static const enum fld common[] = {
	F_NO_REGISTER, F_TANGGAL, F_LAYANAN, F_NIK, F_NAMA, F_ALAMAT, F_RT,
	F_RW, F_KODE_DESA
};

int
check_required_column(enum fld f)
{
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (common[i] == f)
			return 1;
	return f == F_KELENGKAPAN;
}

const char *
check_legalisasi_label(const char *code)
{
	for (size_t i = 0; i < sizeof(legalisasi) / sizeof(legalisasi[0]); i++)
		if (strcasecmp(code, legalisasi[i][0]) == 0)
			return legalisasi[i][1];
	return NULL;
}

static enum app_status
bad(struct app *a, struct nerr *e, enum fld f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum app_status
bad(struct app *a, struct nerr *e, enum fld f, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(e, EX_DATAERR, a->file, a->line, a->col[f], "%s: %s",
	    check_colname[f], msg);
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
empty(const struct app *a, enum fld f)
{
	return a->v[f] == NULL || a->v[f][0] == '\0';
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

static const char *
getter(void *ctx, const char *field)
{
	struct app *a = ctx;

	for (int f = 0; f < F__MAX; f++)
		if (strcmp(check_colname[f], field) == 0)
			return a->v[f];
	return NULL;
}

static int
is_wajib(const struct sop *s, enum fld f)
{
	for (size_t i = 0; i < s->nwajib; i++)
		if (strcmp(s->wajib[i], check_colname[f]) == 0)
			return 1;
	return 0;
}

enum app_status
check_app(struct app *a, const struct kantor *k, const struct sop_set *ss,
    struct nerr *e)
{
	const char *unknown;
	int st, minutes;

	a->warn[0] = '\0';
	a->nmissing = 0;
	a->sop = NULL;
	a->desa = NULL;
	for (int f = 0; f < F__MAX; f++) {
		size_t off = 0;
		unsigned long cp = 0;

		if (a->v[f] == NULL)
			a->v[f] = "";
		if (strlen(a->v[f]) > CHECK_MAXFIELD)
			return bad(a, e, f, "value longer than %d bytes",
			    CHECK_MAXFIELD);
		/* A letter must never show '?' for a character it lacks. */
		if (enc_winansi_ok(a->v[f], &off, &cp) != 1)
			return bad(a, e, f, "character U+%04lX at byte %zu "
			    "cannot be printed (not in the Latin/Windows-1252 "
			    "repertoire of the letter font)", cp, off + 1);
	}
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (empty(a, common[i]))
			return bad(a, e, common[i], "required value is empty");
	if (strlen(a->v[F_NO_REGISTER]) > 40)
		return bad(a, e, F_NO_REGISTER, "longer than 40 characters");
	if (date_parse(a->v[F_TANGGAL], &a->tanggal) != 0)
		return bad(a, e, F_TANGGAL, "\"%s\" is not a date (use "
		    "YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)", a->v[F_TANGGAL]);
	if (!empty(a, F_JAM) && date_parse_hhmm(a->v[F_JAM], &minutes) != 0)
		return bad(a, e, F_JAM, "\"%s\" is not a time HH:MM",
		    a->v[F_JAM]);
	if (!empty(a, F_JAM_SELESAI) &&
	    date_parse_hhmm(a->v[F_JAM_SELESAI], &minutes) != 0)
		return bad(a, e, F_JAM_SELESAI, "\"%s\" is not a time HH:MM",
		    a->v[F_JAM_SELESAI]);
	if ((a->sop = sop_find(ss, a->v[F_LAYANAN])) == NULL)
		return bad(a, e, F_LAYANAN, "unknown layanan \"%s\"",
		    a->v[F_LAYANAN]);
	st = nik_parse(a->v[F_NIK], a->tanggal.y, &a->nik);
	if (st != NIK_OK)
		return bad(a, e, F_NIK, "\"%s\": %s", a->v[F_NIK],
		    nik_strerror(st));
	if (!digits(a->v[F_RT], 1, 3))
		return bad(a, e, F_RT, "\"%s\" is not an RT number",
		    a->v[F_RT]);
	if (!digits(a->v[F_RW], 1, 3))
		return bad(a, e, F_RW, "\"%s\" is not an RW number",
		    a->v[F_RW]);
	if ((a->desa = kantor_desa(k, a->v[F_KODE_DESA])) == NULL)
		return bad(a, e, F_KODE_DESA, "\"%s\" is not a desa of "
		    "Kecamatan %s (desa.csv)", a->v[F_KODE_DESA], k->kecamatan);
	/* What the SOP of this layanan needs beyond the common fields. */
	for (int f = 0; f < F__MAX; f++)
		if (is_wajib(a->sop, f) && empty(a, f))
			return bad(a, e, f, a->col[f] ? "required for layanan "
			    "%s, but empty" : "required for layanan %s, but the "
			    "file has no such column", a->sop->layanan);
	if (!empty(a, F_JK)) {
		char c = (char)toupper((unsigned char)a->v[F_JK][0]);

		if ((c != 'L' && c != 'P') || a->v[F_JK][1] != '\0')
			return bad(a, e, F_JK, "\"%s\" must be L or P",
			    a->v[F_JK]);
		if ((c == 'P') != a->nik.female)
			return bad(a, e, F_JK, "%s, but the NIK %s is that "
			    "of a %s (birth day %s 40)", c == 'P' ? "P" : "L",
			    a->v[F_NIK], a->nik.female ? "woman" : "man",
			    a->nik.female ? "plus" : "without");
	}
	if (!empty(a, F_TANGGAL_LAHIR)) {
		if (date_parse(a->v[F_TANGGAL_LAHIR], &a->lahir) != 0)
			return bad(a, e, F_TANGGAL_LAHIR, "\"%s\" is not a "
			    "date", a->v[F_TANGGAL_LAHIR]);
		if (date_cmp(&a->lahir, &a->tanggal) > 0)
			return bad(a, e, F_TANGGAL_LAHIR, "%s is after the "
			    "application date", a->v[F_TANGGAL_LAHIR]);
		/* A NIK is never reissued, so a corrected birth date stays
		 * different from it: print, but tell the front desk. */
		if (date_cmp(&a->lahir, &a->nik.birth) != 0)
			warn(a, "tanggal_lahir %s differs from the NIK's "
			    "birth date %04d-%02d-%02d", a->v[F_TANGGAL_LAHIR],
			    a->nik.birth.y, a->nik.birth.m, a->nik.birth.d);
	}
	if (!empty(a, F_NO_KK) && nik_check_kk(a->v[F_NO_KK]) != NIK_OK)
		return bad(a, e, F_NO_KK, "\"%s\" is not a 16-digit nomor KK",
		    a->v[F_NO_KK]);
	if (!empty(a, F_JENIS_LEGALISASI) &&
	    check_legalisasi_label(a->v[F_JENIS_LEGALISASI]) == NULL)
		return bad(a, e, F_JENIS_LEGALISASI, "unknown \"%s\" (ijin_"
		    "keramaian, agunan, skck, sktm, waris, lainnya)",
		    a->v[F_JENIS_LEGALISASI]);
	if (!empty(a, F_SALURAN)) {
		size_t i;
		for (i = 0; i < sizeof(saluran) / sizeof(saluran[0]); i++)
			if (strcasecmp(a->v[F_SALURAN], saluran[i]) == 0)
				break;
		if (i == sizeof(saluran) / sizeof(saluran[0]))
			return bad(a, e, F_SALURAN, "unknown \"%s\" (langsung, "
			    "email, website, sms, telepon)", a->v[F_SALURAN]);
	}
	if (a->sop->template == NULL)
		return a->status = APP_PENGADUAN;
	a->nmissing = sop_check(a->sop, a->v[F_KELENGKAPAN], getter, a,
	    a->missing, a->scratch, &unknown);
	if (unknown != NULL)
		warn(a, "kelengkapan \"%s\" is not a persyaratan of %s",
		    unknown, a->sop->layanan);
	return a->status = a->nmissing ? APP_INCOMPLETE : APP_COMPLETE;
}
