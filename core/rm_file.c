#define _GNU_SOURCE /* O_TMPFILE */
#include "rm_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rm_fd.h"

int rm_file_open_read(const char *path, bool nofollow, struct rm_error *err)
{
	/* O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		int e = errno;
		rm_error_set(err, path, 0, 0, "cannot open: %s",
		             e == ELOOP && nofollow ? "it is a symlink" : strerror(e));
		errno = e;
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		rm_error_set(err, path, 0, 0, "%snot a regular file",
		             S_ISDIR(st.st_mode)    ? "a directory, "
		             : S_ISFIFO(st.st_mode) ? "a FIFO, "
		             : S_ISCHR(st.st_mode)  ? "a device, "
		                                    : "");
		errno = EINVAL;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

FILE *rm_file_fopen_read(const char *path, struct rm_error *err)
{
	int fd = rm_file_open_read(path, false, err);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	if (fd >= 0 && !f) {
		int e = errno;
		close(fd);
		rm_error_set(err, path, 0, 0, "cannot open: %s", strerror(e));
		errno = e;
	}
	return f;
}

/* A copy of path's folder name. */
static char *file_dir(const char *path)
{
	char *copy = strdup(path), *d = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	return d;
}

int rm_file_sync_dir(const char *dir, struct rm_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rm_error_set(err, dir, 0, 0, "cannot open the directory: %s",
		                    strerror(errno));
	int rc = fsync(fd) < 0 && errno != EINVAL ? -1 : 0; /* EINVAL: no fsync on dirs here */
	int e = errno;
	close(fd);
	return rc ? rm_error_set(err, dir, 0, 0, "cannot sync the directory: %s", strerror(e)) : 0;
}

int rm_file_dir_safe(const char *dir, struct rm_error *err)
{
	struct stat st;
	if (stat(dir, &st) < 0)
		return rm_error_set(err, dir, 0, 0, "cannot open the directory: %s",
		                    strerror(errno));
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
		return rm_error_set(err, dir, 0, 0,
		                    "any user can write this directory and swap its files; "
		                    "refused (chmod o-w, or chmod +t)");
	return 0;
}

/* Writes buf, sets mode and fsyncs; closes fd. */
static int file_fill(int fd, const char *path, const void *buf, size_t len, mode_t mode,
                     struct rm_error *err)
{
	int rc = 0;
	if (rm_write_all(fd, buf, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0)
		rc = rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
	if (close(fd) < 0 && !rc)
		rc = rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
	return rc;
}

int rm_file_replace(const char *path, const void *buf, size_t len, mode_t mode,
                    struct rm_error *err)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n), *dir = file_dir(path);
	if (!tmp || !dir) {
		free(tmp);
		free(dir);
		return rm_error_set(err, path, 0, 0, "out of memory");
	}
	snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC); /* O_CREAT|O_EXCL: never through a symlink */
	int rc = fd < 0 ? rm_error_set(err, path, 0, 0, "cannot create a temporary file: %s",
	                               strerror(errno))
	                : file_fill(fd, path, buf, len, mode, err);
	if (!rc && rename(tmp, path) < 0)
		rc = rm_error_set(err, path, 0, 0, "cannot rename into place: %s", strerror(errno));
	if (rc && fd >= 0)
		unlink(tmp);
	if (!rc)
		rc = rm_file_sync_dir(dir, err);
	free(tmp);
	free(dir);
	return rc;
}

int rm_file_output(const char *path, const void *buf, size_t len, struct rm_error *err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return rm_error_set(err, path, 0, 0, "cannot open: %s", strerror(errno));
		return rm_file_replace(path, buf, len, 0644, err);
	}
	if (S_ISREG(st.st_mode))
		return rm_file_replace(path, buf, len, st.st_mode & 07777, err);
	if (!S_ISCHR(st.st_mode))
		return rm_error_set(err, path, 0, 0,
		                    "not a regular file or a character device; not written");
	/* a device cannot be replaced by a rename (it would become a plain file) */
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	int rc = fd < 0 || rm_write_all(fd, buf, len) < 0
	             ? rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno))
	             : 0;
	if (fd >= 0 && close(fd) < 0 && !rc)
		rc = rm_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
	return rc;
}

int rm_file_anon(const char *path, struct rm_error *err)
{
	char *dir = file_dir(path);
	if (!dir)
		return rm_error_set(err, path, 0, 0, "out of memory");
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		rm_error_set(err, path, 0, 0, "cannot create: %s", strerror(errno));
	return fd;
}

/* Names the unnamed fd path: linked under a name nobody can guess, then renamed over path.
 * linkat never follows or replaces what is there, and rename replaces a symlink planted at
 * path without following it; linking at path itself let anyone who can write the folder
 * block every commit by keeping a symlink at NAME.commit (issue 21, 1). */
static int file_link_rename(int fd, const char *path, struct rm_error *err)
{
	char self[64], *tmp = malloc(strlen(path) + 24);
	if (!tmp)
		return rm_error_set(err, path, 0, 0, "out of memory");
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	int rc = -1;
	for (int tries = 0; rc < 0 && tries < 100; tries++) {
		unsigned long long r = 0;
		if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
			r ^= (unsigned long long)getpid() << 32 ^ (unsigned long long)tries;
		snprintf(tmp, strlen(path) + 24, "%s.%016llx", path, r);
		rc = linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
		if (rc < 0 && errno != EEXIST)
			break;
	}
	if (rc < 0)
		rc = rm_error_set(err, path, 0, 0, "cannot create: %s", strerror(errno));
	else if (rename(tmp, path) < 0) {
		rc = rm_error_set(err, path, 0, 0, "cannot rename into place: %s", strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

bool rm_file_is_link_temp(const char *name, const char *base)
{
	size_t n = strlen(base);
	if (strncmp(name, base, n) != 0 || name[n] != '.' || strlen(name + n + 1) != 16)
		return false;
	return strspn(name + n + 1, "0123456789abcdef") == 16;
}

int rm_file_link(int fd, const char *path, mode_t mode, struct rm_error *err)
{
	struct stat st;
	bool named = fstat(fd, &st) == 0 && st.st_nlink > 0;
	if (file_fill(dup(fd), path, "", 0, mode, err) < 0) {
		close(fd);
		return -1;
	}
	int rc = named ? 0 : file_link_rename(fd, path, err);
	close(fd);
	return rc;
}
