/*
 * load.c — SPEC §3: a YAML node tree (tree.c) checked key by key into the
 * immutable scn_scenario model, and the loader's public API (load.h).
 *
 * The validator never stops at the first problem: each section, entry and
 * key is checked on its own and every problem becomes a diagnostic at the
 * node it is about; a missing key is reported where its mapping starts. The
 * model is built along the way and thrown away when anything was reported,
 * so callers only ever see a scenario that satisfies every rule.
 *
 * Every YAML scalar is text; its meaning comes from where it stands: a
 * duration, a whole number, one of a few words, a name or free text. So
 * `say: yes` says "yes" and `count: "3"` is 3. An empty value (`key:` with
 * nothing after it) is YAML's null: for a map or a list it means empty,
 * anywhere else it is reported as a key with no value.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/suggest.h"
#include "builtin.h"
#include "duration.h"
#include "internal.h"
#include "load.h"

/* Work allowed for "did you mean" over one file, in edit-distance cells. */
#define SUGGEST_BUDGET 50000000u
/* Names listed in a message when nothing close was found. */
#define LIST_NAMES 8

/* A table of names (stations, recipes, one recipe's tasks): sorted for
 * look-ups, and in declaration order for suggestions and lists. */
struct names {
	struct name_ref {
		const char *name;
		int idx;
	} *sorted;
	const char **decl;
	size_t n;
};

struct ld {
	struct scn_diags *d;
	struct scn_scenario *s;
	uint64_t budget;
	int oom;
	int orders_ok;          /* `orders` loaded without a problem */
	struct names stations, recipes;
};

typedef char label_t[SCN__SHOW + 64];


/* ---- the little things ---------------------------------------------- */

static const char *show(const struct scn__node *n, char *buf)
{
	return scn__show(n->text, n->len, buf);
}

static const char *show_str(const char *s, char *buf)
{
	return scn__show(s, strlen(s), buf);
}

static char *dup_str(struct ld *ld, const char *s)
{
	char *c = strdup(s);
	if (!c)
		ld->oom = 1;
	return c;
}

static void *alloc(struct ld *ld, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		ld->oom = 1;
	return p;
}

/* "a, b or c" (cut after `max` names with ", ..."). */
static const char *join(const char *const *names, size_t n, size_t max,
			const char *last, char *buf, size_t cap)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && o < cap; i++) {
		char shown[SCN__SHOW];
		if (i == max) {
			snprintf(buf + o, cap - o, ", ...");
			break;
		}
		const char *sep = i == 0 ? "" : i + 1 == n ? last : ", ";
		int w = snprintf(buf + o, cap - o, "%s%s", sep,
				 show_str(names[i], shown));
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return buf;
}

static int is_map(const struct scn__node *n)
{
	return n->type == SCN__MAP || scn__is_null(n);
}

static int is_seq(const struct scn__node *n)
{
	return n->type == SCN__SEQ || scn__is_null(n);
}

static size_t good_pairs(const struct scn__node *m)
{
	size_t n = 0;
	if (m->type == SCN__MAP)
		for (size_t i = 0; i + 1 < m->n; i += 2)
			n += !m->kids[i]->bad_key;
	return n;
}

static int key_is(const struct scn__node *k, const char *name)
{
	size_t len = strlen(name);
	return k->len == len && !memcmp(k->text, name, len);
}

/*
 * Takes the known keys of map `m` into vals[] / keys_at[] (NULL when
 * absent) and reports every other key, with a suggestion when one of the
 * known keys is close. `where` completes the messages ("in task 'grind'").
 */
static void take_keys(struct ld *ld, const struct scn__node *m,
		      const char *const *keys, size_t nkeys,
		      const struct scn__node **vals,
		      const struct scn__node **keys_at, const char *where)
{
	for (size_t k = 0; k < nkeys; k++) {
		vals[k] = NULL;
		if (keys_at)
			keys_at[k] = NULL;
	}
	if (m->type != SCN__MAP)
		return;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct scn__node *key = m->kids[i];
		if (key->bad_key)
			continue;
		size_t k = 0;
		while (k < nkeys && !key_is(key, keys[k]))
			k++;
		if (k < nkeys) {
			vals[k] = m->kids[i + 1];
			if (keys_at)
				keys_at[k] = key;
			continue;
		}
		char shown[SCN__SHOW], list[512];
		const char *near = memchr(key->text, '\0', key->len) ? NULL :
			base_suggest(key->text, keys, nkeys, &ld->budget);
		if (key_is(key, "<<"))
			scn__diag(ld->d, key->line, key->col,
				  "merge keys ('<<') are not supported: write "
				  "the keys out");
		else if (near)
			scn__diag(ld->d, key->line, key->col,
				  "unknown key '%s' %s; did you mean '%s'?",
				  show(key, shown), where, near);
		else
			scn__diag(ld->d, key->line, key->col,
				  "unknown key '%s' %s; expected %s",
				  show(key, shown), where,
				  join(keys, nkeys, nkeys, " or ", list, sizeof list));
	}
}

static void missing(struct ld *ld, const struct scn__node *m, const char *key,
		    const char *where)
{
	scn__diag(ld->d, m->line, m->col, "missing key '%s' %s", key, where);
}

/* Reports control characters: none at all in names, tabs and line breaks
 * allowed in texts. Returns 0 when clean. */
static int check_chars(struct ld *ld, const struct scn__node *n,
		       const char *label, int is_name)
{
	const unsigned char *p = (const unsigned char *)n->text;
	for (size_t i = 0; i < n->len; i++) {
		unsigned c = p[i];
		if (c == 0xC2 && i + 1 < n->len && p[i + 1] >= 0x80 &&
		    p[i + 1] < 0xA0)
			c = p[i + 1];
		else if ((c >= 0x20 && c != 0x7F) ||
			 (!is_name && (c == '\t' || c == '\n')))
			continue;
		scn__diag(ld->d, n->line, n->col,
			  "%s contains a control character (U+%04X)%s", label,
			  c, is_name ? "" : "; only tabs and line breaks are "
			  "allowed in a text");
		return -1;
	}
	return 0;
}

/* Reports "LABEL must be NOUN, not a list" at node n. */
static void wrong_type(struct ld *ld, const struct scn__node *n,
		       const char *label, const char *noun)
{
	scn__diag(ld->d, n->line, n->col, "%s must be %s, not %s", label, noun,
		  scn__type_noun(n));
}

static int check_scalar(struct ld *ld, const struct scn__node *n,
			const char *label, const char *noun)
{
	if (n->type != SCN__SCALAR) {
		wrong_type(ld, n, label, noun);
		return -1;
	}
	if (scn__is_null(n)) {
		scn__diag(ld->d, n->line, n->col, "%s has no value", label);
		return -1;
	}
	return 0;
}

/* A free text (title, say_start, ...): non-empty, no control characters
 * but tabs and line breaks. *out is a new string, or left alone. */
static int get_text(struct ld *ld, const struct scn__node *n,
		    const char *label, char **out)
{
	if (check_scalar(ld, n, label, "a text"))
		return -1;
	if (n->len == 0) {
		scn__diag(ld->d, n->line, n->col, "%s is empty", label);
		return -1;
	}
	if (check_chars(ld, n, label, 0))
		return -1;
	char *t = dup_str(ld, n->text);
	if (!t)
		return -1;
	free(*out);
	*out = t;
	return 0;
}

/* The name of a station, recipe or task (a map key), and in *pos where it
 * stands. */
static char *get_name(struct ld *ld, const struct scn__node *key,
		      const char *what, struct scn_pos *pos)
{
	pos->line = key->line;
	pos->col = key->col;
	char shown[SCN__SHOW];
	label_t label;
	snprintf(label, sizeof label, "%s name '%s'", what, show(key, shown));
	if (check_chars(ld, key, label, 1) == 0) {
		size_t chars = 0;
		for (size_t i = 0; i < key->len; i++)
			chars += ((unsigned char)key->text[i] & 0xC0) != 0x80;
		if (chars > SCN_MAX_NAME_CHARS)
			scn__diag(ld->d, key->line, key->col,
				  "%s is longer than %d characters", label,
				  SCN_MAX_NAME_CHARS);
	}
	return dup_str(ld, key->text);
}

static int get_uint(struct ld *ld, const struct scn__node *n,
		    const char *label, uint64_t min, uint64_t max,
		    uint64_t *out)
{
	if (check_scalar(ld, n, label, "a whole number"))
		return -1;
	uint64_t v = 0;
	int ok = n->len > 0;
	for (size_t i = 0; ok && i < n->len; i++) {
		unsigned d = (unsigned)(n->text[i] - '0');
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			ok = 0;
		else
			v = v * 10 + d;
	}
	if (!ok || v < min || v > max) {
		char shown[SCN__SHOW];
		scn__diag(ld->d, n->line, n->col,
			  "%s must be a whole number from %" PRIu64 " to %"
			  PRIu64 ", not '%s'", label, min, max, show(n, shown));
		return -1;
	}
	*out = v;
	return 0;
}

static int get_int(struct ld *ld, const struct scn__node *n,
		   const char *label, int min, int max, int *out)
{
	uint64_t v;
	if (get_uint(ld, n, label, (uint64_t)min, (uint64_t)max, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static int get_duration(struct ld *ld, const struct scn__node *n,
			const char *label, int64_t *out)
{
	if (check_scalar(ld, n, label, "a duration like 3s"))
		return -1;
	const char *why = "not a duration (write e.g. 250ms, 1.5s or 2min)";
	int64_t ms;
	if (strlen(n->text) == n->len && scn_parse_duration(n->text, &ms, &why) == 0) {
		*out = ms;
		return 0;
	}
	char shown[SCN__SHOW];
	scn__diag(ld->d, n->line, n->col, "invalid duration '%s' for %s: %s",
		  show(n, shown), label, why);
	return -1;
}

/* One of a few words (kind, mode, on_error). */
static int get_word(struct ld *ld, const struct scn__node *n,
		    const char *label, const char *what,
		    const char *const *words, size_t nwords, int *out)
{
	char list[256], shown[SCN__SHOW];
	join(words, nwords, nwords, " or ", list, sizeof list);
	char noun[300];
	snprintf(noun, sizeof noun, "one of %s", list);
	if (check_scalar(ld, n, label, noun))
		return -1;
	for (size_t i = 0; i < nwords; i++)
		if (key_is(n, words[i])) {
			*out = (int)i;
			return 0;
		}
	const char *near = memchr(n->text, '\0', n->len) ? NULL :
		base_suggest(n->text, words, nwords, &ld->budget);
	if (near)
		scn__diag(ld->d, n->line, n->col,
			  "unknown %s '%s'; did you mean '%s'?", what,
			  show(n, shown), near);
	else
		scn__diag(ld->d, n->line, n->col, "unknown %s '%s' (use %s)",
			  what, show(n, shown), list);
	return -1;
}

/* A probability: a decimal number from 0 to 1, read without strtod (which
 * follows the locale) and without rounding surprises at the ends. */
static int get_fraction(struct ld *ld, const struct scn__node *n,
			const char *label, double *out)
{
	if (check_scalar(ld, n, label, "a number from 0 to 1"))
		return -1;
	const char *p = n->text, *end = n->text + n->len;
	int whole = 0, digits = 0, ok = 1;
	while (p < end && *p >= '0' && *p <= '9') {
		whole = whole > 1 ? 2 : whole * 10 + (*p - '0');
		p++;
		digits++;
	}
	uint64_t f = 0, scale = 1;
	int nonzero_frac = 0;
	if (p < end && *p == '.') {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			digits++;
			nonzero_frac |= *p != '0';
			if (scale < 1000000000000000ULL) {
				f = f * 10 + (uint64_t)(*p - '0');
				scale *= 10;
			}
		}
	}
	if (p != end || digits == 0 || whole > 1 || (whole == 1 && nonzero_frac))
		ok = 0;
	if (!ok) {
		char shown[SCN__SHOW];
		scn__diag(ld->d, n->line, n->col,
			  "%s must be a number from 0 to 1, not '%s'", label,
			  show(n, shown));
		return -1;
	}
	*out = whole == 1 ? 1.0 : (double)f / (double)scale;
	return 0;
}

static int get_true(struct ld *ld, const struct scn__node *n,
		    const char *label)
{
	if (check_scalar(ld, n, label, "true"))
		return -1;
	if (key_is(n, "true") || key_is(n, "True") || key_is(n, "TRUE"))
		return 0;
	char shown[SCN__SHOW];
	if (key_is(n, "false") || key_is(n, "False") || key_is(n, "FALSE"))
		scn__diag(ld->d, n->line, n->col,
			  "%s: false does nothing; write true, or leave the "
			  "directive out", label);
	else
		scn__diag(ld->d, n->line, n->col, "%s must be true, not '%s'",
			  label, show(n, shown));
	return -1;
}

/* ---- name tables ---------------------------------------------------- */

static int cmp_ref(const void *a, const void *b)
{
	return strcmp(((const struct name_ref *)a)->name,
		      ((const struct name_ref *)b)->name);
}

/* `get(obj, i)` for i < n gives the i-th name (NULL to leave it out). */
static void names_build(struct ld *ld, struct names *t, size_t n,
			const char *(*get)(const void *, size_t),
			const void *obj)
{
	memset(t, 0, sizeof *t);
	t->sorted = alloc(ld, n, sizeof *t->sorted);
	t->decl = alloc(ld, n, sizeof *t->decl);
	if (!t->sorted || !t->decl)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = get(obj, i);
		if (!name)
			continue;
		t->sorted[k].name = name;
		t->sorted[k].idx = (int)i;
		t->decl[k] = name;
		k++;
	}
	t->n = k;
	qsort(t->sorted, k, sizeof *t->sorted, cmp_ref);
}

static void names_close(struct names *t)
{
	free(t->sorted);
	free(t->decl);
	memset(t, 0, sizeof *t);
}

static int names_find(const struct names *t, const char *name)
{
	if (!t->sorted)
		return -1;
	struct name_ref key = { name, 0 };
	const struct name_ref *r = bsearch(&key, t->sorted, t->n,
					   sizeof *t->sorted, cmp_ref);
	return r ? r->idx : -1;
}

static const char *station_name(const void *obj, size_t i)
{
	return ((const struct scn_station *)obj)[i].name;
}

static const char *recipe_name(const void *obj, size_t i)
{
	return ((const struct scn_recipe *)obj)[i].name;
}

static const char *task_name(const void *obj, size_t i)
{
	return ((const struct scn_task *)obj)[i].name;
}

/*
 * Resolves a reference to a station or a recipe. Returns its index, or -1
 * after reporting "unknown station 'griner'; did you mean 'grinder'?" (or
 * the names there are).
 */
static int get_ref(struct ld *ld, const struct scn__node *n, const char *label,
		   const struct names *t, const char *what, const char *plural)
{
	if (check_scalar(ld, n, label, "a name"))
		return -1;
	int idx = memchr(n->text, '\0', n->len) ? -1 : names_find(t, n->text);
	if (idx >= 0)
		return idx;
	char shown[SCN__SHOW], list[2048];
	const char *near = memchr(n->text, '\0', n->len) ? NULL :
		base_suggest(n->text, t->decl, t->n, &ld->budget);
	if (near)
		scn__diag(ld->d, n->line, n->col,
			  "unknown %s '%s'; did you mean '%s'?", what,
			  show(n, shown), show_str(near, list));
	else if (t->n == 0)
		scn__diag(ld->d, n->line, n->col,
			  "unknown %s '%s': the scenario has no %s", what,
			  show(n, shown), plural);
	else
		scn__diag(ld->d, n->line, n->col,
			  "unknown %s '%s'; the %s are: %s", what,
			  show(n, shown), plural,
			  join(t->decl, t->n, LIST_NAMES, ", ", list, sizeof list));
	return -1;
}

/* ---- sections of entries -------------------------------------------- */

/* A section that holds entries: a map of names to entries (stations,
 * recipes, a recipe's tasks) or a list (orders, the script). */
struct section {
	const char *key;        /* as messages quote it: "'stations'" */
	bool named;             /* a map of names to entries, else a list */
	const char *shape;      /* what it must be: "a map of station names to
				   capacities" */
	const char *needs;      /* the message when it is empty, or NULL: it
				   may be */
};

/* How many entries section `v` has: the pairs of a map whose key was not
 * reported already, the items of a list. 0 after reporting that it is not
 * the map or list `sec` says, or that it is empty when it may not be (a
 * map left empty by keys reported already, a list as a key..., is not
 * worth a second message). */
static size_t section_size(struct ld *ld, const struct scn__node *v,
			   const struct section *sec)
{
	if (sec->named ? !is_map(v) : !is_seq(v)) {
		wrong_type(ld, v, sec->key, sec->shape);
		return 0;
	}
	size_t n = sec->named ? good_pairs(v) : v->n;
	if (n == 0 && v->n == 0 && sec->needs)
		scn__diag(ld->d, v->line, v->col, "%s", sec->needs);
	return n;
}

/* Loads one entry of a section into `entry`: `key` is its name in a map
 * (NULL in a list), `v` its value. */
typedef void load_entry_fn(struct ld *ld, void *entry,
			   const struct scn__node *key,
			   const struct scn__node *v);

/* Section `v` as a new array of its entries, `size` bytes each, each
 * loaded by `load` in order; *n is set to their number. NULL when it has
 * none, is not what `sec` says or memory ran out. */
static void *load_section(struct ld *ld, const struct scn__node *v,
			  const struct section *sec, size_t size,
			  load_entry_fn *load, int *n)
{
	size_t count = section_size(ld, v, sec);
	char *entries = count ? alloc(ld, count, size) : NULL;
	if (!entries)
		return NULL;
	*n = (int)count;
	size_t k = 0, step = sec->named ? 2 : 1;
	for (size_t i = 0; i + step <= v->n; i += step) {
		const struct scn__node *key = sec->named ? v->kids[i] : NULL;
		if (!key || !key->bad_key)
			load(ld, entries + k++ * size, key, v->kids[i + step - 1]);
	}
	return entries;
}

/* ---- stations ------------------------------------------------------- */

enum { S_CAPACITY, S_TITLE, S_KEYS };
static const char *const station_keys[S_KEYS] = { "capacity", "title" };

static void load_station(struct ld *ld, void *entry,
			 const struct scn__node *key,
			 const struct scn__node *v)
{
	struct scn_station *st = entry;
	char shown[SCN__SHOW];
	label_t label, where;
	st->name = get_name(ld, key, "station", &st->pos);
	st->title = dup_str(ld, key->text);
	show(key, shown);
	if (v->type == SCN__SEQ) {
		snprintf(label, sizeof label, "station '%s'", shown);
		wrong_type(ld, v, label,
			   "a capacity or a map { capacity, title }");
		return;
	}
	if (v->type == SCN__SCALAR) {
		snprintf(label, sizeof label, "the capacity of station '%s'",
			 shown);
		get_int(ld, v, label, 1, SCN_MAX_CAPACITY, &st->capacity);
		return;
	}
	const struct scn__node *val[S_KEYS];
	snprintf(where, sizeof where, "in station '%s'", shown);
	take_keys(ld, v, station_keys, S_KEYS, val, NULL, where);
	if (!val[S_CAPACITY])
		missing(ld, v, "capacity", where);
	else
		get_int(ld, val[S_CAPACITY], "'capacity'", 1, SCN_MAX_CAPACITY,
			&st->capacity);
	if (val[S_TITLE])
		get_text(ld, val[S_TITLE], "'title'", &st->title);
}

static const struct section stations_section = {
	"'stations'", true, "a map of station names to capacities", NULL
};

/* ---- recipes and tasks ---------------------------------------------- */

enum {
	T_DURATION, T_KIND, T_STATION, T_AFTER, T_SAY_START, T_SAY_DONE,
	T_FAIL_AFTER, T_FAIL_CHANCE, T_ERROR, T_TIMEOUT, T_RETRIES, T_KEYS
};
static const char *const task_keys[T_KEYS] = {
	"duration", "kind", "station", "after", "say_start", "say_done",
	"fail_after", "fail_chance", "error", "timeout", "retries"
};

static void load_after(struct ld *ld, struct scn_task *t, int i,
		       const struct scn__node *v, const struct names *tasks,
		       const char *recipe)
{
	if (!is_seq(v)) {
		wrong_type(ld, v, "'after'",
			   "a list of task names, like [grind, heat]");
		return;
	}
	if (v->n == 0)
		return;
	t->after = alloc(ld, v->n, sizeof *t->after);
	unsigned char *seen = alloc(ld, (size_t)i + 1, 1);
	if (!t->after || !seen) {
		free(seen);
		return;
	}
	for (size_t k = 0; k < v->n; k++) {
		const struct scn__node *e = v->kids[k];
		char shown[SCN__SHOW], near_shown[SCN__SHOW];
		if (check_scalar(ld, e, "a task name in 'after'", "a name"))
			continue;
		show(e, shown);
		int j = memchr(e->text, '\0', e->len) ? -1 :
			names_find(tasks, e->text);
		if (j == i) {
			scn__diag(ld->d, e->line, e->col,
				  "task '%s' cannot be after itself", shown);
		} else if (j > i) {
			scn__diag(ld->d, e->line, e->col,
				  "'%s' is declared later; after may only name "
				  "earlier tasks", shown);
		} else if (j < 0) {
			/* Only the tasks before this one can be meant. */
			const char *near = memchr(e->text, '\0', e->len) ? NULL :
				base_suggest(e->text, tasks->decl, (size_t)i,
					     &ld->budget);
			if (near)
				scn__diag(ld->d, e->line, e->col,
					  "unknown task '%s' in recipe '%s'; "
					  "did you mean '%s'?", shown, recipe,
					  show_str(near, near_shown));
			else
				scn__diag(ld->d, e->line, e->col,
					  "unknown task '%s' in recipe '%s'",
					  shown, recipe);
		} else if (seen[j]) {
			scn__diag(ld->d, e->line, e->col,
				  "'%s' is already in this after list", shown);
		} else {
			seen[j] = 1;
			t->after[t->n_after++] = j;
		}
	}
	free(seen);
}

static void load_task(struct ld *ld, struct scn_task *t, int i,
		      const struct scn__node *v, const struct names *tasks,
		      const char *recipe)
{
	char shown[SCN__SHOW];
	label_t label, where;
	scn__show(t->name, strlen(t->name), shown);
	snprintf(label, sizeof label, "task '%s'", shown);
	snprintf(where, sizeof where, "in task '%s'", shown);
	if (!is_map(v)) {
		wrong_type(ld, v, label, "a map like { duration: 3s }");
		return;
	}
	const struct scn__node *val[T_KEYS], *key[T_KEYS];
	take_keys(ld, v, task_keys, T_KEYS, val, key, where);

	int have_duration = 0;
	if (!val[T_DURATION])
		missing(ld, v, "duration", where);
	else
		have_duration = !get_duration(ld, val[T_DURATION], "'duration'",
					      &t->duration_ms);
	int kind = SCN_WAIT, have_kind = 1;
	if (val[T_KIND])
		have_kind = !get_word(ld, val[T_KIND], "'kind'", "kind",
				      scn_kind_names, SCN_N_KINDS, &kind);
	t->kind = (enum scn_kind)kind;
	if (val[T_STATION])
		t->station = get_ref(ld, val[T_STATION], "'station'",
				     &ld->stations, "station", "stations");
	if (val[T_AFTER])
		load_after(ld, t, i, val[T_AFTER], tasks, recipe);
	if (val[T_SAY_START])
		get_text(ld, val[T_SAY_START], "'say_start'", &t->say_start);
	if (val[T_SAY_DONE])
		get_text(ld, val[T_SAY_DONE], "'say_done'", &t->say_done);
	if (val[T_FAIL_AFTER] &&
	    !get_duration(ld, val[T_FAIL_AFTER], "'fail_after'",
			  &t->fail_after_ms) &&
	    have_duration && t->fail_after_ms > t->duration_ms) {
		char a[32], b[32];
		scn__diag(ld->d, val[T_FAIL_AFTER]->line,
			  val[T_FAIL_AFTER]->col,
			  "'fail_after' (%s s) is longer than the task's "
			  "'duration' (%s s)",
			  scn_format_seconds(t->fail_after_ms, a),
			  scn_format_seconds(t->duration_ms, b));
	}
	if (val[T_FAIL_CHANCE])
		get_fraction(ld, val[T_FAIL_CHANCE], "'fail_chance'",
			     &t->fail_chance);
	if (val[T_ERROR])
		get_text(ld, val[T_ERROR], "'error'", &t->error);
	if (val[T_TIMEOUT]) {
		if (have_kind && t->kind == SCN_WORK)
			scn__diag(ld->d, key[T_TIMEOUT]->line,
				  key[T_TIMEOUT]->col,
				  "a 'work' task cannot have a timeout: it "
				  "blocks the loop, so no timer can fire "
				  "before it ends");
		else
			get_duration(ld, val[T_TIMEOUT], "'timeout'",
				     &t->timeout_ms);
	}
	if (val[T_RETRIES])
		get_int(ld, val[T_RETRIES], "'retries'", 0, SCN_MAX_RETRIES,
			&t->retries);
}

static void load_tasks(struct ld *ld, struct scn_recipe *r,
		       const struct scn__node *m, const char *recipe)
{
	label_t needs;
	snprintf(needs, sizeof needs, "recipe '%s' needs at least one task",
		 recipe);
	const struct section tasks_section = {
		"'tasks'", true, "a map of task names to tasks", needs
	};
	size_t n = section_size(ld, m, &tasks_section);
	if (n == 0)
		return;
	if (n > SCN_MAX_TASKS) {
		scn__diag(ld->d, m->line, m->col,
			  "recipe '%s' has %zu tasks: at most %d are allowed",
			  recipe, n, SCN_MAX_TASKS);
		return;
	}
	if (!(r->tasks = alloc(ld, n, sizeof *r->tasks)))
		return;
	r->n_tasks = (int)n;
	size_t k = 0;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct scn__node *key = m->kids[i];
		if (key->bad_key)
			continue;
		struct scn_task *t = &r->tasks[k++];
		t->name = get_name(ld, key, "task", &t->pos);
		t->station = -1;
		t->fail_after_ms = -1;
		t->timeout_ms = -1;
		t->error = dup_str(ld, "failed");
	}
	struct names tasks;
	names_build(ld, &tasks, n, task_name, r->tasks);
	k = 0;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!m->kids[i]->bad_key) {
			if (r->tasks[k].name)
				load_task(ld, &r->tasks[k], (int)k,
					  m->kids[i + 1], &tasks, recipe);
			k++;
		}
	names_close(&tasks);
}

enum { R_TITLE, R_ON_ERROR, R_PATIENCE, R_TASKS, R_KEYS };
static const char *const recipe_keys[R_KEYS] = {
	"title", "on_error", "patience", "tasks"
};

static void load_recipe(struct ld *ld, void *entry,
			const struct scn__node *key,
			const struct scn__node *v)
{
	struct scn_recipe *r = entry;
	char shown[SCN__SHOW];
	label_t label, where;
	r->name = get_name(ld, key, "recipe", &r->pos);
	r->title = dup_str(ld, key->text);
	r->patience_ms = -1;
	show(key, shown);
	snprintf(label, sizeof label, "recipe '%s'", shown);
	snprintf(where, sizeof where, "in recipe '%s'", shown);
	if (!is_map(v)) {
		wrong_type(ld, v, label, "a map with its 'tasks'");
		return;
	}
	const struct scn__node *val[R_KEYS];
	take_keys(ld, v, recipe_keys, R_KEYS, val, NULL, where);
	if (val[R_TITLE])
		get_text(ld, val[R_TITLE], "'title'", &r->title);
	if (val[R_ON_ERROR]) {
		int e = SCN_PROPAGATE;
		get_word(ld, val[R_ON_ERROR], "'on_error'", "on_error",
			 scn_on_error_names, SCN_N_ON_ERRORS, &e);
		r->on_error = (enum scn_on_error)e;
	}
	if (val[R_PATIENCE])
		get_duration(ld, val[R_PATIENCE], "'patience'", &r->patience_ms);
	if (!val[R_TASKS])
		missing(ld, v, "tasks", where);
	else
		load_tasks(ld, r, val[R_TASKS], shown);
}

static const struct section recipes_section = {
	"'recipes'", true, "a map of recipe names to recipes",
	"'recipes' needs at least one recipe"
};

/* ---- orders and the script ------------------------------------------ */

enum { O_RECIPE, O_AT, O_COUNT, O_EVERY, O_NAME, O_KEYS };
static const char *const order_keys[O_KEYS] = {
	"recipe", "at", "count", "every", "name"
};

static void load_order(struct ld *ld, void *entry,
		       const struct scn__node *no_key, const struct scn__node *v)
{
	static const char *const where = "in an order";
	struct scn_order *o = entry;
	(void)no_key;   /* a list entry */
	o->pos.line = v->line;
	o->pos.col = v->col;
	o->recipe = -1;
	o->count = 1;
	if (!is_map(v)) {
		wrong_type(ld, v, "an order", "a map like { recipe: coffee }");
		return;
	}
	const struct scn__node *val[O_KEYS];
	take_keys(ld, v, order_keys, O_KEYS, val, NULL, where);
	if (!val[O_RECIPE])
		missing(ld, v, "recipe", where);
	else
		o->recipe = get_ref(ld, val[O_RECIPE], "'recipe'", &ld->recipes,
				    "recipe", "recipes");
	if (val[O_AT])
		get_duration(ld, val[O_AT], "'at'", &o->at_ms);
	if (val[O_COUNT])
		get_uint(ld, val[O_COUNT], "'count'", 1, SCN_MAX_COUNT, &o->count);
	if (val[O_EVERY])
		get_duration(ld, val[O_EVERY], "'every'", &o->every_ms);
	if (val[O_NAME])
		get_text(ld, val[O_NAME], "'name'", &o->name);
}

static const struct section orders_section = {
	"'orders'", false, "a list of orders (- recipe: NAME)",
	"'orders' needs at least one order"
};

enum { D_AT, D_SAY, D_PAUSE, D_ASK, D_CHOICES, D_ANSWER, D_EXPLAIN, D_MODE,
       D_KEYS };
static const char *const directive_keys[D_KEYS] = {
	"at", "say", "pause", "ask", "choices", "answer", "explain", "mode"
};

static void load_choices(struct ld *ld, struct scn_directive *dir,
			 const struct scn__node *v)
{
	if (!is_seq(v)) {
		wrong_type(ld, v, "'choices'", "a list of texts, like [3 s, 5 s]");
		return;
	}
	if (v->n < 2 || v->n > SCN_MAX_CHOICES) {
		scn__diag(ld->d, v->line, v->col,
			  "a question needs from 2 to %d choices (the class "
			  "answers with one key), not %zu", SCN_MAX_CHOICES,
			  v->n);
		return;
	}
	if (!(dir->choices = alloc(ld, v->n, sizeof *dir->choices)))
		return;
	dir->n_choices = (int)v->n;
	for (size_t i = 0; i < v->n; i++)
		get_text(ld, v->kids[i], "a choice", &dir->choices[i]);
}

static void load_directive(struct ld *ld, void *entry,
			   const struct scn__node *no_key,
			   const struct scn__node *v)
{
	static const char *const where = "in a script directive";
	struct scn_directive *dir = entry;
	(void)no_key;   /* a list entry */
	dir->pos.line = v->line;
	dir->pos.col = v->col;
	dir->mode = SCN_DIR_BOTH;
	if (!is_map(v)) {
		wrong_type(ld, v, "a script directive",
			   "a map like { at: 2s, say: TEXT }");
		return;
	}
	const struct scn__node *val[D_KEYS], *key[D_KEYS];
	take_keys(ld, v, directive_keys, D_KEYS, val, key, where);
	if (!val[D_AT])
		missing(ld, v, "at", where);
	else
		get_duration(ld, val[D_AT], "'at'", &dir->at_ms);
	if (val[D_MODE]) {
		/* Only in runs of that mode: a question per mode. */
		int m = SCN_CONCURRENT;
		if (!get_word(ld, val[D_MODE], "'mode'", "mode", scn_mode_names,
			      SCN_N_MODES, &m))
			dir->mode = m;
	}

	/* Exactly one of say, pause, ask: the later of two is the one
	 * reported. */
	int first = -1;
	for (int k = D_SAY; k <= D_ASK; k++) {
		if (!val[k])
			continue;
		if (first < 0) {
			first = k;
			continue;
		}
		const struct scn__node *a = key[first], *b = key[k];
		int later_b = b->line > a->line ||
			      (b->line == a->line && b->col > a->col);
		const struct scn__node *at = later_b ? b : a;
		scn__diag(ld->d, at->line, at->col,
			  "'%s' and '%s' in one directive: write one "
			  "directive for each",
			  directive_keys[later_b ? first : k],
			  directive_keys[later_b ? k : first]);
		if (!later_b)
			first = k;
	}
	if (first < 0) {
		scn__diag(ld->d, v->line, v->col,
			  "a script directive needs 'say', 'pause' or 'ask'");
		return;
	}
	dir->kind = first == D_SAY ? SCN_DIR_SAY :
		    first == D_PAUSE ? SCN_DIR_PAUSE : SCN_DIR_ASK;
	if (dir->kind != SCN_DIR_ASK) {
		for (int k = D_CHOICES; k <= D_EXPLAIN; k++)
			if (val[k])
				scn__diag(ld->d, key[k]->line, key[k]->col,
					  "'%s' belongs to an 'ask' directive",
					  directive_keys[k]);
	}
	switch (dir->kind) {
	case SCN_DIR_SAY:
		get_text(ld, val[D_SAY], "'say'", &dir->text);
		return;
	case SCN_DIR_PAUSE:
		get_true(ld, val[D_PAUSE], "'pause'");
		return;
	case SCN_DIR_ASK:
		break;
	}
	static const char *const ask_where = "in an 'ask' directive";
	get_text(ld, val[D_ASK], "'ask'", &dir->text);
	if (!val[D_CHOICES])
		missing(ld, v, "choices", ask_where);
	else
		load_choices(ld, dir, val[D_CHOICES]);
	if (!val[D_ANSWER])
		missing(ld, v, "answer", ask_where);
	else
		get_int(ld, val[D_ANSWER], "'answer'", 1,
			dir->n_choices ? dir->n_choices : SCN_MAX_CHOICES,
			&dir->answer);
	if (val[D_EXPLAIN])
		get_text(ld, val[D_EXPLAIN], "'explain'", &dir->explain);
}

static const struct section script_section = {
	"'script'", false, "a list of directives", NULL
};

/* ---- the goal ------------------------------------------------------- */

/*
 * `goal` (SPEC §3): what a player must achieve when the scenario is played
 * as a level. Read after the orders, whose number bounds `served` and whose
 * last arrival bounds `within`: a goal no play could meet is an error.
 */
enum { G_SERVED, G_WITHIN, G_LATE_MAX, G_KEYS };
static const char *const goal_keys[G_KEYS] = { "served", "within", "late_max" };

static void load_goal(struct ld *ld, const struct scn__node *v)
{
	static const char *const where = "in the goal";
	struct scn_goal *g = &ld->s->goal;
	const struct scn__node *val[G_KEYS];
	g->within_ms = g->late_max_ms = -1;
	g->pos.line = v->line;
	g->pos.col = v->col;
	if (!is_map(v)) {
		wrong_type(ld, v, "'goal'",
			   "a map like { served: all, within: 30s }");
		return;
	}
	g->present = 1;
	take_keys(ld, v, goal_keys, G_KEYS, val, NULL, where);
	if (!val[G_SERVED] && !val[G_WITHIN] && !val[G_LATE_MAX]) {
		if (good_pairs(v) == 0 && v->n == 0)
			scn__diag(ld->d, v->line, v->col,
				  "'goal' needs at least one of 'served', "
				  "'within' or 'late_max'");
		return;
	}
	/* The orders' number and times, when they loaded without a problem;
	 * else only N >= 1 can be checked. */
	int orders_ok = ld->orders_ok;
	uint64_t total = orders_ok ? scn_total_orders(ld->s) : 0;
	if (val[G_SERVED] && !check_scalar(ld, val[G_SERVED], "'served'",
					   "'all' or a number of orders")) {
		const struct scn__node *n = val[G_SERVED];
		uint64_t count = 0;
		int ok = n->len > 0 && n->len <= 19;
		for (size_t i = 0; ok && i < n->len; i++) {
			unsigned d = (unsigned)(n->text[i] - '0');
			ok = d <= 9;
			count = count * 10 + d;
		}
		char shown[SCN__SHOW];
		if (key_is(n, "all"))
			g->served_all = 1;
		else if (ok && count >= 1 && (!orders_ok || count <= total))
			g->served = count;
		else if (orders_ok)
			scn__diag(ld->d, n->line, n->col,
				  "'served' must be 'all' or a whole number "
				  "from 1 to %" PRIu64 " (the scenario's "
				  "orders), not '%s'", total, show(n, shown));
		else
			scn__diag(ld->d, n->line, n->col,
				  "'served' must be 'all' or a whole number "
				  "of orders from 1, not '%s'", show(n, shown));
	}
	if (val[G_WITHIN] &&
	    !get_duration(ld, val[G_WITHIN], "'within'", &g->within_ms) &&
	    orders_ok) {
		int64_t last = scn_last_arrival(ld->s);
		char a[32], b[32];
		if (g->within_ms < last)
			scn__diag(ld->d, val[G_WITHIN]->line, val[G_WITHIN]->col,
				  "'within' (%s s) is before the last order "
				  "arrives (%s s): no play can meet it",
				  scn_format_seconds(g->within_ms, a),
				  scn_format_seconds(last, b));
	}
	if (val[G_LATE_MAX])
		get_duration(ld, val[G_LATE_MAX], "'late_max'", &g->late_max_ms);
}

/* ---- what a run may cost -------------------------------------------- */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* Attempts one order of recipe r can make at most: every task, with all
 * its retries. */
static uint64_t recipe_attempts(const struct scn_recipe *r)
{
	uint64_t n = 0;
	for (int i = 0; i < r->n_tasks; i++)
		n += (uint64_t)r->tasks[i].retries + 1;
	return n;
}

/*
 * The longest a run can last follows from the limits: after the last
 * arrival (at most 24 h + (10^7 - 1) x 24 h) the kitchen is never idle but
 * for a day of patience, and works through at most SCN_MAX_ATTEMPTS
 * attempts of at most 24 h each, one after another in the worst case
 * (sequential mode; concurrent mode overlaps them). So every time a run
 * reaches stays below SCN_MAX_RUN_MS, exact as a double in a transcript.
 */
_Static_assert((SCN_MAX_ORDERS + 1 + SCN_MAX_ATTEMPTS) * (uint64_t)SCN_MAX_DURATION_MS
	       <= SCN_MAX_RUN_MS, "a run could outgrow the clock's exact range");

/*
 * The limits a whole run is held to (load.h): orders and task attempts
 * (which bound its time too, above). Each is reported once, at the order
 * entry that takes the scenario past it.
 */
static void check_totals(struct ld *ld)
{
	const struct scn_scenario *s = ld->s;
	uint64_t orders = 0, attempts = 0;
	bool orders_told = false, attempts_told = false;
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_order *o = &s->orders[i];
		if (o->recipe < 0)
			continue;
		const struct scn_recipe *r = &s->recipes[o->recipe];
		uint64_t each = recipe_attempts(r);
		char shown[SCN__SHOW];
		orders = sat_add(orders, o->count);
		attempts = sat_add(attempts, sat_mul(o->count, each));
		if (orders > SCN_MAX_ORDERS && !orders_told) {
			orders_told = true;
			scn__diag(ld->d, o->pos.line, o->pos.col,
				  "this entry takes the scenario past %llu "
				  "orders (%" PRIu64 " so far), the most one "
				  "scenario may have, so that any run ends in "
				  "seconds", (unsigned long long)SCN_MAX_ORDERS,
				  orders);
		}
		if (attempts > SCN_MAX_ATTEMPTS && !attempts_told) {
			attempts_told = true;
			scn__diag(ld->d, o->pos.line, o->pos.col,
				  "this entry takes the scenario past %llu task "
				  "attempts (%" PRIu64 " order%s of recipe '%s', "
				  "%" PRIu64 " attempt%s each with every retry: "
				  "%" PRIu64 " so far), the most one scenario may "
				  "have, so that any run ends in seconds",
				  (unsigned long long)SCN_MAX_ATTEMPTS, o->count,
				  o->count == 1 ? "" : "s", show_str(r->name, shown), each,
				  each == 1 ? "" : "s", attempts);
		}
	}
}

/* ---- the whole file ------------------------------------------------- */

enum {
	K_TITLE, K_CONCEPT, K_LESSON, K_MODE, K_HELPERS, K_SEED, K_STATIONS,
	K_RECIPES, K_ORDERS, K_SCRIPT, K_GOAL, K_KEYS
};
static const char *const top_keys[K_KEYS] = {
	"title", "concept", "lesson", "mode", "helpers", "seed", "stations",
	"recipes", "orders", "script", "goal"
};

static void load_top(struct ld *ld, const struct scn__node *root)
{
	static const char *const where = "in the scenario";
	struct scn_scenario *s = ld->s;
	s->helpers = 4;
	s->seed = 1;
	s->mode = SCN_CONCURRENT;
	if (!root || scn__is_null(root)) {
		scn__diag(ld->d, 1, 1, "the file is empty: a scenario needs at "
			  "least 'title', 'recipes' and 'orders'");
		return;
	}
	if (root->type != SCN__MAP) {
		wrong_type(ld, root, "a scenario",
			   "a map of keys (title, recipes, orders, ...)");
		return;
	}
	const struct scn__node *val[K_KEYS];
	take_keys(ld, root, top_keys, K_KEYS, val, NULL, where);
	if (!val[K_TITLE])
		missing(ld, root, "title", where);
	else
		get_text(ld, val[K_TITLE], "'title'", &s->title);
	if (val[K_CONCEPT])
		get_text(ld, val[K_CONCEPT], "'concept'", &s->concept);
	if (val[K_LESSON])
		get_text(ld, val[K_LESSON], "'lesson'", &s->lesson);
	if (val[K_MODE]) {
		int m = SCN_CONCURRENT;
		get_word(ld, val[K_MODE], "'mode'", "mode", scn_mode_names,
			 SCN_N_MODES, &m);
		s->mode = (enum scn_mode)m;
	}
	if (val[K_HELPERS])
		get_int(ld, val[K_HELPERS], "'helpers'", 1, SCN_MAX_HELPERS,
			&s->helpers);
	if (val[K_SEED])
		get_uint(ld, val[K_SEED], "'seed'", 0, UINT64_MAX, &s->seed);

	if (val[K_STATIONS])
		s->stations = load_section(ld, val[K_STATIONS], &stations_section,
					   sizeof *s->stations, load_station,
					   &s->n_stations);
	names_build(ld, &ld->stations, (size_t)s->n_stations, station_name,
		    s->stations);
	if (!val[K_RECIPES])
		missing(ld, root, "recipes", where);
	else
		s->recipes = load_section(ld, val[K_RECIPES], &recipes_section,
					  sizeof *s->recipes, load_recipe,
					  &s->n_recipes);
	names_build(ld, &ld->recipes, (size_t)s->n_recipes, recipe_name,
		    s->recipes);
	if (!val[K_ORDERS]) {
		missing(ld, root, "orders", where);
	} else {
		size_t before = ld->d->n;
		s->orders = load_section(ld, val[K_ORDERS], &orders_section,
					 sizeof *s->orders, load_order,
					 &s->n_orders);
		check_totals(ld);
		ld->orders_ok = ld->d->n == before && s->n_orders > 0;
	}
	if (val[K_SCRIPT])
		s->script = load_section(ld, val[K_SCRIPT], &script_section,
					 sizeof *s->script, load_directive,
					 &s->n_script);
	s->goal.within_ms = s->goal.late_max_ms = -1;
	if (val[K_GOAL])
		load_goal(ld, val[K_GOAL]);
}

/* For each task, the later tasks whose `after` names it, in order. */
static int fill_dependents(struct scn_recipe *r)
{
	int n = r->n_tasks;
	r->dependents = calloc((size_t)n, sizeof *r->dependents);
	r->n_dependents = calloc((size_t)n, sizeof *r->n_dependents);
	if (!r->dependents || !r->n_dependents)
		return -1;
	for (int j = 0; j < n; j++)
		for (int k = 0; k < r->tasks[j].n_after; k++)
			r->n_dependents[r->tasks[j].after[k]]++;
	for (int i = 0; i < n; i++) {
		if (!r->n_dependents[i])
			continue;
		r->dependents[i] = malloc((size_t)r->n_dependents[i] *
					  sizeof **r->dependents);
		if (!r->dependents[i])
			return -1;
		r->n_dependents[i] = 0;
	}
	for (int j = 0; j < n; j++)
		for (int k = 0; k < r->tasks[j].n_after; k++) {
			int i = r->tasks[j].after[k];
			r->dependents[i][r->n_dependents[i]++] = j;
		}
	return 0;
}

static int set_file(struct scn_diags *d, const char *file)
{
	if (d->file)
		return 0;
	/* An empty name would print as ": error: ...". */
	d->file = strdup(file && *file ? file : file ? "''" : "-");
	return d->file ? 0 : -1;
}

int scn_load_buffer(const char *file, const char *buf, size_t len,
		    struct scn_scenario **out, struct scn_diags *diags)
{
	*out = NULL;
	size_t before = diags->n;
	if (set_file(diags, file))
		return -1;
	if (len > SCN_MAX_FILE_BYTES) {
		scn__diag(diags, 0, 0, "the file is too big: %zu bytes, at "
			  "most %u are allowed", len, SCN_MAX_FILE_BYTES);
		return -1;
	}
	struct ld ld;
	memset(&ld, 0, sizeof ld);
	ld.d = diags;
	ld.budget = SUGGEST_BUDGET;
	struct scn__tree tree;
	memset(&tree, 0, sizeof tree);
	if (scn__tree_build(buf, len, &tree, diags) == 0) {
		ld.s = alloc(&ld, 1, sizeof *ld.s);
		if (ld.s)
			load_top(&ld, tree.root);
	}
	scn__tree_close(&tree);
	names_close(&ld.stations);
	names_close(&ld.recipes);

	struct scn_scenario *s = ld.s;
	if (s && diags->n == before && !ld.oom) {
		for (int i = 0; i < s->n_recipes; i++)
			if (fill_dependents(&s->recipes[i]))
				ld.oom = 1;
		s->path = dup_str(&ld, file ? file : "-");
		s->source = alloc(&ld, len + 1, 1);
		if (s->source) {
			memcpy(s->source, buf, len);
			s->source_len = len;
		}
	}
	if (ld.oom)
		scn__diag(diags, 0, 0, "out of memory");
	if (!s || diags->n > before) {
		scn_free(s);
		scn__diags_finish(diags);
		return -1;
	}
	*out = s;
	return 0;
}

/* What a file that is not a regular file is, for the message. */
static const char *file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" :
	       "not a regular file";
}

/*
 * Reads all of `fd` (at most SCN_MAX_FILE_BYTES) into a new buffer.
 * Returns 0, or -1 after one diagnostic.
 */
static int read_all(int fd, char **buf_out, size_t *len_out,
		    struct scn_diags *diags)
{
	if (base_read_fd(fd, SCN_MAX_FILE_BYTES, 65536, buf_out, len_out) == 0)
		return 0;
	if (errno == EFBIG)
		scn__diag(diags, 0, 0, "the file is too big: more than %u "
			  "bytes", SCN_MAX_FILE_BYTES);
	else if (errno == ENOMEM)
		scn__diag(diags, 0, 0, "out of memory");
	else
		scn__diag(diags, 0, 0, "cannot read: %s", strerror(errno));
	return -1;
}

static int load_fd(int fd, const char *name, struct scn_scenario **out,
		   struct scn_diags *diags)
{
	char *buf;
	size_t len;
	if (read_all(fd, &buf, &len, diags))
		return -1;
	int rc = scn_load_buffer(name, buf, len, out, diags);
	free(buf);
	return rc;
}

int scn_load_file(const char *path, struct scn_scenario **out,
		  struct scn_diags *diags)
{
	*out = NULL;
	if (set_file(diags, path))
		return -1;
	/* O_NONBLOCK: opening a FIFO nobody writes to must not wait. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		scn__diag(diags, 0, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st)) {
		scn__diag(diags, 0, 0, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		scn__diag(diags, 0, 0, "cannot read: a directory, not a scenario "
			  "file");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		scn__diag(diags, 0, 0, "cannot read: %s, not a regular file "
			  "(to read a pipe or a terminal, give - and redirect "
			  "standard input)", file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	if (st.st_size > (off_t)SCN_MAX_FILE_BYTES) {
		scn__diag(diags, 0, 0, "the file is too big: %lld bytes, at "
			  "most %u are allowed", (long long)st.st_size,
			  SCN_MAX_FILE_BYTES);
		close(fd);
		return -1;
	}
	/* A regular file never blocks; reads go on as usual. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	int rc = load_fd(fd, path, out, diags);
	close(fd);
	return rc;
}

int scn_load_stdin(struct scn_scenario **out, struct scn_diags *diags)
{
	*out = NULL;
	if (set_file(diags, "-"))
		return -1;
	return load_fd(STDIN_FILENO, "-", out, diags);
}

static int looks_like_path(const char *arg)
{
	size_t n = strlen(arg);
	return strchr(arg, '/') || (n >= 5 && !strcmp(arg + n - 5, ".yaml")) ||
	       (n >= 4 && !strcmp(arg + n - 4, ".yml"));
}

int scn_load_arg(const char *arg, struct scn_scenario **out,
		 struct scn_diags *diags)
{
	struct stat st;
	*out = NULL;
	if (!strcmp(arg, "-"))
		return scn_load_stdin(out, diags);
	if (stat(arg, &st) == 0 || looks_like_path(arg))
		return scn_load_file(arg, out, diags);
	const struct base_embedded *b = scn_builtin_find(arg);
	if (b)
		return scn_load_buffer(arg, b->text, b->len, out, diags);

	if (set_file(diags, arg))
		return -1;
	size_t n = scn_builtin_count();
	const char **names = calloc(n ? n : 1, sizeof *names);
	if (!names) {
		scn__diag(diags, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = scn_builtin_at(i)->name;
	char list[4096], near_shown[SCN__SHOW];
	size_t o = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n && o < sizeof list; i++) {
		int w = snprintf(list + o, sizeof list - o, "%s%s",
				 i ? ", " : "", names[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	const char *near = base_suggest(arg, names, n, NULL);
	if (near)
		scn__diag(diags, 0, 0, "no such file or built-in scenario; did "
			  "you mean '%s'? (built-in: %s)",
			  show_str(near, near_shown), list);
	else
		scn__diag(diags, 0, 0, "no such file or built-in scenario "
			  "(built-in: %s)", list);
	free(names);
	return -1;
}

struct scn_scenario *scn_load_or_report(const char *arg, FILE *to)
{
	struct scn_scenario *s = NULL;
	struct scn_diags diags = { 0 };
	if (scn_load_arg(arg, &s, &diags))
		scn_diags_print(&diags, to);
	scn_diags_close(&diags);
	return s;
}
