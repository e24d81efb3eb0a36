/* issue.c -- keeps the promise that the register and the files on disk
 * agree: files are staged under a temporary name, the register commits
 * their numbers and records, then the names become final.  The one owner
 * of the register's transaction and savepoints. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsio.h"
#include "issue.h"
#include "manifest.h"
#include "num.h"
#include "sha256.h"
#include "vcode.h"
#include "xmem.h"

struct job;

struct staged {
	char		*tmp, *path;
	struct job	*job;	/* drawn by a worker at the batch's end */
};

struct issue {
	struct office	*o;
	struct staged	*v;
	size_t		 n, cap;
	size_t		 mark;		/* staged before the row began */
	int		 jobs;		/* render workers (issue_set_jobs) */
};

static void	job_free(struct job *);
static int	jobs_run(struct issue *, struct nerr *);

struct issue *
issue_new(struct office *o)
{
	struct issue *is = xcalloc(1, sizeof(*is));

	is->o = o;
	is->jobs = 1;
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
	if (issue_begin(is, e) != 0 || reg_savepoint(office_reg(is->o), e) != 0)
		return -1;
	is->mark = is->n;
	return 0;
}

int
issue_row_end(struct issue *is, int undo, struct nerr *e)
{
	if (!undo)
		return reg_release(office_reg(is->o), e);
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
		if (fs_mkdirs(dir, e) != 0)
			return -1;
	}
	/* Checked before the number is committed, so a clash stops the run
	 * with nothing issued rather than after COMMIT. */
	if (access(path, F_OK) == 0) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "already exists but the "
		    "register does not list it (was register.db restored from "
		    "an older backup?); nothing was overwritten");
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

	if (!reg_in_tx(office_reg(o)) && is->n == 0)
		return 0;
	/* The deferred documents drawn and recorded, or nothing of the
	 * batch is. */
	if (jobs_run(is, e) != 0) {
		issue_abort(is);
		return -1;
	}
	/* The files must be on disk before the register says they exist:
	 * one syncfs for the batch instead of one fsync per file. */
	if (is->n > 0 && fs_sync_fs(office_outdir(o), e) != 0) {
		issue_abort(is);
		return -1;
	}
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
	/* The months' manifests from the register, now that the files
	 * have their names (a crash before: office_open writes them). */
	return manifest_flush(office_reg(o), office_outdir(o), e);
}

void
issue_abort(struct issue *is)
{
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
	free(is->v);
	free(is);
}

/*
 * --jobs (issue 15): the parent numbers, fills, lays out and records
 * each document as one worker would, in the rows' order, but leaves its
 * drawing for the batch's end (issue_defer), when N forked workers draw
 * the documents' sources (office_render_source, the bytes office_render
 * makes) into their temporaries; the parent alone talks to the register
 * and records them in order.  A worker that fails or dies fails the
 * batch: rolled back, its temporaries removed, redone by the next run.
 */
struct job {
	void		*src;		/* office_source's, a copy */
	size_t		 srclen;
	char		*kind, *created, *klas;
	long		 app_id;
	struct reg_num	 num;
	char		 kode[VCODE_SHORT_SIZE];
	char		*payload;	/* NULL: no codes */
	int		 hascodes;
	size_t		 size;		/* drawn: the file's */
	char		 sha[65];
};

/* A worker's answer on the shared pipe: written whole (< PIPE_BUF). */
struct jobres {
	size_t	idx;
	size_t	size;
	int	status;			/* 0 drawn; else e's */
	char	sha[65];
	char	msg[512];
};

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	free(j->src);
	free(j->kind);
	free(j->created);
	free(j->klas);
	free(j->payload);
	free(j);
}

void
issue_set_jobs(struct issue *is, int n)
{
	is->jobs = n < 1 ? 1 : n;
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
	const void *src;
	struct job *j;
	size_t srclen;

	if ((src = office_source(o, &srclen)) == NULL) {
		nerr_set(e, EX_SOFTWARE, rel, 0, 0, "no source to draw");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", office_outdir(o), rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		if (fs_mkdirs(dir, e) != 0)
			return -1;
	}
	if (access(path, F_OK) == 0) {
		nerr_set(e, EX_SOFTWARE, path, 0, 0, "already exists but the "
		    "register does not list it (was register.db restored from "
		    "an older backup?); nothing was overwritten");
		return -1;
	}
	fs_tmpname(path, tmp, sizeof(tmp));
	j = xcalloc(1, sizeof(*j));
	j->src = xmalloc(srclen);
	memcpy(j->src, src, srclen);
	j->srclen = srclen;
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
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
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

/* Worker k of n: draws jobs i = k (mod n) into their temporaries and
 * answers each on fd.  Never returns; never touches the register. */
static void
worker(struct issue *is, int k, int n, int fd)
{
	const char *crash = getenv("NASKAH_TEST_CRASH");
	size_t done = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(EX_SOFTWARE);
	own_files();
	for (size_t i = 0, seq = 0; i < is->n; i++) {
		struct job *j = is->v[i].job;
		struct jobres res;
		struct nerr e = { 0 };
		struct out w = { 0 };
		int rc;

		if (j == NULL || seq++ % (size_t)n != (size_t)k)
			continue;
		/* Test hook (t_jobs.sh): the first worker dies mid-batch,
		 * after it staged a file, as SIGKILL would. */
		if (crash != NULL && !strcmp(crash, "worker") && k == 0 &&
		    done == 1)
			raise(SIGKILL);
		memset(&res, 0, sizeof(res));
		res.idx = i;
		rc = office_render_source(is->o, j->src, j->srclen,
		    is->v[i].path, &e);
		if (rc == 0 && (w.t = fs_tmp_open(is->v[i].tmp, &e)) == NULL) {
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
			res.status = e.status ? e.status : EX_SOFTWARE;
			snprintf(res.msg, sizeof(res.msg), "%s%s%s",
			    e.file[0] ? e.file : "", e.file[0] ? ": " : "",
			    e.msg);
		}
		if (put_all(fd, &res, sizeof(res)) != 0 || rc != 0)
			_exit(EX_SOFTWARE);
		done++;
	}
	_exit(0);
}

static int
jobs_run(struct issue *is, struct nerr *e)
{
	struct office *o = is->o;
	struct jobres res;
	pid_t pid[64];
	size_t njob = 0, got = 0, have = 0;
	int fd[2], n, k, st, bad = 0;
	unsigned char *seen;

	for (size_t i = 0; i < is->n; i++)
		njob += is->v[i].job != NULL;
	if (njob == 0)
		return 0;
	n = is->jobs > 64 ? 64 : is->jobs;
	if ((size_t)n > njob)
		n = (int)njob;
	if (pipe(fd) != 0) {
		nerr_set(e, EX_OSERR, NULL, 0, 0, "pipe: %s", strerror(errno));
		return -1;
	}
	/* Nothing buffered for stdio to write twice. */
	fflush(NULL);
	for (k = 0; k < n; k++) {
		if ((pid[k] = fork()) < 0) {
			nerr_set(e, EX_OSERR, NULL, 0, 0, "fork: %s",
			    strerror(errno));
			bad = 1;
			break;
		}
		if (pid[k] == 0) {
			close(fd[0]);
			worker(is, k, n, fd[1]);
		}
	}
	close(fd[1]);
	seen = xcalloc(is->n, 1);
	for (;;) {
		ssize_t r = read(fd[0], (char *)&res + have,
		    sizeof(res) - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if ((have += (size_t)r) < sizeof(res))
			continue;
		have = 0;
		if (res.idx >= is->n || is->v[res.idx].job == NULL ||
		    seen[res.idx])
			continue;
		if (res.status != 0) {
			if (!bad)
				nerr_set(e, res.status, NULL, 0, 0, "%s",
				    res.msg);
			bad = 1;
			continue;
		}
		seen[res.idx] = 1;
		got++;
		/* Recorded below, in the rows' order. */
		is->v[res.idx].job->size = res.size;
		memcpy(is->v[res.idx].job->sha, res.sha, sizeof(res.sha));
	}
	close(fd[0]);
	for (int i = 0; i < k; i++) {
		while (waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			if (!bad)
				nerr_set(e, EX_TEMPFAIL, NULL, 0, 0, "a render "
				    "worker %s %d; the batch was rolled back "
				    "and its files removed: run again",
				    WIFSIGNALED(st) ? "was killed by signal" :
				    "exited with", WIFSIGNALED(st) ?
				    WTERMSIG(st) : WEXITSTATUS(st));
			bad = 1;
		}
	}
	free(seen);
	if (!bad && got != njob) {
		nerr_set(e, EX_SOFTWARE, NULL, 0, 0, "the render workers drew "
		    "%zu of %zu documents", got, njob);
		bad = 1;
	}
	if (bad)
		return -1;
	/* Test hook (t_jobs.sh): the parent dies with every file of the
	 * batch staged and nothing committed. */
	if (crash_hook("jobs-parent"))
		raise(SIGKILL);
	for (size_t i = 0; i < is->n; i++) {
		struct job *j = is->v[i].job;
		const char *rel = is->v[i].path + strlen(office_outdir(o)) + 1;
		struct reg_doc doc = { .kind = j ? j->kind : NULL,
		    .app_id = j ? j->app_id : 0, .path = rel,
		    .size = j ? j->size : 0, .sha = j ? j->sha : NULL,
		    .created = j ? j->created : NULL, .num = j ? j->num :
		    (struct reg_num){ 0, 0 }, .klasifikasi = j ? j->klas :
		    NULL };

		if (j == NULL)
			continue;
		/* As issue_stage records it. */
		if (reg_doc_add(office_reg(o), &doc, e) != 0 ||
		    (j->hascodes && reg_doc_codes_add(office_reg(o), rel,
		    j->kode, j->payload, e) != 0) ||
		    reg_doc_klas(office_reg(o), rel, j->klas,
		    klas_version(office_klas(o)), e) != 0 ||
		    reg_doc_source_put(office_reg(o), rel, j->src, j->srclen,
		    e) != 0)
			return -1;
		job_free(j);
		is->v[i].job = NULL;
	}
	return 0;
}
