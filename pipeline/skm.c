/* skm.c -- PermenPAN-RB 14/2017's index in whole numbers: the sums of
 * the answers are kept, and each figure is one fraction of them rounded
 * half up to hundredths, so no floating point decides a grade. */
#include <stdio.h>
#include <string.h>

#include "skm.h"

void
skm_init(struct skm_acc *a, size_t nu)
{
	memset(a, 0, sizeof(*a));
	a->nu = nu < SKM_MAXU ? nu : SKM_MAXU;
}

int
skm_add(struct skm_acc *a, const int *v)
{
	for (size_t i = 0; i < a->nu; i++)
		if (v[i] < 1 || v[i] > 4)
			return -1;
	for (size_t i = 0; i < a->nu; i++)
		a->sum[i] += (uint64_t)v[i];
	a->n++;
	return 0;
}

/* num / den rounded half up (both positive). */
static long
round_div(uint64_t num, uint64_t den)
{
	return (long)((2 * num + den) / (2 * den));
}

long
skm_nrr100(const struct skm_acc *a, size_t i)
{
	if (a->n == 0 || i >= a->nu)
		return -1;
	return round_div(100 * a->sum[i], a->n);
}

long
skm_konversi100(const struct skm_acc *a, size_t i)
{
	if (a->n == 0 || i >= a->nu)
		return -1;
	return round_div(2500 * a->sum[i], a->n);
}

/* 25 x sum_i (S_i / n) x 1/nu = 25 x (sum_i S_i) / (nu x n). */
long
skm_ikm100(const struct skm_acc *a)
{
	uint64_t t = 0;

	if (a->n == 0 || a->nu == 0)
		return -1;
	for (size_t i = 0; i < a->nu; i++)
		t += a->sum[i];
	return round_div(2500 * t, (uint64_t)a->nu * a->n);
}

char
skm_mutu(long v)
{
	if (v < 2500 || v > 10000)
		return 0;
	if (v <= 6499)
		return 'D';
	if (v <= 7660)
		return 'C';
	if (v <= 8830)
		return 'B';
	return 'A';
}

const char *
skm_kinerja(char mutu)
{
	switch (mutu) {
	case 'A': return "Sangat baik";
	case 'B': return "Baik";
	case 'C': return "Kurang baik";
	case 'D': return "Tidak baik";
	default: return "-";
	}
}

size_t
skm_weakest(const struct skm_acc *a, size_t *idx, size_t k)
{
	size_t n = 0;

	if (k > a->nu)
		k = a->nu;
	/* Insertion by sum (the same n for every element): stable, so an
	 * equal mean keeps element order. */
	for (size_t i = 0; i < a->nu; i++) {
		size_t j = n < k ? n++ : k;

		if (j == k && (k == 0 || a->sum[idx[k - 1]] <= a->sum[i]))
			continue;
		if (j == k)
			j = k - 1;
		while (j > 0 && a->sum[idx[j - 1]] > a->sum[i]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return n;
}

void
skm_fmt100(long v, char *buf, size_t sz)
{
	if (v < 0)
		snprintf(buf, sz, "-");
	else
		snprintf(buf, sz, "%ld,%02ld", v / 100, v % 100);
}
