/* fuzz_kantor.c -- libFuzzer: any bytes as kantor.xml beside a fixed
 * desa.csv, through kantor_load with the real schema.  Run from the source
 * root.  A refusal must say why; an accepted office must be whole (every
 * string the letters print is there, desa loaded, numbering format sane),
 * and nothing may reach outside the file: libxml2 is set up for no
 * network, no DTD loading and no entity expansion (doc.c). */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"
#include "kantor.h"
#include "num.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static char dir[] = "/tmp/fuzz_kantor.XXXXXX";
static char xmlpath[sizeof(dir) + 16];

static const char desa[] =
"kode,nama,jenis\n"
"35.03.13.2001,Kendalrejo,desa\n"
"35.03.13.2006,Durenan,kelurahan\n";

static void
cleanup(void)
{
	char p[sizeof(dir) + 16];

	unlink(xmlpath);
	snprintf(p, sizeof(p), "%s/desa.csv", dir);
	unlink(p);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[sizeof(dir) + 16];
	FILE *fp;

	(void)argc;
	(void)argv;
	doc_init();
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(p, sizeof(p), "%s/desa.csv", dir);
	if ((fp = fopen(p, "w")) == NULL)
		abort();
	fputs(desa, fp);
	fclose(fp);
	snprintf(xmlpath, sizeof(xmlpath), "%s/kantor.xml", dir);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nerr e;
	struct kantor *k;
	FILE *fp;

	if ((fp = fopen(xmlpath, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);
	memset(&e, 0, sizeof(e));
	if ((k = kantor_load(dir, "templates/schema/kantor.rng", &e)) == NULL) {
		CHECK(e.status != 0 && e.msg[0] != '\0');
		return 0;
	}
	CHECK(k->kabupaten != NULL && k->kecamatan != NULL);
	CHECK(k->nomor_format != NULL);
	CHECK(k->ndesa == 2);
	CHECK(kantor_desa(k, "35.03.13.2006") != NULL);
	CHECK(kantor_pejabat(k, "camat") != NULL);
	for (size_t i = 0; i < k->npj; i++) {
		const struct pejabat *p = &k->pj[i];

		CHECK(p->nama != NULL && p->sebutan != NULL && p->sebutan[0] &&
		    p->pangkat != NULL && p->nip != NULL && p->plt != NULL);
		/* Whatever the schema let through is found by its name, as
		 * the schema read it (no blanks around). */
		CHECK(p->jabatan[0] != '\0' && !isspace((unsigned char)
		    p->jabatan[0]) && !isspace((unsigned char)
		    p->jabatan[strlen(p->jabatan) - 1]));
		CHECK(kantor_pejabat(k, p->jabatan) == p);
	}
	/* Whatever the format, checking it must not crash. */
	memset(&e, 0, sizeof(e));
	(void)num_check(k->nomor_format, &e);
	kantor_free(k);
	return 0;
}
