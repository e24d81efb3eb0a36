/* skm.h -- the arithmetic of the Survei Kepuasan Masyarakat (PermenPAN-RB
 * 14/2017): per element the mean answer (NRR), the index IKM = 25 x
 * sum(NRR x 1/k) over the k elements, its grade by the regulation's
 * conversion table, the weakest elements.  Pure: whole numbers only, every
 * figure exact until it is rounded once, half up, to hundredths. */
#ifndef NASKAH_SKM_H
#define NASKAH_SKM_H

#include <stddef.h>
#include <stdint.h>

#define SKM_MAXU	16	/* elements (the regulation has 9) */

/* Answers of a group of respondents (all, or one service's). */
struct skm_acc {
	size_t		nu;		/* elements */
	uint64_t	n;		/* respondents */
	uint64_t	sum[SKM_MAXU];	/* per element, the answers' sum */
};

void	 skm_init(struct skm_acc *, size_t nu);
/* One respondent's answers v[0..nu), each 1..4: 0, or -1 (nothing added)
 * when one is out of range. */
int	 skm_add(struct skm_acc *, const int *v);

/* Values in hundredths, rounded half up from the exact fraction:
 * NRR of element i (1,00-4,00: 312 is 3,12); its converted value
 * 25 x NRR (25,00-100,00); the index 25 x sum(NRR_i / nu), computed from
 * the exact means (not the rounded NRR).  -1 when n is 0. */
long	 skm_nrr100(const struct skm_acc *, size_t i);
long	 skm_konversi100(const struct skm_acc *, size_t i);
long	 skm_ikm100(const struct skm_acc *);

/* The grade of a converted value in hundredths, as the conversion table
 * reads at two decimals: 2500-6499 'D', 6500-7660 'C', 7661-8830 'B',
 * 8831-10000 'A'; 0 outside 2500-10000.  Graded on the rounded value, so
 * the figure printed and the grade always agree (76,605 is 76,61: B). */
char	 skm_mutu(long v100);
/* 'A' "Sangat baik", 'B' "Baik", 'C' "Kurang baik", 'D' "Tidak baik". */
const char *skm_kinerja(char mutu);

/* The k (at most nu) weakest elements into idx, lowest mean first; equal
 * means in element order.  Returns how many. */
size_t	 skm_weakest(const struct skm_acc *, size_t *idx, size_t k);

/* 8247 -> "82,47", 312 -> "3,12"; "-" for a negative value. */
void	 skm_fmt100(long v100, char *buf, size_t sz);

#endif
