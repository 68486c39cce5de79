/*
 * args.c — the one command-line parser (args.h): options by the table, the
 * usage and --help texts made from it, and messages that show what a user
 * typed without letting it reach the terminal raw.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "base/buf.h"
#include "base/suggest.h"
#include "base/utf8.h"

#define WIDTH 79        /* usage lines wrap before this column */

/* ---- messages --------------------------------------------------------- */

static void vmessage(const struct cmd_spec *spec, const char *fmt, va_list ap)
{
	char small[1024];
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	char *text = small;
	if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)))
		vsnprintf(text, (size_t)n + 1, fmt, again);
	va_end(again);
	if (n < 0 || !text)
		text = small;           /* cut, but said */

	char prefix[64];
	snprintf(prefix, sizeof prefix, "kitchen%s%s: ", spec && spec->name ? " " : "",
		 spec && spec->name ? spec->name : "");
	base_utf8_say(stderr, prefix, text);
	if (text != small)
		free(text);
}

void cmd_error(const struct cmd_spec *spec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(spec, fmt, ap);
	va_end(ap);
}

int cmd_usage_error(const struct cmd_spec *spec, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(spec, fmt, ap);
	va_end(ap);
	cmd_print_usage(spec, stderr);
	return 2;
}

int cmd_one_stdin(const struct cmd_args *a)
{
	int dashes = 0;
	for (int i = 0; i < a->n_operands; i++)
		dashes += !strcmp(a->operands[i], "-");
	if (dashes > 1)
		return cmd_usage_error(a->spec, "only one scenario can come from standard input");
	return 0;
}

/* ---- values ----------------------------------------------------------- */

int cmd_parse_uint(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!*text)
		return -1;
	for (const char *p = text; *p; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cmd_parse_speed(const char *text)
{
	static const char *const forms[][3] = {
		{ "1/8", "0.125", "0.125x" }, { "1/4", "0.25", "0.25x" },
		{ "1/2", "0.5", "0.5x" }, { "1", "1x", NULL }, { "2", "2x", NULL },
		{ "4", "4x", NULL }, { "8", "8x", NULL }, { "16", "16x", NULL },
		{ "32", "32x", NULL }, { "64", "64x", NULL },
	};
	for (int k = 0; k < 10; k++)
		for (int f = 0; f < 3 && forms[k][f]; f++)
			if (!strcmp(text, forms[k][f]))
				return k - 3;
	return -100;
}

/* ---- the usage -------------------------------------------------------- */

void cmd_put_wrapped(struct base_buf *b, const char *text, int col, int indent)
{
	const char *p = text;
	while (*p) {
		size_t word = strcspn(p, " ");
		if (col > indent && col + 1 + (int)word > WIDTH) {
			base_buf_putc(b, '\n');
			base_buf_pad(b, indent);
			col = indent;
		} else if (p != text) {
			base_buf_putc(b, ' ');
			col++;
		}
		base_buf_put(b, p, word);
		col += (int)word;
		p += word;
		while (*p == ' ')
			p++;
	}
	base_buf_putc(b, '\n');
}

/* "--mode sequential|concurrent", "--seed N", "--auto[=SECONDS]". */
static void option_form(const struct cmd_option *o, struct base_buf *b)
{
	base_buf_puts(b, o->name);
	if (o->type == CMD_FLAG)
		return;
	base_buf_puts(b, o->optional ? "[=" : " ");
	if (o->type == CMD_CHOICE && !o->meta) {
		for (int i = 0; o->choices[i]; i++) {
			if (i)
				base_buf_putc(b, '|');
			base_buf_puts(b, o->choices[i]);
		}
	} else {
		base_buf_puts(b, o->meta ? o->meta : "VALUE");
	}
	if (o->optional)
		base_buf_putc(b, ']');
}

static void command_words(const struct cmd_spec *spec, struct base_buf *b)
{
	base_buf_puts(b, "kitchen");
	if (spec->name) {
		base_buf_putc(b, ' ');
		base_buf_puts(b, spec->name);
	}
	if (spec->operands) {
		base_buf_putc(b, ' ');
		base_buf_puts(b, spec->operands);
	}
}

void cmd_print_usage(const struct cmd_spec *spec, FILE *to)
{
	struct base_buf b, item;
	base_buf_init(&b, NULL);
	base_buf_init(&item, NULL);
	base_buf_puts(&b, "usage: ");
	command_words(spec, &b);
	/* Continuation lines start under the command's first operand. */
	int indent = (int)strlen("usage: kitchen ") +
		     (spec->name ? (int)strlen(spec->name) + 1 : 0);
	int col = (int)b.n;
	for (const struct cmd_option *o = spec->options; o && o->name; o++) {
		item.n = 0;
		base_buf_putc(&item, '[');
		option_form(o, &item);
		base_buf_putc(&item, ']');
		if (col + 1 + (int)item.n > WIDTH && col > indent) {
			base_buf_putc(&b, '\n');
			base_buf_pad(&b, indent);
			col = indent;
		} else {
			base_buf_putc(&b, ' ');
			col++;
		}
		base_buf_put(&b, item.v, item.n);
		col += (int)item.n;
	}
	base_buf_putc(&b, '\n');
	fputs(base_buf_cstr(&b), to);
	base_buf_close(&b);
	base_buf_close(&item);
}

void cmd_print_help(const struct cmd_spec *spec, FILE *to)
{
	cmd_print_usage(spec, to);
	fprintf(to, "\n%s\n", spec->summary);
	if (spec->details)
		fprintf(to, "%s", spec->details);
	if (!spec->run)
		fputs("(Not available yet in this version.)\n", to);
	struct base_buf b;
	base_buf_init(&b, NULL);
	base_buf_puts(&b, "\noptions:\n");
	for (const struct cmd_option *o = spec->options; o && o->name; o++) {
		size_t start = b.n;
		base_buf_puts(&b, "  ");
		option_form(o, &b);
		int used = (int)(b.n - start);
		if (used + 2 > 32) {
			base_buf_putc(&b, '\n');
			used = 0;
		}
		base_buf_pad(&b, 32 - used);
		cmd_put_wrapped(&b, o->help, 32, 32);
	}
	base_buf_puts(&b, "  --help");
	base_buf_pad(&b, 32 - 8);
	base_buf_puts(&b, "this text\n");
	fputs(base_buf_cstr(&b), to);
	base_buf_close(&b);
}

/* ---- parsing ---------------------------------------------------------- */

static const struct cmd_option *find_option(const struct cmd_spec *spec,
					    const char *name, size_t len)
{
	for (const struct cmd_option *o = spec->options; o && o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

static int unknown_option(const struct cmd_spec *spec, const char *arg, size_t len)
{
	const char *names[CMD_MAX_OPTIONS + 1];
	size_t n = 0;
	for (const struct cmd_option *o = spec->options; o && o->name; o++)
		names[n++] = o->name;
	names[n++] = "--help";
	char *word = strndup(arg, len);
	const char *near = word ? base_suggest(word, names, n, NULL) : NULL;
	int rc;
	if (near)
		rc = cmd_usage_error(spec, "unknown option '%s'; did you mean '%s'?",
				     word, near);
	else
		rc = cmd_usage_error(spec, "unknown option '%s'", word ? word : arg);
	free(word);
	return rc;
}

/* "sequential or concurrent", "text, jsonl, summary or timeline". */
static void choice_list(const char *const *choices, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; choices[i] && o < cap; i++) {
		const char *sep = i == 0 ? "" : choices[i + 1] ? ", " : " or ";
		int w = snprintf(out + o, cap - o, "%s%s", sep, choices[i]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
}

/* Checks and stores the value of option number k. Returns 0, or the usage
 * status after saying what is wrong. */
static int take_value(const struct cmd_spec *spec, const struct cmd_option *o,
		      int k, const char *v, struct cmd_args *out)
{
	out->value[k] = v;
	if (!v)
		return 0;       /* an optional value left out */
	char list[256];
	switch (o->type) {
	case CMD_FLAG:
		return cmd_usage_error(spec, "%s takes no value", o->name);
	case CMD_TEXT:
		if (!*v)
			return cmd_usage_error(spec, "%s needs a value, not an empty one",
					       o->name);
		return 0;
	case CMD_CHOICE: {
		for (int i = 0; o->choices[i]; i++)
			if (!strcmp(v, o->choices[i])) {
				out->number[k] = (uint64_t)i;
				return 0;
			}
		size_t n = 0;
		while (o->choices[n])
			n++;
		const char *near = base_suggest(v, o->choices, n, NULL);
		choice_list(o->choices, list, sizeof list);
		if (near)
			return cmd_usage_error(spec, "%s is %s, not '%s'; did you mean '%s'?",
					       o->name, list, v, near);
		return cmd_usage_error(spec, "%s is %s, not '%s'", o->name, list, v);
	}
	case CMD_UINT:
		if (cmd_parse_uint(v, o->min, o->max, &out->number[k]))
			return cmd_usage_error(spec, "%s takes a whole number from %llu to "
					       "%llu (digits only), not '%s'", o->name,
					       (unsigned long long)o->min,
					       (unsigned long long)o->max, v);
		return 0;
	case CMD_SPEED: {
		int s = cmd_parse_speed(v);
		if (s == -100)
			return cmd_usage_error(spec, "%s is one of 1/8, 1/4, 1/2, 1, 2, 4, "
					       "8, 16, 32, 64, not '%s'", o->name, v);
		out->number[k] = (uint64_t)(s + 3);
		return 0;
	}
	}
	return 0;
}

/* "SCENARIO" out of "[SCENARIO]", "SCENARIO...". */
static void operand_name(const struct cmd_spec *spec, char *out, size_t cap)
{
	const char *src = spec->operands ? spec->operands : "an argument";
	size_t o = 0;
	for (; *src && *src != ' ' && o + 1 < cap; src++)
		if (*src != '[' && *src != ']' && *src != '.')
			out[o++] = *src;
	out[o] = '\0';
}

int cmd_parse(const struct cmd_spec *spec, int argc, char **argv,
	      struct cmd_args *out, int *status)
{
	memset(out, 0, sizeof *out);
	out->spec = spec;
	bool options_end = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!options_end && !strcmp(a, "--")) {
			options_end = true;
			continue;
		}
		if (!options_end && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			cmd_print_help(spec, stdout);
			*status = 0;
			return -1;
		}
		if (options_end || a[0] != '-' || a[1] == '\0') {
			if (out->n_operands == CMD_MAX_OPERANDS) {
				*status = cmd_usage_error(spec, "more than %d arguments",
							  CMD_MAX_OPERANDS);
				return -1;
			}
			out->operands[out->n_operands++] = a;
			continue;
		}
		const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const struct cmd_option *o = a[1] == '-' ? find_option(spec, a, len) : NULL;
		if (!o) {
			*status = unknown_option(spec, a, len);
			return -1;
		}
		int k = (int)(o - spec->options);
		if (out->given[k]) {
			*status = cmd_usage_error(spec, "%s is given twice", o->name);
			return -1;
		}
		out->given[k] = true;
		const char *v = eq ? eq + 1 : NULL;
		if (!eq && o->type != CMD_FLAG && !o->optional) {
			if (i + 1 >= argc) {
				char list[256];
				if (o->type == CMD_CHOICE)
					choice_list(o->choices, list, sizeof list);
				*status = cmd_usage_error(spec, "%s needs a value (%s)", o->name,
							  o->type == CMD_CHOICE ? list :
							  o->meta ? o->meta : "VALUE");
				return -1;
			}
			v = argv[++i];
		}
		if ((*status = take_value(spec, o, k, v, out)))
			return -1;
	}
	char what[64];
	operand_name(spec, what, sizeof what);
	if (out->n_operands < spec->min_operands) {
		*status = cmd_usage_error(spec, "missing %s", what);
		return -1;
	}
	if (spec->max_operands >= 0 && out->n_operands > spec->max_operands) {
		const char *extra = out->operands[spec->max_operands];
		if (spec->max_operands == 0)
			*status = cmd_usage_error(spec, "takes no argument, not '%s'", extra);
		else if (spec->max_operands == 1)
			*status = cmd_usage_error(spec, "one %s at a time, not also '%s'",
						  what, extra);
		else
			*status = cmd_usage_error(spec, "too many arguments: '%s'", extra);
		return -1;
	}
	return 0;
}

int cmd_count_operands(const struct cmd_spec *spec, int argc, char **argv)
{
	int n = 0;
	bool options_end = false;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!options_end && !strcmp(a, "--")) {
			options_end = true;
		} else if (options_end || a[0] != '-' || a[1] == '\0') {
			n++;
		} else if (a[1] == '-' && !strchr(a, '=')) {
			const struct cmd_option *o = find_option(spec, a, strlen(a));
			if (o && o->type != CMD_FLAG && !o->optional)
				i++;    /* its value */
		}
	}
	return n;
}

/* ---- reading the result ---------------------------------------------- */

static int index_of(const struct cmd_args *a, const char *name)
{
	const struct cmd_option *o = find_option(a->spec, name, strlen(name));
	if (!o) {
		/* A command asking for an option it does not declare is our
		 * bug, found by the first test that runs it. */
		fprintf(stderr, "kitchen: internal error: no option %s\n", name);
		abort();
	}
	return (int)(o - a->spec->options);
}

bool cmd_given(const struct cmd_args *a, const char *name)
{
	return a->given[index_of(a, name)];
}

const char *cmd_value(const struct cmd_args *a, const char *name)
{
	int k = index_of(a, name);
	return a->given[k] ? a->value[k] : NULL;
}

uint64_t cmd_number(const struct cmd_args *a, const char *name, uint64_t dflt)
{
	int k = index_of(a, name);
	return a->given[k] && (a->value[k] || a->spec->options[k].type == CMD_FLAG)
	       ? a->number[k] : dflt;
}
