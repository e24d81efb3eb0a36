/* stamp.h -- vector drawings with libharu: the round office stamp (cap
 * dinas) over the signature, and the drawn regional emblem used in the kop
 * surat when no logo image is configured.  Everything is opaque (PDF/A-1). */
#ifndef NASKAH_STAMP_H
#define NASKAH_STAMP_H

#include <hpdf.h>

/* Return codes: 0 on success, a positive libharu HPDF_STATUS (0x10xx) when a
 * libharu call failed, or one of these. */
#define STAMP_OK	0
#define STAMP_EARG	(-1)	/* NULL page/font, or non-finite/absurd size */
#define STAMP_EMODE	(-2)	/* called inside BeginText/EndText or a path */
#define STAMP_ETOOLONG	(-3)	/* ring text does not fit even at the
				   smallest legible size */

/* Stamp ink ("ungu"), the colour real kecamatan stamps are pressed in. */
#define STAMP_INK_R	0.42f
#define STAMP_INK_G	0.22f
#define STAMP_INK_B	0.62f

/* Radii of the three rims in millimetres (PermenPAN 80/2012). */
#define STAMP_R_OUTER_MM	18.5f
#define STAMP_R_MIDDLE_MM	17.5f
#define STAMP_R_INNER_MM	13.5f

/* Round office stamp (cap dinas) centred at (cx, cy) in points.  Three
 * concentric circles of radius 18.5, 17.5 and 13.5 mm; ring_top is set
 * clockwise along the upper arc between the rims (within ~200 degrees),
 * ring_bottom along the lower arc reading upright left to right (within
 * ~120 degrees), with a small star between the ends of the two.  Both ring
 * texts share one font size, shrunk until both fit.  The mono emblem sits
 * in the middle with centre_text (may be NULL or "") under it.  Strings are
 * single-byte WinAnsi; font is a loaded WinAnsiEncoding font.  ring_top
 * and ring_bottom may be NULL or "" (then the star separators go too).
 * Must be called outside BeginText/EndText; the graphics state is saved
 * and restored. */
int	stamp_draw(HPDF_Page page, HPDF_Font font, float cx, float cy,
	    const char *ring_top, const char *ring_bottom,
	    const char *centre_text);

/* Whether stamp_draw could set these texts: STAMP_OK, or STAMP_ETOOLONG
 * (STAMP_EARG without a font).  Draws nothing; for checking an office's
 * stamp once, before any document needs it. */
int	stamp_fits(HPDF_Font font, const char *ring_top,
	    const char *ring_bottom, const char *centre_text);

/* The emblem's width for a given height, so callers can lay out around it. */
float	stamp_emblem_width(float h);

/* The drawn regional emblem in colour, for the kop surat when no logo PNG
 * is configured: a shield h points tall (stamp_emblem_width(h) wide) with
 * its top-left at (x, y_top): gold rim, dark green field, gold star,
 * mountain over water between rice and cotton sprigs.  Graphics state is
 * saved and restored; must be called outside BeginText/EndText. */
int	stamp_emblem(HPDF_Page page, float x, float y_top, float h);

/* The same emblem in one ink colour (line art), centred at (cx, cy); used
 * in the middle of the stamp. */
int	stamp_emblem_mono(HPDF_Page page, float cx, float cy, float h,
	    float r, float g, float b);

#endif
