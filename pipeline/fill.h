/* fill.h -- the one place a document gets its values: every field of the
 * row (as typed and as printed), the office, the document and its signer;
 * the start-up check that renders every SOP's every document once from a
 * made-up row; and the row hash, over what those documents print. */
#ifndef NASKAH_FILL_H
#define NASKAH_FILL_H

#include "check.h"
#include "err.h"
#include "kantor.h"
#include "office.h"
#include "sop.h"
#include "tpl.h"

/*
 * What a template gets (lower case: the row; upper case: the rest):
 *   {{x}}, {{x_cetak}}	every field x of fields.xml, as typed and as
 *			printed (fields_print; a desa as "Desa Durenan", a
 *			layanan as its SOP's nama); {{#x}} shown when x has
 *			a value
 *   KERTAS KABUPATEN KAB_SEBUTAN KECAMATAN KODE_WILAYAH KODE_UNIT
 *   KANTOR_ALAMAT TELEPON KODE_POS EMAIL LAMAN	the office (kantor.xml)
 *   JUDUL NOMOR LAYANAN LAYANAN_NAMA SOP_NOMOR	the document and its SOP
 *   TEMPAT_TANGGAL	"Durenan, 20 Januari 2025" (the application date)
 *   DESA DESA_SEBUTAN	the applicant's desa: "Durenan", "Desa"
 *   {{#KURANG}} LABEL KODE	each missing persyaratan
 *   TTD_JABATAN TTD_NAMA TTD_PANGKAT TTD_NIP TTD_STAMP, {{#TTD_PLT}}
 *   TTD_PLT, {{#TTD_AN}} TTD_AN	the SOP's signer (kantor.xml)
 *   {{>NAME}}		templates/inc/name.xml, for every file there
 * and what office_render adds itself: {{>KOP}}, KOP_*, STAMP_* (office.h).
 */

struct fill;

/* The table (ck), the office, and datadir's templates/inc/. */
struct fill	*fill_new(const struct check *ck, const struct kantor *k,
		    const char *datadir, struct nerr *e);
void		 fill_free(struct fill *);

/* Fills d (a fresh root dictionary) for document doc of the checked row
 * a; nomor is its number, or NULL when doc is not numbered. */
void		 fill_row(const struct fill *, struct tpl_dict *d,
		    const struct app *a, const struct sop_doc *doc,
		    const char *nomor);

/* What a driver adds to a document beyond the row (a complaint's agenda
 * number, deadline, steps): fn runs at the end of every fill_row, so also
 * for fill_preflight's made-up row, which must get values of the same
 * form. */
typedef void	(*fill_extra_fn)(void *arg, struct tpl_dict *d,
		    const struct app *a, const struct sop_doc *doc);
void		 fill_set_extra(struct fill *, fill_extra_fn, void *arg);

/* When the office opens, before any row: every document of every SOP
 * filled from a made-up row and rendered by office_render (strict
 * template, validation, layout, drawing with the stamp).  A missing
 * template, a key nothing fills, an include that does not exist, a number
 * the format cannot make: EX_CONFIG naming the file and line.  Also
 * learns what each document prints, for fill_row and fill_hash. */
int		 fill_preflight(struct fill *, struct office *,
		    const struct sop_set *, struct nerr *e);

/* The row hash the register stores: "2:" and the SHA-256 of the fields
 * the documents of the row's event print (or, when the event makes
 * none, the fields the SOP names), normalised, by name, empty ones left
 * out, with the service, the event and the missing persyaratan.  A field
 * added to fields.xml and to the export changes it only where a template
 * prints the new field. */
#define FILL_HASH_SZ	(2 + 64 + 1)
void		 fill_hash(const struct fill *, const struct app *a,
		    char out[FILL_HASH_SZ]);
/* 1 if old, a hash the register stored for this row (of any version),
 * says the row is unchanged; cur is fill_hash's.  Version 1 (no prefix:
 * naskah before fields.xml) covered the 28 columns of that time as
 * typed, in their order; it is compared the way it was made. */
int		 fill_hash_same(const struct fill *, const struct app *a,
		    const char *old, const char *cur);
/* The row as the register keeps it: "name=value\n" for every field of
 * the table; malloc'd. */
char		*fill_data(const struct fill *, const struct app *a);
/* The fields of a's hash (fill_hash) whose normalised value differs
 * from the one in old (fill_data's form, as the register kept it):
 * "name \"old\" -> \"new\"", joined by ", ", into out.  Returns how
 * many; 0 when only the event or the missing persyaratan changed. */
size_t		 fill_diff(const struct fill *, const struct app *a,
		    const char *old, char *out, size_t sz);

#endif
