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

static void
t_unterminated(void **st)
{
	struct csvr *r = open_str("a,b\n1,2\n3,\"open\n4,5\n\n6,7\n");
	struct csvr_row row;

	(void)st;
	want_row(r, &row, 2);
	want_bad(r, 3, -1, "unterminated quoted field: the row starting on "
	    "line 3");
	want_end(r);
	csvr_close(r);
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
		memcpy(s + len - 6, "\nq,w\n", 5);
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
		cmocka_unit_test(t_huge),
		cmocka_unit_test(t_chunks),
		cmocka_unit_test(t_huge_file),
		cmocka_unit_test(t_big_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
