/* fmt.h -- numbers the Indonesian way: "." groups thousands, "," marks the
 * decimals ("Rp 1.250.000,00", "85,37%"), and reading counts back from
 * the desa spreadsheets.  Pure: no locale, no floating point. */
#ifndef NASKAH_FMT_H
#define NASKAH_FMT_H

#include <stddef.h>
#include <stdint.h>

/* The writers below truncate to sz like snprintf and always terminate
 * (when sz > 0). */

/* 1250000 -> "1.250.000". */
void		 fmt_thousands(uint64_t v, char *buf, size_t sz);
/* "Rp 1.250.000,00". */
void		 fmt_rupiah(uint64_t v, char *buf, size_t sz);
/* "Rp 1.250.000". */
void		 fmt_rupiah_short(uint64_t v, char *buf, size_t sz);
/* 100*num/den with two decimals rounded half up, "85,37%" (thousands
 * grouped above 999%); "-" when den is 0. */
void		 fmt_percent(uint64_t num, uint64_t den, char *buf, size_t sz);
/* "1.250.000" or "1250000", blanks around ignored; no sign, no decimals,
 * dots only as exact groups of three.  0 ok, -1 bad or too big. */
int		 fmt_parse_count(const char *s, uint64_t *out);
/* 1..12 -> "I".."XII" (months in letter numbers); NULL otherwise. */
const char	*fmt_roman(int n);

#endif
