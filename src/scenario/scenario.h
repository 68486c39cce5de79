/*
 * scenario.h — the validated, immutable in-memory model of a scenario file.
 *
 * A scenario is what SPEC §3 describes: stations, recipes of tasks, the orders
 * that arrive and the script of the lesson. The loader (load.c) builds it from
 * YAML and checks every rule; everything downstream (the engine, the exporters,
 * the UI) may therefore trust it: indices are in range, `after` only names
 * earlier tasks, durations are whole milliseconds within the limits.
 *
 * All times are virtual milliseconds (int64_t). All strings are owned by the
 * scenario and live until scn_free().
 */
#ifndef KITCHEN_SCENARIO_H
#define KITCHEN_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

/* Limits checked by the loader (SPEC §3 and our own hardening). */
#define SCN_MAX_DURATION_MS   (24LL * 60 * 60 * 1000) /* 24 h, inclusive */
#define SCN_MAX_HELPERS       128
#define SCN_MAX_CAPACITY      1000
#define SCN_MAX_COUNT         10000000ULL
#define SCN_MAX_RETRIES       100

enum scn_mode { SCN_CONCURRENT = 0, SCN_SEQUENTIAL = 1 };
enum scn_kind { SCN_WAIT = 0, SCN_WORK = 1, SCN_HELPER = 2 };
enum scn_on_error { SCN_PROPAGATE = 0, SCN_COLLECT = 1, SCN_CANCEL = 2 };
/* How many values each has (kept out of the enumerations so that a
 * switch over one must still name every value). */
#define SCN_N_MODES      2
#define SCN_N_KINDS      3
#define SCN_N_ON_ERRORS  3
enum scn_directive_kind { SCN_DIR_SAY = 0, SCN_DIR_PAUSE = 1, SCN_DIR_ASK = 2 };

/* A position in the source file, 1-based; 0 when unknown (built in code). */
struct scn_pos {
	int line;
	int col;
};

struct scn_station {
	char *name;     /* the key in `stations` */
	char *title;    /* default: the name */
	int capacity;   /* 1..SCN_MAX_CAPACITY */
	struct scn_pos pos;
};

struct scn_task {
	char *name;             /* the key in `tasks` */
	int64_t duration_ms;    /* 0..SCN_MAX_DURATION_MS */
	enum scn_kind kind;
	int station;            /* index into scenario->stations, or -1 */
	int *after;             /* indices of earlier tasks of the same recipe */
	int n_after;
	char *say_start;        /* NULL when absent */
	char *say_done;         /* NULL when absent */
	int64_t fail_after_ms;  /* -1 when absent; else 0..duration_ms */
	double fail_chance;     /* 0 when absent; 0..1 */
	char *error;            /* message of a failure; default "failed" */
	int64_t timeout_ms;     /* -1 when absent; never set on SCN_WORK */
	int retries;            /* 0..SCN_MAX_RETRIES */
	struct scn_pos pos;     /* position of the task's key */
};

struct scn_recipe {
	char *name;             /* the key in `recipes`: what events report */
	char *title;            /* default: the name */
	enum scn_on_error on_error;
	int64_t patience_ms;    /* -1 when absent */
	struct scn_task *tasks; /* declaration order */
	int n_tasks;            /* >= 1 */
	/* Derived by the loader, for the engine: for each task, the indices of the
	 * tasks whose `after` names it, in declaration order. */
	int **dependents;
	int *n_dependents;
	struct scn_pos pos;
};

struct scn_order {
	int recipe;             /* index into scenario->recipes */
	int64_t at_ms;          /* default 0 */
	uint64_t count;         /* 1..SCN_MAX_COUNT, default 1 */
	int64_t every_ms;       /* default 0 */
	char *name;             /* label; NULL when absent */
	struct scn_pos pos;
};

/* The mode a script directive is for (SPEC §3: `mode:` on a directive). */
enum scn_directive_mode { SCN_DIR_BOTH = -1 }; /* else an enum scn_mode */

struct scn_directive {
	enum scn_directive_kind kind;
	int64_t at_ms;
	int mode;               /* SCN_DIR_BOTH, or the scn_mode it happens in */
	char *text;             /* say / ask text; NULL for pause */
	char **choices;         /* ask only */
	int n_choices;
	int answer;             /* ask only: 1-based index of the right choice */
	char *explain;          /* ask only, may be NULL */
	struct scn_pos pos;
};

/* What a player must achieve when the scenario is played as a level (SPEC
 * §3 `goal`). `kitchen run` and the export ignore it. */
struct scn_goal {
	int present;            /* the file has a goal (then at least one below) */
	int served_all;         /* served: all */
	uint64_t served;        /* served: N, 1..the scenario's orders; 0 when absent or all */
	int64_t within_ms;      /* every order ended by then; -1 when absent */
	int64_t late_max_ms;    /* no task end later than that; -1 when absent */
	struct scn_pos pos;     /* the goal's map */
};

struct scn_scenario {
	char *path;             /* the file name used in messages */
	char *title;
	char *concept;          /* may be NULL */
	char *lesson;           /* may be NULL */
	enum scn_mode mode;
	int helpers;            /* 1..SCN_MAX_HELPERS, default 4 */
	uint64_t seed;          /* default 1 */
	struct scn_station *stations;
	int n_stations;
	struct scn_recipe *recipes;
	int n_recipes;
	struct scn_order *orders;   /* file order */
	int n_orders;
	struct scn_directive *script; /* file order */
	int n_script;
	struct scn_goal goal;
	char *source;           /* the YAML text it was read from (for exports) */
	size_t source_len;
};

/* Frees a scenario and everything it owns. NULL is fine. */
void scn_free(struct scn_scenario *s);

/* Total number of orders the scenario makes (sum of counts). */
uint64_t scn_total_orders(const struct scn_scenario *s);

/* The latest scheduled arrival (at + (count - 1) * every) of any order,
 * in ms; 0 when there are none. */
int64_t scn_last_arrival(const struct scn_scenario *s);

/* How long one attempt of the task lasts before it ends or fails on its
 * own: fail_after when set, else its duration (SPEC §4), in ms. */
int64_t scn_attempt_ms(const struct scn_task *t);

/* Whether script directive `d` happens in runs of mode `m`. */
int scn_directive_applies(const struct scn_directive *d, enum scn_mode m);

/* The words for each value of the enumerations, indexed by it and ended
 * by NULL: what a scenario file, --mode, the transcripts and the
 * recordings write. */
extern const char *const scn_mode_names[SCN_N_MODES + 1];     /* "concurrent", "sequential" */
extern const char *const scn_kind_names[SCN_N_KINDS + 1];     /* "wait", "work", "helper" */
extern const char *const scn_on_error_names[SCN_N_ON_ERRORS + 1]; /* "propagate", ... */

/* The word for one value ("?" for a value out of range). */
const char *scn_kind_name(enum scn_kind k);
const char *scn_mode_name(enum scn_mode m);
const char *scn_on_error_name(enum scn_on_error e);

#endif
