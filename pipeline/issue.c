/* issue.c -- keeps the promise that the register and the files on disk
 * agree: files are staged under a temporary name, the register commits
 * their numbers and records, then the names become final.  The one owner
 * of the register's transaction and savepoints. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsio.h"
#include "issue.h"
#include "manifest.h"
#include "num.h"
#include "sha256.h"
#include "vcode.h"
#include "xmem.h"

struct job;

/* Jobs a worker holds at most (sent, not answered): enough that it never
 * waits for the parent, few enough that its answers fit in its socket's
 * buffer (so neither side can block on a full one while the other does)
 * and that the batch's end waits for little. */
#define WORKER_QUEUE	8
/* Drawn documents recorded together between rows: one savepoint for
 * them, whose statements PostgreSQL sends together. */
#define RECORD_AT	16

struct staged {
	char		*tmp, *path;
	struct job	*job;	/* a worker's to draw, then recorded */
};

struct issue {
	struct office	*o;
	struct staged	*v;
	size_t		 n, cap;
	size_t		 mark;		/* staged before the row began */
	int		 jobs;		/* render workers (issue_set_jobs) */
	int		 nw;		/* workers running */
	pid_t		 wpid[64];
	int		 wfd[64];	/* each one's socket */
	size_t		 wout[64];	/* jobs sent, not answered */
	size_t		 rr;		/* jobs sent in all: ties' turn */
	size_t		 rec;		/* staged before it are recorded */
	int		 mdue;		/* manifests to write (issue_manifests) */
	struct timespec	 mlast;		/* when they were written last */
	double		 mevery;	/* seconds between (1) */
	char		 lastdir[4096];	/* the folder made last (made_dir) */
	/* NASKAH_DEBUG_CPU: seconds waiting for the workers, and in the
	 * batches' sync, commit and renames (printed by issue_free). */
	double		 twait, tcommit;
	double		 tsync, treg;	/* of tcommit: syncfs, COMMIT */
	long		 nbatch;
};

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void	job_free(struct job *);
static int	jobs_send(struct issue *, struct nerr *);
static int	jobs_collect(struct issue *, int, struct nerr *);
static int	jobs_record(struct issue *, size_t, struct nerr *);
static int	jobs_run(struct issue *, struct nerr *);
static void	workers_stop(struct issue *, int);

struct issue *
issue_new(struct office *o)
{
	struct issue *is = xcalloc(1, sizeof(*is));

	is->o = o;
	is->jobs = 1;
	/* Test hook (t_jobs.sh): NASKAH_TEST_MANIFEST_EVERY=SECONDS. */
	is->mevery = getenv("NASKAH_TEST_MANIFEST_EVERY") ?
	    atof(getenv("NASKAH_TEST_MANIFEST_EVERY")) : 1.0;
	return is;
}

size_t
issue_staged(const struct issue *is)
{
	return is->n;
}

int
issue_begin(struct issue *is, struct nerr *e)
{
	if (reg_in_tx(office_reg(is->o)))
		return 0;
	return reg_begin(office_reg(is->o), e);
}

int
issue_row_begin(struct issue *is, struct nerr *e)
{
	/* Late: any failure in the row fails the caller's run. */
	if (issue_begin(is, e) != 0 || reg_savepoint_late(office_reg(is->o),
	    e) != 0)
		return -1;
	is->mark = is->n;
	return 0;
}

int
issue_row_end(struct issue *is, int undo, struct nerr *e)
{
	if (!undo) {
		/* The row is kept: its documents can be drawn, and those
		 * drawn meanwhile recorded, between rows (a row's undo must
		 * not take them), rather than all at the batch's end while
		 * the workers wait. */
		if (reg_release(office_reg(is->o), e) != 0 ||
		    jobs_send(is, e) != 0 || jobs_collect(is, 0, e) != 0)
			return -1;
		return jobs_record(is, RECORD_AT, e);
	}
	/* The row's records go with its savepoint; its files with them. */
	for (; is->n > is->mark; is->n--) {
		unlink(is->v[is->n - 1].tmp);
		job_free(is->v[is->n - 1].job);
		free(is->v[is->n - 1].tmp);
		free(is->v[is->n - 1].path);
	}
	return reg_rollback_to(office_reg(is->o), e);
}

int
issue_number(struct issue *is, const char *book, const char *kind,
    const char *kode, int tahun, int bulan, struct reg_num *num, char *nomor,
    size_t sz, struct nerr *e)
{
	const struct kantor *k = office_kantor(is->o);
	struct num_vars nv = { kode, 0, k->kode_unit, tahun, bulan };
	struct reg_entry en = { .nomor = nomor, .klasifikasi = kode,
	    .kind = kind };

	if (issue_begin(is, e) != 0 || reg_book_take(office_reg(is->o),
	    k->kode_wilayah, book, tahun, num, e) != 0)
		return -1;
	nv.urut = num->urut;
	if (num_format(kantor_format(k, book), &nv, nomor, sz, e) != 0) {
		e->status = EX_CONFIG;
		return -1;
	}
	en.num = *num;
	return reg_entry_add(office_reg(is->o), &en, e);
}

/* Two paths in one folder (the batch syncs each folder once). */
static int
same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return sa != NULL && sb != NULL && sa - a == sb - b &&
	    strncmp(a, b, (size_t)(sa - a)) == 0;
}

/* The document's folder made: a run's documents share a few folders,
 * and each took a mkdir per path component. */
static int
made_dir(struct issue *is, const char *dir, struct nerr *e)
{
	if (strcmp(dir, is->lastdir) == 0)
		return 0;
	if (fs_mkdirs(dir, e) != 0)
		return -1;
	snprintf(is->lastdir, sizeof(is->lastdir), "%s", dir);
	return 0;
}

/* A document's name taken by a file the register does not list: found
 * before the batch commits (issue_stage; with --jobs, the worker), so a
 * clash stops the run with nothing of the batch issued rather than after
 * COMMIT.  fs_commit_new's RENAME_NOREPLACE still never writes over one
 * made in between. */
static const char taken_msg[] = "already exists but the register does not "
    "list it (was register.db restored from an older backup?); nothing "
    "was overwritten";

/* Takes the rendered PDF into its temporary file as libharu writes it,
 * hashing it on the way. */
struct out {
	struct fs_tmp		*t;
	struct sha256_ctx	 sha;
	size_t			 n;
};

static int
out_write(void *arg, const void *buf, size_t n)
{
	struct out *w = arg;

	sha256_update(&w->sha, buf, n);
	w->n += n;
	return fs_tmp_write(w->t, buf, n);
}

int
issue_stage(struct issue *is, const char *rel, struct reg_doc *doc,
    struct nerr *e)
{
	struct office *o = is->o;
	struct out w = { 0 };
	char path[4096], tmp[4096], sha[65], dir[4096];
	const char *slash;
	const void *src;
	size_t srclen;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", office_outdir(o), rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (made_dir(is, dir, e) != 0)
			return -1;
	}
	/* Checked before the number is committed, so a clash stops the run
	 * with nothing issued rather than after COMMIT. */
	if (access(path, F_OK) == 0) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "%s", taken_msg);
		return -1;
	}
	fs_tmpname(path, tmp, sizeof(tmp));
	/* Not synced here: issue_commit syncs the whole batch at once
	 * before the register commits (group commit). */
	if ((w.t = fs_tmp_open(tmp, e)) == NULL) {
		office_save(o, NULL, NULL, NULL);
		return -1;
	}
	sha256_init(&w.sha);
	rc = office_save(o, out_write, &w, e);
	/* A write failure is reported by the close, with its errno. */
	if (fs_tmp_close(w.t, 0, e) != 0)
		return -1;
	if (rc != 0) {
		unlink(tmp);
		return -1;
	}
	if (is->n == is->cap) {
		is->cap = is->cap ? is->cap * 2 : 64;
		is->v = xrealloc(is->v, is->cap * sizeof(*is->v));
	}
	is->v[is->n].tmp = xstrdup(tmp);
	is->v[is->n].path = xstrdup(path);
	is->v[is->n].job = NULL;
	is->n++;
	sha256_final_hex(&w.sha, sha);
	doc->path = rel;
	doc->size = w.n;
	doc->sha = sha;
	if (issue_begin(is, e) != 0 || reg_doc_add(office_reg(o), doc, e) != 0 ||
	    office_record_codes(o, rel, e) != 0)
		return -1;
	/* The code it is filed under and the list that code is from. */
	if (reg_doc_klas(office_reg(o), rel, doc->klasifikasi,
	    klas_version(office_klas(o)), e) != 0)
		return -1;
	/* What it was rendered from, with it: naskah restore makes the
	 * same bytes from this alone. */
	if ((src = office_source(o, &srclen)) != NULL &&
	    reg_doc_source_put(office_reg(o), rel, src, srclen, e) != 0)
		return -1;
	doc->sha = NULL;
	return 0;
}

static void
clear(struct issue *is)
{
	for (size_t i = 0; i < is->n; i++) {
		job_free(is->v[i].job);
		free(is->v[i].tmp);
		free(is->v[i].path);
	}
	is->n = 0;
	is->rec = 0;
}

static int
crash_hook(const char *where)
{
	const char *s = getenv("NASKAH_TEST_CRASH");

	return s != NULL && strcmp(s, where) == 0;
}

int
issue_commit(struct issue *is, struct nerr *e)
{
	struct office *o = is->o;
	struct timespec now;
	double t0, t1, t2;

	if (!reg_in_tx(office_reg(o)) && is->n == 0)
		return 0;
	/* The deferred documents drawn and recorded, or nothing of the
	 * batch is. */
	t0 = now_s();
	if (jobs_run(is, e) != 0) {
		issue_abort(is);
		return -1;
	}
	t1 = now_s();
	is->twait += t1 - t0;
	is->nbatch++;
	/* The files must be on disk before the register says they exist:
	 * one syncfs for the batch instead of one fsync per file. */
	if (is->n > 0 && fs_sync_fs(office_outdir(o), e) != 0) {
		issue_abort(is);
		return -1;
	}
	t2 = now_s();
	is->tsync += t2 - t1;
	if (reg_commit(office_reg(o), e) != 0) {
		/* The server went away during COMMIT (PostgreSQL): the batch
		 * may be committed.  Its temporaries stay for office_open's
		 * recovery, which renames those the register lists and
		 * removes the others. */
		if (reg_commit_unknown(office_reg(o)))
			clear(is);
		else
			issue_abort(is);
		return -1;
	}
	/* Committed: from here a crash is repaired by office_open's
	 * recovery.  Test hook (tests/e2e/t_reliability.sh):
	 * NASKAH_TEST_CRASH=after-commit dies here as SIGKILL would, so the
	 * repair path is exercised on purpose rather than by luck. */
	if (crash_hook("after-commit"))
		raise(SIGKILL);
	is->treg += now_s() - t2;
	for (size_t i = 0; i < is->n; i++)
		if (fs_commit_new(is->v[i].tmp, is->v[i].path, 0, e) != 0) {
			clear(is);
			return -1;
		}
	/* Then each folder once; a crash before this leaves temporaries,
	 * which the recovery renames from the register's record. */
	for (size_t i = 0; i < is->n; i++)
		if ((i == 0 || !same_dir(is->v[i - 1].path, is->v[i].path)) &&
		    fs_sync_dir(is->v[i].path, e) != 0) {
			clear(is);
			return -1;
		}
	clear(is);
	is->tcommit += now_s() - t1;
	/* The months' manifests from the register, now that the files
	 * have their names (a crash before: office_open writes them); at
	 * most once a second, as each rewrites its whole month (a run's
	 * 10,000 letters in one month made that quadratic): the register
	 * keeps the months marked until then. */
	is->mdue = 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (is->mlast.tv_sec != 0 || is->mlast.tv_nsec != 0) {
		double dt = (double)(now.tv_sec - is->mlast.tv_sec) +
		    (double)(now.tv_nsec - is->mlast.tv_nsec) / 1e9;

		if (dt < is->mevery)
			return 0;
	}
	return issue_manifests(is, e);
}

int
issue_manifests(struct issue *is, struct nerr *e)
{
	if (!is->mdue)
		return 0;
	is->mdue = 0;
	clock_gettime(CLOCK_MONOTONIC, &is->mlast);
	return manifest_flush(office_reg(is->o), office_outdir(is->o), e);
}

void
issue_abort(struct issue *is)
{
	/* No worker may write a temporary after they are removed. */
	for (int k = 0; k < is->nw; k++)
		if (is->wout[k] > 0) {
			workers_stop(is, 1);
			break;
		}
	reg_rollback(office_reg(is->o));
	for (size_t i = 0; i < is->n; i++)
		unlink(is->v[i].tmp);
	clear(is);
}

void
issue_free(struct issue *is)
{
	if (is == NULL)
		return;
	if (is->n > 0 || reg_in_tx(office_reg(is->o)))
		issue_abort(is);
	workers_stop(is, 0);
	/* Manifests left for later by issue_commit: a failure here leaves
	 * the months marked, and the next office_open writes them. */
	if (is->mdue) {
		struct nerr e = { 0 };

		issue_manifests(is, &e);
	}
	if (getenv("NASKAH_DEBUG_CPU") != NULL && is->nbatch > 0)
		fprintf(stderr, "naskah: %ld batches: %.3f s waiting for the "
		    "workers' last drawings and their records, %.3f s in "
		    "sync, commit and renames (%.3f syncfs, %.3f commit)\n",
		    is->nbatch, is->twait, is->tcommit, is->tsync, is->treg);
	free(is->v);
	free(is);
}

/*
 * --jobs (issue 15): the parent checks, numbers, fills and lays out each
 * document as one worker would, in the rows' order (office_set_dry), and
 * N workers, forked once, draw what it laid out (office_replay) into the
 * documents' temporaries while it goes on with the next rows; a row's
 * documents go to them once the row is kept (issue_row_end), each to the
 * one with the fewest waiting.  A worker also signs the verification
 * code the parent left with a stand-in (office_sign) and checks that the
 * name is free.  The parent alone talks to the register: between rows and
 * at the batch's commit it records the documents drawn so far in the
 * rows' order, as issue_stage does.  A worker that fails or dies fails
 * the batch: rolled back, the workers stopped, the temporaries removed;
 * the next run redoes it.
 */
struct job {
	void		*src;		/* office_source's text, then deflated */
	size_t		 srclen;
	void		*draw;		/* office_drawing's, a copy */
	size_t		 drawlen;
	char		*kind, *created, *klas;
	long		 app_id;
	struct reg_num	 num;
	char		 kode[VCODE_SHORT_SIZE];
	char		*payload;	/* NULL: no codes */
	int		 hascodes;	/* office_take_codes': 2 to sign */
	int		 sent, done;
	size_t		 size;		/* drawn: the file's */
	char		 sha[65];
};

/* A job for a worker: this, then tmp, path, the drawing, the source's
 * text and the payload to sign (paylen 0: none). */
struct jobmsg {
	uint64_t	idx;
	uint64_t	tmplen, pathlen, drawlen, srclen, paylen;
};

/* A worker's answer, then srclen bytes: the source deflated. */
struct jobres {
	uint64_t	idx;
	uint64_t	size;
	uint64_t	srclen;
	int32_t		status;		/* 0 drawn; else e's */
	char		sha[65];
	char		sig[VCODE_SIG_SIZE];	/* the payload's, if signed */
	char		msg[1600];	/* nerr's file and msg */
};

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	free(j->src);
	free(j->draw);
	free(j->kind);
	free(j->created);
	free(j->klas);
	free(j->payload);
	free(j);
}

void
issue_set_jobs(struct issue *is, int n)
{
	is->jobs = n < 1 ? 1 : n > 64 ? 64 : n;
}

int
issue_jobs(const struct issue *is)
{
	return is->jobs;
}

int
issue_defer(struct issue *is, const char *rel, const struct reg_doc *doc,
    struct nerr *e)
{
	struct office *o = is->o;
	char path[4096], tmp[4096], dir[4096], payload[VCODE_PAYLOAD_MAX];
	const char *slash;
	const void *src, *draw;
	struct job *j;
	size_t srclen, drawlen;

	/* No drawing: the worker lays it out from its source. */
	if ((src = office_source(o, &srclen)) == NULL) {
		nerr_set(e, EX_SOFTWARE, rel, 0, 0, "no dry render to draw");
		return -1;
	}
	draw = office_drawing(o, &drawlen);
	snprintf(path, sizeof(path), "%s/%s", office_outdir(o), rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (made_dir(is, dir, e) != 0)
			return -1;
	}
	/* Whether the name is free is the worker's to check (taken_msg),
	 * still before the batch commits. */
	fs_tmpname(path, tmp, sizeof(tmp));
	j = xcalloc(1, sizeof(*j));
	j->src = xmalloc(srclen);
	memcpy(j->src, src, srclen);
	j->srclen = srclen;
	if (draw != NULL) {
		j->draw = xmalloc(drawlen);
		memcpy(j->draw, draw, drawlen);
		j->drawlen = drawlen;
	}
	j->kind = xstrdup(doc->kind);
	j->created = xstrdup(doc->created);
	j->klas = doc->klasifikasi ? xstrdup(doc->klasifikasi) : NULL;
	j->app_id = doc->app_id;
	j->num = doc->num;
	if ((j->hascodes = office_take_codes(o, j->kode, sizeof(j->kode),
	    payload, sizeof(payload))) != 0)
		j->payload = xstrdup(payload);
	if (is->n == is->cap) {
		is->cap = is->cap ? is->cap * 2 : 64;
		is->v = xrealloc(is->v, is->cap * sizeof(*is->v));
	}
	is->v[is->n].tmp = xstrdup(tmp);
	is->v[is->n].path = xstrdup(path);
	is->v[is->n].job = j;
	is->n++;
	return issue_begin(is, e);
}

static int
put_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* 0, or -1 at EOF or an error. */
static int
get_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* A forked worker's own copy of each file open for reading (the
 * fonts libharu reads as it embeds them): a shared descriptor shares its
 * offset with the other workers, and their seeks and reads would mix.
 * Same file, same offset, a descriptor of its own. */
static void
own_files(void)
{
	char link[64], path[4096];
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		int fd = atoi(de->d_name), nfd, fl;
		struct stat st;
		ssize_t n;
		off_t at;

		if (de->d_name[0] == '.' || fd == dirfd(d) || fd <= 2 ||
		    (fl = fcntl(fd, F_GETFL)) < 0 ||
		    (fl & O_ACCMODE) != O_RDONLY || fstat(fd, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
			continue;
		path[n] = '\0';
		if ((at = lseek(fd, 0, SEEK_CUR)) < 0 ||
		    (nfd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		if (lseek(nfd, at, SEEK_SET) == at)
			dup3(nfd, fd, fcntl(fd, F_GETFD) & FD_CLOEXEC ?
			    O_CLOEXEC : 0);
		close(nfd);
	}
	closedir(d);
}

/* Worker k: draws each job it is sent into its temporary and answers.
 * Never returns; never touches the register (the parent's connection
 * is only inherited) and leaves by _exit. */
static void
worker(struct issue *is, int k, int fd)
{
	const char *crash = getenv("NASKAH_TEST_CRASH");
	char *buf = NULL;
	size_t cap = 0, got = 0;
	struct jobmsg m;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(EX_SOFTWARE);
	own_files();
	office_set_dry(is->o, 0);
	while (get_all(fd, &m, sizeof(m)) == 0) {
		size_t need = m.tmplen + m.pathlen + m.drawlen + m.srclen +
		    m.paylen + 2;
		struct jobres res;
		void *z = NULL;
		struct nerr e = { 0 };
		struct out w = { 0 };
		char *tmp, *path;
		size_t zlen = 0;
		char *text;
		int rc;

		if (m.paylen >= VCODE_PAYLOAD_MAX)
			break;
		if (need > cap)
			buf = xrealloc(buf, cap = need);
		if (get_all(fd, buf, need - 2) != 0)
			break;
		/* Test hook (t_jobs.sh): the first worker dies mid-batch,
		 * with one file of it staged, as SIGKILL would. */
		if (crash != NULL && !strcmp(crash, "worker") && k == 0 &&
		    got == 1)
			raise(SIGKILL);
		tmp = xmalloc(m.tmplen + 1);
		memcpy(tmp, buf, m.tmplen);
		tmp[m.tmplen] = '\0';
		path = xmalloc(m.pathlen + 1);
		memcpy(path, buf + m.tmplen, m.pathlen);
		path[m.pathlen] = '\0';
		memset(&res, 0, sizeof(res));
		res.idx = m.idx;
		text = buf + m.tmplen + m.pathlen + m.drawlen;
		rc = 0;
		/* Signed here, not in the parent: the payload for the
		 * register, the signature into the source's text. */
		if (m.paylen > 0) {
			char payload[VCODE_PAYLOAD_MAX];

			memcpy(payload, text + m.srclen, m.paylen);
			payload[m.paylen] = '\0';
			if ((rc = office_sign(is->o, payload, text, m.srclen,
			    &e)) == 0)
				memcpy(res.sig, payload + m.paylen -
				    (VCODE_SIG_SIZE - 1), VCODE_SIG_SIZE);
		}
		/* Its name still free (taken_msg). */
		if (rc == 0 && access(path, F_OK) == 0) {
			nerr_set(&e, EX_SOFTWARE, path, 0, 0, "%s", taken_msg);
			rc = -1;
		}
		/* The source deflated here, not in the parent: what the
		 * register keeps for naskah restore; before a render from
		 * its text takes the text apart. */
		if (rc == 0) {
			office_source_pack(is->o, text, m.srclen, &z, &zlen);
			res.srclen = zlen;
		}
		if (rc == 0 && m.drawlen == 0) {
			text[m.srclen] = '\0';
			rc = office_render_text(is->o, text, m.srclen, path,
			    &e);
		} else if (rc == 0)
			rc = office_replay(is->o, buf + m.tmplen + m.pathlen,
			    m.drawlen, path, &e);
		if (rc == 0 && (w.t = fs_tmp_open(tmp, &e)) == NULL) {
			office_save(is->o, NULL, NULL, NULL);
			rc = -1;
		}
		if (rc == 0) {
			sha256_init(&w.sha);
			rc = office_save(is->o, out_write, &w, &e);
			if (fs_tmp_close(w.t, 0, &e) != 0)
				rc = -1;
		}
		if (rc == 0) {
			sha256_final_hex(&w.sha, res.sha);
			res.size = w.n;
		} else {
			res.srclen = 0;
			res.status = e.status ? e.status : EX_SOFTWARE;
			snprintf(res.msg, sizeof(res.msg), "%s%s%s",
			    e.file[0] ? e.file : "", e.file[0] ? ": " : "",
			    e.msg);
		}
		free(tmp);
		free(path);
		if (put_all(fd, &res, sizeof(res)) != 0 ||
		    (res.srclen > 0 && put_all(fd, z, zlen) != 0))
			break;
		free(z);
		got++;
	}
	_exit(0);
}

/* Stops the workers: asked (their socket closed) or, with kill, at once
 * (a batch abandoned: nothing of theirs may land after its temporaries
 * are removed). */
static void
workers_stop(struct issue *is, int kill_them)
{
	int st;

	for (int k = 0; k < is->nw; k++) {
		if (kill_them && is->wpid[k] > 0)
			kill(is->wpid[k], SIGKILL);
		close(is->wfd[k]);
	}
	for (int k = 0; k < is->nw; k++)
		while (is->wpid[k] > 0 && waitpid(is->wpid[k], &st, 0) < 0 &&
		    errno == EINTR)
			;
	is->nw = 0;
}

static int
workers_start(struct issue *is, struct nerr *e)
{
	int sv[2];

	/* Nothing buffered for stdio to write twice. */
	fflush(NULL);
	for (int k = 0; k < is->jobs; k++) {
		pid_t pid;

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		    sv) != 0) {
			nerr_set(e, EX_OSERR, NULL, 0, 0, "socketpair: %s",
			    strerror(errno));
			workers_stop(is, 1);
			return -1;
		}
		if ((pid = fork()) < 0) {
			nerr_set(e, EX_OSERR, NULL, 0, 0, "fork: %s",
			    strerror(errno));
			close(sv[0]);
			close(sv[1]);
			workers_stop(is, 1);
			return -1;
		}
		if (pid == 0) {
			for (int i = 0; i < is->nw; i++)
				close(is->wfd[i]);
			close(sv[0]);
			worker(is, k, sv[1]);
		}
		close(sv[1]);
		is->wpid[is->nw] = pid;
		is->wfd[is->nw] = sv[0];
		is->wout[is->nw] = 0;
		is->nw++;
	}
	return 0;
}

/* Worker k's socket closed: how it ended, into e.  The caller aborts
 * the batch (issue_abort stops the others). */
static void
worker_gone(struct issue *is, int k, struct nerr *e)
{
	int st = 0;
	pid_t p;

	/* Its socket is closed by the kernel before it is reaped. */
	while ((p = waitpid(is->wpid[k], &st, 0)) < 0 && errno == EINTR)
		;
	is->wpid[k] = -1;
	if (p > 0 && WIFSIGNALED(st))
		nerr_set(e, EX_TEMPFAIL, NULL, 0, 0, "render worker %d was "
		    "killed by signal %d; the batch was rolled back and its "
		    "files removed: run again", k + 1, WTERMSIG(st));
	else
		nerr_set(e, EX_TEMPFAIL, NULL, 0, 0, "render worker %d exited "
		    "(%d); the batch was rolled back and its files removed: "
		    "run again", k + 1, p > 0 ? WEXITSTATUS(st) : -1);
	/* issue_abort must stop the others before the temporaries go. */
	is->wout[k] = is->wout[k] ? is->wout[k] : 1;
}

/* One answer of worker k into its job.  0, or -1 with e (the worker
 * failed the document, died, or answered nonsense). */
static int
job_answer(struct issue *is, int k, struct nerr *e)
{
	struct jobres res;
	struct job *j;

	if (get_all(is->wfd[k], &res, sizeof(res)) != 0) {
		worker_gone(is, k, e);
		return -1;
	}
	is->wout[k]--;
	res.msg[sizeof(res.msg) - 1] = '\0';
	res.sha[sizeof(res.sha) - 1] = '\0';
	res.sig[sizeof(res.sig) - 1] = '\0';
	if (res.idx >= is->n || (j = is->v[res.idx].job) == NULL ||
	    !j->sent || j->done || res.srclen > ((size_t)1 << 30)) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "a render worker "
		    "answered for a document it was not given");
		return -1;
	}
	if (res.status != 0) {
		nerr_set(e, res.status, NULL, 0, 0, "%s", res.msg);
		return -1;
	}
	j->src = xmalloc(res.srclen ? res.srclen : 1);
	j->srclen = res.srclen;
	if (get_all(is->wfd[k], j->src, res.srclen) != 0) {
		worker_gone(is, k, e);
		return -1;
	}
	/* The stand-in replaced by the worker's signature. */
	if (j->hascodes == 2) {
		if (strlen(res.sig) != VCODE_SIG_SIZE - 1) {
			nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "a render worker "
			    "did not sign a document");
			return -1;
		}
		memcpy(j->payload + strlen(j->payload) - (VCODE_SIG_SIZE - 1),
		    res.sig, VCODE_SIG_SIZE);
	}
	j->done = 1;
	j->size = res.size;
	memcpy(j->sha, res.sha, sizeof(j->sha));
	return 0;
}

/* The workers' answers ready now (block: at least one, unless none is
 * awaited). */
static int
jobs_collect(struct issue *is, int block, struct nerr *e)
{
	struct pollfd pf[64];
	int n, waiting = 0;

	for (int k = 0; k < is->nw; k++) {
		pf[k].fd = is->wfd[k];
		pf[k].events = POLLIN;
		pf[k].revents = 0;
		waiting |= is->wout[k] > 0;
	}
	if (!waiting)
		return 0;
	while ((n = poll(pf, (nfds_t)is->nw, block ? -1 : 0)) < 0 &&
	    errno == EINTR)
		;
	if (n < 0) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "poll: %s", strerror(errno));
		return -1;
	}
	for (int k = 0; k < is->nw; k++) {
		if (pf[k].revents == 0)
			continue;
		/* Nothing awaited, yet readable: it ended. */
		if (is->wout[k] == 0) {
			worker_gone(is, k, e);
			return -1;
		}
		/* What came in, without waiting for what did not. */
		do {
			if (job_answer(is, k, e) != 0)
				return -1;
		} while (is->wout[k] > 0 && poll(&pf[k], 1, 0) == 1);
	}
	return 0;
}

/* The drawn documents after the last recorded, in the rows' order,
 * recorded as issue_stage records them, once at least min are (never
 * inside a row: only issue_row_end and issue_commit call it). */
static int
jobs_record(struct issue *is, size_t min, struct nerr *e)
{
	struct office *o = is->o;
	size_t end = is->rec, ready = 0;

	for (; end < is->n; end++) {
		struct job *j = is->v[end].job;

		if (j == NULL)
			continue;
		if (!j->done)
			break;
		ready++;
	}
	if (ready == 0 || ready < min)
		return 0;
	/* One savepoint for them: PostgreSQL then sends their statements
	 * together (db.h); a failure aborts the batch anyway. */
	if (reg_savepoint_late(office_reg(o), e) != 0)
		return -1;
	for (; is->rec < end; is->rec++) {
		struct job *j = is->v[is->rec].job;
		const char *rel;
		struct reg_doc doc = { 0 };

		if (j == NULL)
			continue;
		rel = is->v[is->rec].path + strlen(office_outdir(o)) + 1;
		doc.kind = j->kind;
		doc.app_id = j->app_id;
		doc.path = rel;
		doc.size = j->size;
		doc.sha = j->sha;
		doc.created = j->created;
		doc.num = j->num;
		doc.klasifikasi = j->klas;
		if (reg_doc_add(office_reg(o), &doc, e) != 0 ||
		    (j->hascodes && reg_doc_codes_add(office_reg(o), rel,
		    j->kode, j->payload, e) != 0) ||
		    reg_doc_klas(office_reg(o), rel, j->klas,
		    klas_version(office_klas(o)), e) != 0 ||
		    reg_doc_source_put(office_reg(o), rel, j->src, j->srclen,
		    e) != 0)
			return -1;
		job_free(j);
		is->v[is->rec].job = NULL;
	}
	return reg_release(office_reg(o), e);
}

/* The kept rows' documents not yet sent go to the workers: each to the
 * one with the fewest waiting, which keeps both busy to the batch's end;
 * when all hold WORKER_QUEUE, after an answer. */
static int
jobs_send(struct issue *is, struct nerr *e)
{
	for (size_t i = 0; i < is->n; i++) {
		struct job *j = is->v[i].job;
		struct jobmsg m;
		int k;

		if (j == NULL || j->sent)
			continue;
		if (is->nw == 0 && workers_start(is, e) != 0)
			return -1;
		for (;;) {
			k = (int)(is->rr % (size_t)is->nw);
			for (int q = 0; q < is->nw; q++)
				if (is->wout[q] < is->wout[k])
					k = q;
			if (is->wout[k] < WORKER_QUEUE)
				break;
			if (jobs_collect(is, 1, e) != 0)
				return -1;
		}
		is->rr++;
		m.idx = i;
		m.tmplen = strlen(is->v[i].tmp);
		m.pathlen = strlen(is->v[i].path);
		m.drawlen = j->drawlen;
		m.srclen = j->srclen;
		m.paylen = j->hascodes == 2 ? strlen(j->payload) : 0;
		if (put_all(is->wfd[k], &m, sizeof(m)) != 0 ||
		    put_all(is->wfd[k], is->v[i].tmp, m.tmplen) != 0 ||
		    put_all(is->wfd[k], is->v[i].path, m.pathlen) != 0 ||
		    put_all(is->wfd[k], j->draw, j->drawlen) != 0 ||
		    put_all(is->wfd[k], j->src, j->srclen) != 0 ||
		    put_all(is->wfd[k], j->payload, m.paylen) != 0) {
			worker_gone(is, k, e);
			return -1;
		}
		j->sent = 1;
		is->wout[k]++;
		/* The worker answers with the source deflated; a worker
		 * that dies fails the batch, which the next run redoes. */
		free(j->draw);
		j->draw = NULL;
		free(j->src);
		j->src = NULL;
		j->srclen = 0;
	}
	return 0;
}

/* Waits for every drawing of the batch, recording the documents in the
 * rows' order as they come. */
static int
jobs_run(struct issue *is, struct nerr *e)
{
	size_t left;

	if (is->nw == 0) {
		size_t njob = 0;

		for (size_t i = 0; i < is->n; i++)
			njob += is->v[i].job != NULL;
		if (njob == 0)
			return 0;
	}
	if (jobs_send(is, e) != 0)
		return -1;
	for (;;) {
		left = 0;
		for (int k = 0; k < is->nw; k++)
			left += is->wout[k];
		if (left == 0)
			break;
		if (jobs_collect(is, 1, e) != 0 ||
		    jobs_record(is, RECORD_AT, e) != 0)
			return -1;
	}
	/* Test hook (t_jobs.sh): the parent dies with every file of the
	 * batch staged and nothing committed. */
	if (crash_hook("jobs-parent"))
		raise(SIGKILL);
	if (jobs_record(is, 1, e) != 0)
		return -1;
	for (size_t i = 0; i < is->n; i++)
		if (is->v[i].job != NULL) {
			nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "a document of "
			    "the batch was not drawn");
			return -1;
		}
	return 0;
}
