/*
 * asyncio.c — a scenario as a runnable Python 3.11 asyncio program
 * (`kitchen export asyncio`), written to be read beside the TUI and projected
 * in class.
 *
 * The program follows SPEC §2's table. The kitchen comes first: a station is
 * an asyncio.Semaphore (`Station`, which also tells the transcript when a
 * step gets its slot), the helpers a ThreadPoolExecutor. Then one `async def`
 * per recipe, holding one coroutine per step: a `wait` step awaits
 * asyncio.sleep, a `work` step calls time.sleep on the loop, a `helper` step
 * awaits loop.run_in_executor on a plain job function; a timeout is `async
 * with asyncio.timeout` inside the station; fail_after and fail_chance raise
 * Failed. The recipe's own body runs its steps as a person would write it:
 * the steps that come before the last ones gathered (or a TaskGroup, for
 * on_error: cancel), then the chain of steps that follow them awaited in turn,
 * and a step started early as a task (`t = asyncio.create_task(...); ...;
 * await t`) when the chain does not wait for it at once; recipes that fit no
 * such shape make every step a task that awaits the tasks it comes after.
 * The bookkeeping — what the transcript prints, retries, the order's end — is
 * in the `@order.step` decorator and the rest of src/export/python/, at the
 * end of the program. In sequential mode the recipe awaits each step in turn.
 *
 * Everything taken from the scenario is made safe here, whatever it holds:
 * the program is pure printable ASCII and its first two lines are fixed (so
 * no text can declare an encoding, PEP 263); names become unique Python
 * identifiers that shadow nothing the program uses; strings become literals
 * where every other character is a Python escape; free text in comments
 * shows every other character as a visible \u{XXXX}, so no comment holds a
 * line break of any kind.
 *
 * The text is written by a small emitter that keeps the indentation (a
 * block opens one level deeper and closes back) and counts lines, so the
 * code panel can point at the lines of each step.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "export/asyncio.h"
#include "export/python.h"

/* ---- the emitter --------------------------------------------------------
 *
 * Lines are written at the current depth (four spaces a level): em_put and
 * em_printf begin a line at that depth when none is open, em_nl ends it
 * (trailing spaces trimmed), em_open ends a line and goes one level deeper,
 * em_close comes back. Memory running out is sticky in the buffer (oom).
 */

#define COMMENT_COLUMN 56       /* where trailing comments begin */
#define WIDTH 88                /* lines longer than this are wrapped */

struct emit {
	struct base_buf b;
	int lines;                  /* lines ended so far */
	int depth;
	size_t bol;                 /* where the open line begins */
	bool open;                  /* a line is open */
};

static void em_begin(struct emit *e)
{
	if (e->open)
		return;
	e->open = true;
	e->bol = e->b.n;
	base_buf_pad(&e->b, 4 * e->depth);
}

static void em_putn(struct emit *e, const char *s, size_t n)
{
	em_begin(e);
	base_buf_put(&e->b, s, n);
}

static void em_put(struct emit *e, const char *s)
{
	em_putn(e, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void em_printf(struct emit *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	em_begin(e);
	base_buf_vprintf(&e->b, fmt, ap);
	va_end(ap);
}

/* Ends the open line (an empty one when none is open). */
static void em_nl(struct emit *e)
{
	if (e->open && !e->b.oom)
		while (e->b.n > e->bol && e->b.v[e->b.n - 1] == ' ')
			e->b.n--;
	base_buf_putc(&e->b, '\n');
	e->open = false;
	e->lines++;
}

/* A whole line of the program's own. */
static void em_line(struct emit *e, const char *line)
{
	em_put(e, line);
	em_nl(e);
}

/* Ends the open line (its head: "async def x():", "try:") and opens a
 * block one level deeper. */
static void em_open(struct emit *e)
{
	em_nl(e);
	e->depth++;
}

static void em_close(struct emit *e)
{
	e->depth--;
}

/* Fixed text of several lines, at the left margin (a part of the program
 * kept as Python). */
static void em_text(struct emit *e, const char *s, size_t n)
{
	base_buf_put(&e->b, s, n);
	for (size_t i = 0; i < n; i++)
		e->lines += s[i] == '\n';
}

/* The 1-based number of the line being written. */
static int em_lineno(const struct emit *e)
{
	return e->lines + 1;
}

/* How long the open line is so far. */
static size_t em_col(const struct emit *e)
{
	return e->open ? e->b.n - e->bol : 0;
}

/* Starts a comment after the open line's code: at COMMENT_COLUMN, or two
 * spaces after the code when it is longer. */
static void em_comment_start(struct emit *e)
{
	size_t col = em_col(e);
	base_buf_pad(&e->b, col + 2 <= COMMENT_COLUMN ? (int)(COMMENT_COLUMN - col) : 2);
	em_put(e, "# ");
}

/* Ends the line's code with a comment of the program's own (a text from
 * the scenario goes through py_comment_text). */
static void em_comment(struct emit *e, const char *text)
{
	em_comment_start(e);
	em_put(e, text);
	em_nl(e);
}

/*
 * Writes HEAD ITEM, ITEM... TAIL as one line when it fits in WIDTH columns,
 * else wrapped: HEAD alone, the items one level deeper, as many to a line as
 * fit, each followed by a comma, then TAIL: a keyword argument (", k=v)")
 * on a line of its own inside, anything else back at the first level (a
 * leading comma dropped: every item has one). `item(e, i, ctx)` writes item
 * i; the last line is left open, for a comment or em_nl.
 */
typedef void (*item_fn)(struct emit *e, int i, const void *ctx);

static void em_list(struct emit *e, const char *head, int n, item_fn item,
		    const void *ctx, const char *tail)
{
	const size_t at = e->b.n;
	const struct emit saved = *e;
	em_put(e, head);
	for (int i = 0; i < n; i++) {
		if (i)
			em_put(e, ", ");
		item(e, i, ctx);
	}
	em_put(e, tail);
	if (e->b.oom || em_col(e) <= WIDTH)
		return;
	/* too long: again, wrapped (the buffer only grew since `saved`) */
	e->b.n = at;
	e->lines = saved.lines;
	e->open = saved.open;
	e->bol = saved.bol;
	em_put(e, head);
	em_open(e);
	for (int i = 0; i < n; i++) {
		size_t mark = e->b.n;
		bool first = !e->open;
		if (!first)
			em_put(e, " ");
		item(e, i, ctx);
		em_put(e, ",");
		if (!first && em_col(e) > WIDTH) {
			/* this item to a line of its own */
			size_t len = e->b.n - mark - 1;
			char *tmp = strndup(e->b.v + mark + 1, len);
			if (!tmp) {
				e->b.oom = true;
				return;
			}
			e->b.n = mark;
			em_nl(e);
			em_putn(e, tmp, len);
			free(tmp);
		}
	}
	em_nl(e);
	if (!strncmp(tail, ", ", 2)) {
		em_put(e, tail + 2);            /* a keyword argument: inside */
		em_close(e);
	} else {
		em_close(e);                    /* every item has its comma */
		em_put(e, tail[0] == ',' ? tail + 1 : tail);
	}
}

/* ---- text from the scenario, made safe -------------------------------- */

/* The next character of NUL-terminated `s`: its length, and its code point
 * in *cp (U+FFFD for a byte that is not UTF-8, which the loader lets none
 * of through). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t n = base_utf8_decode((const char *)s, SIZE_MAX, cp);
	if (*cp == BASE_UTF8_INVALID)
		*cp = 0xFFFD;
	return n;
}

/* The program is pure ASCII: printable ASCII is the only text it holds
 * raw. Whatever the scenario says, no byte of it can then be read as a line
 * break (LF, CR, form feed, U+0085, U+2028...), a bidirectional control, an
 * encoding declaration's effect or anything but the characters it shows. */
static bool raw_ok(uint32_t cp)
{
	return cp >= 0x20 && cp < 0x7F;
}

/* A Python string literal: "...", printable ASCII raw (but \ and "),
 * everything else a Python escape (\n \t \r, \xNN, \uNNNN, \UNNNNNNNN),
 * so that the literal is ASCII and its value the text itself. A malformed
 * UTF-8 sequence (the loader lets none through) becomes U+FFFD. */
static void py_str(struct emit *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	em_put(b, "\"");
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (cp == '\\')
			em_put(b, "\\\\");
		else if (cp == '"')
			em_put(b, "\\\"");
		else if (cp == '\n')
			em_put(b, "\\n");
		else if (cp == '\t')
			em_put(b, "\\t");
		else if (cp == '\r')
			em_put(b, "\\r");
		else if (raw_ok(cp))
			em_putn(b, (const char *)p, 1);
		else if (cp < 0x100)
			em_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			em_printf(b, "\\u%04x", (unsigned)cp);
		else
			em_printf(b, "\\U%08x", (unsigned)cp);
		p += n;
	}
	em_put(b, "\"");
}

/* Free text in a comment: printable ASCII raw, every other character (line
 * breaks, tabs, controls, anything not ASCII) a visible \u{XXXX}, so the
 * comment stays on its line and reads as what it holds. */
static void py_comment_text(struct emit *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (raw_ok(cp))
			em_putn(b, (const char *)p, 1);
		else
			em_printf(b, "\\u{%04X}", (unsigned)cp);
		p += n;
	}
}

/* Writes a multi-line text (a lesson) as comment lines "PREFIX...", one per
 * line of the text (an empty one keeps only the prefix, trimmed). */
static void py_comment_block(struct emit *b, const char *text, const char *prefix)
{
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		if (!line) {
			b->b.oom = true;
			return;
		}
		em_put(b, prefix);
		py_comment_text(b, line);
		em_nl(b);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

/* Virtual milliseconds as Python seconds, as short as exact: 3, 1.5, 0.25. */
static void py_secs(struct emit *b, int64_t ms)
{
	if (ms % 1000 == 0)
		em_printf(b, "%lld", (long long)(ms / 1000));
	else if (ms % 100 == 0)
		em_printf(b, "%lld.%lld", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
	else if (ms % 10 == 0)
		em_printf(b, "%lld.%02lld", (long long)(ms / 1000), (long long)(ms % 1000 / 10));
	else
		em_printf(b, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* A probability as Python writes it, short and exact enough (17 digits). */
static void py_prob(struct emit *b, double p)
{
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, p);
		if (strtod(tmp, NULL) == p)
			break;
	}
	if (!strpbrk(tmp, ".e"))
		strcat(tmp, ".0");
	em_put(b, tmp);
}

/* ---- identifiers ------------------------------------------------------- */

/* A set of strings (open addressing, owned copies), each with a number:
 * for a scope's bases, the next "_N" suffix to try. */
struct nameset {
	char **slot;
	unsigned *num;
	size_t cap, n;
};

#define NS_NONE SIZE_MAX

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot holding s, or NS_NONE. */
static size_t ns_find(const struct nameset *ns, const char *s)
{
	if (!ns->cap)
		return NS_NONE;
	for (size_t i = name_hash(s) & (ns->cap - 1);; i = (i + 1) & (ns->cap - 1)) {
		if (!ns->slot[i])
			return NS_NONE;
		if (!strcmp(ns->slot[i], s))
			return i;
	}
}

static bool ns_has(const struct nameset *ns, const char *s)
{
	return ns_find(ns, s) != NS_NONE;
}

static size_t ns_free_slot(char **slot, size_t cap, const char *s)
{
	size_t i = name_hash(s) & (cap - 1);
	while (slot[i])
		i = (i + 1) & (cap - 1);
	return i;
}

/* Adds a copy of s (already absent) with number `num`. Returns its slot,
 * or NS_NONE when memory runs out. */
static size_t ns_add_num(struct nameset *ns, const char *s, unsigned num)
{
	if ((ns->n + 1) * 2 > ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 64;
		char **slot = calloc(cap, sizeof *slot);
		unsigned *nums = calloc(cap, sizeof *nums);
		if (!slot || !nums) {
			free(slot);
			free(nums);
			return NS_NONE;
		}
		for (size_t i = 0; i < ns->cap; i++) {
			if (!ns->slot[i])
				continue;
			size_t j = ns_free_slot(slot, cap, ns->slot[i]);
			slot[j] = ns->slot[i];
			nums[j] = ns->num[i];
		}
		free(ns->slot);
		free(ns->num);
		ns->slot = slot;
		ns->num = nums;
		ns->cap = cap;
	}
	char *copy = strdup(s);
	if (!copy)
		return NS_NONE;
	size_t i = ns_free_slot(ns->slot, ns->cap, s);
	ns->slot[i] = copy;
	ns->num[i] = num;
	ns->n++;
	return i;
}

/* Adds a copy of s (already absent). Returns 0, or -1 when memory runs out. */
static int ns_add(struct nameset *ns, const char *s)
{
	return ns_add_num(ns, s, 0) == NS_NONE ? -1 : 0;
}

static void ns_clear(struct nameset *ns)
{
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->slot[i]);
	free(ns->slot);
	free(ns->num);
	memset(ns, 0, sizeof *ns);
}

/* A scope of identifiers: those given out, and for each base name the
 * suffix to try next. */
struct scope {
	struct nameset names;
	struct nameset bases;
};

static void scope_clear(struct scope *sc)
{
	ns_clear(&sc->names);
	ns_clear(&sc->bases);
}

/* Names a generated identifier must never take: Python's keywords (soft
 * ones too), its builtins, the modules and names of the program's own
 * bookkeeping, and the locals of a recipe's coroutine. */
static const char *const reserved_names[] = {
	/* keywords */
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "_", "case", "match", "type",
	/* builtins */
	"abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool",
	"breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod",
	"compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
	"divmod", "enumerate", "eval", "exec", "exit", "filter", "float",
	"format", "frozenset", "getattr", "globals", "hasattr", "hash", "help",
	"hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len",
	"license", "list", "locals", "map", "max", "memoryview", "min", "next",
	"object", "oct", "open", "ord", "pow", "print", "property", "quit",
	"range", "repr", "reversed", "round", "set", "setattr", "slice",
	"sorted", "staticmethod", "str", "sum", "super", "tuple", "vars", "zip",
	"Ellipsis", "NotImplemented", "Exception", "BaseException",
	"ExceptionGroup", "BaseExceptionGroup", "TimeoutError",
	"CancelledError", "KeyboardInterrupt", "SystemExit",
	/* the program's modules and bookkeeping */
	"argparse", "asyncio", "contextlib", "heapq", "json", "sys",
	"threading", "time", "ThreadPoolExecutor", "SCALE", "START", "now",
	"sleep_until", "block_until", "Stats", "PRINTING", "emit", "summary",
	"Failed", "WalkedOut", "Dice", "Recipe", "Order", "arrivals",
	"ARRIVED", "notice_walk_outs", "helpers", "dice", "RECIPES", "ORDERS",
	"script", "door", "main", "parser",
	/* locals of the recipes' coroutines and of the opening */
	"order", "loop", "attempt", "start", "error", "failure", "finished",
	"handed", "results", "steps", "step", "failed", "me", "others", "task",
	"voice", "line", "order_task", "number", "t", "recipe", "UNSEEN",
};

static bool ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

/* Adds every name that Python text `py` (fixed text of the program's own)
 * binds or reads to `ns`, so that no scenario name can take it: its
 * identifiers outside comments, strings and attribute names. Returns 0, or
 * -1 when memory runs out. */
static int reserve_words(struct nameset *ns, const char *py)
{
	char word[64];
	const char *p = py;
	while (*p) {
		if (*p == '#') {                        /* a comment */
			while (*p && *p != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {  /* a string, maybe triple */
			char q = *p;
			bool triple = p[1] == q && p[2] == q;
			p += triple ? 3 : 1;
			while (*p && !(triple ? p[0] == q && p[1] == q && p[2] == q : *p == q)) {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p)
				p += triple ? 3 : 1;
		} else if (*p == '.' && ident_start(p[1])) {    /* an attribute */
			for (p++; ident_char(*p); p++)
				;
		} else if (ident_start(*p)) {
			size_t n = 0;
			while (ident_char(p[n]))
				n++;
			if (n < sizeof word) {
				memcpy(word, p, n);
				word[n] = '\0';
				if (!ns_has(ns, word) && ns_add(ns, word))
					return -1;
			}
			p += n;
		} else {
			p++;
		}
	}
	return 0;
}

/* The base of an identifier for `name`: its ASCII letters and digits, every
 * other run of characters one '_' (none at either end); `prefix` when that
 * is empty, `prefix`_ in front when it starts with a digit. Writes at most
 * strlen(name) + strlen(prefix) + 2 bytes to `out`. */
static void ident_base(const char *name, const char *prefix, char *out)
{
	size_t k = 0;
	bool gap = false;
	for (const char *p = name; *p; p++) {
		if (ident_char(*p) && *p != '_') {
			if (gap && k > 0)
				out[k++] = '_';
			gap = false;
			out[k++] = *p;
		} else {
			gap = true;
		}
	}
	out[k] = '\0';
	if (k == 0) {
		strcpy(out, prefix);
	} else if (out[0] >= '0' && out[0] <= '9') {
		size_t pl = strlen(prefix);
		memmove(out + pl + 1, out, k + 1);
		memcpy(out, prefix, pl);
		out[pl] = '_';
	}
}

/* What an identifier must not clash with: fixed sets of names (the
 * reserved words; the stations, for a step), and `skip`, a memo over them:
 * for a candidate known to clash with one, the next suffix past that run of
 * clashes. The sets do not change while the memo lives, so every scope that
 * meets such a run jumps over it at once. */
struct taken {
	const struct nameset *const *sets;
	int n;
	struct nameset *skip;
};

/* Whether `cand` or any of its `nsuf` suffixed forms is in one of the sets
 * (into == NULL: the fixed sets of `tk`) or in scope `into`. `form` is
 * scratch space of `cap` bytes. */
static bool ident_clashes(const char *cand, char *form, size_t cap,
			  const struct taken *tk, const struct scope *into,
			  const char *const *suffix, int nsuf)
{
	for (int f = -1; f < nsuf; f++) {
		snprintf(form, cap, "%s%s", cand, f < 0 ? "" : suffix[f]);
		if (into) {
			if (ns_has(&into->names, form))
				return true;
			continue;
		}
		for (int t = 0; t < tk->n; t++)
			if (ns_has(tk->sets[t], form))
				return true;
	}
	return false;
}

/* Records in the memo that every candidate of `run` (n of them, owned) is
 * followed, past its run of clashes, by suffix k. Returns 0 or -1. */
static int skip_run(struct nameset *skip, char **run, size_t n, unsigned k)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		size_t at = ns_find(skip, run[i]);
		if (at == NS_NONE)
			at = ns_add_num(skip, run[i], k);
		if (at == NS_NONE)
			rc = -1;
		else
			skip->num[at] = k;
		free(run[i]);
	}
	return rc;
}

/*
 * The identifier for `name` in scope `into`: its base (ident_base), then
 * base_2, base_3... until neither it nor any of its `nsuf` suffixed forms (a
 * step `grind` also names `grind_task` and `grind_job`) is taken, in `tk`'s
 * sets or in the scope; it is added to the scope with its suffixed forms.
 * The tries stay linear in the names: the scope remembers, per base, the
 * suffix to try next (names without an ASCII letter all have the base
 * `station`, and the thousandth must not try the 999 before it), and
 * `tk`'s memo jumps over runs of clashes with the fixed sets, so that every
 * failed try is charged to a name given out in this scope or to the first
 * meeting of a fixed name. *tried counts the tries. Returns a new string,
 * or NULL when memory runs out.
 */
static char *make_ident(const char *name, const char *prefix, struct taken *tk,
			struct scope *into, const char *const *suffix, int nsuf,
			size_t *tried)
{
	if (!name)
		name = "";
	size_t cap = strlen(name) + strlen(prefix) + 64;
	char *base = malloc(cap), *cand = malloc(cap), *form = malloc(cap);
	char **run = NULL;
	size_t n_run = 0, cap_run = 0;
	if (!base || !cand || !form)
		goto oom;
	ident_base(name, prefix, base);
	size_t at = ns_find(&into->bases, base);
	unsigned k = at == NS_NONE ? 1 : into->bases.num[at];
	for (;;) {
		++*tried;
		if (k == 1)
			snprintf(cand, cap, "%s", base);
		else
			snprintf(cand, cap, "%s_%u", base, k);
		size_t known = ns_find(tk->skip, cand);
		bool fixed = known != NS_NONE ||
			     ident_clashes(cand, form, cap, tk, NULL, suffix, nsuf);
		if (fixed) {
			if (n_run == cap_run) {
				cap_run = cap_run ? 2 * cap_run : 8;
				char **more = realloc(run, cap_run * sizeof *run);
				if (!more)
					goto oom;
				run = more;
			}
			if (!(run[n_run] = strdup(cand)))
				goto oom;
			n_run++;
			k = known != NS_NONE ? tk->skip->num[known] : k + 1;
			continue;
		}
		if (n_run && skip_run(tk->skip, run, n_run, k))
			goto oom_run;
		n_run = 0;
		if (!ident_clashes(cand, form, cap, tk, into, suffix, nsuf))
			break;
		k++;
	}
	if (at == NS_NONE)
		at = ns_add_num(&into->bases, base, 0);
	if (at == NS_NONE)
		goto oom;
	into->bases.num[at] = k + 1;
	for (int f = -1; f < nsuf; f++) {
		snprintf(form, cap, "%s%s", cand, f < 0 ? "" : suffix[f]);
		if (ns_add(&into->names, form))
			goto oom;
	}
	free(run);
	free(base);
	free(form);
	return cand;
oom:
	for (size_t i = 0; i < n_run; i++)
		free(run[i]);
oom_run:
	free(run);
	free(base);
	free(cand);
	free(form);
	return NULL;
}

/* ---- the program's fixed parts ----------------------------------------
 *
 * The Python that is the same for every scenario lives in
 * src/export/python/ (compiled in: export/python.h): the transcript and the
 * steps' bookkeeping, the clocks, the doors (concurrent mode) and the world
 * outside (sequential mode), and the main() of each mode.
 */

/* The program's start, with the lines for helpers (watched by the clock,
 * shut down at the end) and the dice put in between by gen_opening. */
static const char PY_RUN[] =
"\n\n"
"if __name__ == \"__main__\":\n"
"    parser = argparse.ArgumentParser(\n"
"        description=\"An Async Kitchen scenario as a Python asyncio program.\")\n"
"    clocks = parser.add_mutually_exclusive_group()\n"
"    clocks.add_argument(\"--scale\", type=float, default=1.0,\n"
"                        help=\"real seconds per kitchen second (default 1)\")\n"
"    clocks.add_argument(\"--virtual\", action=\"store_true\",\n"
"                        help=\"a virtual clock: no waiting, exact times\")\n"
"    parser.add_argument(\"--ties\", choices=(\"cpython\", \"fifo\"), default=\"cpython\",\n"
"                        help=\"with --virtual, timers due together run in CPython's\"\n"
"                             \" heap order (default) or in the order they were armed\")\n"
"    options = parser.parse_args()\n"
"    if not 0.001 <= options.scale <= 1000:   # nan and inf too\n"
"        parser.error(\"--scale must be a number from 0.001 to 1000\")\n"
"    if options.ties == \"fifo\" and not options.virtual:\n"
"        parser.error(\"--ties fifo needs --virtual\")\n"
"    if options.virtual:\n"
"        CLOCK = VirtualClock(fifo_ties=options.ties == \"fifo\")\n"
"    else:\n"
"        CLOCK = RealClock(options.scale)\n"
"    time.sleep = CLOCK.sleep    # work steps and helper jobs sleep on the kitchen's clock\n";

static const char PY_RUN_LOOP[] =
"    try:\n"
"        with asyncio.Runner(loop_factory=CLOCK.new_loop) as runner:\n"
"            runner.run(main())\n"
"    except KeyboardInterrupt:   # Ctrl-C: closing time\n"
"        raise SystemExit(130)\n";

static const char PY_RUN_SHUTDOWN[] =
"    finally:\n"
"        helpers.shutdown()\n";

/* The parts every program holds after its kitchen and recipes, by mode. */
static const char *const parts_concurrent[] = {
	"concurrent", "transcript", "arrivals", "doors", "clock", NULL
};
static const char *const parts_sequential[] = {
	"sequential", "transcript", "arrivals", "clock", NULL
};

/* ---- the generator ----------------------------------------------------- */

/* How a recipe runs its steps (concurrent mode): see plan_recipe. */
enum shape {
	SHAPE_GATHER,   /* the first steps gathered, then a chain awaited in turn */
	SHAPE_EARLY,    /* a chain awaited in turn, other steps started early */
	SHAPE_TASKS     /* every step a task awaiting the tasks it comes after */
};

struct gen {
	const struct scn_scenario *s;
	struct emit e;
	bool seq;                       /* the sequential (blocking) version */
	bool any_helper, any_chance, any_helper_timeout;
	struct nameset reserved;        /* reserved_names and the fixed parts' */
	struct scope module;            /* stations and recipes */
	struct nameset stations;        /* station identifiers alone */
	struct scope local;             /* the current recipe's steps */
	struct nameset skip_module;     /* memo of clashes with reserved */
	struct nameset skip_steps;      /* memo of clashes with reserved, stations */
	char **station_id;
	char **recipe_id;
	struct exp_code *out;
	/* the recipe being written */
	const struct scn_recipe *rec;
	int r;
	char **task_id;                 /* its steps' identifiers */
	bool *chain;                    /* on the chain: run by the recipe itself */
	bool *named;                    /* its task is kept in a variable */
	bool *awaited;                  /* its task was awaited already */
	int *idx, *args;                /* scratch lists of its steps */
	int waiting;                    /* the line the recipe last awaits at */
	int *start_at;                  /* plan_starts */
	enum shape shape;
};

static bool task_can_fail(const struct scn_task *t)
{
	return t->fail_after_ms >= 0 || t->fail_chance > 0 || t->timeout_ms >= 0;
}

static bool after_has(const struct scn_task *t, int i)
{
	for (int k = 0; k < t->n_after; k++)
		if (t->after[k] == i)
			return true;
	return false;
}

/* The step of `t` that comes last on the chain before it: its only step,
 * or, of several, the latest declared that itself comes after others (a
 * step that starts a chain of its own: the rest were started together);
 * -1 when none. */
static int chain_link(const struct scn_recipe *rec, const struct scn_task *t)
{
	if (t->n_after == 1)
		return t->after[0];
	int best = -1;
	for (int k = 0; k < t->n_after; k++) {
		int d = t->after[k];
		if (rec->tasks[d].n_after > 0 && d > best)
			best = d;
	}
	return best;
}

/*
 * Decides how the recipe runs its steps, as a person would write it:
 *
 *   - the chain: the last step and, going back, the step each comes after
 *     (chain_link), as long as they come after something; the recipe runs
 *     them in turn itself. A step that comes after nothing always runs as a
 *     task of its own, made when the order's task starts, as the kitchen
 *     queues every such step when the order arrives (run by the recipe
 *     itself, a turn sooner, it could take a station or a thread before the
 *     steps of an order that arrived first);
 *   - SHAPE_GATHER when every other step comes after nothing and the chain's
 *     first comes after all of them: `await asyncio.gather(a(), b())` (or a
 *     TaskGroup), then the chain;
 *   - SHAPE_EARLY when the other steps cannot fail (or a TaskGroup watches
 *     them): each is started as a task as soon as what it comes after on
 *     the chain is done (`t = asyncio.create_task(...)`), and awaited just
 *     before the first chain step that needs it (`await t`). Were one to
 *     fail while the chain is busy elsewhere, only the `await` would see it,
 *     where the kitchen fails the order at once: hence the condition;
 *   - SHAPE_TASKS otherwise: every step a task that awaits what it comes
 *     after, all gathered.
 *
 * Each shape starts a step exactly when what it comes after is done, as
 * the kitchen does.
 */
static void plan_recipe(struct gen *g)
{
	const struct scn_recipe *rec = g->rec;
	const int n = rec->n_tasks;
	for (int i = 0; i < n; i++)
		g->chain[i] = false;
	if (rec->tasks[n - 1].n_after > 0)
		for (int c = n - 1; c >= 0 && rec->tasks[c].n_after > 0;
		     c = chain_link(rec, &rec->tasks[c]))
			g->chain[c] = true;
	int first = -1;
	bool others_roots = true, others_safe = true;
	for (int i = 0; i < n; i++) {
		if (g->chain[i]) {
			if (first < 0)
				first = i;
			continue;
		}
		others_roots = others_roots && rec->tasks[i].n_after == 0;
		others_safe = others_safe && !task_can_fail(&rec->tasks[i]);
	}
	bool first_after_all = true;
	for (int i = 0; i < n && first >= 0; i++)
		if (!g->chain[i] && !after_has(&rec->tasks[first], i))
			first_after_all = false;
	if (others_roots && first_after_all)
		g->shape = SHAPE_GATHER;
	else if (others_safe || rec->on_error == SCN_CANCEL)
		g->shape = SHAPE_EARLY;
	else
		g->shape = SHAPE_TASKS;
}

/* For each step off the chain, the chain step after which it is started:
 * the last chain step it comes after, directly or through the steps off
 * the chain it comes after (their tasks must exist before its own); -1: at
 * once. Steps come after earlier ones only, so one pass in order does. */
static void plan_starts(struct gen *g)
{
	for (int i = 0; i < g->rec->n_tasks; i++) {
		const struct scn_task *t = &g->rec->tasks[i];
		int last = -1;
		for (int k = 0; k < t->n_after; k++) {
			int d = t->after[k];
			int at = g->chain[d] ? d : g->start_at[d];
			if (at > last)
				last = at;
		}
		g->start_at[i] = last;
	}
}

/* Which steps' tasks need a variable: those awaited or passed on later. */
static void plan_names(struct gen *g)
{
	const struct scn_recipe *rec = g->rec;
	for (int i = 0; i < rec->n_tasks; i++)
		g->named[i] = false;
	if (g->shape == SHAPE_GATHER)
		return;
	for (int i = 0; i < rec->n_tasks; i++) {
		const struct scn_task *t = &rec->tasks[i];
		for (int k = 0; k < t->n_after; k++)
			if (g->shape == SHAPE_TASKS || !g->chain[t->after[k]])
				g->named[t->after[k]] = true;
	}
	for (int i = 0; i < rec->n_tasks; i++)
		if (rec->on_error != SCN_CANCEL && (g->shape == SHAPE_TASKS || !g->chain[i]))
			g->named[i] = true;     /* gathered at the end */
}

/* ---- a step ------------------------------------------------------------ */

static void item_decorator(struct emit *e, int i, const void *ctx)
{
	const char *const *args = ctx;
	em_put(e, args[i]);
}

#define DECORATOR_ARGS 8

/* Argument a of a step's decorator into `piece` (nothing when the step has
 * no such thing): its name, its length, then kind, station, start, done,
 * timeout, retries as keywords. */
static void decorator_arg(const struct gen *g, const struct scn_task *t, int a,
			  struct emit *piece)
{
	switch (a) {
	case 0: py_str(piece, t->name); break;
	case 1: py_secs(piece, scn_attempt_ms(t)); break;
	case 2:
		if (t->kind != SCN_WAIT)
			em_printf(piece, "kind=\"%s\"", scn_kind_name(t->kind));
		break;
	case 3:
		if (t->station >= 0)
			em_printf(piece, "station=%s", g->station_id[t->station]);
		break;
	case 4:
	case 5: {
		const char *text = a == 4 ? t->say_start : t->say_done;
		if (text) {
			em_put(piece, a == 4 ? "start=" : "done=");
			py_str(piece, text);
		}
		break;
	}
	case 6:
		if (t->timeout_ms >= 0) {
			em_put(piece, "timeout=");
			py_secs(piece, t->timeout_ms);
		}
		break;
	case 7:
		if (t->retries > 0)
			em_printf(piece, "retries=%d", t->retries);
		break;
	}
}

/* "@order.step(NAME, LENGTH, ...)": the step's bookkeeping, its arguments
 * written one by one, then listed (wrapped when long). */
static void put_decorator(struct gen *g, const struct scn_task *t)
{
	struct emit *e = &g->e;
	char *args[DECORATOR_ARGS] = { 0 };
	int n = 0;
	for (int a = 0; a < DECORATOR_ARGS; a++) {
		struct emit piece = { .open = true };   /* no indentation */
		base_buf_init(&piece.b, NULL);
		decorator_arg(g, t, a, &piece);
		if (piece.b.n && !piece.b.oom && !(args[n++] = strdup(base_buf_cstr(&piece.b))))
			e->b.oom = true;
		e->b.oom = e->b.oom || piece.b.oom;
		base_buf_close(&piece.b);
	}
	if (!e->b.oom)
		em_list(e, "@order.step(", n, item_decorator, args, ")");
	em_nl(e);
	for (int i = 0; i < n; i++)
		free(args[i]);
}

/* raise Failed(ERROR), a whole line. */
static void put_raise(struct gen *g, const struct scn_task *t)
{
	em_put(&g->e, "raise Failed(");
	py_str(&g->e, t->error ? t->error : "failed");
	em_put(&g->e, ")");
	em_nl(&g->e);
}

/* A helper step's job: the plain function a helper thread runs. */
static void gen_job(struct gen *g, const struct scn_task *t, const char *id)
{
	struct emit *e = &g->e;
	em_printf(e, "def %s_job():", id);
	em_open(e);
	em_put(e, "time.sleep(");
	py_secs(e, scn_attempt_ms(t));
	em_put(e, ")");
	em_comment(e, t->fail_after_ms >= 0 ? "on a helper thread; fail_after: it fails here" :
		   "on a helper thread: blocking here is fine");
	if (t->fail_after_ms >= 0)
		put_raise(g, t);
	em_close(e);
	em_nl(e);
}

/* The blocks an attempt runs in: its station's `async with`, then its
 * timeout's. Returns how many it opened. */
static int open_waits(struct gen *g, const struct scn_task *t, struct exp_step_lines *lines)
{
	struct emit *e = &g->e;
	int opened = 0;
	if (t->station >= 0) {
		lines->station = em_lineno(e);
		em_printf(e, "async with %s:", g->station_id[t->station]);
		em_comment_start(e);
		em_put(e, g->s->stations[t->station].capacity == 1 ? "the station: wait for its slot" :
		       "the station: wait for one of its slots");
		em_open(e);
		opened++;
	}
	if (t->timeout_ms >= 0) {
		lines->timeout = em_lineno(e);
		em_put(e, "async with asyncio.timeout(");
		py_secs(e, t->timeout_ms);
		em_put(e, "):");
		if (t->kind == SCN_HELPER) {
			em_comment_start(e);
			em_put(e, "the wait for a thread counts");
		}
		em_open(e);
		opened++;
	}
	return opened;
}

/* What the attempt does, by kind (a fail_after's raise after it). */
static void put_run(struct gen *g, int i, struct exp_step_lines *lines)
{
	struct emit *e = &g->e;
	const struct scn_task *t = &g->rec->tasks[i];
	const int64_t length = scn_attempt_ms(t);
	const bool fails = t->fail_after_ms >= 0;
	lines->run = em_lineno(e);
	switch (t->kind) {
	case SCN_WAIT:
		em_put(e, "await asyncio.sleep(");
		py_secs(e, length);
		em_put(e, ")");
		em_comment(e, fails ? "fail_after: every attempt fails here" :
			   length == 0 ? "0 s: it only yields to the loop" :
			   g->seq ? "blocking code: the chef waits here" :
			   "the chef is free meanwhile");
		break;
	case SCN_WORK:
		em_put(e, "time.sleep(");
		py_secs(e, length);
		em_put(e, ")");
		em_comment(e, fails ? "work blocks the loop; fail_after: it fails here" :
			   "work: the loop is blocked, nothing else runs");
		break;
	case SCN_HELPER:
		em_printf(e, "await loop.run_in_executor(helpers, %s_job)", g->task_id[i]);
		em_nl(e);
		return;         /* the job raises a fail_after itself */
	}
	if (fails)
		put_raise(g, t);
}

/* The body of one attempt of step i; fills in its lines. */
static void gen_attempt(struct gen *g, int i)
{
	struct emit *e = &g->e;
	const struct scn_task *t = &g->rec->tasks[i];
	struct exp_step_lines *lines = &g->out->step_lines[g->r][i];
	int opened = open_waits(g, t, lines);
	put_run(g, i, lines);
	while (opened--)
		em_close(e);
	if (t->fail_chance > 0 && t->fail_after_ms < 0) {
		em_put(e, "if dice.fails(");
		py_prob(e, t->fail_chance);
		em_put(e, "):");
		em_comment_start(e);
		em_put(e, "fail_chance: a throw of the dice");
		em_open(e);
		put_raise(g, t);
		em_close(e);
	}
}

/* One step: its job (helpers), then its decorated coroutine. */
static void gen_step(struct gen *g, int i)
{
	struct emit *e = &g->e;
	const struct scn_task *t = &g->rec->tasks[i];
	const char *id = g->task_id[i];
	if (t->kind == SCN_HELPER)
		gen_job(g, t, id);
	put_decorator(g, t);
	em_printf(e, "async def %s():", id);
	em_open(e);
	gen_attempt(g, i);
	em_close(e);
	em_nl(e);
	g->out->task_line[g->r][i] = g->out->step_lines[g->r][i].run;
}

/* ---- how the recipe runs its steps ------------------------------------- */

struct tasks_ctx {
	struct gen *g;
	const int *idx;
	bool call;      /* a call, a(), rather than its task, a_task */
};

static void item_step(struct emit *e, int i, const void *ctx)
{
	const struct tasks_ctx *c = ctx;
	int k = c->idx[i];
	if (c->call)
		em_printf(e, "%s()", c->g->task_id[k]);
	else
		em_printf(e, "%s_task", c->g->task_id[k]);
}

/* "await x_task" or "await asyncio.gather(x_task, ...)" for the n tasks of
 * idx; under collect the gather keeps failures as results. */
static void put_await_tasks(struct gen *g, const int *idx, int n, bool call)
{
	struct emit *e = &g->e;
	const bool collect = g->rec->on_error == SCN_COLLECT;
	struct tasks_ctx c = { g, idx, call };
	int line = em_lineno(e);
	if (n == 1 && !collect) {
		em_put(e, "await ");
		item_step(e, 0, &c);
	} else {
		em_list(e, "await asyncio.gather(", n, item_step, &c,
			collect ? ", return_exceptions=True)" : ")");
	}
	if (collect)
		em_comment(e, n == 1 ? "on_error: collect: failed or not" :
			   "on_error: collect: failures are results");
	else
		em_nl(e);
	for (int i = 0; i < n; i++)
		if (!g->out->step_lines[g->r][idx[i]].call)
			g->out->step_lines[g->r][idx[i]].call = line;
	g->waiting = line;
}

/* Under on_error: collect, step i, when it can fail, is awaited inside a
 * `try:` whose `except` lets the order go on: opens it and returns true,
 * or writes nothing and returns false. */
static bool open_collect(struct gen *g, int i)
{
	bool collect = g->rec->on_error == SCN_COLLECT && task_can_fail(&g->rec->tasks[i]);
	if (collect) {
		em_put(&g->e, "try:");
		em_open(&g->e);
	}
	return collect;
}

/* Closes what open_collect opened. */
static void close_collect(struct gen *g, bool collect)
{
	struct emit *e = &g->e;
	if (!collect)
		return;
	em_close(e);
	em_put(e, "except Failed:");
	em_open(e);
	em_put(e, "pass");
	em_comment(e, "on_error: collect: the order goes on");
	em_close(e);
}

/* "await x()", the recipe running a chain step itself; under collect, a
 * step that can fail is noted and the order goes on. */
static void put_await_step(struct gen *g, int i)
{
	struct emit *e = &g->e;
	const bool collect = open_collect(g, i);
	struct exp_step_lines *lines = &g->out->step_lines[g->r][i];
	if (!g->seq)
		lines->gather = g->waiting;     /* where the recipe waited for it */
	lines->call = g->waiting = em_lineno(e);
	em_printf(e, "await %s()", g->task_id[i]);
	em_nl(e);
	close_collect(g, collect);
}

/* "await asyncio.create_task(x())": one step that comes after nothing, as
 * a task of its own (see plan_recipe); under collect a failure is noted. */
static void put_await_task_of(struct gen *g, int i)
{
	struct emit *e = &g->e;
	const bool collect = open_collect(g, i);
	g->out->step_lines[g->r][i].call = g->waiting = em_lineno(e);
	em_printf(e, "await asyncio.create_task(%s())", g->task_id[i]);
	em_comment(e, "a task of its own, as every first step");
	close_collect(g, collect);
}

static void item_arg(struct emit *e, int i, const void *ctx)
{
	const struct tasks_ctx *c = ctx;
	em_printf(e, "%s_task", c->g->task_id[c->idx[i]]);
}

/* Starts step i as a task: "[x_task = ]asyncio.create_task(x([a_task...]))"
 * (group.create_task in a TaskGroup); the tasks it comes after are given
 * to it, and it awaits them first. */
static void put_start(struct gen *g, int i)
{
	struct emit *e = &g->e;
	const struct scn_task *t = &g->rec->tasks[i];
	g->out->step_lines[g->r][i].call = em_lineno(e);
	if (g->named[i])
		em_printf(e, "%s_task = ", g->task_id[i]);
	em_printf(e, "%s(%s(", g->rec->on_error == SCN_CANCEL ? "group.create_task" :
		  "asyncio.create_task", g->task_id[i]);
	int n = 0, *idx = g->args;
	for (int k = 0; k < t->n_after; k++)
		if (g->shape == SHAPE_TASKS || !g->chain[t->after[k]])
			idx[n++] = t->after[k];
	struct tasks_ctx c = { g, idx, false };
	for (int k = 0; k < n; k++) {
		if (k)
			em_put(e, ", ");
		item_arg(e, k, &c);
	}
	em_put(e, "))");
	if (n)
		g->out->step_lines[g->r][i].gather = g->out->step_lines[g->r][i].call;
	if (n)
		em_comment(e, "it awaits these first");
	else
		em_nl(e);
}

/* "async with asyncio.TaskGroup() as group:" under on_error: cancel. */
static bool open_group(struct gen *g)
{
	if (g->rec->on_error != SCN_CANCEL)
		return false;
	g->waiting = em_lineno(&g->e);
	em_put(&g->e, "async with asyncio.TaskGroup() as group:");
	em_comment_start(&g->e);
	em_put(&g->e, "on_error: cancel: one fails, the rest is cancelled");
	em_open(&g->e);
	return true;
}

static void gen_gather(struct gen *g)
{
	const int n = g->rec->n_tasks;
	int *idx = g->idx, m = 0;
	for (int i = 0; i < n; i++)
		if (!g->chain[i])
			idx[m++] = i;
	if (m > 1 && open_group(g)) {
		for (int k = 0; k < m; k++)
			put_start(g, idx[k]);
		em_close(&g->e);
	} else if (m > 0) {
		if (m == 1)
			put_await_task_of(g, idx[0]);
		else
			put_await_tasks(g, idx, m, true);
	}
	for (int i = 0; i < n; i++)
		if (g->chain[i])
			put_await_step(g, i);
}

/* Starts the steps off the chain that wait for chain step `after` (-1: for
 * none), in declaration order. */
static void start_early(struct gen *g, int after)
{
	for (int i = 0; i < g->rec->n_tasks; i++)
		if (!g->chain[i] && g->start_at[i] == after)
			put_start(g, i);
}

static void gen_early(struct gen *g)
{
	const int n = g->rec->n_tasks;
	const bool group = open_group(g);
	for (int i = 0; i < n; i++)
		g->awaited[i] = false;
	start_early(g, -1);
	int *idx = g->idx;
	for (int i = 0; i < n; i++) {
		if (!g->chain[i])
			continue;
		/* what it comes after off the chain, not yet awaited */
		const struct scn_task *t = &g->rec->tasks[i];
		int m = 0;
		for (int k = 0; k < t->n_after; k++)
			if (!g->chain[t->after[k]] && !g->awaited[t->after[k]])
				idx[m++] = t->after[k];
		if (m)
			put_await_tasks(g, idx, m, false);
		for (int k = 0; k < m; k++)
			g->awaited[idx[k]] = true;
		put_await_step(g, i);
		start_early(g, i);
	}
	if (group) {
		em_close(&g->e);
		return;
	}
	int m = 0;
	for (int i = 0; i < n; i++)
		if (!g->chain[i] && !g->awaited[i])
			idx[m++] = i;
	if (m)
		put_await_tasks(g, idx, m, false);
}

static void gen_tasks(struct gen *g)
{
	const int n = g->rec->n_tasks;
	const bool group = open_group(g);
	if (group)
		g->out->recipe_await[g->r] = g->waiting;
	for (int i = 0; i < n; i++)
		put_start(g, i);
	if (group) {
		em_close(&g->e);
		return;
	}
	int *idx = g->idx;
	for (int i = 0; i < n; i++)
		idx[i] = i;
	g->out->recipe_await[g->r] = em_lineno(&g->e);
	put_await_tasks(g, idx, n, false);
}

/* Blocking code: each step awaited before the next one starts. */
static void gen_in_turn(struct gen *g)
{
	for (int i = 0; i < g->rec->n_tasks; i++)
		put_await_step(g, i);
}

static void gen_flow(struct gen *g)
{
	struct emit *e = &g->e;
	if (g->seq) {
		em_line(e, "# Blocking code: each step is awaited before the next one starts.");
		gen_in_turn(g);
		return;
	}
	switch (g->shape) {
	case SHAPE_GATHER:
		gen_gather(g);
		break;
	case SHAPE_EARLY:
		gen_early(g);
		break;
	case SHAPE_TASKS:
		em_line(e, "# Every step a task; a step that comes after others awaits their");
		em_line(e, "# tasks first.");
		gen_tasks(g);
		break;
	}
}

/* The recipe's identifiers for its steps (`grind`, and `grind_task`,
 * `grind_job` taken with it). Returns 0, or -1 when memory runs out. */
static int name_steps(struct gen *g)
{
	static const char *const task_suffix[] = { "_task", "_job" };
	const struct nameset *sets[] = { &g->reserved, &g->stations };
	struct taken taken = { sets, 2, &g->skip_steps };
	scope_clear(&g->local);
	for (int i = 0; i < g->rec->n_tasks; i++) {
		g->task_id[i] = make_ident(g->rec->tasks[i].name, "step", &taken, &g->local,
					   task_suffix, 2, &g->out->names_tried);
		if (!g->task_id[i])
			return -1;
	}
	return 0;
}

static void gen_recipe_head(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_recipe *rec = g->rec;
	em_nl(e);
	em_nl(e);
	em_put(e, "# ");
	py_comment_text(e, rec->name);
	if (rec->title && strcmp(rec->title, rec->name)) {
		em_put(e, ": ");
		py_comment_text(e, rec->title);
	}
	em_printf(e, " (on_error: %s", scn_on_error_name(rec->on_error));
	if (rec->patience_ms >= 0) {
		em_put(e, "; patience ");
		py_secs(e, rec->patience_ms);
		em_put(e, " s");
	}
	em_put(e, ")");
	em_nl(e);
	g->out->recipe_line[g->r] = em_lineno(e);
	em_printf(e, "async def %s(order):", g->recipe_id[g->r]);
	em_open(e);
	for (int i = 0; i < rec->n_tasks; i++)
		if (rec->tasks[i].kind == SCN_HELPER) {
			em_line(e, "loop = asyncio.get_running_loop()");
			em_nl(e);
			break;
		}
}

static int gen_recipe(struct gen *g, int r)
{
	const struct scn_recipe *rec = &g->s->recipes[r];
	const size_t n = (size_t)rec->n_tasks + 1;
	g->rec = rec;
	g->r = r;
	g->task_id = calloc(n, sizeof *g->task_id);
	g->chain = calloc(n, sizeof *g->chain);
	g->named = calloc(n, sizeof *g->named);
	g->awaited = calloc(n, sizeof *g->awaited);
	g->idx = calloc(n, sizeof *g->idx);
	g->args = calloc(n, sizeof *g->args);
	g->start_at = calloc(n, sizeof *g->start_at);
	int rc = -1;
	if (!g->task_id || !g->chain || !g->named || !g->awaited || !g->idx || !g->args ||
	    !g->start_at || name_steps(g))
		goto out;
	if (!g->seq) {
		plan_recipe(g);
		plan_starts(g);
		plan_names(g);
	}
	gen_recipe_head(g);
	g->waiting = 0;
	for (int i = 0; i < rec->n_tasks; i++)
		gen_step(g, i);
	gen_flow(g);
	em_close(&g->e);
	rc = 0;
out:
	for (int i = 0; g->task_id && i < rec->n_tasks; i++)
		free(g->task_id[i]);
	free(g->task_id);
	free(g->chain);
	free(g->named);
	free(g->awaited);
	free(g->idx);
	free(g->args);
	free(g->start_at);
	g->task_id = NULL;
	return rc;
}

/* ---- the program around the recipes ------------------------------------ */

static const char PY_HEADER[] =
"#\n"
"# Made by `kitchen export asyncio`. Python 3.11 or later, standard library\n"
"# only. Run it:\n"
"#\n"
"#     python3 THIS_FILE [--scale S | --virtual]\n"
"#\n"
"# It prints what happens as JSON lines, the events that `kitchen run\n"
"# SCENARIO --format jsonl` prints, timed by its own clock, and then a\n"
"# summary line. A kitchen second is a real second, or S real seconds with\n"
"# --scale S (0.1 runs ten times faster). --virtual runs the same program on\n"
"# the same asyncio event loop with a virtual clock: nothing waits, and the\n"
"# times are exact.\n"
"#\n";

static const char PY_HEADER_SEQ[] =
"# This is the sequential version (mode: sequential): blocking code, where\n"
"# every step is awaited before the next one starts and every order waits\n"
"# for the one before it; while a step waits, the chef waits with it.\n"
"#\n";

static const char PY_TABLE[] =
"# The kitchen in asyncio:\n"
"#   the chef              the event loop, on one thread\n"
"#   a recipe              an `async def`; every order runs it as a task\n"
"#   a step that waits     await asyncio.sleep(d): the chef is free meanwhile\n"
"#   a step of work        time.sleep(d) on the loop: the loop is blocked\n"
"#   a helper's step       await loop.run_in_executor(helpers, job)\n"
"#   a station of N slots  asyncio.Semaphore(N), used as `async with`\n"
"#   after: [a, b]         await asyncio.gather(a(), b()) first\n"
"#   on_error              propagate: gather; collect: gather(...,\n"
"#                         return_exceptions=True); cancel: TaskGroup\n"
"#   timeout               async with asyncio.timeout(T), inside the station\n"
"#   retries, the events   @order.step, at the end of the file\n"
"#   patience              the customer's deadline: a timer that cancels\n"
"#                         the order's task\n";

static const char PY_KITCHEN[] =
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# The kitchen\n"
"# ---------------------------------------------------------------------------\n";

static const char PY_OPENING[] =
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# Opening the kitchen\n"
"# ---------------------------------------------------------------------------\n"
"\n"
"# The menu: every recipe by the name events give it, with its coroutine,\n"
"# its steps in declaration order, its customers' patience in seconds and\n"
"# its on_error.\n";

static const char PY_BOOKKEEPING[] =
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# Bookkeeping: the transcript and the clock. Nothing here is the kitchen\n"
"# itself, which is above.\n"
"# ---------------------------------------------------------------------------\n"
"\n"
"import argparse\n"
"import contextlib\n"
"import contextvars\n"
"import heapq\n"
"import json\n"
"import selectors\n"
"import threading\n";

static void gen_header(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_scenario *s = g->s;
	/* The first two lines are the exporter's own: Python reads an encoding
	 * declaration only there (PEP 263), so no title can make one. */
	em_line(e, "#!/usr/bin/env python3");
	em_line(e, "# -*- coding: utf-8 -*-");
	em_line(e, "#");
	em_put(e, "# ");
	py_comment_text(e, s->title);
	em_put(e, ": an Async Kitchen scenario as a Python asyncio program.");
	em_nl(e);
	if (s->concept) {
		em_put(e, "# Concept: ");
		py_comment_text(e, s->concept);
		em_nl(e);
	}
	em_text(e, PY_HEADER, sizeof PY_HEADER - 1);
	if (g->seq)
		em_text(e, PY_HEADER_SEQ, sizeof PY_HEADER_SEQ - 1);
	em_text(e, PY_TABLE, sizeof PY_TABLE - 1);
	if (s->lesson) {
		em_line(e, "#");
		em_line(e, "# The lesson:");
		py_comment_block(e, s->lesson, "#   ");
	}
	em_nl(e);
	em_line(e, "import asyncio");
	em_line(e, "import time");
	if (g->any_helper)
		em_line(e, "from concurrent.futures import ThreadPoolExecutor");
}

static void gen_kitchen(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_scenario *s = g->s;
	em_text(e, PY_KITCHEN, sizeof PY_KITCHEN - 1);
	if (s->n_stations) {
		em_nl(e);
		em_line(e, "# Stations: a station with N slots is a semaphore with N permits.");
		for (int i = 0; i < s->n_stations; i++) {
			const struct scn_station *st = &s->stations[i];
			em_printf(e, "%s = asyncio.Semaphore(%d)", g->station_id[i], st->capacity);
			em_comment_start(e);
			py_comment_text(e, st->title);
			em_printf(e, ": %d slot%s", st->capacity, st->capacity == 1 ? "" : "s");
			em_nl(e);
		}
	}
	if (g->any_helper) {
		em_nl(e);
		em_printf(e, "# Helpers: threads that work beside the loop (helpers: %d).", s->helpers);
		em_nl(e);
		if (g->seq && g->any_helper_timeout) {
			em_line(e, "# Blocking code uses one at a time, but a thread whose step timed out");
			em_line(e, "# runs on, left behind: more threads, so that nobody waits for it.");
		}
		em_printf(e, "helpers = ThreadPoolExecutor(max_workers=%d, thread_name_prefix=\"helper\")",
			  g->seq && g->any_helper_timeout ? s->helpers + 32 : s->helpers);
		em_nl(e);
	}
}

static void item_task_name(struct emit *e, int i, const void *ctx)
{
	const struct scn_recipe *rec = ctx;
	py_str(e, rec->tasks[i].name);
}

static void gen_menu(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_scenario *s = g->s;
	em_text(e, PY_OPENING, sizeof PY_OPENING - 1);
	em_put(e, "MENU = {");
	em_open(e);
	for (int r = 0; r < s->n_recipes; r++) {
		const struct scn_recipe *rec = &s->recipes[r];
		struct emit head = { 0 }, tail = { 0 };
		base_buf_init(&head.b, NULL);
		base_buf_init(&tail.b, NULL);
		head.open = tail.open = true;
		py_str(&head, rec->name);
		em_printf(&head, ": (%s, (", g->recipe_id[r]);
		em_put(&tail, rec->n_tasks == 1 ? ",), " : "), ");
		if (rec->patience_ms >= 0)
			py_secs(&tail, rec->patience_ms);
		else
			em_put(&tail, "None");
		em_printf(&tail, ", \"%s\"),", scn_on_error_name(rec->on_error));
		if (head.b.oom || tail.b.oom)
			e->b.oom = true;
		else
			em_list(e, base_buf_cstr(&head.b), rec->n_tasks, item_task_name, rec,
				base_buf_cstr(&tail.b));
		em_nl(e);
		base_buf_close(&head.b);
		base_buf_close(&tail.b);
	}
	em_close(e);
	em_line(e, "}");
}

static void gen_orders(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_scenario *s = g->s;
	em_nl(e);
	em_line(e, "# The orders as listed: (arrives at, recipe, how many, every). Orders are");
	em_line(e, "# numbered as they arrive: by time, then this list's order, then count.");
	em_put(e, "ORDERS = [");
	em_open(e);
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_order *o = &s->orders[i];
		em_put(e, "(");
		py_secs(e, o->at_ms);
		em_put(e, ", ");
		py_str(e, s->recipes[o->recipe].name);
		em_printf(e, ", %llu, ", (unsigned long long)o->count);
		py_secs(e, o->every_ms);
		em_put(e, "),");
		if (o->name) {
			em_comment_start(e);
			py_comment_text(e, o->name);
		}
		em_nl(e);
	}
	em_close(e);
	em_line(e, "]");
}

/* A directive's choices and explanation, as comments under it. */
static void gen_choices(struct gen *g, const struct scn_directive *d)
{
	struct emit *e = &g->e;
	for (int c = 0; c < d->n_choices; c++) {
		em_printf(e, "#   %d) ", c + 1);
		py_comment_text(e, d->choices[c]);
		em_nl(e);
	}
	if (d->explain) {
		em_printf(e, "#   %d, because: ", d->answer);
		py_comment_text(e, d->explain);
		em_nl(e);
	}
}

/* The lesson's script, the lines of this mode in file order: (at, "say",
 * text), (at, "ask", text, answer) with the choices as comments, (at,
 * "pause"). */
static void gen_script(struct gen *g)
{
	struct emit *e = &g->e;
	const struct scn_scenario *s = g->s;
	em_nl(e);
	em_line(e, "# The lesson's script: what the teacher says and asks, and when.");
	em_put(e, "SCRIPT = [");
	em_open(e);
	for (int k = 0; k < s->n_script; k++) {
		const struct scn_directive *d = &s->script[k];
		if (!scn_directive_applies(d, g->seq ? SCN_SEQUENTIAL : SCN_CONCURRENT))
			continue;
		em_put(e, "(");
		py_secs(e, d->at_ms);
		switch (d->kind) {
		case SCN_DIR_SAY:
			em_put(e, ", \"say\", ");
			py_str(e, d->text);
			em_put(e, "),");
			em_nl(e);
			break;
		case SCN_DIR_PAUSE:
			em_put(e, ", \"pause\"),");
			em_nl(e);
			break;
		case SCN_DIR_ASK:
			em_put(e, ", \"ask\", ");
			py_str(e, d->text);
			em_printf(e, ", %d),", d->answer);
			em_nl(e);
			gen_choices(g, d);
			break;
		}
	}
	em_close(e);
	em_line(e, "]");
}

/* The fixed parts of the mode (export/python.h), then the program's start. */
static int gen_opening(struct gen *g)
{
	struct emit *e = &g->e;
	const char *const *parts = g->seq ? parts_sequential : parts_concurrent;
	for (int i = 0; parts[i]; i++) {
		const struct base_embedded *part = exp_python_part(parts[i]);
		if (!part)
			return -1;
		if (i == 1)
			em_text(e, PY_BOOKKEEPING, sizeof PY_BOOKKEEPING - 1);
		em_nl(e);
		em_nl(e);
		em_text(e, part->text, part->len);
	}
	em_text(e, PY_RUN, sizeof PY_RUN - 1);
	if (g->seq)
		em_line(e, "    SEQUENTIAL = True          # blocking code: see Step.run");
	if (g->any_helper) {
		em_line(e, "    CLOCK.watch(helpers)");
		em_line(e, "    watch_helpers(helpers)");
	}
	if (g->any_chance) {
		em_printf(e, "    dice = Dice(%llu)          # the dice of fail_chance (seed)",
			  (unsigned long long)g->s->seed);
		em_nl(e);
	}
	em_text(e, PY_RUN_LOOP, sizeof PY_RUN_LOOP - 1);
	if (g->any_helper)
		em_text(e, PY_RUN_SHUTDOWN, sizeof PY_RUN_SHUTDOWN - 1);
	return 0;
}

static void gen_free(struct gen *g)
{
	if (g->station_id)
		for (int i = 0; i < g->s->n_stations; i++)
			free(g->station_id[i]);
	free(g->station_id);
	if (g->recipe_id)
		for (int i = 0; i < g->s->n_recipes; i++)
			free(g->recipe_id[i]);
	free(g->recipe_id);
	ns_clear(&g->reserved);
	scope_clear(&g->module);
	ns_clear(&g->stations);
	scope_clear(&g->local);
	ns_clear(&g->skip_module);
	ns_clear(&g->skip_steps);
}

void exp_code_free(struct exp_code *c)
{
	if (!c)
		return;
	for (int r = 0; r < c->n_recipes; r++) {
		if (c->task_line)
			free(c->task_line[r]);
		if (c->step_lines)
			free(c->step_lines[r]);
	}
	free(c->task_line);
	free(c->step_lines);
	free(c->recipe_line);
	free(c->recipe_await);
	free(c->text);
	memset(c, 0, sizeof *c);
}

/* Notes what the program needs (helpers, dice) and makes the line maps. */
static int survey(struct gen *g)
{
	const struct scn_scenario *s = g->s;
	struct exp_code *out = g->out;
	const size_t nr = (size_t)s->n_recipes + 1;
	out->n_recipes = s->n_recipes;
	out->recipe_line = calloc(nr, sizeof *out->recipe_line);
	out->recipe_await = calloc(nr, sizeof *out->recipe_await);
	out->task_line = calloc(nr, sizeof *out->task_line);
	out->step_lines = calloc(nr, sizeof *out->step_lines);
	g->station_id = calloc((size_t)s->n_stations + 1, sizeof *g->station_id);
	g->recipe_id = calloc(nr, sizeof *g->recipe_id);
	if (!out->recipe_line || !out->recipe_await || !out->task_line || !out->step_lines ||
	    !g->station_id || !g->recipe_id)
		return -1;
	for (int r = 0; r < s->n_recipes; r++) {
		const struct scn_recipe *rec = &s->recipes[r];
		out->task_line[r] = calloc((size_t)rec->n_tasks + 1, sizeof **out->task_line);
		out->step_lines[r] = calloc((size_t)rec->n_tasks + 1, sizeof **out->step_lines);
		if (!out->task_line[r] || !out->step_lines[r])
			return -1;
		for (int i = 0; i < rec->n_tasks; i++) {
			const struct scn_task *t = &rec->tasks[i];
			if (t->kind == SCN_HELPER) {
				g->any_helper = true;
				if (t->timeout_ms >= 0)
					g->any_helper_timeout = true;
			}
			if (t->fail_chance > 0 && t->fail_after_ms < 0)
				g->any_chance = true;
		}
	}
	return 0;
}

/* The names no scenario name may take, then the stations' and recipes'
 * identifiers. Returns 0, or -1 when memory runs out. */
static int name_kitchen(struct gen *g)
{
	const struct scn_scenario *s = g->s;
	for (size_t i = 0; i < sizeof reserved_names / sizeof *reserved_names; i++)
		if (!ns_has(&g->reserved, reserved_names[i]) &&
		    ns_add(&g->reserved, reserved_names[i]))
			return -1;
	if (reserve_words(&g->reserved, PY_RUN) || reserve_words(&g->reserved, PY_RUN_LOOP) ||
	    reserve_words(&g->reserved, "CLOCK dice Dice SEQUENTIAL watch_helpers group"))
		return -1;
	for (int m = 0; m < 2; m++) {
		const char *const *parts = m ? parts_sequential : parts_concurrent;
		for (int i = 0; parts[i]; i++) {
			const struct base_embedded *part = exp_python_part(parts[i]);
			if (!part || reserve_words(&g->reserved, part->text))
				return -1;
		}
	}
	const struct nameset *sets[] = { &g->reserved };
	struct taken taken = { sets, 1, &g->skip_module };
	for (int i = 0; i < s->n_stations; i++) {
		g->station_id[i] = make_ident(s->stations[i].name, "station", &taken,
					      &g->module, NULL, 0, &g->out->names_tried);
		if (!g->station_id[i] || ns_add(&g->stations, g->station_id[i]))
			return -1;
	}
	for (int r = 0; r < s->n_recipes; r++) {
		g->recipe_id[r] = make_ident(s->recipes[r].name, "recipe", &taken,
					     &g->module, NULL, 0, &g->out->names_tried);
		if (!g->recipe_id[r])
			return -1;
	}
	return 0;
}

int exp_asyncio_build(const struct scn_scenario *s, struct exp_code *out)
{
	struct gen g = { .s = s, .seq = s->mode == SCN_SEQUENTIAL, .out = out };
	memset(out, 0, sizeof *out);
	base_buf_init(&g.e.b, NULL);
	if (survey(&g) || name_kitchen(&g))
		goto fail;
	gen_header(&g);
	gen_kitchen(&g);
	for (int r = 0; r < s->n_recipes; r++)
		if (gen_recipe(&g, r))
			goto fail;
	gen_menu(&g);
	gen_orders(&g);
	gen_script(&g);
	if (gen_opening(&g) || g.e.b.oom)
		goto fail;
	base_buf_putc(&g.e.b, '\0');
	if (g.e.b.oom)
		goto fail;
	out->len = g.e.b.n - 1;
	out->text = g.e.b.v;            /* handed over: exp_code_free frees it */
	out->n_lines = g.e.lines;
	gen_free(&g);
	return 0;
fail:
	base_buf_close(&g.e.b);
	gen_free(&g);
	exp_code_free(out);
	return -1;
}
