/*
 * files.h — where the kitchen keeps what it writes for a user (recordings
 * of games, best scores), and writing a file so that it is never seen
 * half-written.
 *
 * The data directory follows the XDG Base Directory rules:
 * $XDG_DATA_HOME/kitchen when XDG_DATA_HOME is set to an absolute path,
 * else ~/.local/share/kitchen ($HOME). New directories are made with mode
 * 0700, as the rules ask.
 */
#ifndef KITCHEN_BASE_FILES_H
#define KITCHEN_BASE_FILES_H

#include <stddef.h>

/* The kitchen's data directory (not created). Returns 0, or -1 with a
 * message in `err` when neither XDG_DATA_HOME nor HOME gives one. */
int base_data_dir(char *buf, size_t cap, char *err, size_t errcap);

/* Makes `path` and its missing parents (mode 0700). Returns 0, or -1 with
 * a message in `err` ("cannot make DIR: REASON"). */
int base_make_dirs(const char *path, char *err, size_t errcap);

/*
 * Replaces the file at `path` with `len` bytes: written to a new file
 * beside it, flushed to the disk, then renamed over it, so a reader (or a
 * crash) sees the old file or the new one, never a mix. Returns 0, or -1
 * with a message in `err` (the old file is then untouched).
 */
int base_replace_file(const char *path, const void *data, size_t len,
		      char *err, size_t errcap);

/*
 * Reads the whole regular file at `path`, at most `max` bytes, into a new
 * NUL-terminated buffer (*out, *len; the caller frees). Returns 0; 1 when
 * the file does not exist (*out NULL); -1 with a message in `err`.
 */
int base_read_file(const char *path, size_t max, char **out, size_t *len,
		   char *err, size_t errcap);

/*
 * Reads `fd` to its end into a new NUL-terminated buffer (*out, *len; the
 * caller frees), with room for `room` bytes at first. Returns 0, or -1
 * with errno: EFBIG when it holds more than `max` bytes (it stops reading
 * soon after), ENOMEM, or what read() failed with.
 */
int base_read_fd(int fd, size_t max, size_t room, char **out, size_t *len);

#endif
