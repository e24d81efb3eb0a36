/* manifest.h -- the monthly manifests an archive system ingests
 * (output/manifest/YYYY-MM.csv: berkas,jenis,nomor,tanggal,sha256,bytes)
 * and the check of a copied archive folder against one. */
#ifndef NASKAH_MANIFEST_H
#define NASKAH_MANIFEST_H

#include "err.h"
#include "reg.h"

/* Writes again, whole, from the register, the manifest of every month
 * the register marks as changed since its manifest was written, each
 * atomically (temporary, fsync, rename, fsync of the folder), then
 * clears the mark.  Called after the register commits documents and
 * their files have their names, and when the office opens (a crash in
 * between left the mark).  Outside a transaction.  0, or -1 with e
 * (73 cannot write). */
int	manifest_flush(struct reg *, const char *outdir, struct nerr *e);

/* naskah verify --manifest FILE [--root DIR]: every file FILE lists is
 * under root (default: the folder above FILE's, as in the output
 * folder) with its size and SHA-256; files in the same folders that no
 * manifest beside FILE lists are extra.  One line per problem on
 * standard output (HILANG, DIUBAH, TAMBAHAN, then the path), a summary
 * on standard error (unless quiet and all is well).  The exit status:
 * 0 all present and unchanged, nothing extra; 65 otherwise; 66 FILE
 * unreadable. */
int	manifest_verify(const char *file, const char *root, int quiet);

#endif
