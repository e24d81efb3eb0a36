/* date.h -- calendar dates as the front desk writes them: parsing the three
 * accepted forms, validity (leap years), ISO and Indonesian long form, day
 * arithmetic.  Pure: no I/O, no locale, no time zone. */
#ifndef NASKAH_DATE_H
#define NASKAH_DATE_H

#include <stddef.h>

struct date {
	int	 y, m, d;
};

/* 1 if y-m-d is a real calendar day in 1900..2199, else 0. */
int		 date_valid(int y, int m, int d);
/* YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (day and month may have one digit
 * in the two day-first forms); blanks around are ignored.  0 ok, -1 bad
 * (out untouched). */
int		 date_parse(const char *s, struct date *out);
/* "2025-01-20". */
void		 date_iso(const struct date *d, char *buf, size_t sz);
/* "20 Januari 2025". */
void		 date_format_id(const struct date *d, char *buf, size_t sz);
/* "Januari".."Desember"; NULL outside 1..12. */
const char	*date_month_id(int m);
/* <0, 0, >0 like strcmp. */
int		 date_cmp(const struct date *a, const struct date *b);
/* Days since 1970-01-01 (negative before); only differences mean much. */
long		 date_days(const struct date *d);
/* "HH:MM" (or "H:MM"), 00:00..23:59, to minutes after midnight; 0 ok, -1
 * bad.  minutes may be NULL to only check. */
int		 date_parse_hhmm(const char *s, int *minutes);
/* "YYYY-MM" to year and month; 0 ok, -1 bad. */
int		 date_parse_month(const char *s, int *y, int *m);

#endif
