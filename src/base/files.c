/*
 * files.c — the data directory, directories made on demand, whole files
 * read and replaced safely (files.h).
 */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int base_data_dir(char *buf, size_t cap, char *err, size_t errcap)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	int n;
	if (xdg && xdg[0] == '/') {
		n = snprintf(buf, cap, "%s/kitchen", xdg);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			snprintf(err, errcap, "no data directory: neither XDG_DATA_HOME "
				 "nor HOME is set");
			return -1;
		}
		n = snprintf(buf, cap, "%s/.local/share/kitchen", home);
	}
	if (n < 0 || (size_t)n >= cap) {
		snprintf(err, errcap, "the data directory's name is too long");
		return -1;
	}
	return 0;
}

int base_make_dirs(const char *path, char *err, size_t errcap)
{
	char p[4096];
	size_t n = strlen(path);
	if (n >= sizeof p) {
		snprintf(err, errcap, "cannot make %s: name too long", path);
		return -1;
	}
	memcpy(p, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		struct stat st;
		if (stat(p, &st) != 0) {
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				snprintf(err, errcap, "cannot make %s: %s", p, strerror(errno));
				return -1;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errcap, "cannot make %s: a file of that name is in the way", p);
			return -1;
		}
		p[i] = c;
	}
	return 0;
}

int base_replace_file(const char *path, const void *data, size_t len,
		      char *err, size_t errcap)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.new-XXXXXX", path) >= (int)sizeof tmp) {
		snprintf(err, errcap, "cannot write %s: name too long", path);
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

int base_read_file(const char *path, size_t max, char **out, size_t *len,
		   char *err, size_t errcap)
{
	*out = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errcap, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errcap, "cannot read %s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(err, errcap, "cannot read %s: larger than %zu bytes", path, max);
		close(fd);
		return -1;
	}
	int rc = base_read_fd(fd, max, (size_t)st.st_size + 1, out, len);
	if (rc && errno == EFBIG)
		snprintf(err, errcap, "cannot read %s: larger than %zu bytes", path, max);
	else if (rc)
		snprintf(err, errcap, "cannot read %s: %s", path,
			 errno == ENOMEM ? "out of memory" : strerror(errno));
	close(fd);
	return rc;
}

int base_read_fd(int fd, size_t max, size_t room, char **out, size_t *len)
{
	size_t cap = room ? room : 1, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		if (n == cap) {         /* full: stop past max, else grow */
			if (n > max)
				break;
			char *more = realloc(buf, cap * 2 + 1);
			if (!more) {
				free(buf);
				errno = ENOMEM;
				return -1;
			}
			buf = more;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			errno = e;
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}
