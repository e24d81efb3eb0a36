/* vcode_tool.c -- signs a QR payload with an office's keys, for the
 * end-to-end tests of `naskah verify --public-key` and verifikasi.html
 * until documents carry their codes:
 *   vcode_tool KEYDIR OFFICE KIND NUMBER REG YEAR DATE SUBJECT NAME
 * (NUMBER, or REG and YEAR, may be ""); prints the payload. */
#include <stdio.h>
#include <stdlib.h>

#include "key.h"
#include "vcode.h"

int
main(int argc, char *argv[])
{
	char p[VCODE_PAYLOAD_MAX];
	struct vcode_id id;
	struct nerr e;
	struct key *k;

	if (argc != 10) {
		fprintf(stderr, "usage: vcode_tool KEYDIR OFFICE KIND NUMBER "
		    "REG YEAR DATE SUBJECT NAME\n");
		return 64;
	}
	if ((k = key_open(argv[1], argv[2], &e)) == NULL) {
		nerr_print(stderr, "vcode_tool", &e);
		return e.status;
	}
	id.office = argv[2];
	id.kind = argv[3];
	id.number = argv[4];
	id.reg = argv[5];
	id.year = atoi(argv[6]);
	id.date = argv[7];
	id.subject = argv[8];
	id.name = argv[9];
	if (vcode_payload(key_sec(k), &id, p, &e) != 0) {
		nerr_print(stderr, "vcode_tool", &e);
		key_close(k);
		return e.status;
	}
	puts(p);
	key_close(k);
	return 0;
}
