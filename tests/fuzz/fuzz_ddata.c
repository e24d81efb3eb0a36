/* fuzz_ddata.c -- libFuzzer: any bytes as one desa's monthly CSV.  The
 * reader must never overrun, must call a file good only when every
 * indicator was read exactly once, and the text it keeps for the report
 * (teks, keterangan) must be printable in the PDF font. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ddata.h"
#include "doc.h"
#include "enc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static const char defxml[] =
"<laporan bagian=\"uji\" klasifikasi=\"300\" kasi=\"kasi_kesra\" "
"paraf=\"Kasi\"><judul>UJI</judul>"
"<indikator kode=\"a\" satuan=\"kali\" kolom=\"A\">A</indikator>"
"<indikator kode=\"b\" satuan=\"kali\" kolom=\"B\">B</indikator>"
"<indikator kode=\"uang\" satuan=\"rupiah\" jenis=\"rupiah\" kolom=\"U\">"
"U</indikator>"
"<tabel judul=\"T\"><kolom indikator=\"a\"/></tabel>"
"<grafik indikator=\"a\" per=\"b\">G</grafik>"
"<wajar kecil=\"a\" besar=\"b\">w</wajar></laporan>";

static struct ddata_def *def;

static void
text_ok(const char *s, size_t sz)
{
	CHECK(memchr(s, '\0', sz) != NULL);
	CHECK(enc_winansi_ok(s, NULL, NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ddata_file f;
	struct nerr e = { 0 };
	int rc;

	if (def == NULL) {
		doc_init();
		def = ddata_def_parse("def", defxml, sizeof(defxml) - 1, NULL,
		    &e);
		CHECK(def != NULL);
	}
	rc = ddata_read_mem(def, "fuzz.csv", (const char *)data, size, &f, &e);
	CHECK(rc == 0 || rc == 1 || rc == -1);
	if (rc == 0) {
		CHECK(f.nerr == 0);
		for (size_t i = 0; i < def->nind; i++) {
			CHECK(f.have[i]);
			if (f.ket[i] != NULL)
				CHECK(enc_winansi_ok(f.ket[i], NULL, NULL));
		}
		uint64_t n, d;
		ddata_expr_eval(&def->chart, f.v, &n, &d);
		CHECK(n == f.v[0] && d == f.v[1]);
		(void)ddata_rule_broken(def, 0, f.v);
	}
	if (rc == 1)
		CHECK(f.nerr > 0);
	/* teks goes into the PDF: it must be printable there; msg goes
	 * only to the log. */
	for (size_t i = 0; i < f.nerr && i < DDATA_MAXISSUE; i++) {
		CHECK(memchr(f.err[i].msg, '\0', sizeof(f.err[i].msg)));
		text_ok(f.err[i].teks, sizeof(f.err[i].teks));
		CHECK(f.err[i].teks[0] != '\0');
	}
	for (size_t i = 0; i < f.nwarn && i < DDATA_MAXISSUE; i++)
		CHECK(memchr(f.warn[i].msg, '\0', sizeof(f.warn[i].msg)));
	ddata_file_clear(&f);
	return 0;
}
