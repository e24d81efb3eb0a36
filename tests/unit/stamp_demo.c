/* stamp_demo.c -- draw the emblem in a kop surat and the office stamp over a
 * signature block on A4, plus a page of stamp variants (long names, no
 * centre text), into /tmp/stamp_demo.pdf for a visual check. */
#include <stdio.h>
#include <stdlib.h>

#include <hpdf.h>

#include "stamp.h"

#define MM (72.0f / 25.4f)
#define FONT_PATH "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"
#define FONT_REG "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"

static void
on_error(HPDF_STATUS st, HPDF_STATUS detail, void *arg)
{
	(void)arg;
	fprintf(stderr, "libharu error 0x%04lX detail %lu\n",
	    (unsigned long)st, (unsigned long)detail);
}

static void
text_at(HPDF_Page pg, HPDF_Font f, float size, float x, float y,
    const char *s)
{
	HPDF_Page_BeginText(pg);
	HPDF_Page_SetFontAndSize(pg, f, size);
	HPDF_Page_TextOut(pg, x, y, s);
	HPDF_Page_EndText(pg);
}

static void
centred(HPDF_Page pg, HPDF_Font f, float size, float cx, float y,
    const char *s)
{
	float	w;

	HPDF_Page_SetFontAndSize(pg, f, size);
	w = HPDF_Page_TextWidth(pg, s);
	text_at(pg, f, size, cx - w / 2, y, s);
}

static int
check(const char *what, int rc)
{
	if (rc != STAMP_OK) {
		fprintf(stderr, "%s: %d (0x%X)\n", what, rc, (unsigned)rc);
		return 1;
	}
	return 0;
}

int
main(void)
{
	HPDF_Doc	pdf;
	HPDF_Page	pg;
	HPDF_Font	bold, reg;
	const char	*bn, *rn;
	float		pw, ph, left, right, y, sx, w;
	int		bad = 0;

	if ((pdf = HPDF_New(on_error, NULL)) == NULL)
		return 1;
	bn = HPDF_LoadTTFontFromFile(pdf, FONT_PATH, HPDF_TRUE);
	rn = HPDF_LoadTTFontFromFile(pdf, FONT_REG, HPDF_TRUE);
	if (bn == NULL || rn == NULL) {
		HPDF_Free(pdf);
		return 1;
	}
	bold = HPDF_GetFont(pdf, bn, "WinAnsiEncoding");
	reg = HPDF_GetFont(pdf, rn, "WinAnsiEncoding");

	/* Page 1: a letter. */
	pg = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	pw = HPDF_Page_GetWidth(pg);
	ph = HPDF_Page_GetHeight(pg);
	left = 25 * MM;
	right = pw - 20 * MM;

	/* Kop surat: emblem at the left, lines centred in the rest. */
	bad |= check("emblem", stamp_emblem(pg, left, ph - 15 * MM, 20 * MM));
	sx = (left + stamp_emblem_width(20 * MM) + right) / 2;
	y = ph - 15 * MM - 14;
	centred(pg, bold, 14, sx, y, "PEMERINTAH KABUPATEN TRENGGALEK");
	centred(pg, bold, 16, sx, y - 19, "KECAMATAN DURENAN");
	centred(pg, reg, 9.5, sx, y - 33,
	    "Jalan Raya Durenan No. 1 Telp. (0355) 123456");
	centred(pg, reg, 9.5, sx, y - 45, "DURENAN 66381");
	y = ph - 15 * MM - 20 * MM - 4;
	HPDF_Page_SetLineWidth(pg, 2.2f);
	HPDF_Page_MoveTo(pg, left, y);
	HPDF_Page_LineTo(pg, right, y);
	HPDF_Page_Stroke(pg);
	HPDF_Page_SetLineWidth(pg, 0.6f);
	HPDF_Page_MoveTo(pg, left, y - 3);
	HPDF_Page_LineTo(pg, right, y - 3);
	HPDF_Page_Stroke(pg);

	centred(pg, bold, 12, pw / 2, y - 40, "SURAT KETERANGAN");
	centred(pg, reg, 11, pw / 2, y - 54, "Nomor : 470/0012/406.13/2025");
	text_at(pg, reg, 11, left + 36, y - 90,
	    "Yang bertanda tangan di bawah ini Camat Durenan Kabupaten "
	    "Trenggalek menerangkan");
	text_at(pg, reg, 11, left, y - 105,
	    "dengan sebenarnya bahwa yang bersangkutan adalah penduduk "
	    "Kecamatan Durenan.");

	/* Signature block; the stamp goes down first (opaque, under the
	 * text) over its left part. */
	sx = 115 * MM;
	y = 150 * MM;
	bad |= check("stamp", stamp_draw(pg, bold, sx + 5 * MM, y - 58,
	    "PEMERINTAH KABUPATEN TRENGGALEK", "KECAMATAN DURENAN", "CAMAT"));
	/* The stamp must hand back the graphics state it was given. */
	if (HPDF_Page_GetRGBFill(pg).r != 0 || HPDF_Page_GetLineWidth(pg) != 0.6f)
		bad |= check("state restored", -99);
	HPDF_Page_SetRGBFill(pg, 0.05f, 0.10f, 0.45f);
	text_at(pg, reg, 11, sx, y, "Durenan, 20 Januari 2025");
	text_at(pg, reg, 11, sx, y - 16, "a.n. CAMAT DURENAN");
	text_at(pg, reg, 11, sx, y - 30, "Sekretaris Kecamatan");
	text_at(pg, bold, 11, sx, y - 90, "Drs. BAMBANG SUTRISNO, M.Si.");
	HPDF_Page_SetFontAndSize(pg, bold, 11);
	w = HPDF_Page_TextWidth(pg, "Drs. BAMBANG SUTRISNO, M.Si.");
	HPDF_Page_SetRGBStroke(pg, 0.05f, 0.10f, 0.45f);
	HPDF_Page_SetLineWidth(pg, 0.7f);
	HPDF_Page_MoveTo(pg, sx, y - 92);
	HPDF_Page_LineTo(pg, sx + w, y - 92);
	HPDF_Page_Stroke(pg);
	text_at(pg, reg, 11, sx, y - 104, "Pembina");
	text_at(pg, reg, 11, sx, y - 118, "NIP. 19800127 199912 1 001");

	/* Page 2: variants. */
	pg = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	bad |= check("v1", stamp_draw(pg, bold, 60 * MM, 250 * MM,
	    "PEMERINTAH KABUPATEN TRENGGALEK", "KECAMATAN DURENAN", NULL));
	bad |= check("v2", stamp_draw(pg, bold, 150 * MM, 250 * MM,
	    "PEMERINTAH KABUPATEN TULUNGAGUNG",
	    "KECAMATAN KEDUNGWARU", "SEKRETARIAT"));
	bad |= check("v3", stamp_draw(pg, bold, 60 * MM, 170 * MM,
	    "PEMERINTAH KABUPATEN TRENGGALEK", "DESA SUMBERGAYAM", "KEPALA DESA"));
	bad |= check("v4", stamp_draw(pg, bold, 150 * MM, 170 * MM,
	    "PEMERINTAH PROVINSI DAERAH ISTIMEWA YOGYAKARTA",
	    "DINAS SOSIAL", "KEPALA DINAS"));
	bad |= check("emblem big", stamp_emblem(pg, 30 * MM, 120 * MM, 60 * MM));
	bad |= check("mono big", stamp_emblem_mono(pg, 140 * MM, 90 * MM,
	    60 * MM, 0.42f, 0.22f, 0.62f));
	/* Refusals: inside a text object, and a text that cannot fit. */
	HPDF_Page_BeginText(pg);
	if (stamp_draw(pg, bold, 100, 100, "A", "B", NULL) != STAMP_EMODE)
		bad |= check("emode", -99);
	HPDF_Page_EndText(pg);
	if (stamp_draw(pg, bold, 100, 100,
	    "PEMERINTAH KABUPATEN TRENGGALEK PROVINSI JAWA TIMUR REPUBLIK "
	    "INDONESIA DAN SEKITARNYA YANG SANGAT PANJANG SEKALI",
	    "X", NULL) != STAMP_ETOOLONG)
		bad |= check("etoolong", -99);

	if (HPDF_SaveToFile(pdf, "/tmp/stamp_demo.pdf") != HPDF_OK)
		bad = 1;
	HPDF_Free(pdf);
	return bad ? 1 : 0;
}
