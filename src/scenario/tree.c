/*
 * tree.c — YAML text to a tree of nodes (internal.h), with libyaml's event
 * parser. The only file of the project that includes <yaml.h>.
 *
 * It owns the YAML-level rules and the hardening limits: one document per
 * file, UTF-8 only, no tags beyond the no-op ones, no duplicate or non-text
 * keys, at most SCN_MAX_DEPTH levels of nesting and SCN_MAX_NODES nodes.
 * Anchors and aliases are supported: an alias becomes a node that shares
 * the named node's contents, so a "billion laughs" file costs no memory;
 * what it would cost to walk is counted as the weight of the alias, and the
 * whole document may not weigh more than SCN_MAX_NODES. An anchor is
 * usable once its node is complete, so an alias can never contain itself.
 * Anything the validator must not see stops the parse (returns -1).
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "internal.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct frame {
	struct scn__node *node;
	char *anchor;           /* owned; registered when the node ends */
};

struct anchor {
	char *name;             /* owned */
	struct scn__node *node;
};

struct builder {
	yaml_parser_t parser;
	struct scn__tree *t;
	struct scn_diags *d;
	struct frame stack[SCN_MAX_DEPTH];
	int depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t n_aliases;
	uint64_t weight;        /* of the whole document so far */
	int documents;
};

int scn__is_null(const struct scn__node *n)
{
	return n->type == SCN__SCALAR && n->plain && n->len == 0;
}

const char *scn__type_noun(const struct scn__node *n)
{
	switch (n->type) {
	case SCN__MAP: return "a map";
	case SCN__SEQ: return "a list";
	case SCN__SCALAR: break;
	}
	return scn__is_null(n) ? "empty" : "a text";
}

static int oom(struct builder *b)
{
	scn__diag(b->d, 0, 0, "out of memory");
	return -1;
}

static struct scn__node *new_node(struct builder *b, enum scn__type type,
				  yaml_mark_t mark)
{
	struct scn__tree *t = b->t;
	if (t->n_all == t->cap_all) {
		size_t cap = t->cap_all ? t->cap_all * 2 : 64;
		struct scn__node **all = realloc(t->all, cap * sizeof *all);
		if (!all)
			return NULL;
		t->all = all;
		t->cap_all = cap;
	}
	struct scn__node *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	n->type = type;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	n->weight = 1;
	t->all[t->n_all++] = n;
	return n;
}

static int attach(struct builder *b, struct scn__node *n)
{
	if (b->depth == 0) {
		b->t->root = n;
		return 0;
	}
	struct scn__node *parent = b->stack[b->depth - 1].node;
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		struct scn__node **kids = realloc(parent->kids, cap * sizeof *kids);
		if (!kids)
			return -1;
		parent->kids = kids;
		parent->cap = cap;
	}
	parent->kids[parent->n++] = n;
	return 0;
}

/* Counts what a new node (or an alias, for all it stands for) adds. */
static int add_weight(struct builder *b, uint64_t w, const struct scn__node *n,
		      const char *alias)
{
	char shown[SCN__SHOW];
	b->weight += w;
	if (b->weight <= SCN_MAX_NODES)
		return 0;
	if (alias)
		scn__diag(b->d, n->line, n->col,
			  "alias '*%s' makes the file too big: with what its "
			  "aliases repeat, it has more than %d nodes",
			  scn__show(alias, strlen(alias), shown), SCN_MAX_NODES);
	else
		scn__diag(b->d, n->line, n->col,
			  "too many YAML nodes: at most %d are allowed",
			  SCN_MAX_NODES);
	return -1;
}

/* Tags change nothing in a scenario (every scalar is text) and anything
 * but the no-op ones would be a promise we do not keep. */
static void check_tag(struct builder *b, const yaml_char_t *tag,
		      const struct scn__node *n)
{
	if (!tag)
		return;
	const char *s = (const char *)tag;
	static const char *const noop[] = { TAG_PREFIX "str", TAG_PREFIX "map",
					    TAG_PREFIX "seq" };
	if (!strcmp(s, noop[n->type]))
		return;
	char shown[SCN__SHOW];
	if (!strncmp(s, TAG_PREFIX, strlen(TAG_PREFIX)))
		scn__diag(b->d, n->line, n->col,
			  "YAML tag '!!%s' is not supported: write the value alone",
			  scn__show(s + strlen(TAG_PREFIX),
				    strlen(s) - strlen(TAG_PREFIX), shown));
	else
		scn__diag(b->d, n->line, n->col,
			  "YAML tag '%s' is not supported: write the value alone",
			  scn__show(s, strlen(s), shown));
}

static int add_anchor(struct builder *b, char *name, struct scn__node *n)
{
	if (b->n_anchors == SCN_MAX_ALIASES) {
		scn__diag(b->d, n->line, n->col,
			  "too many anchors: at most %d are allowed",
			  SCN_MAX_ALIASES);
		free(name);
		return -1;
	}
	if (b->n_anchors == b->cap_anchors) {
		size_t cap = b->cap_anchors ? b->cap_anchors * 2 : 8;
		struct anchor *a = realloc(b->anchors, cap * sizeof *a);
		if (!a) {
			free(name);
			return oom(b);
		}
		b->anchors = a;
		b->cap_anchors = cap;
	}
	b->anchors[b->n_anchors].name = name;
	b->anchors[b->n_anchors].node = n;
	b->n_anchors++;
	return 0;
}

static char *dup_anchor(const yaml_char_t *a)
{
	return a ? strdup((const char *)a) : NULL;
}

struct keyref {
	const struct scn__node *key;
	size_t i;
};

static int cmp_keyref(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	int c = memcmp(a->key->text, b->key->text, a->key->len);
	if (c)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Every key must be a non-empty text, and appear once. Reported keys are
 * marked so that the validator skips their pairs. */
static int check_keys(struct builder *b, struct scn__node *m)
{
	size_t pairs = m->n / 2;
	if (pairs == 0)
		return 0;
	struct keyref *refs = malloc(pairs * sizeof *refs);
	if (!refs)
		return oom(b);
	size_t n = 0;
	for (size_t i = 0; i < pairs; i++) {
		struct scn__node *k = m->kids[2 * i];
		if (k->type != SCN__SCALAR) {
			scn__diag(b->d, k->line, k->col,
				  "a key must be a name, not %s",
				  scn__type_noun(k));
			k->bad_key = 1;
		} else if (k->len == 0) {
			scn__diag(b->d, k->line, k->col, "empty key");
			k->bad_key = 1;
		} else {
			refs[n].key = k;
			refs[n].i = i;
			n++;
		}
	}
	qsort(refs, n, sizeof *refs, cmp_keyref);
	char shown[SCN__SHOW];
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct scn__node *a = refs[first].key;
		struct scn__node *k = m->kids[2 * refs[i].i];
		if (a->len == k->len && !memcmp(a->text, k->text, k->len)) {
			scn__diag(b->d, k->line, k->col,
				  "duplicate key '%s' (first at line %d)",
				  scn__show(k->text, k->len, shown), a->line);
			k->bad_key = 1;
		} else {
			first = i;
		}
	}
	free(refs);
	return 0;
}

static int on_scalar(struct builder *b, yaml_event_t *e)
{
	struct scn__node *n = new_node(b, SCN__SCALAR, e->start_mark);
	if (!n)
		return oom(b);
	size_t len = e->data.scalar.length;
	n->text = malloc(len + 1);
	if (!n->text)
		return oom(b);
	memcpy(n->text, e->data.scalar.value, len);
	n->text[len] = '\0';
	n->len = len;
	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (add_weight(b, 1, n, NULL) || attach(b, n))
		return b->weight > SCN_MAX_NODES ? -1 : oom(b);
	check_tag(b, e->data.scalar.tag, n);
	if (len > SCN_MAX_TEXT_BYTES)
		scn__diag(b->d, n->line, n->col,
			  "text too long: %zu bytes, at most %d are allowed",
			  len, SCN_MAX_TEXT_BYTES);
	if (e->data.scalar.anchor) {
		char *name = dup_anchor(e->data.scalar.anchor);
		if (!name)
			return oom(b);
		return add_anchor(b, name, n);
	}
	return 0;
}

static int on_start(struct builder *b, yaml_event_t *e, enum scn__type type)
{
	const yaml_char_t *tag, *anchor;
	if (type == SCN__MAP) {
		tag = e->data.mapping_start.tag;
		anchor = e->data.mapping_start.anchor;
	} else {
		tag = e->data.sequence_start.tag;
		anchor = e->data.sequence_start.anchor;
	}
	if (b->depth == SCN_MAX_DEPTH) {
		scn__diag(b->d, (int)e->start_mark.line + 1,
			  (int)e->start_mark.column + 1,
			  "nested too deeply: at most %d levels are allowed",
			  SCN_MAX_DEPTH);
		return -1;
	}
	struct scn__node *n = new_node(b, type, e->start_mark);
	if (!n)
		return oom(b);
	if (add_weight(b, 1, n, NULL))
		return -1;
	if (attach(b, n))
		return oom(b);
	check_tag(b, tag, n);
	char *name = NULL;
	if (anchor && !(name = dup_anchor(anchor)))
		return oom(b);
	b->stack[b->depth].node = n;
	b->stack[b->depth].anchor = name;
	b->depth++;
	return 0;
}

static int on_end(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	struct scn__node *n = f->node;
	char *name = f->anchor;
	f->anchor = NULL;
	for (size_t i = 0; i < n->n; i++)
		n->weight += n->kids[i]->weight;
	if (n->type == SCN__MAP && check_keys(b, n)) {
		free(name);
		return -1;
	}
	return name ? add_anchor(b, name, n) : 0;
}

static int on_alias(struct builder *b, yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	int line = (int)e->start_mark.line + 1, col = (int)e->start_mark.column + 1;
	char shown[SCN__SHOW];
	if (++b->n_aliases > SCN_MAX_ALIASES) {
		scn__diag(b->d, line, col,
			  "too many aliases: at most %d are allowed",
			  SCN_MAX_ALIASES);
		return -1;
	}
	for (int i = b->depth - 1; i >= 0; i--)
		if (b->stack[i].anchor && !strcmp(b->stack[i].anchor, name)) {
			scn__diag(b->d, line, col,
				  "alias '*%s' is inside the node it names; "
				  "an alias cannot contain itself",
				  scn__show(name, strlen(name), shown));
			return -1;
		}
	const struct scn__node *target = NULL;
	for (size_t i = b->n_anchors; i-- > 0;)
		if (!strcmp(b->anchors[i].name, name)) {
			target = b->anchors[i].node;
			break;
		}
	if (!target) {
		scn__diag(b->d, line, col,
			  "alias '*%s' names no anchor; write '&%s' on a "
			  "value before it",
			  scn__show(name, strlen(name), shown), shown);
		return -1;
	}
	struct scn__node *n = new_node(b, target->type, e->start_mark);
	if (!n)
		return oom(b);
	n->plain = target->plain;
	n->borrowed = 1;
	n->text = target->text;
	n->len = target->len;
	n->kids = target->kids;
	n->n = target->n;
	n->weight = target->weight;
	if (add_weight(b, target->weight, n, name))
		return -1;
	return attach(b, n) ? oom(b) : 0;
}

/* Byte offset of character `index` (libyaml's mark.index: characters,
 * a BOM not counted). */
static size_t char_to_byte(const char *buf, size_t len, size_t index)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	for (size_t c = 0; i < len && c < index; c++) {
		i++;
		while (i < len && (p[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static void report_parse_error(struct builder *b)
{
	yaml_parser_t *p = &b->parser;
	const char *problem = p->problem ? p->problem : "unknown problem";
	int line, col;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		scn__diag(b->d, 0, 0, "out of memory");
		return;
	case YAML_READER_ERROR: {
		/* libyaml points at the byte where decoding failed, which for
		 * a bad continuation byte is after the character's start: the
		 * message is about the character. */
		size_t off = p->problem_offset;
		const unsigned char *u = (const unsigned char *)b->t->buf;
		if (off > b->t->len)
			off = b->t->len;
		if (strstr(problem, "trailing"))
			for (size_t k = 1; k <= 3 && k <= off; k++)
				if ((u[off - k] & 0xC0) == 0xC0) {
					off -= k;
					break;
				}
		scn__position(b->t->buf, b->t->len, off, &line, &col);
		if (strstr(problem, "control") && p->problem_value == 0)
			scn__diag(b->d, line, col,
				  "the file contains a NUL byte: scenario files "
				  "are UTF-8 text (is it UTF-16, or binary?)");
		else if (strstr(problem, "control"))
			scn__diag(b->d, line, col,
				  "control character U+%04X is not allowed",
				  (unsigned)p->problem_value);
		else if (off < b->t->len)
			scn__diag(b->d, line, col,
				  "not valid UTF-8 (byte 0x%02X): scenario files "
				  "must be UTF-8 text", u[off]);
		else
			scn__diag(b->d, line, col,
				  "not valid UTF-8 (%s): scenario files must be "
				  "UTF-8 text", problem);
		return;
	}
	default:
		break;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	size_t at = char_to_byte(b->t->buf, b->t->len, p->problem_mark.index);
	int tab = at < b->t->len && b->t->buf[at] == '\t';
	if (tab || strstr(problem, "tab"))
		scn__diag(b->d, line, col,
			  "YAML syntax error: %s; indent with spaces, YAML "
			  "does not allow tabs there", problem);
	else if (p->context)
		scn__diag(b->d, line, col,
			  "YAML syntax error: %s (%s at line %d, column %d)",
			  problem, p->context, (int)p->context_mark.line + 1,
			  (int)p->context_mark.column + 1);
	else
		scn__diag(b->d, line, col, "YAML syntax error: %s", problem);
}

static int on_event(struct builder *b, yaml_event_t *e, int *done)
{
	switch (e->type) {
	case YAML_STREAM_START_EVENT:
		if (e->data.stream_start.encoding != YAML_UTF8_ENCODING) {
			scn__diag(b->d, 1, 1, "the file is UTF-16: scenario "
				  "files must be UTF-8 text");
			return -1;
		}
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (b->documents++ > 0) {
			scn__diag(b->d, (int)e->start_mark.line + 1,
				  (int)e->start_mark.column + 1,
				  "a second YAML document: a scenario file "
				  "holds exactly one");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, e);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, e, SCN__SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, e, SCN__MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(b);
	case YAML_ALIAS_EVENT:
		return on_alias(b, e);
	case YAML_STREAM_END_EVENT:
		*done = 1;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_NO_EVENT:
		return 0;
	}
	return 0;
}

int scn__tree_build(const char *buf, size_t len, struct scn__tree *t,
		    struct scn_diags *d)
{
	struct builder b;
	memset(&b, 0, sizeof b);
	b.t = t;
	b.d = d;
	t->buf = buf;
	t->len = len;
	if (!yaml_parser_initialize(&b.parser))
		return oom(&b);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf, len);
	int rc = 0, done = 0;
	while (!done && rc == 0) {
		yaml_event_t e;
		if (!yaml_parser_parse(&b.parser, &e)) {
			report_parse_error(&b);
			rc = -1;
			break;
		}
		rc = on_event(&b, &e, &done);
		yaml_event_delete(&e);
	}
	for (int i = 0; i < b.depth; i++)
		free(b.stack[i].anchor);
	for (size_t i = 0; i < b.n_anchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	yaml_parser_delete(&b.parser);
	return rc;
}

void scn__tree_close(struct scn__tree *t)
{
	for (size_t i = 0; i < t->n_all; i++) {
		struct scn__node *n = t->all[i];
		if (!n->borrowed) {
			free(n->text);
			free(n->kids);
		}
		free(n);
	}
	free(t->all);
	memset(t, 0, sizeof *t);
}
