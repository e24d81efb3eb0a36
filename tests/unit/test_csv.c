/* test_csv.c -- the CSV reader: BOM, delimiters, quoting, line numbers,
 * per-row errors (field count, UTF-8, NUL, open quote, huge field) and
 * that a large file streams in flat memory. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvr.h"

/* Peak resident memory since the last peak_reset(), in KiB; -1 if the
 * kernel will not say (then memory is not checked). */
static long
peak_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *fp = fopen("/proc/self/status", "r");

	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(fp);
	return kb;
}

static long
peak_reset(void)
{
	FILE *fp = fopen("/proc/self/clear_refs", "w");

	if (fp == NULL)
		return -1;
	fputs("5", fp);
	if (fclose(fp) != 0)
		return -1;
	return peak_kb();
}

/* Memory grown by the code between peak_reset() and here stays under
 * limit_kb. */
static void
assert_peak_under(long base, long limit_kb)
{
	long now = peak_kb();

	if (base < 0 || now < 0)
		return;
	if (now - base >= limit_kb)
		fail_msg("peak memory grew by %ld KiB (limit %ld)", now - base,
		    limit_kb);
}

static struct csvr *
open_buf(const char *s, size_t len)
{
	struct nerr e = { 0 };
	struct csvr *r = csvr_open_mem("t.csv", s, len, &e);

	if (r == NULL)
		fail_msg("open failed: %s", e.msg);
	return r;
}

static struct csvr *
open_str(const char *s)
{
	return open_buf(s, strlen(s));
}

/* Next row must be good and start on line. */
static void
want_row(struct csvr *r, struct csvr_row *row, long line)
{
	struct nerr e = { 0 };
	int rc = csvr_next(r, row, &e);

	if (rc != 1)
		fail_msg("want a row on line %ld, got %d (%ld:%ld: %s)", line,
		    rc, e.line, e.col, e.msg);
	assert_int_equal(row->line, line);
	assert_int_equal(row->nfields, csvr_ncols(r));
	for (size_t i = 0; i < row->nfields; i++)
		assert_int_equal(strlen(row->fields[i]), row->lens[i]);
}

/* Next row must be bad, on line and col, with msg in the message. */
static void
want_bad(struct csvr *r, long line, long col, const char *msg)
{
	struct nerr e = { 0 };
	struct csvr_row row;
	int rc = csvr_next(r, &row, &e);

	if (rc != -1)
		fail_msg("want a bad row on line %ld, got %d", line, rc);
	assert_int_equal(e.status, EX_DATAERR);
	assert_int_equal(e.line, line);
	if (col >= 0)
		assert_int_equal(e.col, col);
	if (strstr(e.msg, msg) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, msg);
}

static void
want_end(struct csvr *r)
{
	struct nerr e = { 0 };
	struct csvr_row row;

	assert_int_equal(csvr_next(r, &row, &e), 0);
	/* And it stays at the end. */
	assert_int_equal(csvr_next(r, &row, &e), 0);
}

static void
t_bom(void **st)
{
	struct csvr *r = open_str("\xEF\xBB\xBFNama,nik\nBudi,123\n");
	struct csvr_row row;

	(void)st;
	assert_string_equal(csvr_colname(r, 0), "nama");
	assert_int_equal(csvr_col(r, "nama"), 0);
	want_row(r, &row, 2);
	assert_string_equal(row.fields[0], "Budi");
	assert_string_equal(row.fields[1], "123");
	want_end(r);
	csvr_close(r);
}

static void
t_delim(void **st)
{
	struct csvr *r = open_str("a;b;c\n1;2,5;3\n");
	struct csvr_row row;

	(void)st;
	assert_int_equal(csvr_delim(r), ';');
	assert_int_equal(csvr_ncols(r), 3);
	want_row(r, &row, 2);
	assert_string_equal(row.fields[1], "2,5");
	want_end(r);
	csvr_close(r);

	r = open_str("a,b,c\n1,\"2;5\",3\n");
	assert_int_equal(csvr_delim(r), ',');
	want_row(r, &row, 2);
	assert_string_equal(row.fields[1], "2;5");
	csvr_close(r);

	/* More ';' than ',' wins; quoted ones do not count. */
	r = open_str("a;b;c,d\n");
	assert_int_equal(csvr_delim(r), ';');
	assert_int_equal(csvr_ncols(r), 3);
	assert_string_equal(csvr_colname(r, 2), "c,d");
	csvr_close(r);
	r = open_str("\"a;x\";\"b;y\",c\n");
	assert_int_equal(csvr_delim(r), ',');
	csvr_close(r);
	r = open_str("nama\n");
	assert_int_equal(csvr_delim(r), ',');
	csvr_close(r);
	/* Leading blank lines, even ",,,", do not decide. */
	r = open_str("\n,,,\n\na;b\n1;2\n");
	assert_int_equal(csvr_delim(r), ';');
	assert_int_equal(csvr_ncols(r), 2);
	want_row(r, &row, 5);
	csvr_close(r);
	r = open_str(" \n;;;\na,b\n1,2\n;;");
	assert_int_equal(csvr_delim(r), ',');
	want_row(r, &row, 4);
	want_end(r);
	csvr_close(r);
	r = open_str(";;;\nnama\nBudi\n;\n");
	assert_int_equal(csvr_delim(r), ',');
	want_row(r, &row, 3);
	csvr_close(r);
}

static void
t_crlf(void **st)
{
	struct csvr *r = open_str("a,b\r\n1,2\r\n\r\n3, 4 \r\n\"x\r\ny\",z\r\n"
	    "5,6");
	struct csvr_row row;

	(void)st;
	assert_string_equal(csvr_colname(r, 1), "b");
	want_row(r, &row, 2);
	assert_string_equal(row.fields[1], "2");
	want_row(r, &row, 4);
	assert_string_equal(row.fields[0], "3");
	assert_string_equal(row.fields[1], "4");
	want_row(r, &row, 5);
	assert_string_equal(row.fields[0], "x\r\ny");
	want_row(r, &row, 7);
	assert_string_equal(row.fields[1], "6");
	want_end(r);
	csvr_close(r);
}

static void
t_quoted(void **st)
{
	struct csvr *r = open_str("no;nama;alamat\n"
	    "1;\"Siti; S.Pd\";\"Jl. \"\"Mawar\"\"\nRT 01\n\nRW 02\"\n"
	    "2;Budi;\" spaced \"\n"
	    "\"3\n\";\"\";x\n"
	    "4;a;b\n");
	struct csvr_row row;

	(void)st;
	want_row(r, &row, 2);
	assert_string_equal(row.fields[1], "Siti; S.Pd");
	assert_string_equal(row.fields[2], "Jl. \"Mawar\"\nRT 01\n\nRW 02");
	assert_int_equal(row.lens[2], strlen("Jl. \"Mawar\"\nRT 01\n\nRW 02"));
	want_row(r, &row, 6);
	assert_string_equal(row.fields[2], " spaced ");
	want_row(r, &row, 7);
	assert_string_equal(row.fields[0], "3\n");
	assert_string_equal(row.fields[1], "");
	want_row(r, &row, 9);
	want_end(r);
	csvr_close(r);
}

static void
t_blank(void **st)
{
	struct csvr *r = open_str("a;b\n\n;;\n  \n1;2\n;;;\n\"\";\n, ,\r\n3;4\n"
	    " ; \n");
	struct csvr_row row;

	(void)st;
	want_row(r, &row, 5);
	want_row(r, &row, 9);
	assert_string_equal(row.fields[1], "4");
	want_end(r);
	csvr_close(r);
}

static void
t_header(void **st)
{
	struct csvr *r = open_str(" NAMA ;Nik;\"Tanggal \";Foo\nx;1;2;3\n");
	struct csvr_row row;
	struct nerr e = { 0 };

	(void)st;
	assert_int_equal(csvr_ncols(r), 4);
	assert_string_equal(csvr_colname(r, 0), "nama");
	assert_string_equal(csvr_colname(r, 1), "nik");
	assert_string_equal(csvr_colname(r, 2), "tanggal");
	assert_string_equal(csvr_colname(r, 3), "foo");
	assert_null(csvr_colname(r, 4));
	assert_int_equal(csvr_col(r, "nik"), 1);
	assert_int_equal(csvr_col(r, "tanggal"), 2);
	assert_int_equal(csvr_col(r, "jam"), -1);
	/* An unknown column is just there; the caller decides. */
	want_row(r, &row, 2);
	assert_string_equal(row.fields[csvr_col(r, "foo")], "3");
	csvr_close(r);

	/* A header-only file is fine. */
	r = open_str("a,b\n");
	want_end(r);
	csvr_close(r);
	r = open_str("a,b");
	assert_int_equal(csvr_ncols(r), 2);
	want_end(r);
	csvr_close(r);

	assert_null(csvr_open_mem("dup.csv", "nama,NIK, nik \n", 15, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_string_equal(e.file, "dup.csv");
	assert_int_equal(e.line, 1);
	assert_int_equal(e.col, 3);
	assert_non_null(strstr(e.msg, "\"nik\" appears twice"));

	assert_null(csvr_open_mem("dup.csv", "\n\na,b,a\n", 8, &e));
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 3);
}

static void
t_empty(void **st)
{
	struct nerr e = { 0 };
	const char *blanks[] = { "", "\n\n", "\xEF\xBB\xBF", " \r\n;;\n" };

	(void)st;
	for (size_t i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_null(csvr_open_mem("e.csv", blanks[i],
		    strlen(blanks[i]), &e));
		assert_int_equal(e.status, EX_DATAERR);
		assert_string_equal(e.msg, "empty file: no header row");
		assert_string_equal(e.file, "e.csv");
	}
	assert_null(csvr_open_mem("e.csv", NULL, 0, &e));
	assert_string_equal(e.msg, "empty file: no header row");
}

static void
t_open_errors(void **st)
{
	struct nerr e = { 0 };
	char path[] = "/tmp/test_csv_XXXXXX";
	int fd;

	(void)st;
	assert_null(csvr_open("/nonexistent/dir/x.csv", &e));
	assert_int_equal(e.status, EX_NOINPUT);
	assert_string_equal(e.file, "/nonexistent/dir/x.csv");
	assert_string_equal(e.msg, strerror(ENOENT));

	/* A directory opens but cannot be read. */
	memset(&e, 0, sizeof(e));
	assert_null(csvr_open("/tmp", &e));
	assert_int_equal(e.status, EX_IOERR);
	assert_non_null(strstr(e.msg, "read error"));

	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	assert_null(csvr_open(path, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_string_equal(e.msg, "empty file: no header row");
	assert_string_equal(e.file, path);
	unlink(path);
}

static void
t_count(void **st)
{
	struct csvr *r = open_str("a,b,c\n1,2,3,4\n1,2\n5,6,7\n8,9,10,\n"
	    "x\n");
	struct csvr_row row;

	(void)st;
	struct nerr e = { 0 };
	assert_int_equal(csvr_next(r, &row, &e), -1);
	assert_int_equal(e.status, EX_DATAERR);
	assert_string_equal(e.file, "t.csv");
	assert_int_equal(e.line, 2);
	assert_int_equal(e.col, 4);
	assert_string_equal(e.msg, "row has 4 fields, header has 3");
	want_bad(r, 3, 3, "row has 2 fields, header has 3");
	want_row(r, &row, 4);
	assert_string_equal(row.fields[2], "7");
	want_bad(r, 5, 4, "row has 4 fields, header has 3");
	want_bad(r, 6, 2, "row has 1 fields, header has 3");
	want_end(r);
	csvr_close(r);

	/* A row of many delimiters costs a count, not memory. */
	size_t n = 2000000;
	char *s = malloc(n + 8);
	long base;

	assert_non_null(s);
	memcpy(s, "a,b\n", 4);
	memset(s + 4, ',', n);
	memcpy(s + 4 + n, "x\n", 2);
	base = peak_reset();
	r = open_buf(s, n + 6);
	want_bad(r, 2, 3, "row has 2000001 fields, header has 2");
	want_end(r);
	csvr_close(r);
	assert_peak_under(base, 16 * 1024);
	free(s);
}

static void
t_utf8(void **st)
{
	struct csvr *r = open_str("a,b\n"
	    "ok,\xC0\xAF\n"			/* overlong '/' */
	    "x,\x80y\n"				/* lone continuation */
	    "z,\xE2\x82\n"			/* truncated before LF */
	    "\xC3\xA9,\xE2\x82\xAC\n"		/* fine: e-acute, euro */
	    "\"m\n\xED\xA0\x80\",n\n"		/* surrogate, line 7 */
	    "\xF4\x90\x80\x80,p\n"		/* above U+10FFFF */
	    "\xF0\x9F\x98\x80,q\n"		/* fine: 4 bytes */
	    "\xE0\x80\x80,q\n"			/* overlong 3 bytes */
	    "r,\xFF\n"
	    "end,\xC3");			/* truncated at EOF */
	struct csvr_row row;

	(void)st;
	want_bad(r, 2, 4, "invalid UTF-8 at byte offset 3 of line 2");
	want_bad(r, 3, 3, "invalid UTF-8 at byte offset 2 of line 3");
	want_bad(r, 4, 3, "invalid UTF-8 at byte offset 2 of line 4");
	want_row(r, &row, 5);
	assert_string_equal(row.fields[0], "\xC3\xA9");
	assert_string_equal(row.fields[1], "\xE2\x82\xAC");
	want_bad(r, 7, 1, "invalid UTF-8 at byte offset 0 of line 7");
	want_bad(r, 8, 1, "of line 8");
	want_row(r, &row, 9);
	want_bad(r, 10, 1, "of line 10");
	want_bad(r, 11, 3, "of line 11");
	want_bad(r, 12, 5, "invalid UTF-8 at byte offset 4 of line 12");
	want_end(r);
	csvr_close(r);

	/* In the header, the file is refused. */
	struct nerr e = { 0 };
	assert_null(csvr_open_mem("t.csv", "\xEF\xBB\xBFna\xC0\xAFma\n",
	    10, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.col, 3);
}

static void
t_nul(void **st)
{
	static const char s[] = "a,b\n1,x\0y\n2,3\n\0\n";
	struct csvr *r = open_buf(s, sizeof(s) - 1);
	struct csvr_row row;

	(void)st;
	want_bad(r, 2, 4, "NUL byte at byte offset 3 of line 2");
	want_row(r, &row, 3);
	want_bad(r, 4, 1, "NUL byte");
	want_end(r);
	csvr_close(r);
}

/* A quote that is never closed (or closed far too late) costs its row,
 * not the rest of the file: the lines it ran over are read again. */
static void
t_unterminated(void **st)
{
	struct csvr *r = open_str("a,b\n1,2\n3,\"open\n4,5\n\n6,7\n");
	struct csvr_row row;
	struct nerr e = { 0 };

	(void)st;
	want_row(r, &row, 2);
	want_bad(r, 3, 2, "unterminated quoted field: the quote that opens "
	    "field 2 is never closed; the row is rejected and reading goes "
	    "on at line 4");
	want_row(r, &row, 4);
	assert_string_equal(row.fields[1], "5");
	want_row(r, &row, 6);
	want_end(r);
	csvr_close(r);

	/* Closed three lines on: the row has too many fields; the lines
	 * after its first are read again, and what is no row is said to
	 * be left over from it. */
	r = open_str("a,b\n1,\"x\n2,3\n4,y\",z\n5,6\n");
	want_bad(r, 2, 2, "row has 3 fields, header has 2: field 2 runs over "
	    "lines 2 to 4, its quote probably not closed where it should be; "
	    "reading goes on at line 3");
	want_row(r, &row, 3);
	assert_string_equal(row.fields[0], "2");
	/* Reading went on at a valid row: from there, rows are judged as
	 * themselves. */
	want_bad(r, 4, 3, "row has 3 fields");
	want_row(r, &row, 5);
	want_end(r);
	csvr_close(r);
	r = open_str("a,b\n1,\"x\nsisa alamat\n4,y\n");
	want_bad(r, 2, -1, "unterminated");
	want_bad(r, 3, 2, "probably the rest of the broken row on line 2: "
	    "row has 1 fields, header has 2");
	want_row(r, &row, 4);
	want_end(r);
	csvr_close(r);

	/* On the last line there is nothing to go on with. */
	r = open_str("a,b\n1,2\n3,\"open");
	want_row(r, &row, 2);
	want_bad(r, 3, 2, "the row starting on line 3 runs to the end");
	want_end(r);
	csvr_close(r);

	/* A quote opened on every line: each line is read again at most a
	 * bounded number of times over, then the rest is one bad row. */
	size_t n = 20000, len = 4, calls = 0;
	char *s = malloc(4 + 6 * n + 1);
	int rc, last = 0;

	assert_non_null(s);
	memcpy(s, "a,b\n", 4);
	for (size_t i = 0; i < n; i++, len += 6)
		memcpy(s + len, "x,\"yz\n", 6);
	r = open_buf(s, len);
	while ((rc = csvr_next(r, &row, &e)) != 0) {
		assert_int_equal(rc, -1);
		calls++;
		last = strstr(e.msg, "runs to the end") != NULL;
	}
	assert_true(calls > 1 && calls < n);
	assert_true(last);
	csvr_close(r);
	free(s);
}

/* Excel's ";;;" at the end of every row: empty names at the end of the
 * header are no columns, warned about once; a value under one is an
 * error of its row. */
static void
t_trailing(void **st)
{
	struct csvr *r = open_str("a;b;c;;;\n1;2;3;;;\n4;5;6\n7;8;9;x;;\n"
	    ";;;;;\n1;2\n1;2;3;;;;\n");
	const struct nerr *w;
	struct csvr_row row;

	(void)st;
	assert_int_equal(csvr_ncols(r), 3);
	assert_null(csvr_colname(r, 3));
	assert_non_null(w = csvr_warning(r, 0));
	assert_int_equal(w->line, 1);
	assert_int_equal(w->col, 4);
	assert_int_equal(w->status, 0);
	assert_string_equal(w->msg, "3 empty columns at the end of the "
	    "header ignored");
	assert_null(csvr_warning(r, 1));
	want_row(r, &row, 2);
	assert_int_equal(row.nfields, 3);
	assert_string_equal(row.fields[2], "3");
	want_row(r, &row, 3);
	want_bad(r, 4, 4, "a value in column 4, which has no name");
	want_bad(r, 6, 3, "row has 2 fields, header has 3");
	want_bad(r, 7, 7, "row has 7 fields, header has 6");
	want_end(r);
	csvr_close(r);

	/* No warning without them; only empty names are no columns. */
	r = open_str("a,b\n1,2\n");
	assert_null(csvr_warning(r, 0));
	csvr_close(r);
	r = open_str("a,,b,\n1,,2,\n");
	assert_int_equal(csvr_ncols(r), 3);
	assert_string_equal(csvr_colname(r, 1), "");
	assert_string_equal(csvr_warning(r, 0)->msg, "1 empty column at "
	    "the end of the header ignored");
	want_row(r, &row, 2);
	csvr_close(r);
}

static void
t_tab(void **st)
{
	struct csvr *r = open_str("no\tnama\talamat\n1\t\"Budi\tS\"\tJl. "
	    "Mawar, 2; RT 1\n");
	struct csvr_row row;

	(void)st;
	assert_int_equal(csvr_delim(r), '\t');
	assert_int_equal(csvr_ncols(r), 3);
	want_row(r, &row, 2);
	assert_string_equal(row.fields[1], "Budi\tS");
	assert_string_equal(row.fields[2], "Jl. Mawar, 2; RT 1");
	csvr_close(r);
	/* A tab among the names of a ',' header does not decide. */
	r = open_str("a,\tb,c\n1,2,3\n");
	assert_int_equal(csvr_delim(r), ',');
	csvr_close(r);
}

/* UTF-8 text as UTF-16 (be or le) into out, after a BOM; units in
 * raw[] (nraw of them) are inserted where the text has a '~'. */
static size_t
u16(const char *s, int be, const unsigned short *raw, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;
	unsigned long cp;

#define PUT(x) do { unsigned short v_ = (unsigned short)(x); \
	out[o++] = (char)(be ? v_ >> 8 : v_ & 0xFF); \
	out[o++] = (char)(be ? v_ & 0xFF : v_ >> 8); } while (0)
	PUT(0xFEFF);
	while (*u) {
		if (*u == '~') {
			PUT(*raw++);
			u++;
			continue;
		}
		if (*u < 0x80)
			cp = *u++;
		else if (*u < 0xE0) {
			cp = (unsigned long)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
			u += 2;
		} else if (*u < 0xF0) {
			cp = (unsigned long)(u[0] & 0x0F) << 12 |
			    (unsigned long)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
			u += 3;
		} else {
			cp = (unsigned long)(u[0] & 0x07) << 18 |
			    (unsigned long)(u[1] & 0x3F) << 12 |
			    (unsigned long)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
			u += 4;
		}
		if (cp >= 0x10000) {
			PUT(0xD800 + ((cp - 0x10000) >> 10));
			PUT(0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else
			PUT(cp);
	}
#undef PUT
	return o;
}

/* Excel's "Unicode Text": UTF-16 with a BOM, TAB between fields, CRLF;
 * line numbers and the place of a bad character as in the file. */
static void
t_utf16(void **st)
{
	static const unsigned short raw[] = { 0xD800, 0, 0xDC00 };
	static char buf[4096];
	struct csvr_row row;
	struct csvr *r;
	size_t len;

	(void)st;
	for (int be = 0; be < 2; be++) {
		len = u16("Nama\tAlamat\r\n"
		    "Jos\xC3\xA9\t\"Jl. \xE2\x80\x9CKenari\xE2\x80\x9D\r\n"
		    "RT 1\"\r\n"
		    "\xF0\x9F\x98\x80\tb~c\r\n"		/* lone high */
		    "x\tn~ul\r\n"				/* U+0000 */
		    "~y\tz\r\n"				/* lone low */
		    "akhir\t\"buka\r\n"
		    "lagi\tbaris\r\n", be, raw, buf);
		r = open_buf(buf, len);
		assert_int_equal(csvr_delim(r), '\t');
		assert_null(csvr_warning(r, 0));
		assert_string_equal(csvr_colname(r, 1), "alamat");
		want_row(r, &row, 2);
		assert_string_equal(row.fields[0], "Jos\xC3\xA9");
		assert_string_equal(row.fields[1], "Jl. \xE2\x80\x9CKenari"
		    "\xE2\x80\x9D\r\nRT 1");
		want_bad(r, 4, 4, "invalid UTF-16 (an unpaired surrogate) at "
		    "character 4 of line 4");
		want_bad(r, 5, 4, "NUL character at character 4 of line 5");
		want_bad(r, 6, 1, "at character 1 of line 6");
		want_bad(r, 7, 2, "unterminated quoted field");
		want_row(r, &row, 8);
		assert_string_equal(row.fields[1], "baris");
		want_end(r);
		csvr_close(r);
	}
	/* Half a code unit at the end. */
	len = u16("a\tb\n1\t2", 0, raw, buf);
	buf[len++] = 'x';
	r = open_buf(buf, len);
	want_bad(r, 2, 4, "invalid UTF-16");
	want_end(r);
	csvr_close(r);
}

/* Windows-1252 (Excel's "CSV (Comma delimited)" on Indonesian Windows):
 * read as such, with one warning naming the first byte that is not
 * UTF-8. */
static void
t_cp1252(void **st)
{
	struct csvr *r = open_str("nama;alamat\nBudi;Jl. Mawar\n"
	    "Jos\xE9;Jl. Kenari \x96 \x93RT 1\x94\nAndr\xE9;\"buka\n"
	    "Sri;Jl. \xA0Melati\n");
	const struct nerr *w;
	struct csvr_row row;

	(void)st;
	assert_int_equal(csvr_delim(r), ';');
	assert_non_null(w = csvr_warning(r, 0));
	assert_int_equal(w->line, 3);
	assert_int_equal(w->col, 4);
	assert_non_null(strstr(w->msg, "byte 0xE9 at byte offset 3 of line "
	    "3): read as Windows-1252"));
	assert_non_null(strstr(w->msg, "CSV UTF-8"));
	want_row(r, &row, 2);
	want_row(r, &row, 3);
	assert_string_equal(row.fields[0], "Jos\xC3\xA9");
	assert_string_equal(row.fields[1], "Jl. Kenari \xE2\x80\x93 "
	    "\xE2\x80\x9CRT 1\xE2\x80\x9D");
	want_bad(r, 4, 2, "unterminated");
	want_row(r, &row, 5);
	assert_string_equal(row.fields[1], "Jl. \xC2\xA0Melati");
	want_end(r);
	csvr_close(r);
}

/* Neither UTF-8 nor Windows-1252: the file is refused, saying where and
 * how to save it. */
static void
t_unknown_enc(void **st)
{
	struct nerr e = { 0 };

	(void)st;
	assert_null(csvr_open_mem("x.csv", "a,b\n1,\xE9\n2,\x81\n", 11, &e));
	assert_int_equal(e.status, EX_DATAERR);
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 3);
	assert_non_null(strstr(e.msg, "byte 0x81 at byte offset 2 of line "
	    "3 is neither UTF-8 nor Windows-1252"));
	assert_non_null(strstr(e.msg, "CSV UTF-8"));
	/* UTF-16 without its BOM. */
	assert_null(csvr_open_mem("x.csv", "a\0,\0\xE9\0\n\0", 8, &e));
	assert_int_equal(e.line, 1);
	assert_int_equal(e.col, 2);
	assert_non_null(strstr(e.msg, "NUL byte at byte offset 1 of line 1"));
	assert_null(csvr_open_mem("x.csv", "\xFF\xFE\0\0a\0\0\0", 8, &e));
	assert_non_null(strstr(e.msg, "UTF-32"));
}


static char *
huge(size_t n, const char *head, const char *mid, const char *tail,
    size_t *len)
{
	size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
	char *s = malloc(hl + n + ml + tl + 1);

	assert_non_null(s);
	memcpy(s, head, hl);
	memset(s + hl, 'x', n);
	memcpy(s + hl + n, mid, ml);
	memcpy(s + hl + n + ml, tail, tl + 1);
	*len = hl + n + ml + tl;
	return s;
}

static void
t_huge(void **st)
{
	struct csvr_row row;
	struct csvr *r;
	size_t len;
	char *s;

	(void)st;
	/* Unquoted, 2 MiB. */
	s = huge(2u << 20, "a,b\n1,", "", "\n2,3\n", &len);
	r = open_buf(s, len);
	want_bad(r, 2, 2, "field 2 longer than 1 MiB");
	want_row(r, &row, 3);
	assert_string_equal(row.fields[0], "2");
	want_end(r);
	csvr_close(r);
	free(s);

	/* Quoted, with newlines, delimiters and "" after the limit: the
	 * row still ends where it should. */
	s = huge(3u << 20, "a,b\n\"", "\n,\"\"\n\n\",", "1\n2,3\n", &len);
	r = open_buf(s, len);
	want_bad(r, 2, 1, "longer than 1 MiB");
	want_row(r, &row, 6);
	assert_string_equal(row.fields[1], "3");
	want_end(r);
	csvr_close(r);
	free(s);

	/* Just at the limit is fine, one byte more is not. */
	s = huge(1u << 20, "a,b\n1,", "", "\n", &len);
	r = open_buf(s, len);
	want_row(r, &row, 2);
	assert_int_equal(row.lens[1], 1u << 20);
	csvr_close(r);
	free(s);
	s = huge((1u << 20) + 1, "a,b\n1,", "", "\n2,3\n", &len);
	r = open_buf(s, len);
	want_bad(r, 2, 2, "field 2 longer than 1 MiB");
	want_row(r, &row, 3);
	csvr_close(r);
	free(s);

	/* Past the closing quote, spaces pile up in libcsv's buffer. */
	s = malloc((2u << 20) + 64);
	strcpy(s, "a,b\n1,\"q\"");
	len = strlen(s);
	memset(s + len, ' ', 2u << 20);
	len += 2u << 20;
	strcpy(s + len, "z\"\n2,3\n");
	len += strlen("z\"\n2,3\n");
	r = open_buf(s, len);
	want_bad(r, 2, 2, "longer than 1 MiB");
	want_row(r, &row, 3);
	want_end(r);
	csvr_close(r);
	free(s);
}

static char *
tmpfile_with(const char *s, size_t len)
{
	char *path = strdup("/tmp/test_csv_XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Rows and UTF-8 sequences that straddle the 64 KiB read buffer. */
static void
t_chunks(void **st)
{
	size_t n = 70000, len;
	char *s = huge(n, "a,b\n\"", "\n\n", "\",1\nx,2\n", &len);
	struct csvr_row row;
	struct nerr e = { 0 };
	struct csvr *r;
	char *path;

	(void)st;
	path = tmpfile_with(s, len);
	assert_non_null(r = csvr_open(path, &e));
	want_row(r, &row, 2);
	assert_int_equal(row.lens[0], n + 2);
	want_row(r, &row, 5);
	want_end(r);
	csvr_close(r);
	unlink(path);
	free(path);
	free(s);

	/* An e-acute whose two bytes land in different reads, then a bad
	 * sequence split the same way. */
	for (int bad = 0; bad < 2; bad++) {
		len = 65536 + 64;
		s = malloc(len);
		memset(s, 'x', len);
		memcpy(s, "a,b\nk,", 6);
		s[65535] = '\xC3';
		s[65536] = bad ? 'z' : '\xA9';
		/* An e-acute further on makes it UTF-8, not
		 * Windows-1252. */
		memcpy(s + len - 7, "\nq,\xC3\xA9\n", 6);
		len--;
		path = tmpfile_with(s, len);
		assert_non_null(r = csvr_open(path, &e));
		if (bad)
			want_bad(r, 2, 65535 - 4 + 1, "byte offset 65531 of "
			    "line 2");
		else
			want_row(r, &row, 2);
		want_row(r, &row, 3);
		want_end(r);
		csvr_close(r);
		unlink(path);
		free(path);
		free(s);
	}
}

/* Converted files longer than a read: a surrogate pair split by it, a
 * Windows-1252 byte only near the end (the whole file is looked at before
 * it is read), and going back after an open quote to the line's place in
 * the file, not in the converted text. */
static void
t_convert_file(void **st)
{
	static const unsigned short none[1];
	size_t cap = 1 << 20, len = 0, n;
	char *s = malloc(cap), *t = malloc(cap / 2), *path;
	struct csvr_row row;
	struct nerr e = { 0 };
	struct csvr *r;
	long rows;
	int rc, pad;

	(void)st;
	assert_non_null(s);
	assert_non_null(t);
	for (pad = 0; pad < 40; pad++) {
		n = (size_t)snprintf(t, cap / 2, "no\tisi%.*s\r\n", pad,
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		for (int i = 1; i <= 6000; i++)
			n += (size_t)snprintf(t + n, cap / 2 - n, "%d\t%s\r\n", i,
			    i == 2000 ? "\"buka" : "\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
		len = u16(t, 0, none, s);
		/* The last unit of the first read is a high surrogate. */
		if ((unsigned char)s[65535] >= 0xD8 &&
		    (unsigned char)s[65535] <= 0xDB)
			break;
	}
	assert_true(pad < 40);
	path = tmpfile_with(s, len);
	assert_non_null(r = csvr_open(path, &e));
	rows = 0;
	while ((rc = csvr_next(r, &row, &e)) != 0) {
		if (rc == -1) {
			assert_int_equal(e.line, 2001);
			assert_non_null(strstr(e.msg, "goes on at line 2002"));
			continue;
		}
		rows++;
		assert_string_equal(row.fields[1], "\xF0\x9F\x98\x80"
		    "\xF0\x9F\x98\x80");
	}
	assert_int_equal(rows, 5999);
	csvr_close(r);
	unlink(path);
	free(path);

	/* Windows-1252: plain ASCII for 70,000 bytes, then an e-acute. */
	len = (size_t)snprintf(s, cap, "no;isi\n");
	for (int i = 1; len < 70000; i++)
		len += (size_t)snprintf(s + len, cap - len, "%d;%s\n", i,
		    i == 7 ? "\"buka" : "isi biasa");
	len += (size_t)snprintf(s + len, cap - len, "akhir;Jos\xE9\n");
	path = tmpfile_with(s, len);
	assert_non_null(r = csvr_open(path, &e));
	assert_non_null(csvr_warning(r, 0));
	assert_true(csvr_warning(r, 0)->line > 4000);
	rows = 0;
	while ((rc = csvr_next(r, &row, &e)) != 0) {
		if (rc == -1) {
			assert_int_equal(e.line, 8);
			continue;
		}
		rows++;
		assert_int_equal(row.line, rows + (rows >= 7 ? 2 : 1));
	}
	assert_string_equal(row.fields[1], "Jos\xC3\xA9");
	csvr_close(r);
	unlink(path);
	free(path);
	free(s);
	free(t);
}

/* A field of 32 MiB in a file is refused without libcsv ever holding
 * more than about 1 MiB of it. */
static void
t_huge_file(void **st)
{
	char path[] = "/tmp/test_csv_huge_XXXXXX";
	static char block[65536];
	struct csvr_row row;
	struct nerr e = { 0 };
	struct csvr *r;
	long rss0;
	FILE *fp;
	int fd;

	(void)st;
	memset(block, 'x', sizeof(block));
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("a,b\n1,\"", fp);
	for (int i = 0; i < 512; i++)
		fwrite(block, 1, sizeof(block), fp);
	fputs("\"\n2,3\n", fp);
	assert_int_equal(fclose(fp), 0);

	rss0 = peak_reset();
	assert_non_null(r = csvr_open(path, &e));
	want_bad(r, 2, 2, "longer than 1 MiB");
	want_row(r, &row, 3);
	want_end(r);
	csvr_close(r);
	unlink(path);
	assert_peak_under(rss0, 24 * 1024);
}

static void
t_big_file(void **st)
{
	char path[] = "/tmp/test_csv_big_XXXXXX";
	struct csvr_row row;
	struct nerr e = { 0 };
	struct csvr *r;
	long rows = 0, last = 0, rss0;
	struct timespec t0, t1;
	FILE *fp;
	int fd, rc;

	(void)st;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs("\xEF\xBB\xBFno_register;tanggal;nama;alamat;nik\r\n", fp);
	for (int i = 1; i <= 100000; i++)
		fprintf(fp, "REG-2025-%06d;2025-01-20;\"Nama Pemohon "
		    "Nomor %d\";\"Dusun Krajan RT %03d; RW 002, Desa "
		    "Sumberejo, Kecamatan Durenan, Kabupaten Trenggalek, "
		    "Jawa Timur\";35031314038205%02d\r\n", i, i, i % 1000,
		    i % 100);
	assert_int_equal(fclose(fp), 0);

	rss0 = peak_reset();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_non_null(r = csvr_open(path, &e));
	assert_int_equal(csvr_delim(r), ';');
	while ((rc = csvr_next(r, &row, &e)) == 1) {
		rows++;
		assert_int_equal(row.line, rows + 1);
		last = row.line;
	}
	assert_int_equal(rc, 0);
	csvr_close(r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	unlink(path);

	assert_int_equal(rows, 100000);
	assert_int_equal(last, 100001);
	/* About 20 MB of input: holding it would show. */
	assert_peak_under(rss0, 8 * 1024);
	assert_true((t1.tv_sec - t0.tv_sec) < 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_bom),
		cmocka_unit_test(t_delim),
		cmocka_unit_test(t_crlf),
		cmocka_unit_test(t_quoted),
		cmocka_unit_test(t_blank),
		cmocka_unit_test(t_header),
		cmocka_unit_test(t_empty),
		cmocka_unit_test(t_open_errors),
		cmocka_unit_test(t_count),
		cmocka_unit_test(t_utf8),
		cmocka_unit_test(t_nul),
		cmocka_unit_test(t_unterminated),
		cmocka_unit_test(t_trailing),
		cmocka_unit_test(t_tab),
		cmocka_unit_test(t_utf16),
		cmocka_unit_test(t_cp1252),
		cmocka_unit_test(t_unknown_enc),
		cmocka_unit_test(t_huge),
		cmocka_unit_test(t_chunks),
		cmocka_unit_test(t_convert_file),
		cmocka_unit_test(t_huge_file),
		cmocka_unit_test(t_big_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
