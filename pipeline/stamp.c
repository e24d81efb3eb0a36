/* stamp.c -- draw the round office stamp and the regional emblem as opaque
 * vector art with libharu.  Every entry point saves the graphics state,
 * closes any path or text object it opened and restores it, even on error. */
#include <math.h>
#include <string.h>

#include "stamp.h"

#define PT_PER_MM	(72.0 / 25.4)
#define PI		3.14159265358979323846
#define DEG		(PI / 180.0)

/* Ring text: how much of the circle each text may take, the largest size
 * (a real rubber stamp's lettering is ~2.5 mm tall), the smallest size still
 * legible when pressed, and the letter spacing stamps are cut with. */
#define TOP_ARC_DEG	200.0
#define BOTTOM_ARC_DEG	120.0
#define RING_SIZE_MAX	8.5
#define RING_SIZE_MIN	4.0
#define RING_TRACK_EM	0.10	/* base spacing between letters */
#define RING_SPREAD_EM	0.35	/* most extra spacing added to fill the arc */

/* Line widths of the rims, points: a heavy outer rim like a real rubber
 * stamp, thinner inner ones. */
#define LW_OUTER	1.2
#define LW_INNER	0.6

/* Shield outline in emblem units: height 1, x in [-W/2, W/2], y in [0, 1]. */
#define SHIELD_HALF_W	0.40

struct rgb {
	float	r, g, b;
};

/*
 * A "pen" maps the emblem's unit coordinates to page points (scale plus
 * translation, so line widths can be given in emblem units too) and
 * remembers the first libharu error, so drawing code needs no check after
 * each call: once st is set, every later call is skipped.
 */
struct pen {
	HPDF_Page	pg;
	HPDF_STATUS	st;
	double		s;		/* points per unit */
	double		ox, oy;		/* page position of unit (0, 0) */
};

/* Coordinates to 0.1 pt (35 micrometres, under a 600 dpi printer's
 * dot) and directions to 0.001: libharu prints five decimals otherwise,
 * and the stamp and emblem are a fifth of each letter's bytes.  They are
 * drawn once, near the origin (pdf.c keeps them as forms), so the
 * numbers stay short. */
static HPDF_REAL
q2(double v)
{
	return (HPDF_REAL)(round(v * 10.0) / 10.0);
}

static HPDF_REAL
q4(double v)
{
	return (HPDF_REAL)(round(v * 1000.0) / 1000.0);
}

static void
pen_chk(struct pen *p, HPDF_STATUS s)
{
	if (p->st == HPDF_OK && s != HPDF_OK)
		p->st = s;
}

static void
pen_move(struct pen *p, double u, double v)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_MoveTo(p->pg, q2(p->ox + u * p->s),
		    q2(p->oy + v * p->s)));
}

static void
pen_line(struct pen *p, double u, double v)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_LineTo(p->pg, q2(p->ox + u * p->s),
		    q2(p->oy + v * p->s)));
}

static void
pen_curve(struct pen *p, double u1, double v1, double u2, double v2,
    double u3, double v3)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_CurveTo(p->pg,
		    q2(p->ox + u1 * p->s), q2(p->oy + v1 * p->s),
		    q2(p->ox + u2 * p->s), q2(p->oy + v2 * p->s),
		    q2(p->ox + u3 * p->s), q2(p->oy + v3 * p->s)));
}

static void
pen_close(struct pen *p)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_ClosePath(p->pg));
}

/* Line width in emblem units, but never thinner than a press can hold. */
static void
pen_width(struct pen *p, double w)
{
	double	pt = w * p->s;

	if (pt < 0.25)
		pt = 0.25;
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetLineWidth(p->pg, (HPDF_REAL)pt));
}

static void
pen_fill_rgb(struct pen *p, struct rgb c)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetRGBFill(p->pg, c.r, c.g, c.b));
}

static void
pen_stroke_rgb(struct pen *p, struct rgb c)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetRGBStroke(p->pg, c.r, c.g, c.b));
}

static void
pen_fill(struct pen *p)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_Fill(p->pg));
}

static void
pen_stroke(struct pen *p)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_Stroke(p->pg));
}

static void
pen_fill_stroke(struct pen *p)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_FillStroke(p->pg));
}

/* Save the state and start with round joins: sharp miters on the star and
 * shield tips would print as spikes. */
static void
pen_begin(struct pen *p, HPDF_Page pg, double s, double ox, double oy)
{
	p->pg = pg;
	p->st = HPDF_OK;
	p->s = s;
	p->ox = ox;
	p->oy = oy;
	pen_chk(p, HPDF_Page_GSave(pg));
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetLineJoin(pg, HPDF_ROUND_JOIN));
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetLineCap(pg, HPDF_ROUND_END));
}

/* Leave the page as we found it even after a failure half-way through a
 * path or text object, so the caller can go on drawing or report. */
static int
pen_end(struct pen *p)
{
	HPDF_UINT16	mode = HPDF_Page_GetGMode(p->pg);

	if (mode == HPDF_GMODE_TEXT_OBJECT)
		(void)HPDF_Page_EndText(p->pg);
	else if (mode == HPDF_GMODE_PATH_OBJECT)
		(void)HPDF_Page_EndPath(p->pg);
	pen_chk(p, HPDF_Page_GRestore(p->pg));
	return p->st == HPDF_OK ? STAMP_OK : (int)p->st;
}

/* An ellipse turned by ang radians, from four Bezier quarter arcs (libharu's
 * own ellipse cannot be rotated, and rice grains lean along their stem). */
static void
pen_ellipse(struct pen *p, double cx, double cy, double rx, double ry,
    double ang)
{
	const double	k = 0.5522847498;
	/* Control points of the unit circle, counter-clockwise from (1, 0). */
	const double	ex[13] = { 1, 1, k, 0, -k, -1, -1, -1, -k, 0, k, 1, 1 };
	const double	ey[13] = { 0, k, 1, 1, 1, k, 0, -k, -1, -1, -1, -k, 0 };
	double		ca = cos(ang), sa = sin(ang);
	double		px[13], py[13];
	int		i;

	for (i = 0; i < 13; i++) {
		double	x = ex[i] * rx, y = ey[i] * ry;

		px[i] = cx + x * ca - y * sa;
		py[i] = cy + x * sa + y * ca;
	}
	pen_move(p, px[0], py[0]);
	for (i = 1; i < 13; i += 3)
		pen_curve(p, px[i], py[i], px[i + 1], py[i + 1], px[i + 2],
		    py[i + 2]);
	pen_close(p);
}

/* A five-pointed star with its first point toward ang (radians). */
static void
pen_star(struct pen *p, double cx, double cy, double ro, double ang)
{
	/* Inner/outer radius of a regular pentagram: 1/phi^2. */
	const double	ri = ro * 0.381966;
	int		i;

	for (i = 0; i < 10; i++) {
		double	r = (i % 2) ? ri : ro;
		double	t = ang + i * PI / 5.0;

		if (i == 0)
			pen_move(p, cx + r * cos(t), cy + r * sin(t));
		else
			pen_line(p, cx + r * cos(t), cy + r * sin(t));
	}
	pen_close(p);
}

/* The shield outline, shrunk about its middle by fx, fy to give the inner
 * (field) outline: a gently peaked top, straight sides, a pointed foot. */
static void
shield_path(struct pen *p, double fx, double fy)
{
	static const double pt[][2] = {
		{ -0.40, 0.94 },
		{ -0.22, 0.94 }, { -0.08, 0.96 }, { 0.00, 1.00 },
		{ 0.08, 0.96 }, { 0.22, 0.94 }, { 0.40, 0.94 },
		/* right side straight down, then the curve into the foot */
		{ 0.40, 0.46 },
		{ 0.40, 0.22 }, { 0.22, 0.07 }, { 0.00, 0.00 },
		{ -0.22, 0.07 }, { -0.40, 0.22 }, { -0.40, 0.46 },
	};
	double	u[14], v[14];
	int	i;

	for (i = 0; i < 14; i++) {
		u[i] = pt[i][0] * fx;
		v[i] = 0.5 + (pt[i][1] - 0.5) * fy;
	}
	pen_move(p, u[0], v[0]);
	pen_curve(p, u[1], v[1], u[2], v[2], u[3], v[3]);
	pen_curve(p, u[4], v[4], u[5], v[5], u[6], v[6]);
	pen_line(p, u[7], v[7]);
	pen_curve(p, u[8], v[8], u[9], v[9], u[10], v[10]);
	pen_curve(p, u[11], v[11], u[12], v[12], u[13], v[13]);
	pen_close(p);
}

/* Point and unit tangent at t on the quadratic Bezier a-b-c. */
static void
quad_at(const double a[2], const double b[2], const double c[2], double t,
    double *x, double *y, double *tx, double *ty)
{
	double	dx, dy, len;

	*x = (1 - t) * (1 - t) * a[0] + 2 * (1 - t) * t * b[0] + t * t * c[0];
	*y = (1 - t) * (1 - t) * a[1] + 2 * (1 - t) * t * b[1] + t * t * c[1];
	dx = 2 * (1 - t) * (b[0] - a[0]) + 2 * t * (c[0] - b[0]);
	dy = 2 * (1 - t) * (b[1] - a[1]) + 2 * t * (c[1] - b[1]);
	len = sqrt(dx * dx + dy * dy);
	*tx = dx / len;
	*ty = dy / len;
}

/* The quadratic stem a-b-c as the equivalent cubic (libharu has no
 * quadratic curveto). */
static void
stem_path(struct pen *p, const double a[2], const double b[2],
    const double c[2])
{
	pen_move(p, a[0], a[1]);
	pen_curve(p, a[0] + 2.0 / 3 * (b[0] - a[0]), a[1] + 2.0 / 3 * (b[1] - a[1]),
	    c[0] + 2.0 / 3 * (b[0] - c[0]), c[1] + 2.0 / 3 * (b[1] - c[1]),
	    c[0], c[1]);
}

/* Colours of the emblem parts.  mono: one ink, line art on paper (the
 * field is left unfilled so the stamp stays readable). */
struct palette {
	int		mono;
	struct rgb	line, rim, field, star, mount, water, rice, cotton,
			leaf;
};

/* The emblem in unit coordinates (height 1, foot at (0, 0)).  The motif is
 * the common one of Javanese regencies: a star for the Godhead above a
 * mountain over water, framed by rice (food) and cotton (clothing). */
static void
emblem_paint(struct pen *p, const struct palette *c)
{
	static const double rice[3][2] = {
		{ -0.12, 0.16 }, { -0.33, 0.34 }, { -0.24, 0.72 }
	};
	static const double cotton[3][2] = {
		{ 0.12, 0.16 }, { 0.33, 0.34 }, { 0.24, 0.72 }
	};
	static const double wave_y[3] = { 0.315, 0.255, 0.195 };
	static const double wave_hw[3] = { 0.150, 0.125, 0.085 };
	double	x, y, tx, ty, t;
	int	i, k;

	/* Rim, then field. */
	if (c->mono) {
		pen_stroke_rgb(p, c->line);
		pen_width(p, 0.026);
		shield_path(p, 1.0, 1.0);
		pen_stroke(p);
		pen_width(p, 0.011);
		shield_path(p, 0.86, 0.88);
		pen_stroke(p);
	} else {
		pen_stroke_rgb(p, c->line);
		pen_fill_rgb(p, c->rim);
		pen_width(p, 0.014);
		shield_path(p, 1.0, 1.0);
		pen_fill_stroke(p);
		pen_fill_rgb(p, c->field);
		pen_width(p, 0.007);
		shield_path(p, 0.88, 0.90);
		pen_fill_stroke(p);
	}

	/* Star. */
	pen_fill_rgb(p, c->star);
	pen_star(p, 0.0, 0.775, 0.105, PI / 2);
	pen_fill(p);

	/* Mountain: a main peak with two shoulders. */
	pen_fill_rgb(p, c->mount);
	pen_stroke_rgb(p, c->mono ? c->line : c->rim);
	pen_width(p, 0.008);
	pen_move(p, -0.19, 0.355);
	pen_line(p, -0.105, 0.475);
	pen_line(p, -0.060, 0.440);
	pen_line(p, 0.010, 0.590);
	pen_line(p, 0.075, 0.465);
	pen_line(p, 0.115, 0.500);
	pen_line(p, 0.19, 0.355);
	pen_close(p);
	if (c->mono) {
		pen_fill(p);
	} else {
		pen_fill_stroke(p);
		/* Snow-light on the main peak, the only highlight. */
		pen_fill_rgb(p, c->cotton);
		pen_move(p, 0.010, 0.590);
		pen_line(p, -0.030, 0.505);
		pen_line(p, 0.000, 0.525);
		pen_line(p, 0.025, 0.500);
		pen_line(p, 0.045, 0.525);
		pen_close(p);
		pen_fill(p);
	}

	/* Water: three waves, shorter toward the foot of the shield. */
	pen_stroke_rgb(p, c->mono ? c->line : c->water);
	pen_width(p, c->mono ? 0.016 : 0.018);
	for (i = 0; i < 3; i++) {
		int	n = 4 - (i == 2);
		double	seg = 2 * wave_hw[i] / n, amp = 0.018;

		pen_move(p, -wave_hw[i], wave_y[i]);
		for (k = 0; k < n; k++) {
			double	x0 = -wave_hw[i] + k * seg;
			double	sg = (k % 2) ? -1.0 : 1.0;

			pen_curve(p, x0 + seg / 3, wave_y[i] + sg * amp,
			    x0 + 2 * seg / 3, wave_y[i] + sg * amp,
			    x0 + seg, wave_y[i]);
		}
		pen_stroke(p);
	}

	/* Rice on the left: a stem with grains leaning outward on both
	 * sides, one at the tip. */
	pen_stroke_rgb(p, c->mono ? c->line : c->rice);
	pen_width(p, 0.010);
	stem_path(p, rice[0], rice[1], rice[2]);
	pen_stroke(p);
	pen_fill_rgb(p, c->rice);
	/* At stamp size (mono) fewer, larger grains: detail finer than a
	 * rubber stamp can hold only costs bytes in every letter. */
	for (i = 0; i < (c->mono ? 5 : 8); i++) {
		t = 0.30 + i * (c->mono ? 0.16625 : 0.095);
		quad_at(rice[0], rice[1], rice[2], t, &x, &y, &tx, &ty);
		for (k = -1; k <= 1; k += 2) {
			/* Grain centre off the stem, leaning 30 degrees from
			 * the stem direction. */
			double	a = atan2(ty, tx) + k * 30 * DEG;

			pen_ellipse(p, x + 0.022 * cos(a), y + 0.022 * sin(a),
			    0.028, 0.012, a);
			pen_fill(p);
		}
	}
	quad_at(rice[0], rice[1], rice[2], 1.0, &x, &y, &tx, &ty);
	pen_ellipse(p, x + 0.022 * tx, y + 0.022 * ty, 0.028, 0.012,
	    atan2(ty, tx));
	pen_fill(p);

	/* Cotton on the right: stem, leaves and round bolls alternating. */
	pen_stroke_rgb(p, c->mono ? c->line : c->leaf);
	pen_width(p, 0.010);
	stem_path(p, cotton[0], cotton[1], cotton[2]);
	pen_stroke(p);
	for (i = 0; i < 5; i++) {
		double	side = (i % 2) ? 1.0 : -1.0, nx, ny, a;

		t = 0.28 + i * 0.17;
		quad_at(cotton[0], cotton[1], cotton[2], t, &x, &y, &tx, &ty);
		/* Normal to the stem on the chosen side. */
		nx = -ty * side;
		ny = tx * side;
		a = atan2(ty, tx);
		pen_fill_rgb(p, c->leaf);
		pen_ellipse(p, x - nx * 0.026, y - ny * 0.026, 0.028, 0.012,
		    a - side * 40 * DEG);
		pen_fill(p);
		pen_fill_rgb(p, c->cotton);
		pen_stroke_rgb(p, c->line);
		pen_width(p, c->mono ? 0.009 : 0.005);
		pen_ellipse(p, x + nx * 0.032, y + ny * 0.032, 0.022, 0.022, 0);
		if (c->mono)
			pen_stroke(p);
		else
			pen_fill_stroke(p);
	}
}

float
stamp_emblem_width(float h)
{
	return (float)(2 * SHIELD_HALF_W) * h;
}

static int
size_ok(double v)
{
	return isfinite(v) && v > 0 && v < 10000;
}

int
stamp_emblem(HPDF_Page page, float x, float y_top, float h)
{
	static const struct palette pal = {
		0,
		{ 0.10f, 0.10f, 0.10f },	/* line: near black */
		{ 0.82f, 0.63f, 0.15f },	/* rim: gold */
		{ 0.04f, 0.36f, 0.20f },	/* field: dark green */
		{ 0.99f, 0.80f, 0.20f },	/* star: bright gold */
		{ 0.20f, 0.52f, 0.30f },	/* mountain: lighter green */
		{ 0.60f, 0.82f, 0.96f },	/* water: light blue */
		{ 0.99f, 0.80f, 0.20f },	/* rice: gold */
		{ 1.00f, 1.00f, 1.00f },	/* cotton: white */
		{ 0.55f, 0.80f, 0.35f },	/* leaf: spring green */
	};
	struct pen	p;

	if (page == NULL || !size_ok(h) || !isfinite(x) || !isfinite(y_top))
		return STAMP_EARG;
	if (HPDF_Page_GetGMode(page) != HPDF_GMODE_PAGE_DESCRIPTION)
		return STAMP_EMODE;
	pen_begin(&p, page, h, x + SHIELD_HALF_W * h, (double)y_top - h);
	emblem_paint(&p, &pal);
	return pen_end(&p);
}

/* Mono emblem without its own state save, for use inside stamp_draw. */
static void
emblem_mono_paint(struct pen *p, struct rgb ink)
{
	struct palette	pal;

	pal.mono = 1;
	pal.line = pal.rim = pal.field = pal.star = pal.mount = ink;
	pal.water = pal.rice = pal.cotton = pal.leaf = ink;
	emblem_paint(p, &pal);
}

int
stamp_emblem_mono(HPDF_Page page, float cx, float cy, float h, float r,
    float g, float b)
{
	struct pen	p;
	struct rgb	ink;

	if (page == NULL || !size_ok(h) || !isfinite(cx) || !isfinite(cy))
		return STAMP_EARG;
	if (!(r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1))
		return STAMP_EARG;
	if (HPDF_Page_GetGMode(page) != HPDF_GMODE_PAGE_DESCRIPTION)
		return STAMP_EMODE;
	ink.r = r;
	ink.g = g;
	ink.b = b;
	pen_begin(&p, page, h, cx, (double)cy - h / 2);
	emblem_mono_paint(&p, ink);
	return pen_end(&p);
}

/* Width of one WinAnsi byte in 1/1000 em. */
static double
glyph_w(HPDF_Font font, unsigned char ch)
{
	HPDF_TextWidth	tw = HPDF_Font_TextWidth(font, &ch, 1);

	return (double)tw.width;
}

/* Sum of glyph widths of s in 1/1000 em. */
static double
text_w(HPDF_Font font, const char *s)
{
	double	w = 0;

	for (; *s != '\0'; s++)
		w += glyph_w(font, (unsigned char)*s);
	return w;
}

/* The largest size at which s, with base letter spacing, fits in arc
 * points. */
static double
fit_size(HPDF_Font font, const char *s, double arc)
{
	size_t	n = strlen(s);
	double	em;

	if (n == 0)
		return RING_SIZE_MAX;
	em = text_w(font, s) / 1000.0 + RING_TRACK_EM * (double)(n - 1);
	return em > 0 ? arc / em : RING_SIZE_MAX;
}

/* Angle in radians the text s takes along radius rm at size sz, with its
 * letter spacing spread toward arc (capped, so a short name is not strung
 * out across the whole ring); *track gets the spacing in points. */
static double
ring_span(HPDF_Font font, const char *s, double sz, double arc, double rm,
    double *track)
{
	size_t	n = strlen(s);
	double	len, extra;

	*track = RING_TRACK_EM * sz;
	if (n == 0)
		return 0;
	len = text_w(font, s) * sz / 1000.0 + *track * (double)(n - 1);
	if (n > 1 && len < arc) {
		extra = (arc - len) / (double)(n - 1);
		if (extra > RING_SPREAD_EM * sz)
			extra = RING_SPREAD_EM * sz;
		*track += extra;
		len += extra * (double)(n - 1);
	}
	return len / rm;
}

/*
 * Set s along the circle of radius rm (the middle of the letters) centred
 * on angle mid.  upper: clockwise, letters standing outward (the top of the
 * ring); otherwise counter-clockwise with letters standing toward the
 * centre, which is what reads upright at the bottom of the stamp.  Each
 * glyph gets its own text matrix, turned to the tangent at its middle.
 */
static void
ring_text(struct pen *p, HPDF_Font font, const char *s, double sz,
    double cx, double cy, double rm, double capm, double mid, double span,
    double track, int upper)
{
	double	pos = 0, dir = upper ? -1.0 : 1.0;
	double	start = mid - dir * span / 2;
	/* Baseline radius: half the cap height inside (top) or outside
	 * (bottom) the middle circle, so the capitals sit centred in the
	 * band. */
	double	rb = upper ? rm - capm / 2 : rm + capm / 2;
	char	buf[2];

	buf[1] = '\0';
	for (; *s != '\0'; s++) {
		double	w = glyph_w(font, (unsigned char)*s) * sz / 1000.0;
		double	th = start + dir * (pos + w / 2) / rm;
		double	ux, uy, vx, vy, px, py;

		pos += w + track;
		if (*s == ' ')
			continue;
		/* u: the glyph's baseline direction; v: its "up". */
		if (upper) {
			ux = sin(th);
			uy = -cos(th);
			vx = cos(th);
			vy = sin(th);
		} else {
			ux = -sin(th);
			uy = cos(th);
			vx = -cos(th);
			vy = -sin(th);
		}
		px = cx + rb * cos(th) - ux * w / 2;
		py = cy + rb * sin(th) - uy * w / 2;
		buf[0] = *s;
		if (p->st == HPDF_OK)
			pen_chk(p, HPDF_Page_SetTextMatrix(p->pg, q4(ux),
			    q4(uy), q4(vx), q4(vy), q2(px), q2(py)));
		if (p->st == HPDF_OK)
			pen_chk(p, HPDF_Page_ShowText(p->pg, buf));
	}
}

static void
circle(struct pen *p, double cx, double cy, double r, double lw)
{
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_SetLineWidth(p->pg, (HPDF_REAL)lw));
	if (p->st == HPDF_OK)
		pen_chk(p, HPDF_Page_Circle(p->pg, q2(cx),
		    q2(cy), q2(r)));
	pen_stroke(p);
}

/* The stamp's geometry and letter sizes, decided before anything is
 * drawn, so a text that cannot fit leaves the page untouched. */
struct ring {
	double	r_out, r_mid, r_in, band, rm, ri, cap;
	double	sz, arc_t, arc_b, span_t, span_b, trk_t, trk_b;
	double	csz, cw, eh, ecy;
};

static int
ring_fit(HPDF_Font font, double cy, const char *ring_top,
    const char *ring_bottom, const char *centre_text, struct ring *g)
{
	double	smax;

	g->r_out = STAMP_R_OUTER_MM * PT_PER_MM;
	g->r_mid = STAMP_R_MIDDLE_MM * PT_PER_MM;
	g->r_in = STAMP_R_INNER_MM * PT_PER_MM;
	/* The clear band for the ring text, inside the strokes. */
	g->band = (g->r_mid - LW_INNER / 2) - (g->r_in + LW_INNER / 2);
	g->rm = (g->r_mid + g->r_in) / 2;
	/* Room inside the inner rim for emblem and centre text. */
	g->ri = g->r_in - LW_INNER / 2;
	g->span_t = g->span_b = g->trk_t = g->trk_b = g->csz = g->cw = 0;

	/* Cap height in 1/1000 em; a font without it gets a typical value. */
	g->cap = (double)HPDF_Font_GetCapHeight(font);
	if (g->cap <= 0 || g->cap > 1000)
		g->cap = 720;

	/* One size for both ring texts (a stamp is cut in one letter size),
	 * the largest that keeps the capitals clear of both rims and lets
	 * each text fit its arc. */
	smax = 0.62 * g->band * 1000.0 / g->cap;
	if (smax > RING_SIZE_MAX)
		smax = RING_SIZE_MAX;
	g->arc_t = TOP_ARC_DEG * DEG * g->rm;
	g->arc_b = BOTTOM_ARC_DEG * DEG * g->rm;
	g->sz = smax;
	if (fit_size(font, ring_top, g->arc_t) < g->sz)
		g->sz = fit_size(font, ring_top, g->arc_t);
	if (fit_size(font, ring_bottom, g->arc_b) < g->sz)
		g->sz = fit_size(font, ring_bottom, g->arc_b);
	if (g->sz < RING_SIZE_MIN)
		return STAMP_ETOOLONG;
	g->span_t = ring_span(font, ring_top, g->sz, g->arc_t, g->rm,
	    &g->trk_t);
	g->span_b = ring_span(font, ring_bottom, g->sz, g->arc_b, g->rm,
	    &g->trk_b);

	/* Centre text under the emblem: bold capitals up to 7.5 pt, shrunk
	 * to stay well inside the inner rim at its height. */
	if (*centre_text != '\0') {
		double	ri = g->ri;
		double	y = 0.58 * ri;	/* distance of baseline below centre */
		double	room = 2 * (sqrt(ri * ri - y * y) - 0.12 * ri);

		g->csz = 7.5;
		g->cw = text_w(font, centre_text) / 1000.0;
		if (g->cw * g->csz > room)
			g->csz = room / g->cw;
		if (g->csz < RING_SIZE_MIN)
			return STAMP_ETOOLONG;
		g->cw *= g->csz;
		g->eh = 1.02 * ri;
		g->ecy = cy + 0.17 * ri;
	} else {
		g->eh = 1.30 * g->ri;
		g->ecy = cy;
	}
	return STAMP_OK;
}

int
stamp_fits(HPDF_Font font, const char *ring_top, const char *ring_bottom,
    const char *centre_text)
{
	struct ring	g;

	if (font == NULL)
		return STAMP_EARG;
	return ring_fit(font, 0, ring_top ? ring_top : "",
	    ring_bottom ? ring_bottom : "", centre_text ? centre_text : "",
	    &g);
}

int
stamp_draw(HPDF_Page page, HPDF_Font font, float cx, float cy,
    const char *ring_top, const char *ring_bottom, const char *centre_text)
{
	const struct rgb ink = { STAMP_INK_R, STAMP_INK_G, STAMP_INK_B };
	struct ring	g;
	struct pen	p;
	int		rc;

	if (page == NULL || font == NULL || !isfinite(cx) || !isfinite(cy))
		return STAMP_EARG;
	if (HPDF_Page_GetGMode(page) != HPDF_GMODE_PAGE_DESCRIPTION)
		return STAMP_EMODE;
	ring_top = ring_top ? ring_top : "";
	ring_bottom = ring_bottom ? ring_bottom : "";
	centre_text = centre_text ? centre_text : "";
	if ((rc = ring_fit(font, cy, ring_top, ring_bottom, centre_text,
	    &g)) != STAMP_OK)
		return rc;
	const double	r_out = g.r_out, r_mid = g.r_mid, r_in = g.r_in;
	const double	band = g.band, rm = g.rm, ri = g.ri, cap = g.cap;
	const double	sz = g.sz, span_t = g.span_t, span_b = g.span_b;
	const double	trk_t = g.trk_t, trk_b = g.trk_b, csz = g.csz;
	const double	cw = g.cw, eh = g.eh, ecy = g.ecy;

	pen_begin(&p, page, 1.0, 0.0, 0.0);
	pen_stroke_rgb(&p, ink);
	pen_fill_rgb(&p, ink);
	circle(&p, cx, cy, r_out, LW_OUTER);
	circle(&p, cx, cy, r_mid, LW_INNER);
	circle(&p, cx, cy, r_in, LW_INNER);

	/* Stars in the middle of the two gaps between the texts, a point
	 * toward the rim. */
	if (*ring_top != '\0' && *ring_bottom != '\0') {
		double	a_r = ((-90 * DEG + span_b / 2) + (90 * DEG - span_t / 2)) / 2;
		double	a_l = PI - a_r;
		double	gap = (90 * DEG - span_t / 2) - (-90 * DEG + span_b / 2);
		double	ro = 0.27 * band;

		if (ro > 0.22 * gap * rm)
			ro = 0.22 * gap * rm;
		if (ro > 0.5) {
			pen_star(&p, cx + rm * cos(a_r), cy + rm * sin(a_r), ro,
			    a_r);
			pen_fill(&p);
			pen_star(&p, cx + rm * cos(a_l), cy + rm * sin(a_l), ro,
			    a_l);
			pen_fill(&p);
		}
	}

	p.s = eh;
	p.ox = cx;
	p.oy = ecy - eh / 2;
	emblem_mono_paint(&p, ink);
	p.s = 1.0;
	p.ox = p.oy = 0.0;
	pen_fill_rgb(&p, ink);

	if (p.st == HPDF_OK)
		pen_chk(&p, HPDF_Page_BeginText(page));
	if (p.st == HPDF_OK)
		pen_chk(&p, HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)sz));
	ring_text(&p, font, ring_top, sz, cx, cy, rm, cap * sz / 1000.0,
	    90 * DEG, span_t, trk_t, 1);
	ring_text(&p, font, ring_bottom, sz, cx, cy, rm, cap * sz / 1000.0,
	    -90 * DEG, span_b, trk_b, 0);
	if (*centre_text != '\0') {
		double	base = cy - 0.58 * ri;

		if (p.st == HPDF_OK)
			pen_chk(&p, HPDF_Page_SetFontAndSize(page, font,
			    (HPDF_REAL)csz));
		if (p.st == HPDF_OK)
			pen_chk(&p, HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1,
			    (HPDF_REAL)(cx - cw / 2), (HPDF_REAL)base));
		if (p.st == HPDF_OK)
			pen_chk(&p, HPDF_Page_ShowText(page, centre_text));
	}
	if (p.st == HPDF_OK)
		pen_chk(&p, HPDF_Page_EndText(page));
	return pen_end(&p);
}
