/* test_key.c -- an office's keys: made on first use with the right
 * modes, the same on every later open, one set when many processes make
 * them at once, refused when damaged, exposed or half missing, and kept
 * out of the input and output folders. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "key.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_key.XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static mode_t
mode_of(const char *fmt, const char *a)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), fmt, root, a);
	if (stat(path, &st) != 0)
		fail_msg("%s: missing", path);
	return st.st_mode & 07777;
}

static void
t_first_use(void **state)
{
	unsigned char pub[KEY_PUB_BYTES], mac[KEY_MAC_BYTES], zero[32] = { 0 };
	char dir[256];
	struct key *k;
	struct nerr e;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/first", root);
	mkdir(dir, 0700);
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	assert_string_equal(key_office(k), "35.03.13");
	memcpy(pub, key_pub(k), sizeof(pub));
	memcpy(mac, key_mac(k), sizeof(mac));
	assert_memory_not_equal(mac, zero, 32);
	/* The secret key is the seed, then the public key. */
	assert_memory_equal(key_sec(k) + 32, pub, 32);
	key_close(k);
	assert_int_equal(mode_of("%s/first/%s", "35.03.13"), 0700);
	assert_int_equal(mode_of("%s/first/35.03.13/%s", "mac.key"), 0600);
	assert_int_equal(mode_of("%s/first/35.03.13/%s", "ed25519.key"), 0600);
	/* Later opens read the same keys. */
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	assert_memory_equal(key_pub(k), pub, 32);
	assert_memory_equal(key_mac(k), mac, 32);
	key_close(k);
	/* Another office, other keys. */
	assert_non_null(k = key_open(dir, "35.03.14", &e));
	assert_memory_not_equal(key_pub(k), pub, 32);
	assert_memory_not_equal(key_mac(k), mac, 32);
	key_close(k);
	assert_null(key_open(dir, "../x", &e));
	assert_int_equal(e.status, EX_CONFIG);
	assert_null(key_open(dir, ".hidden", &e));
}

static void
expect_refused(const char *dir, const char *what)
{
	struct nerr e;

	memset(&e, 0, sizeof(e));
	if (key_open(dir, "35.03.13", &e) != NULL)
		fail_msg("%s: opened", what);
	assert_int_equal(e.status, EX_CONFIG);
	print_message("%s: %s: %s\n", what, e.file, e.msg);
}

static void
t_refused(void **state)
{
	char dir[256], path[512], cmd[600];
	struct key *k;
	struct nerr e;
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/bad", root);
	mkdir(dir, 0700);
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	key_close(k);
	snprintf(path, sizeof(path), "%s/35.03.13/mac.key", dir);
	chmod(path, 0640);
	expect_refused(dir, "group-readable");
	chmod(path, 0604);
	expect_refused(dir, "world-readable");
	chmod(path, 0600);
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	key_close(k);
	/* A byte too many, a byte too few. */
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s.bak' && printf x >> '%s'",
	    path, path, path);
	assert_int_equal(system(cmd), 0);
	expect_refused(dir, "33 bytes");
	assert_non_null(fp = fopen(path, "w"));
	fwrite("0123456789012345678901234567890", 1, 31, fp);
	fclose(fp);
	expect_refused(dir, "31 bytes");
	/* One key missing: never silently replaced. */
	unlink(path);
	expect_refused(dir, "missing");
	snprintf(cmd, sizeof(cmd), "mv '%s.bak' '%s'", path, path);
	assert_int_equal(system(cmd), 0);
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	key_close(k);
	/* A folder others may write. */
	snprintf(path, sizeof(path), "%s/35.03.13", dir);
	chmod(path, 0777);
	expect_refused(dir, "folder 0777");
	chmod(path, 0700);
	/* A symbolic link instead of the key. */
	snprintf(cmd, sizeof(cmd), "cd '%s/35.03.13' && mv ed25519.key s && "
	    "ln -s s ed25519.key", dir);
	assert_int_equal(system(cmd), 0);
	expect_refused(dir, "symlink");
}

/* Eight processes making the same office's keys at once: one set, the
 * same for all, and no temporary left. */
static void
t_race(void **state)
{
	enum { N = 8 };
	unsigned char got[N][KEY_PUB_BYTES];
	char dir[256];
	int go[2], back[N][2];
	pid_t pid[N];
	DIR *dp;
	struct dirent *de;
	int entries = 0;

	(void)state;
	for (int round = 0; round < 5; round++) {
		snprintf(dir, sizeof(dir), "%s/race%d", root, round);
		mkdir(dir, 0700);
		assert_int_equal(pipe(go), 0);
		for (int i = 0; i < N; i++) {
			assert_int_equal(pipe(back[i]), 0);
			if ((pid[i] = fork()) == 0) {
				struct key *k;
				struct nerr e;
				char c;

				close(go[1]);
				/* All start when the parent closes go. */
				if (read(go[0], &c, 1) != 0)
					_exit(2);
				if ((k = key_open(dir, "35.03.13", &e)) == NULL) {
					fprintf(stderr, "%s: %s\n", e.file, e.msg);
					_exit(1);
				}
				if (write(back[i][1], key_pub(k),
				    KEY_PUB_BYTES) != KEY_PUB_BYTES)
					_exit(3);
				key_close(k);
				_exit(0);
			}
			close(back[i][1]);
		}
		close(go[0]);
		close(go[1]);
		for (int i = 0; i < N; i++) {
			int st;

			assert_int_equal(read(back[i][0], got[i], KEY_PUB_BYTES),
			    KEY_PUB_BYTES);
			close(back[i][0]);
			assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
			assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
			assert_memory_equal(got[i], got[0], KEY_PUB_BYTES);
		}
		assert_non_null(dp = opendir(dir));
		entries = 0;
		while ((de = readdir(dp)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				entries++;
		closedir(dp);
		assert_int_equal(entries, 1);
	}
}

static void
t_dir(void **state)
{
	char in[256], out[256], got[512], want[512], real[512];
	struct nerr e;

	(void)state;
	snprintf(in, sizeof(in), "%s/kec/input", root);
	snprintf(out, sizeof(out), "%s/kec/output", root);
	unsetenv("NASKAH_KEYS");
	/* Beside the output folder, even before it exists. */
	assert_int_equal(key_dir(in, out, got, sizeof(got), &e), 0);
	snprintf(want, sizeof(want), "%s/kec/kunci", root);
	assert_string_equal(got, want);
	assert_int_equal(mode_of("%s/kec/%s", "kunci"), 0700);
	mkdir(in, 0755);
	mkdir(out, 0755);
	snprintf(want, sizeof(want), "%s/kec/output/", root);
	assert_int_equal(key_dir(in, want, got, sizeof(got), &e), 0);
	snprintf(want, sizeof(want), "%s/kec/kunci", root);
	assert_non_null(realpath(want, real));
	assert_string_equal(got, real);
	/* $NASKAH_KEYS wins. */
	snprintf(want, sizeof(want), "%s/elsewhere/keys", root);
	setenv("NASKAH_KEYS", want, 1);
	assert_int_equal(key_dir(in, out, got, sizeof(got), &e), 0);
	assert_string_equal(got, want);
	assert_int_equal(mode_of("%s/elsewhere/%s", "keys"), 0700);
	/* Never inside input or output. */
	snprintf(want, sizeof(want), "%s/kec/input/kunci", root);
	setenv("NASKAH_KEYS", want, 1);
	assert_int_equal(key_dir(in, out, got, sizeof(got), &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	setenv("NASKAH_KEYS", out, 1);
	assert_int_equal(key_dir(in, out, got, sizeof(got), &e), -1);
	assert_int_equal(e.status, EX_CONFIG);
	/* Output "." has its parent as it really is. */
	unsetenv("NASKAH_KEYS");
	assert_int_equal(chdir(out), 0);
	assert_int_equal(key_dir(in, ".", got, sizeof(got), &e), 0);
	snprintf(want, sizeof(want), "%s/kec/kunci", root);
	assert_string_equal(got, real);
	assert_int_equal(chdir("/"), 0);
	/* An empty $NASKAH_KEYS is no setting. */
	setenv("NASKAH_KEYS", "", 1);
	assert_int_equal(key_dir(in, out, got, sizeof(got), &e), 0);
	unsetenv("NASKAH_KEYS");
}

static void
t_public(void **state)
{
	unsigned char pk[KEY_PUB_BYTES];
	char dir[256], line[KEY_TEXT_SIZE], fpr[KEY_FPR_SIZE], path[512];
	char office[KEY_OFFICE_MAX];
	struct key *k;
	struct nerr e;
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/pub", root);
	mkdir(dir, 0700);
	assert_non_null(k = key_open(dir, "35.03.13", &e));
	key_pub_format("35.03.13", key_pub(k), line);
	assert_int_equal(strncmp(line, "naskah-ed25519 35.03.13 ", 24), 0);
	assert_int_equal(strlen(line), 24 + 43);
	key_fingerprint(key_pub(k), fpr);
	assert_int_equal(strlen(fpr), 39);
	for (int i = 0; i < 39; i++)
		assert_non_null(strchr(i % 5 == 4 ? " " : "0123456789abcdef",
		    fpr[i]));
	/* As printed, with the fingerprint line after it. */
	snprintf(path, sizeof(path), "%s/pub.txt", root);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "%s\nsidik jari: %s\n", line, fpr);
	fclose(fp);
	assert_int_equal(key_pub_read(path, pk, office, &e), 0);
	assert_memory_equal(pk, key_pub(k), 32);
	assert_string_equal(office, "35.03.13");
	/* The key alone, and 32 raw bytes. */
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "%s\r\n", line + 24);
	fclose(fp);
	assert_int_equal(key_pub_read(path, pk, office, &e), 0);
	assert_memory_equal(pk, key_pub(k), 32);
	assert_string_equal(office, "");
	assert_non_null(fp = fopen(path, "w"));
	fwrite(key_pub(k), 1, 32, fp);
	fclose(fp);
	assert_int_equal(key_pub_read(path, pk, office, &e), 0);
	assert_memory_equal(pk, key_pub(k), 32);
	/* Not keys. */
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "naskah-ed25519 35.03.13 %.42s\n", line + 24);
	fclose(fp);
	assert_int_equal(key_pub_read(path, pk, office, &e), -1);
	assert_int_equal(e.status, EX_DATAERR);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "naskah-ed25519 ../x %s\n", line + 24);
	fclose(fp);
	assert_int_equal(key_pub_read(path, pk, office, &e), -1);
	snprintf(path, sizeof(path), "%s/none.txt", root);
	assert_int_equal(key_pub_read(path, pk, office, &e), -1);
	assert_int_equal(e.status, EX_NOINPUT);
	key_close(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_first_use),
		cmocka_unit_test(t_refused),
		cmocka_unit_test(t_race),
		cmocka_unit_test(t_dir),
		cmocka_unit_test(t_public),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
