/* nik.h -- the 16-digit Indonesian identity number (NIK) and the family
 * card number (nomor KK): their structure, not whether they exist.
 * Pure: no I/O. */
#ifndef NASKAH_NIK_H
#define NASKAH_NIK_H

#include "date.h"

enum nik_status {
	NIK_OK = 0,
	NIK_LENGTH,	/* not 16 characters (all of them digits) */
	NIK_DIGITS,	/* a character that is not 0-9 */
	NIK_BIRTHDATE,	/* digits 7-12 are no DDMMYY (DD + 40 for women) */
	NIK_SERIAL	/* digits 13-16 are 0000 */
};

struct nik {
	char		 region[7];	/* digits 1-6, NUL-terminated */
	struct date	 birth;
	int		 female;	/* 1 if the day had 40 added */
	int		 serial;	/* digits 13-16, 1..9999 */
};

/* Checks and splits s (blanks around are ignored).  The two-digit year is
 * 20YY when 20YY <= ref_year (the application year), else 19YY.  Returns
 * an enum nik_status; out (may be NULL) is filled only on NIK_OK. */
int		 nik_parse(const char *s, int ref_year, struct nik *out);
/* Short English reason for a status, e.g. "wrong length (must be 16
 * digits)"; never NULL. */
const char	*nik_strerror(int status);
/* Nomor KK: 16 digits, last four not 0000.  Returns an enum nik_status. */
int		 nik_check_kk(const char *s);

#endif
