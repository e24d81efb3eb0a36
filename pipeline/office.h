/* office.h -- what every command needs open at once: the configuration,
 * the SOPs, the register, the renderer and the output lock.  It also
 * renders a template into PDF bytes (issue.h issues them). */
#ifndef NASKAH_OFFICE_H
#define NASKAH_OFFICE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "klas.h"
#include "kantor.h"
#include "pdf.h"
#include "reg.h"
#include "sop.h"
#include "tpl.h"

struct office;

/* What the office holds, owned by it and valid until office_close. */
const struct kantor	*office_kantor(const struct office *);
const struct sop_set	*office_sops(const struct office *);
struct reg		*office_reg(const struct office *);
const char		*office_indir(const struct office *);
const char		*office_outdir(const struct office *);
/* The classification list (klas.h), every code of the SOPs checked and
 * kantor.xml's own applied when the office opened. */
const struct klas	*office_klas(const struct office *);

enum office_lock { OFFICE_LOCK_NOWAIT, OFFICE_LOCK_WAIT };

/* Opens everything, takes the lock and repairs what a crash left.  The
 * register must exist (office_init makes it): without one, 78 naming
 * outdir and the command, and nothing is created.  An issued file found
 * missing does not stop the office: see office_missing. */
struct office	*office_open(const char *indir, const char *outdir,
		    const char *datadir, enum office_lock, struct nerr *e);
/* The same for a new office: checks the whole configuration, then makes
 * outdir's register for kantor.xml's office.  78 if outdir has a
 * register already, or issued documents without one. */
struct office	*office_init(const char *indir, const char *outdir,
		    const char *datadir, struct nerr *e);
void		 office_close(struct office *);
/* The issued files the register lists that were missing when the office
 * opened (deleted or moved; never written again in their place): prints
 * each to fp (NULL: none) with its number, and returns how many. */
size_t		 office_missing(struct office *, FILE *fp);

/* What is too long to fill at once (a table row per desa): a document's
 * <table>, <list> or <chart from="NAME"> continues with parts.  fill puts
 * the next chunk of NAME (its first if first) into d (a fresh dictionary)
 * and returns 1, or 0 when NAME has no more, -1 with e on error;
 * templates/<tpl> expands the chunk into a <part>.  Only one chunk is
 * held at a time. */
struct office_parts {
	const char	*tpl;
	int		(*fill)(void *arg, const char *name, int first,
			    struct tpl_dict *d, struct nerr *e);
	void		*arg;
};

/* templates/<tpl> filled with d (and parts, which may be NULL),
 * validated, laid out and drawn page by page.  It first adds to d what
 * every document shows of the office (kantor.xml): the include {{>KOP}}
 * (templates/inc/kop.xml) and the keys KOP_* and STAMP_ATAS,
 * STAMP_BAWAH, STAMP_TENGAH, and its verification codes made from
 * info's identity: {{>VERIFIKASI}} and VERIFIKASI_* (see office.c), so d
 * serves one call.  A document without a <qr> is refused (EX_CONFIG).  The
 * finished document waits in the office for office_save (issue_stage),
 * which has libharu write it straight into its file; the next render
 * replaces it. */
int	office_render(struct office *, const char *tpl, struct tpl_dict *d,
	    const struct office_parts *parts, const struct pdf_info *info,
	    struct nerr *e);

/* The source of the document office_render made last: the expanded
 * XML of the document and of each of its parts, in order, and its
 * pdf_info, compressed (format in office.c), so that it alone renders
 * the same bytes again, whatever later happens to templates/, kantor.xml
 * or the keys.  NULL (*len 0) when the last render failed or was not
 * office_render's.  Valid until the next render. */
const void	*office_source(const struct office *, size_t *len);
/* Renders a document again from such a source, as office_render does
 * (office_save then writes it); label names it in messages.  A source
 * that is damaged, or holds what this naskah does not know, is
 * EX_DATAERR. */
int	office_render_source(struct office *, const void *src, size_t len,
	    const char *label, struct nerr *e);
/* Records in the register the verification codes of the document
 * office_render made last, as issued at rel (issue_stage, after the
 * document's row): 0, or -1 with e. */
int	office_record_codes(struct office *, const char *rel, struct nerr *e);

/* Writes the document office_render made last through write (as
 * pdf_save does) and forgets it; with write NULL only forgets it. */
int	office_save(struct office *,
	    int (*write)(void *arg, const void *buf, size_t n), void *arg,
	    struct nerr *e);

/* --jobs (issue 15).  With dry set, office_render does everything but
 * draw: the codes, the source (office_source) and the layout, so that a
 * value the document cannot show is refused as always; nothing waits for
 * office_save.  office_drawing gives the device calls layout made (NULL
 * when the last render was not dry or failed; valid until the next), and
 * office_replay draws them, in a worker, as office_render would have
 * (office_save then writes the same bytes).  A dry render of a document
 * without parts whose every character the letter font shows (so that
 * its layout cannot refuse the row) is not even laid out: it succeeds
 * with office_drawing NULL, and a worker renders it from its source's
 * text with office_render_text (text is changed in place; a failure is
 * the template's, EX_CONFIG, as in office_render).  office_take_codes copies
 * the codes of that render (empty: none) and forgets them as
 * office_record_codes does; 1 when it had codes, 2 when the payload is
 * not signed yet: a document left to a worker carries a stand-in for
 * its signature (vcode_payload_later) in the payload and in its source,
 * and the worker signs it with office_sign, which puts the signature in
 * the payload and where the stand-in is in text (len bytes: the
 * source's text, before the worker renders or packs it); -1 with e
 * (EX_SOFTWARE) if libcrypto fails. */
void	office_set_dry(struct office *, int dry);
const void *office_drawing(const struct office *, size_t *len);
int	office_replay(struct office *, const void *buf, size_t len,
	    const char *label, struct nerr *e);
int	office_take_codes(struct office *, char *kode, size_t ksz,
	    char *payload, size_t psz);
int	office_sign(struct office *, char *payload, char *text, size_t len,
	    struct nerr *e);
/* A dry render's office_source is the source's text, not yet deflated
 * (the parent's time is what --jobs cannot share): the worker deflates
 * it with office_source_pack into the bytes office_source gives after
 * a render that is not dry (*out malloc'd).  0. */
int	office_render_text(struct office *, char *text, size_t len,
	    const char *label, struct nerr *e);
int	office_source_pack(struct office *, const void *text, size_t len,
	    void **out, size_t *outlen);

/* Makes a string safe as a file name part: [A-Za-z0-9.-], max n chars. */
void	office_safename(const char *in, char *out, size_t n);

#endif
