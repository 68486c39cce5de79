/*
 * scores.h — the best score of each level, kept between games.
 *
 * One file, scores.jsonl in the kitchen's data directory (base/files.h:
 * $XDG_DATA_HOME/kitchen, by default ~/.local/share/kitchen), one JSON
 * object a line:
 *
 *   {"level":"coffee","sha256":"<the scenario's>","best":70,"served":1,"orders":1}
 *
 * A level is known by the SHA-256 of its scenario's text, so a changed
 * file is a new level; "level" is its name for people. The file is
 * replaced whole and safely (base_replace_file) when a score beats the
 * best. A file that cannot be read as this format is never overwritten:
 * the caller gets "FILE:LINE: error: ..." to show, and the game goes on.
 */
#ifndef KITCHEN_LEVEL_SCORES_H
#define KITCHEN_LEVEL_SCORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LVL_SCORES_MAX_BYTES (16u << 20)

struct lvl_best {
	bool known;             /* a score was kept for this level */
	int64_t score;
};

/* The path of the scores file (in the data directory). Returns 0, or -1
 * with a message in `err`. */
int lvl_scores_path(char *buf, size_t cap, char *err, size_t errcap);

/* The best kept for the level of scenario hash `sha256` in the file at
 * `path` (a missing file: nothing kept). Returns 0, or -1 with a message
 * in `err`. */
int lvl_best_read(const char *path, const char *sha256, struct lvl_best *out,
		  char *err, size_t errcap);

/*
 * Keeps `score` for level `name` (scenario hash `sha256`) when it beats the
 * best so far (or none was kept): makes the data directory if needed and
 * replaces the file. *before gets the best before this game. Returns 1
 * when the score is the new best, 0 when it is not, -1 with a message in
 * `err` (nothing written).
 */
int lvl_best_keep(const char *path, const char *name, const char *sha256,
		  int64_t score, uint64_t served, uint64_t orders,
		  struct lvl_best *before, char *err, size_t errcap);

#endif
