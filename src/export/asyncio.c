/*
 * asyncio.c — a scenario as a runnable Python 3.11 asyncio program
 * (`kitchen export asyncio`), written for students to read beside the TUI.
 *
 * The program follows SPEC §2's table: one `async def` per recipe holding one
 * inner coroutine per step; an order is a task running its recipe; a `wait`
 * step is `await asyncio.sleep`, a `work` step `time.sleep` on the loop, a
 * `helper` step `loop.run_in_executor` on a ThreadPoolExecutor; a station is
 * an asyncio.Semaphore used with `async with`; `after` is a gather before the
 * step (for one task too, so that the steps after a task wake in the same
 * turn, in declaration order, as in the kitchen); on_error is gather /
 * gather(return_exceptions=True) / TaskGroup; a timeout is `asyncio.timeout`
 * inside the station (what wait_for is built on since 3.12, and exact where
 * 3.11's wait_for is not: docs/asyncio-export.md); retries are a loop;
 * patience a timer that cancels the order's task. In sequential mode the
 * recipe awaits each step in turn, and customers and the script come in on
 * threads of their own. The program prints the run as SPEC §6 jsonl lines,
 * timed by its own clock.
 *
 * Everything taken from the scenario is made safe here, whatever it holds:
 * the program is pure printable ASCII and its first two lines are fixed (so
 * no text can declare an encoding, PEP 263); names become unique Python
 * identifiers that shadow nothing the program uses; strings become literals
 * where every other character is a Python escape; free text in comments
 * shows every other character as a visible \u{XXXX}, so no comment holds a
 * line break of any kind. The text grows in one buffer that counts lines,
 * so the code panel can point at the line that runs each step.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "export/asyncio.h"
#include "export/python.h"

/* ---- the growing text ------------------------------------------------- */

struct ebuf {
	char *p;
	size_t len, cap;
	int lines;      /* newlines written so far */
	bool oom;       /* sticky: once memory ran out, every write is a no-op */
};

static void eb_putn(struct ebuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			b->lines++;
}

static void eb_put(struct ebuf *b, const char *s)
{
	eb_putn(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void eb_printf(struct ebuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		eb_putn(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	eb_putn(b, big, (size_t)n);
	free(big);
}

/* The 1-based number of the line being written. */
static int eb_line(const struct ebuf *b)
{
	return b->lines + 1;
}

static void eb_indent(struct ebuf *b, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < 32 ? n : 32;
		eb_putn(b, spaces, (size_t)k);
		n -= k;
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
static void py_str(struct ebuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	eb_put(b, "\"");
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (cp == '\\')
			eb_put(b, "\\\\");
		else if (cp == '"')
			eb_put(b, "\\\"");
		else if (cp == '\n')
			eb_put(b, "\\n");
		else if (cp == '\t')
			eb_put(b, "\\t");
		else if (cp == '\r')
			eb_put(b, "\\r");
		else if (raw_ok(cp))
			eb_putn(b, (const char *)p, 1);
		else if (cp < 0x100)
			eb_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			eb_printf(b, "\\u%04x", (unsigned)cp);
		else
			eb_printf(b, "\\U%08x", (unsigned)cp);
		p += n;
	}
	eb_put(b, "\"");
}

/* Free text in a comment: printable ASCII raw, every other character (line
 * breaks, tabs, controls, anything not ASCII) a visible \u{XXXX}, so the
 * comment stays on its line and reads as what it holds. */
static void py_comment_text(struct ebuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		if (raw_ok(cp))
			eb_putn(b, (const char *)p, 1);
		else
			eb_printf(b, "\\u{%04X}", (unsigned)cp);
		p += n;
	}
}

/* Writes a lesson (or any multi-line text) as comment lines "#   ...". */
static void py_comment_block(struct ebuf *b, const char *text, const char *prefix)
{
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(n + 1);
		if (!line) {
			b->oom = true;
			return;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		eb_put(b, prefix);
		py_comment_text(b, line);
		/* an empty line leaves the prefix's spaces: trimmed */
		while (!b->oom && b->len && b->p[b->len - 1] == ' ')
			b->p[--b->len] = '\0';
		eb_put(b, "\n");
		free(line);
		p = nl ? nl + 1 : NULL;
	}
}

/* Virtual milliseconds as Python seconds, as short as exact: 3, 1.5, 0.25. */
static void py_secs(struct ebuf *b, int64_t ms)
{
	if (ms % 1000 == 0)
		eb_printf(b, "%lld", (long long)(ms / 1000));
	else if (ms % 100 == 0)
		eb_printf(b, "%lld.%lld", (long long)(ms / 1000), (long long)(ms % 1000 / 100));
	else if (ms % 10 == 0)
		eb_printf(b, "%lld.%02lld", (long long)(ms / 1000), (long long)(ms % 1000 / 10));
	else
		eb_printf(b, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* A probability as Python writes it, short and exact enough (17 digits). */
static void py_prob(struct ebuf *b, double p)
{
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, p);
		if (strtod(tmp, NULL) == p)
			break;
	}
	if (!strpbrk(tmp, ".e"))
		strcat(tmp, ".0");
	eb_put(b, tmp);
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
 * src/export/python/ (compiled in: export/python.h): the transcript,
 * the clocks, the doors (concurrent mode) and the world outside (sequential
 * mode), and the main() of each mode.
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
"    if not 0 < options.scale < math.inf:\n"
"        parser.error(\"--scale must be a positive number\")\n"
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

/* When the awaited end of an attempt was due, for its lateness. */
enum due_kind {
	DUE_NONE,       /* work: it ends inside its own callback, never late */
	DUE_SLEEP,      /* wait: start + duration */
	DUE_FINISHED    /* helper: when its thread finished */
};

struct gen {
	const struct scn_scenario *s;
	struct ebuf b;
	bool seq;                       /* the sequential (blocking) version */
	bool any_helper, any_patience, any_chance, any_helper_timeout;
	struct nameset reserved;        /* reserved_names */
	struct scope module;            /* stations and recipes */
	struct nameset stations;        /* station identifiers alone */
	struct scope local;             /* the current recipe's steps */
	struct nameset skip_module;     /* memo of clashes with reserved */
	struct nameset skip_steps;      /* memo of clashes with reserved, stations */
	char **station_id;
	char **recipe_id;
	char **task_id;                 /* the current recipe's, per task */
	struct exp_code *out;
	int recipe;                     /* the recipe being written */
	struct exp_step_lines *lines;   /* the step being written: its waits */
};

static void ind(struct gen *g, int n)
{
	eb_indent(&g->b, n);
}

static void nl(struct gen *g)
{
	eb_put(&g->b, "\n");
}

/* Starts a comment at the end of the current line: at column 56, or two
 * spaces after the code when that is longer. */
static void trailing_start(struct ebuf *b)
{
	size_t bol = b->len;
	while (bol > 0 && b->p[bol - 1] != '\n')
		bol--;
	int col = b->oom ? 0 : (int)(b->len - bol);
	eb_indent(b, col < 54 ? 56 - col : 2);
	eb_put(b, "# ");
}

/* Ends the current line's code with a comment; `text` is ours (no text from
 * the scenario, which goes through py_comment_text). */
static void trailing(struct gen *g, const char *text)
{
	trailing_start(&g->b);
	eb_put(&g->b, text);
}

/* "after: a, b" as a trailing comment, with the tasks' own names. */
static void trailing_after(struct gen *g, const struct scn_recipe *rec,
			   const struct scn_task *t, const char *note)
{
	trailing_start(&g->b);
	eb_put(&g->b, "after: ");
	for (int k = 0; k < t->n_after; k++) {
		if (k)
			eb_put(&g->b, ", ");
		py_comment_text(&g->b, rec->tasks[t->after[k]].name);
	}
	eb_put(&g->b, note);
}

static bool task_can_fail(const struct scn_task *t)
{
	return t->fail_after_ms >= 0 || t->fail_chance > 0 || t->timeout_ms >= 0;
}

static bool recipe_can_fail(const struct scn_recipe *rec)
{
	for (int i = 0; i < rec->n_tasks; i++)
		if (task_can_fail(&rec->tasks[i]))
			return true;
	return false;
}

static bool recipe_has_helper(const struct scn_recipe *rec)
{
	for (int i = 0; i < rec->n_tasks; i++)
		if (rec->tasks[i].kind == SCN_HELPER)
			return true;
	return false;
}

/*
 * Writes `head` ITEM, ITEM... `tail` at `indent`, on one line when it fits in
 * 88 columns, else as many items per line as fit, four spaces further in.
 * `item(g, i, ctx)` writes item i, with no newline: when the single line is
 * too long it is rolled back and the items are written again, wrapped.
 */
typedef void (*item_fn)(struct gen *g, int i, void *ctx);

static void put_list(struct gen *g, int indent, const char *head, int n,
		     item_fn item, void *ctx, const char *tail)
{
	/* first on one line */
	size_t before = g->b.len;
	int lines = g->b.lines;
	ind(g, indent);
	eb_put(&g->b, head);
	for (int i = 0; i < n; i++) {
		if (i)
			eb_put(&g->b, ", ");
		item(g, i, ctx);
	}
	eb_put(&g->b, tail);
	if (g->b.oom || g->b.len - before <= 88)
		return;
	/* too long: write it again, wrapped */
	g->b.len = before;
	g->b.lines = lines;
	if (g->b.p)
		g->b.p[before] = '\0';
	ind(g, indent);
	eb_put(&g->b, head);
	nl(g);
	size_t bol = g->b.len;
	ind(g, indent + 4);
	for (int i = 0; i < n; i++) {
		size_t mark = g->b.len;
		item(g, i, ctx);
		eb_put(&g->b, ",");
		if (g->b.len - bol > 88 && mark > bol + (size_t)indent + 4) {
			/* move this item to a line of its own */
			size_t ilen = g->b.len - mark;
			char *tmp = malloc(ilen + 1);
			if (!tmp) {
				g->b.oom = true;
				return;
			}
			memcpy(tmp, g->b.p + mark, ilen);
			tmp[ilen] = '\0';
			g->b.len = mark;
			while (g->b.len > bol && g->b.p[g->b.len - 1] == ' ')
				g->b.len--;
			g->b.p[g->b.len] = '\0';
			nl(g);
			bol = g->b.len;
			ind(g, indent + 4);
			eb_put(&g->b, tmp);
			free(tmp);
		}
		if (i + 1 < n)
			eb_put(&g->b, " ");
	}
	nl(g);
	/* Every wrapped item already ends with a comma: a tail's own (the
	 * one-element tuple's ",)") would be a second one. */
	if (tail[0] == ',' && tail[1] != ' ')
		tail++;
	if (!strncmp(tail, ", ", 2)) {
		/* a keyword argument closes the call: on a line of its own */
		ind(g, indent + 4);
		eb_put(&g->b, tail + 2);
	} else {
		ind(g, indent);
		eb_put(&g->b, tail);
	}
}

static void item_task_var(struct gen *g, int i, void *ctx)
{
	const int *idx = ctx;
	eb_printf(&g->b, "%s_task", g->task_id[idx ? idx[i] : i]);
}

static void item_task_fn(struct gen *g, int i, void *ctx)
{
	(void)ctx;
	eb_put(&g->b, g->task_id[i]);
}

static void item_task_name(struct gen *g, int i, void *ctx)
{
	const struct scn_recipe *rec = ctx;
	py_str(&g->b, rec->tasks[i].name);
}

/* order.started(NAME, KIND[, attempt][, say=...]) */
static void put_started(struct gen *g, const struct scn_task *t, bool retry)
{
	eb_put(&g->b, "order.started(");
	py_str(&g->b, t->name);
	eb_printf(&g->b, ", \"%s\"", scn_kind_name(t->kind));
	if (retry)
		eb_put(&g->b, ", attempt");
	if (t->say_start) {
		eb_put(&g->b, ", say=");
		py_str(&g->b, t->say_start);
	}
	eb_put(&g->b, ")");
}

/* raise Failed(ERROR[, due=BASE[ + PLUS]]) at `indent`, a whole line. */
static void put_raise(struct gen *g, int indent, const struct scn_task *t,
		      const char *base, int64_t plus)
{
	ind(g, indent);
	eb_put(&g->b, "raise Failed(");
	py_str(&g->b, t->error ? t->error : "failed");
	if (base) {
		eb_printf(&g->b, ", due=%s", base);
		if (plus >= 0) {
			eb_put(&g->b, " + ");
			py_secs(&g->b, plus);
		}
	}
	eb_put(&g->b, ")\n");
}

/* try: / async with asyncio.timeout(T): — returns the inner indent. */
static int open_timeout(struct gen *g, const struct scn_task *t, int indent,
			const char *why)
{
	ind(g, indent);
	eb_put(&g->b, "try:\n");
	if (g->lines)
		g->lines->timeout = eb_line(&g->b);
	ind(g, indent + 4);
	eb_put(&g->b, "async with asyncio.timeout(");
	py_secs(&g->b, t->timeout_ms);
	eb_put(&g->b, "):");
	trailing(g, why);
	nl(g);
	return indent + 8;
}

/* except TimeoutError: raise Failed("timeout", due=BASE + AFTER): a timed-out
 * attempt is late by how long after its deadline the failure was handled
 * (SPEC §4), even when its own end was due earlier and a block held it. */
static void close_timeout(struct gen *g, int indent, const char *base, int64_t after)
{
	ind(g, indent);
	eb_put(&g->b, "except TimeoutError:\n");
	ind(g, indent + 4);
	eb_printf(&g->b, "raise Failed(\"timeout\", due=%s + ", base);
	py_secs(&g->b, after);
	eb_put(&g->b, ") from None\n");
}

/* A helper step's job: the plain function a helper thread runs. */
static void gen_job(struct gen *g, const struct scn_task *t, const char *id)
{
	struct ebuf *b = &g->b;
	ind(g, 4);
	eb_printf(b, "def %s_job(attempt):\n", id);
	ind(g, 8);
	eb_put(b, "# Runs on a helper thread, not on the loop: blocking here is fine.\n");
	ind(g, 8);
	eb_put(b, "order.started(");
	py_str(b, t->name);
	eb_put(b, ", \"helper\", attempt");
	if (t->say_start) {
		eb_put(b, ", say=");
		py_str(b, t->say_start);
	}
	eb_put(b, ")\n");
	ind(g, 8);
	eb_put(b, "time.sleep(");
	if (t->fail_after_ms >= 0) {
		py_secs(b, t->fail_after_ms);
		eb_put(b, ")");
		trailing(g, "fail_after: every attempt fails here");
		nl(g);
		put_raise(g, 8, t, "now()", -1);
	} else {
		py_secs(b, t->duration_ms);
		eb_put(b, ")\n");
		ind(g, 8);
		eb_put(b, "return now()");
		trailing(g, "when the thread finished");
		nl(g);
	}
	nl(g);
}

/*
 * One attempt of a step, from its station on, at `indent`. Returns the line
 * of the statement that awaits or runs the step; *due tells when its end
 * was due.
 */
static int gen_attempt(struct gen *g, const struct scn_task *t, const char *id,
		       int indent, bool retry, enum due_kind *due)
{
	struct ebuf *b = &g->b;
	int line = 0;
	if (t->station >= 0) {
		const struct scn_station *st = &g->s->stations[t->station];
		if (g->lines)
			g->lines->station = eb_line(b);
		ind(g, indent);
		eb_printf(b, "async with %s:", g->station_id[t->station]);
		trailing(g, st->capacity == 1 ? "the station: wait for its slot" :
			 "the station: wait for one of its slots");
		nl(g);
		indent += 4;
	}
	const bool fails = t->fail_after_ms >= 0;
	const int64_t run = fails ? t->fail_after_ms : t->duration_ms;
	int in = indent;
	switch (t->kind) {
	case SCN_WAIT:
		ind(g, indent);
		eb_put(b, "start = ");
		put_started(g, t, retry);
		nl(g);
		if (t->timeout_ms >= 0)
			in = open_timeout(g, t, indent, "timeout");
		ind(g, in);
		line = eb_line(b);
		eb_put(b, "await asyncio.sleep(");
		py_secs(b, run);
		eb_put(b, ")");
		trailing(g, fails ? "fail_after: every attempt fails here" :
			 run == 0 ? "0 s: it only yields to the loop" :
			 "the chef is free meanwhile");
		nl(g);
		if (fails)
			put_raise(g, in, t, "start", run);
		if (t->timeout_ms >= 0)
			close_timeout(g, indent, "start", t->timeout_ms);
		*due = DUE_SLEEP;
		break;
	case SCN_WORK:
		ind(g, indent);
		put_started(g, t, retry);
		nl(g);
		ind(g, indent);
		line = eb_line(b);
		eb_put(b, "time.sleep(");
		py_secs(b, run);
		eb_put(b, ")");
		trailing(g, fails ? "work blocks the loop; fail_after: it fails here" :
			 "work: the loop is blocked, nothing else runs");
		nl(g);
		if (fails)
			put_raise(g, indent, t, NULL, -1);
		*due = DUE_NONE;
		break;
	case SCN_HELPER:
		if (t->timeout_ms >= 0) {
			ind(g, indent);
			eb_put(b, "handed = now()\n");
			in = open_timeout(g, t, indent,
					  "timeout, the wait for a thread included");
		}
		ind(g, in);
		line = eb_line(b);
		eb_printf(b, "finished = await loop.run_in_executor(helpers, %s_job, %s)\n",
			  id, retry ? "attempt" : "1");
		if (t->timeout_ms >= 0)
			close_timeout(g, indent, "handed", t->timeout_ms);
		*due = DUE_FINISHED;
		break;
	}
	if (t->fail_chance > 0 && !fails) {
		ind(g, indent);
		eb_put(b, "if dice.fails(");
		py_prob(b, t->fail_chance);
		eb_put(b, "):");
		trailing(g, "fail_chance: a throw of the dice");
		nl(g);
		if (t->kind == SCN_WAIT)
			put_raise(g, indent + 4, t, "start", t->duration_ms);
		else if (t->kind == SCN_HELPER)
			put_raise(g, indent + 4, t, "finished", -1);
		else
			put_raise(g, indent + 4, t, NULL, -1);
	}
	return line;
}

/* order.done(NAME[, due=...][, say=...]) at `indent`, a whole line. */
static void put_done(struct gen *g, const struct scn_task *t, int indent,
		     enum due_kind due)
{
	ind(g, indent);
	eb_put(&g->b, "order.done(");
	py_str(&g->b, t->name);
	if (due == DUE_SLEEP) {
		eb_put(&g->b, ", due=start + ");
		py_secs(&g->b, t->duration_ms);
	} else if (due == DUE_FINISHED) {
		eb_put(&g->b, ", due=finished");
	}
	if (t->say_done) {
		eb_put(&g->b, ", say=");
		py_str(&g->b, t->say_done);
	}
	eb_put(&g->b, ")\n");
}

static void put_ready(struct gen *g, const struct scn_task *t, int indent)
{
	if (g->seq && g->any_patience) {
		ind(g, indent);
		eb_put(&g->b, "notice_walk_outs(order)");
		trailing(g, "blocking code sees the clock only now");
		nl(g);
	}
	ind(g, indent);
	eb_put(&g->b, "order.ready(");
	py_str(&g->b, t->name);
	eb_put(&g->b, ")\n");
}

/* One step: its job (helpers), then its coroutine. Returns its line. */
static int gen_step(struct gen *g, const struct scn_recipe *rec, int i)
{
	struct ebuf *b = &g->b;
	const struct scn_task *t = &rec->tasks[i];
	const char *id = g->task_id[i];
	const bool deps = !g->seq && t->n_after > 0;

	if (t->kind == SCN_HELPER)
		gen_job(g, t, id);
	if (!g->seq) {
		/* The step reports its own events; one with no `after` is ready
		 * when its task is made (queued), the others when what they wait
		 * for is done. */
		ind(g, 4);
		eb_put(b, "@order.step(");
		py_str(b, t->name);
		eb_put(b, deps ? ", waits=True)\n" : ")\n");
	}
	ind(g, 4);
	eb_printf(b, "async def %s(", id);
	for (int k = 0; deps && k < t->n_after; k++)
		eb_printf(b, "%s%s_task", k ? ", " : "", g->task_id[t->after[k]]);
	eb_put(b, "):\n");
	int indent = 8;
	if (deps) {
		if (g->lines)
			g->lines->gather = eb_line(b);
		if (rec->on_error == SCN_COLLECT) {
			put_list(g, indent, "await asyncio.gather(", t->n_after,
				 item_task_var, t->after, ", return_exceptions=True)");
			trailing_after(g, rec, t, ", failed or not");
		} else {
			put_list(g, indent, "await asyncio.gather(", t->n_after,
				 item_task_var, t->after, ")");
			trailing_after(g, rec, t, "");
		}
		nl(g);
	}

	enum due_kind due = DUE_NONE;
	int line;
	const bool can_fail = task_can_fail(t);
	const bool always_fails = t->fail_after_ms >= 0;
	if (g->seq || deps)
		put_ready(g, t, indent);
	if (!can_fail) {
		line = gen_attempt(g, t, id, indent, false, &due);
		put_done(g, t, indent, due);
	} else if (t->retries == 0) {
		ind(g, indent);
		eb_put(b, "try:\n");
		line = gen_attempt(g, t, id, indent + 4, false, &due);
		ind(g, indent);
		eb_put(b, "except Failed as error:\n");
		ind(g, indent + 4);
		eb_put(b, "order.failed(");
		py_str(b, t->name);
		eb_put(b, ", error)\n");
		ind(g, indent + 4);
		eb_put(b, "raise\n");
		if (!always_fails)
			put_done(g, t, indent, due);
	} else {
		const int last = t->retries + 1;
		ind(g, indent);
		eb_printf(b, "for attempt in range(1, %d):", last + 1);
		trailing_start(b);
		eb_printf(b, "retries: %d, a loop with no await between attempts\n",
			  t->retries);
		ind(g, indent + 4);
		eb_put(b, "try:\n");
		line = gen_attempt(g, t, id, indent + 8, true, &due);
		ind(g, indent + 4);
		eb_put(b, "except Failed as error:\n");
		ind(g, indent + 8);
		eb_put(b, "order.failed(");
		py_str(b, t->name);
		eb_printf(b, ", error, attempt, final=attempt == %d)\n", last);
		ind(g, indent + 8);
		eb_printf(b, "if attempt == %d:\n", last);
		ind(g, indent + 12);
		eb_put(b, "raise\n");
		put_ready(g, t, indent + 8);
		if (!always_fails) {
			ind(g, indent + 4);
			eb_put(b, "else:\n");
			put_done(g, t, indent + 8, due);
			ind(g, indent + 8);
			eb_put(b, "return\n");
		}
	}
	nl(g);
	return line;
}

/* How the order's steps are run: tasks and gather / TaskGroup, or in turn. */
static void gen_orchestration(struct gen *g, const struct scn_recipe *rec)
{
	struct ebuf *b = &g->b;
	const int n = rec->n_tasks;
	const bool can_fail = recipe_can_fail(rec);

	if (g->seq) {
		ind(g, 4);
		eb_put(b, "# Blocking code: each step is awaited before the next one starts.\n");
		if (rec->on_error == SCN_COLLECT && can_fail) {
			ind(g, 4);
			eb_put(b, "failed = 0\n");
			put_list(g, 4, "for step in (", n, item_task_fn, NULL,
				 n == 1 ? ",):" : "):");
			trailing(g, "one after another");
			nl(g);
			ind(g, 8);
			eb_put(b, "try:\n");
			for (int i = 0; i < n; i++)
				g->out->step_lines[g->recipe][i].call = eb_line(b);
			ind(g, 12);
			eb_put(b, "await step()\n");
			ind(g, 8);
			eb_put(b, "except Failed:\n");
			ind(g, 12);
			eb_put(b, "failed += 1");
			trailing(g, "on_error: collect: note it and go on");
			nl(g);
			ind(g, 4);
			eb_put(b, "order.served(failed_tasks=failed)\n");
			return;
		}
		int indent = 4;
		if (can_fail) {
			ind(g, 4);
			eb_put(b, "try:\n");
			indent = 8;
		}
		for (int i = 0; i < n; i++) {
			g->out->step_lines[g->recipe][i].call = eb_line(b);
			ind(g, indent);
			eb_printf(b, "await %s()\n", g->task_id[i]);
		}
		if (can_fail) {
			ind(g, 4);
			eb_put(b, "except Failed as error:\n");
			ind(g, 8);
			eb_put(b, "order.give_up(error)");
			trailing(g, rec->on_error == SCN_CANCEL ?
				 "on_error: cancel: the rest is cancelled" :
				 "on_error: propagate: the rest is cancelled");
			nl(g);
			ind(g, 4);
			eb_put(b, "else:\n");
			ind(g, 8);
			eb_put(b, "order.served()\n");
		} else {
			ind(g, 4);
			eb_put(b, "order.served()\n");
		}
		return;
	}

	ind(g, 4);
	eb_put(b, "# Every step starts at once, as a task; a step that comes after\n");
	ind(g, 4);
	eb_put(b, "# others first awaits their tasks.\n");
	if (rec->on_error == SCN_CANCEL) {
		int indent = 4;
		if (can_fail) {
			ind(g, 4);
			eb_put(b, "try:\n");
			indent = 8;
		}
		g->out->recipe_await[g->recipe] = eb_line(b);
		ind(g, indent);
		eb_put(b, "async with asyncio.TaskGroup() as steps:");
		trailing(g, "on_error: cancel");
		nl(g);
		for (int i = 0; i < n; i++) {
			const struct scn_task *t = &rec->tasks[i];
			ind(g, indent + 4);
			eb_printf(b, "%s_task = steps.create_task(%s(", g->task_id[i], g->task_id[i]);
			for (int k = 0; k < t->n_after; k++)
				eb_printf(b, "%s%s_task", k ? ", " : "", g->task_id[t->after[k]]);
			eb_put(b, "))\n");
		}
		if (can_fail) {
			ind(g, 4);
			eb_put(b, "except* Failed as failure:\n");
			ind(g, 8);
			eb_put(b, "order.fail(failure.exceptions[0])");
			trailing(g, "the group cancelled the other steps");
			nl(g);
			ind(g, 4);
			eb_put(b, "else:\n");
			ind(g, 8);
			eb_put(b, "order.served()\n");
		} else {
			ind(g, 4);
			eb_put(b, "order.served()\n");
		}
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct scn_task *t = &rec->tasks[i];
		ind(g, 4);
		eb_printf(b, "%s_task = asyncio.create_task(%s(", g->task_id[i], g->task_id[i]);
		for (int k = 0; k < t->n_after; k++)
			eb_printf(b, "%s%s_task", k ? ", " : "", g->task_id[t->after[k]]);
		eb_put(b, "))\n");
	}
	if (rec->on_error == SCN_COLLECT) {
		g->out->recipe_await[g->recipe] = eb_line(b);
		put_list(g, 4, "results = await asyncio.gather(", n, item_task_var, NULL,
			 ", return_exceptions=True)");
		trailing(g, "on_error: collect");
		nl(g);
		ind(g, 4);
		eb_put(b, "order.served(failed_tasks=sum(isinstance(r, Failed) for r in results))\n");
	} else if (can_fail) {
		ind(g, 4);
		eb_put(b, "try:\n");
		g->out->recipe_await[g->recipe] = eb_line(b);
		put_list(g, 8, "await asyncio.gather(", n, item_task_var, NULL, ")");
		trailing(g, "on_error: propagate");
		nl(g);
		ind(g, 4);
		eb_put(b, "except Failed as error:\n");
		ind(g, 8);
		eb_put(b, "order.fail(error)");
		trailing(g, "the first failure; the other steps go on");
		nl(g);
		ind(g, 4);
		eb_put(b, "else:\n");
		ind(g, 8);
		eb_put(b, "order.served()\n");
	} else {
		g->out->recipe_await[g->recipe] = eb_line(b);
		put_list(g, 4, "await asyncio.gather(", n, item_task_var, NULL, ")");
		nl(g);
		ind(g, 4);
		eb_put(b, "order.served()\n");
	}
}

static int gen_recipe(struct gen *g, int r)
{
	struct ebuf *b = &g->b;
	const struct scn_recipe *rec = &g->s->recipes[r];
	static const char *const task_suffix[] = { "_task", "_job" };
	const struct nameset *sets[] = { &g->reserved, &g->stations };
	struct taken taken = { sets, 2, &g->skip_steps };

	scope_clear(&g->local);
	g->task_id = calloc((size_t)rec->n_tasks, sizeof *g->task_id);
	if (!g->task_id)
		return -1;
	int rc = 0;
	for (int i = 0; i < rec->n_tasks; i++) {
		g->task_id[i] = make_ident(rec->tasks[i].name, "step", &taken,
					   &g->local, task_suffix, 2, &g->out->names_tried);
		if (!g->task_id[i]) {
			rc = -1;
			goto out;
		}
	}

	eb_put(b, "\n\n# ");
	py_comment_text(b, rec->name);
	if (rec->title && strcmp(rec->title, rec->name)) {
		eb_put(b, ": ");
		py_comment_text(b, rec->title);
	}
	eb_printf(b, " (on_error: %s", scn_on_error_name(rec->on_error));
	if (rec->patience_ms >= 0) {
		eb_put(b, "; patience ");
		py_secs(b, rec->patience_ms);
		eb_put(b, " s");
	}
	eb_put(b, ")\n");
	g->out->recipe_line[r] = eb_line(b);
	eb_printf(b, "async def %s(order):\n", g->recipe_id[r]);
	if (recipe_has_helper(rec)) {
		ind(g, 4);
		eb_put(b, "loop = asyncio.get_running_loop()\n");
		nl(g);
	}
	g->recipe = r;
	for (int i = 0; i < rec->n_tasks; i++) {
		g->lines = &g->out->step_lines[r][i];
		g->lines->run = g->out->task_line[r][i] = gen_step(g, rec, i);
	}
	g->lines = NULL;
	gen_orchestration(g, rec);
out:
	for (int i = 0; i < rec->n_tasks; i++)
		free(g->task_id[i]);
	free(g->task_id);
	g->task_id = NULL;
	return rc;
}

static void gen_header(struct gen *g)
{
	struct ebuf *b = &g->b;
	const struct scn_scenario *s = g->s;
	/* The first two lines are the exporter's own: Python reads an encoding
	 * declaration only there (PEP 263), so no title can make one. */
	eb_put(b, "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n#\n# ");
	py_comment_text(b, s->title);
	eb_put(b, ": an Async Kitchen scenario as a Python asyncio program.\n");
	if (s->concept) {
		eb_put(b, "# Concept: ");
		py_comment_text(b, s->concept);
		eb_put(b, "\n");
	}
	eb_put(b,
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
"#\n");
	if (g->seq)
		eb_put(b,
"# This is the sequential version (mode: sequential): blocking code, where\n"
"# every step is awaited before the next one starts and every order waits\n"
"# for the one before it.\n"
"#\n");
	eb_put(b,
"# The kitchen in asyncio:\n"
"#   the chef              the event loop, on one thread\n"
"#   a recipe              an `async def`; every order runs it as a task\n"
"#   a step that waits     await asyncio.sleep(d): the chef is free meanwhile\n"
"#   a step of work        time.sleep(d) on the loop: the loop is blocked\n"
"#   a helper's step       await loop.run_in_executor(helpers, job)\n"
"#   a station of N slots  asyncio.Semaphore(N), used as `async with`\n"
"#   after: [a, b]         await asyncio.gather(a_task, b_task) first\n"
"#   on_error              propagate: gather; collect: gather(...,\n"
"#                         return_exceptions=True); cancel: TaskGroup\n"
"#   timeout               async with asyncio.timeout(T), inside the station\n"
"#   retries               a for loop around the attempt\n"
"#   patience              the customer's deadline: a timer that cancels\n"
"#                         the order's task\n");
	if (s->lesson) {
		eb_put(b, "#\n# The lesson:\n");
		py_comment_block(b, s->lesson, "#   ");
	}
	eb_put(b, "\nimport asyncio\nimport time\n");
	if (g->any_helper)
		eb_put(b, "from concurrent.futures import ThreadPoolExecutor\n");
}

static void gen_kitchen(struct gen *g)
{
	struct ebuf *b = &g->b;
	const struct scn_scenario *s = g->s;
	eb_put(b,
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# The kitchen\n"
"# ---------------------------------------------------------------------------\n");
	if (s->n_stations) {
		eb_put(b, "\n# Stations: a station with N slots is a semaphore with N permits.\n");
		for (int i = 0; i < s->n_stations; i++) {
			const struct scn_station *st = &s->stations[i];
			eb_printf(b, "%s = asyncio.Semaphore(%d)", g->station_id[i], st->capacity);
			trailing_start(b);
			py_comment_text(b, st->title);
			eb_printf(b, ": %d slot%s\n", st->capacity, st->capacity == 1 ? "" : "s");
		}
	}
	if (g->any_helper) {
		if (g->seq && g->any_helper_timeout)
			eb_printf(b,
"\n# Helpers: threads that work beside the loop (helpers: %d). Blocking code\n"
"# uses one at a time, but a thread whose step timed out runs on, left\n"
"# behind: more threads, so that nobody waits for it.\n"
"helpers = ThreadPoolExecutor(max_workers=%d, thread_name_prefix=\"helper\")\n",
				   s->helpers, s->helpers + 32);
		else
			eb_printf(b,
"\n# Helpers: threads that work beside the loop (helpers: %d).\n"
"helpers = ThreadPoolExecutor(max_workers=%d, thread_name_prefix=\"helper\")\n",
				   s->helpers, s->helpers);
	}
}

static void gen_menu(struct gen *g)
{
	struct ebuf *b = &g->b;
	const struct scn_scenario *s = g->s;
	eb_put(b,
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# Opening the kitchen\n"
"# ---------------------------------------------------------------------------\n"
"\n"
"# The menu: every recipe by the name events give it, with its coroutine,\n"
"# its steps in declaration order and its customers' patience in seconds.\n"
"MENU = {\n");
	for (int r = 0; r < s->n_recipes; r++) {
		const struct scn_recipe *rec = &s->recipes[r];
		/* head: "NAME": (fn, ( */
		struct ebuf head = { 0 };
		py_str(&head, rec->name);
		eb_printf(&head, ": (%s, (", g->recipe_id[r]);
		struct ebuf tail = { 0 };
		eb_put(&tail, rec->n_tasks == 1 ? ",), " : "), ");
		if (rec->patience_ms >= 0)
			py_secs(&tail, rec->patience_ms);
		else
			eb_put(&tail, "None");
		eb_put(&tail, "),");
		if (head.oom || tail.oom)
			b->oom = true;
		else
			put_list(g, 4, head.p, rec->n_tasks, item_task_name,
				 (void *)rec, tail.p);
		nl(g);
		free(head.p);
		free(tail.p);
	}
	eb_put(b, "}\n");
}

static void gen_orders(struct gen *g)
{
	struct ebuf *b = &g->b;
	const struct scn_scenario *s = g->s;
	eb_put(b,
"\n"
"# The orders as listed: (arrives at, recipe, how many, every). Orders are\n"
"# numbered as they arrive: by time, then this list's order, then count.\n"
"ORDERS = [\n");
	for (int i = 0; i < s->n_orders; i++) {
		const struct scn_order *o = &s->orders[i];
		ind(g, 4);
		eb_put(b, "(");
		py_secs(b, o->at_ms);
		eb_put(b, ", ");
		py_str(b, s->recipes[o->recipe].name);
		eb_printf(b, ", %llu, ", (unsigned long long)o->count);
		py_secs(b, o->every_ms);
		eb_put(b, "),");
		if (o->name) {
			trailing_start(b);
			py_comment_text(b, o->name);
		}
		nl(g);
	}
	eb_put(b, "]\n");
}

/* The lesson's script, the lines of this mode in file order: (at, "say",
 * text), (at, "ask", text, answer) with the choices as comments, (at,
 * "pause"). */
static void gen_script(struct gen *g)
{
	struct ebuf *b = &g->b;
	const struct scn_scenario *s = g->s;
	eb_put(b,
"\n"
"# The lesson's script: what the teacher says and asks, and when.\n"
"SCRIPT = [");
	bool any = false;
	for (int k = 0; k < s->n_script; k++) {
		const struct scn_directive *d = &s->script[k];
		if (!scn_directive_applies(d, g->seq ? SCN_SEQUENTIAL : SCN_CONCURRENT))
			continue;
		if (!any)
			nl(g);
		any = true;
		ind(g, 4);
		eb_put(b, "(");
		py_secs(b, d->at_ms);
		switch (d->kind) {
		case SCN_DIR_SAY:
			eb_put(b, ", \"say\", ");
			py_str(b, d->text);
			eb_put(b, "),\n");
			break;
		case SCN_DIR_PAUSE:
			eb_put(b, ", \"pause\"),\n");
			break;
		case SCN_DIR_ASK:
			eb_put(b, ", \"ask\", ");
			py_str(b, d->text);
			eb_printf(b, ", %d),\n", d->answer);
			for (int ch = 0; ch < d->n_choices; ch++) {
				eb_printf(b, "    #   %d) ", ch + 1);
				py_comment_text(b, d->choices[ch]);
				nl(g);
			}
			if (d->explain) {
				eb_printf(b, "    #   %d, because: ", d->answer);
				py_comment_text(b, d->explain);
				nl(g);
			}
			break;
		}
	}
	eb_put(b, "]\n");
}

/* The fixed parts of the mode (export/python.h), then the program's start. */
static int gen_opening(struct gen *g)
{
	struct ebuf *b = &g->b;
	const char *const *parts = g->seq ? parts_sequential : parts_concurrent;
	for (int i = 0; parts[i]; i++) {
		const struct exp_python *part = exp_python_part(parts[i]);
		if (!part)
			return -1;
		if (i == 1)
			eb_put(b,
"\n\n"
"# ---------------------------------------------------------------------------\n"
"# Bookkeeping: the transcript and the clock. Nothing here is the kitchen\n"
"# itself, which is above.\n"
"# ---------------------------------------------------------------------------\n"
"\n"
"import argparse\n"
"import contextlib\n"
"import heapq\n"
"import json\n"
"import math\n"
"import selectors\n"
"import threading\n");
		eb_put(b, "\n\n");
		eb_putn(b, part->text, part->len);
	}
	eb_put(b, PY_RUN);
	if (g->any_helper)
		eb_put(b, "    CLOCK.watch(helpers)\n");
	if (g->any_chance)
		eb_printf(b, "    dice = Dice(%llu)          # the dice of fail_chance (seed)\n",
			  (unsigned long long)g->s->seed);
	eb_put(b, PY_RUN_LOOP);
	if (g->any_helper)
		eb_put(b, PY_RUN_SHUTDOWN);
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
	if (c->step_lines)
		for (int r = 0; r < c->n_recipes; r++)
			free(c->step_lines[r]);
	free(c->step_lines);
	free(c->recipe_await);
	if (c->task_line)
		for (int r = 0; r < c->n_recipes; r++)
			free(c->task_line[r]);
	free(c->task_line);
	free(c->recipe_line);
	free(c->text);
	memset(c, 0, sizeof *c);
}

int exp_asyncio_build(const struct scn_scenario *s, struct exp_code *out)
{
	struct gen g = { .s = s, .seq = s->mode == SCN_SEQUENTIAL, .out = out };
	memset(out, 0, sizeof *out);
	out->n_recipes = s->n_recipes;
	out->recipe_line = calloc((size_t)s->n_recipes + 1, sizeof *out->recipe_line);
	out->task_line = calloc((size_t)s->n_recipes + 1, sizeof *out->task_line);
	out->step_lines = calloc((size_t)s->n_recipes + 1, sizeof *out->step_lines);
	out->recipe_await = calloc((size_t)s->n_recipes + 1, sizeof *out->recipe_await);
	g.station_id = calloc((size_t)s->n_stations + 1, sizeof *g.station_id);
	g.recipe_id = calloc((size_t)s->n_recipes + 1, sizeof *g.recipe_id);
	if (!out->recipe_line || !out->task_line || !out->step_lines || !out->recipe_await ||
	    !g.station_id || !g.recipe_id)
		goto fail;
	for (int r = 0; r < s->n_recipes; r++) {
		const struct scn_recipe *rec = &s->recipes[r];
		out->task_line[r] = calloc((size_t)rec->n_tasks + 1, sizeof **out->task_line);
		out->step_lines[r] = calloc((size_t)rec->n_tasks + 1, sizeof **out->step_lines);
		if (!out->task_line[r] || !out->step_lines[r])
			goto fail;
		if (rec->patience_ms >= 0)
			g.any_patience = true;
		for (int i = 0; i < rec->n_tasks; i++) {
			const struct scn_task *t = &rec->tasks[i];
			if (t->kind == SCN_HELPER) {
				g.any_helper = true;
				if (t->timeout_ms >= 0)
					g.any_helper_timeout = true;
			}
			if (t->fail_chance > 0 && t->fail_after_ms < 0)
				g.any_chance = true;
		}
	}

	for (size_t i = 0; i < sizeof reserved_names / sizeof *reserved_names; i++)
		if (!ns_has(&g.reserved, reserved_names[i]) &&
		    ns_add(&g.reserved, reserved_names[i]))
			goto fail;
	if (reserve_words(&g.reserved, PY_RUN) || reserve_words(&g.reserved, PY_RUN_LOOP) ||
	    reserve_words(&g.reserved, "CLOCK dice Dice"))
		goto fail;
	for (int m = 0; m < 2; m++) {
		const char *const *parts = m ? parts_sequential : parts_concurrent;
		for (int i = 0; parts[i]; i++) {
			const struct exp_python *part = exp_python_part(parts[i]);
			if (!part || reserve_words(&g.reserved, part->text))
				goto fail;
		}
	}
	const struct nameset *sets[] = { &g.reserved };
	struct taken taken = { sets, 1, &g.skip_module };
	for (int i = 0; i < s->n_stations; i++) {
		g.station_id[i] = make_ident(s->stations[i].name, "station", &taken,
					     &g.module, NULL, 0, &out->names_tried);
		if (!g.station_id[i] || ns_add(&g.stations, g.station_id[i]))
			goto fail;
	}
	for (int r = 0; r < s->n_recipes; r++) {
		g.recipe_id[r] = make_ident(s->recipes[r].name, "recipe", &taken,
					    &g.module, NULL, 0, &out->names_tried);
		if (!g.recipe_id[r])
			goto fail;
	}

	gen_header(&g);
	gen_kitchen(&g);
	for (int r = 0; r < s->n_recipes; r++)
		if (gen_recipe(&g, r))
			goto fail;
	gen_menu(&g);
	gen_orders(&g);
	gen_script(&g);
	if (gen_opening(&g))
		goto fail;
	if (g.b.oom)
		goto fail;

	out->text = g.b.p;
	out->len = g.b.len;
	out->n_lines = g.b.lines;
	gen_free(&g);
	return 0;
fail:
	free(g.b.p);
	gen_free(&g);
	exp_code_free(out);
	return -1;
}
