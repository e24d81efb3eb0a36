/* issue.h -- issuing documents: the register's transaction (one per
 * batch), a savepoint per row, numbers taken from the office's books,
 * and the files staged under temporary names that get their final names
 * only once the register has committed.  run.c and report.c build
 * records and template data; this is where they are issued. */
#ifndef NASKAH_ISSUE_H
#define NASKAH_ISSUE_H

#include <stddef.h>

#include "err.h"
#include "office.h"
#include "reg.h"

struct issue;

struct issue	*issue_new(struct office *);
/* Aborts what was not committed. */
void		 issue_free(struct issue *);

/* Opens the batch's transaction unless it is open: everything recorded
 * until issue_commit commits or is undone with it. */
int	issue_begin(struct issue *, struct nerr *e);
/* One row's changes: issue_row_end with undo takes back alone what the
 * row recorded, numbered and staged since issue_row_begin (a row refused
 * after it was recorded), without undo keeps them in the batch.  A
 * register failure in the row may be reported by a later call of the
 * row, issue_row_end at the latest (PostgreSQL pipelines its writes):
 * the caller's run stops on it, as on any failure of the register. */
int	issue_row_begin(struct issue *, struct nerr *e);
int	issue_row_end(struct issue *, int undo, struct nerr *e);

/* The next number of the office's book (REG_BOOK_KELUAR...) for the
 * year, formatted by kantor.xml's format with classification code kode
 * and month bulan into nomor, and written into the book as a document
 * of kind; num names the entry for the document's reg_doc. */
int	issue_number(struct issue *, const char *book, const char *kind,
	    const char *kode, int tahun, int bulan, struct reg_num *num,
	    char *nomor, size_t sz, struct nerr *e);

/* Writes the document office_render made last as the temporary of
 * outdir/rel and records it in the register, with its source
 * (office_source, for naskah restore); fills doc->path and doc->size
 * (doc->sha only during the call). */
int	issue_stage(struct issue *, const char *rel, struct reg_doc *doc,
	    struct nerr *e);
/* --jobs (issue 15): n render workers (1, issue_new's: none).  With
 * more, a document office_render made dry (office_set_dry) is given to
 * issue_defer instead of issue_stage: it takes the document's name, its
 * source, codes and recorded layout now, in the row (issue_row_end with
 * undo drops it); once the row is kept, one of n workers, forked once,
 * signs its verification code if the parent left that to it, checks
 * that its name is free, and draws it into its temporary while the rows
 * go on.  Between rows (issue_row_end keeping one) and at issue_commit,
 * the documents drawn so far are recorded in the rows' order as
 * issue_stage records them; issue_commit waits for the batch's last
 * drawings, then commits.  A worker that fails or dies fails the batch
 * (rolled back, the workers stopped, temporaries removed; EX_TEMPFAIL if
 * one died). */
void	issue_set_jobs(struct issue *, int n);
int	issue_jobs(const struct issue *);
int	issue_defer(struct issue *, const char *rel, const struct reg_doc *doc,
	    struct nerr *e);

/* Files staged and not yet committed. */
size_t	issue_staged(const struct issue *);

/* Commits the batch (a no-op when none is open), then renames every
 * staged file; on failure rolls back and removes the temporaries.  Then
 * writes the manifests of the months changed (manifest_flush), unless
 * it did less than a second ago: issue_manifests writes them now, and
 * issue_free does (a failure there leaves them to office_open). */
int	issue_commit(struct issue *, struct nerr *e);
int	issue_manifests(struct issue *, struct nerr *e);
/* Rolls back and removes the temporaries. */
void	issue_abort(struct issue *);

#endif
