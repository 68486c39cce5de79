/*
 * json.c — the strict JSON reader (json.h): recursive descent with a depth
 * limit, strings decoded by base_utf8_decode's rules.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"

struct reader {
	const char *p, *start, *end;
	struct base_json_doc *doc;
	int depth;
};

static bool fail(struct reader *r, const char *msg)
{
	if (!r->doc->error[0]) {
		snprintf(r->doc->error, sizeof r->doc->error, "%s", msg);
		r->doc->column = (size_t)(r->p - r->start) + 1;
	}
	return false;
}

static void skip_space(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return fail(r, "not a JSON value");
	r->p += n;
	return true;
}

/* Appends to a decoded string; false (the reader failed) when memory ran
 * out. */
static bool put(struct reader *r, struct base_buf *s, const char *b, size_t n)
{
	base_buf_put(s, b, n);
	return !s->oom || fail(r, "out of memory");
}

static int hex4(const char *p)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A \uXXXX escape at r->p (after the backslash and 'u'), with its low
 * surrogate when it is a high one. */
static bool unicode_escape(struct reader *r, struct base_buf *s)
{
	if (r->end - r->p < 4 || hex4(r->p) < 0)
		return fail(r, "\\u needs four hex digits");
	uint32_t cp = (uint32_t)hex4(r->p);
	r->p += 4;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail(r, "a lone low surrogate in \\u escapes");
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' || hex4(r->p + 2) < 0)
			return fail(r, "a high surrogate without its low one");
		uint32_t lo = (uint32_t)hex4(r->p + 2);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return fail(r, "a high surrogate without its low one");
		r->p += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	char b[4];
	return put(r, s, b, base_utf8_encode(cp, b));
}

/* A string at r->p (on its opening quote); the decoded bytes in *out. */
static bool string(struct reader *r, char **out, size_t *len)
{
	struct base_buf s;
	base_buf_init(&s, NULL);
	r->p++;
	for (;;) {
		if (r->p >= r->end) {
			base_buf_close(&s);
			return fail(r, "a string without its closing quote");
		}
		unsigned char c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			break;
		}
		bool ok = true;
		if (c < 0x20) {
			ok = fail(r, "a control character in a string (it must be escaped)");
		} else if (c == '\\') {
			if (r->end - r->p < 2) {
				ok = fail(r, "a string without its closing quote");
			} else {
				char e = r->p[1];
				const char *esc = NULL;
				r->p += 2;
				switch (e) {
				case '"': esc = "\""; break;
				case '\\': esc = "\\"; break;
				case '/': esc = "/"; break;
				case 'b': esc = "\b"; break;
				case 'f': esc = "\f"; break;
				case 'n': esc = "\n"; break;
				case 'r': esc = "\r"; break;
				case 't': esc = "\t"; break;
				case 'u': ok = unicode_escape(r, &s); break;
				default:
					r->p -= 1;
					ok = fail(r, "an unknown escape in a string");
				}
				if (ok && esc)
					ok = put(r, &s, esc, 1);
			}
		} else if (c < 0x80) {
			ok = put(r, &s, r->p, 1);
			r->p++;
		} else {
			uint32_t cp;
			size_t n = base_utf8_decode(r->p, (size_t)(r->end - r->p), &cp);
			if (cp == BASE_UTF8_INVALID)
				ok = fail(r, "a byte that is not UTF-8 in a string");
			else {
				ok = put(r, &s, r->p, n);
				r->p += n;
			}
		}
		if (!ok) {
			base_buf_close(&s);
			return false;
		}
	}
	base_buf_cstr(&s);      /* NUL-terminated for the caller */
	if (s.oom) {
		base_buf_close(&s);
		return fail(r, "out of memory");
	}
	*out = s.v;
	*len = s.n;
	return true;
}

static bool digit_at(const struct reader *r, const char *p)
{
	return p < r->end && *p >= '0' && *p <= '9';
}

/* Steps *p past a run of digits; without one, fails with `missing`. */
static bool digits(struct reader *r, const char **p, const char *missing)
{
	if (!digit_at(r, *p)) {
		r->p = *p;
		return fail(r, missing);
	}
	while (digit_at(r, *p))
		(*p)++;
	return true;
}

static bool number(struct reader *r, struct base_json *v)
{
	const char *p = r->p;
	bool neg = false, integer = true;
	if (p < r->end && *p == '-') {
		neg = true;
		p++;
	}
	if (!digit_at(r, p))
		return fail(r, "not a JSON value");
	if (*p == '0' && digit_at(r, p + 1))
		return fail(r, "a number with a leading zero");
	uint64_t mag = 0;
	bool big = false;
	for (; digit_at(r, p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (mag > (UINT64_MAX - d) / 10)
			big = true;
		else
			mag = mag * 10 + d;
	}
	if (p < r->end && *p == '.') {
		integer = false;
		p++;
		if (!digits(r, &p, "a number without digits after its point"))
			return false;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		integer = false;
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (!digits(r, &p, "a number without digits in its exponent"))
			return false;
	}
	v->type = BASE_JSON_NUMBER;
	if (integer && !big && (!neg || mag == 0)) {
		v->uinteger = true;
		v->u = mag;
	}
	if (integer && !big && (neg ? mag <= (uint64_t)INT64_MAX + 1 : mag <= (uint64_t)INT64_MAX)) {
		v->integer = true;
		v->i = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
	}
	r->p = p;
	return true;
}

static bool value(struct reader *r, struct base_json *v);

static bool grow(struct reader *r, struct base_json *v, size_t *cap, bool with_keys)
{
	if (v->n < *cap)
		return true;
	size_t cap2 = *cap ? *cap * 2 : 4;
	struct base_json *items = realloc(v->items, cap2 * sizeof *items);
	if (!items)
		return fail(r, "out of memory");
	v->items = items;
	if (with_keys) {
		char **keys = realloc(v->keys, cap2 * sizeof *keys);
		if (!keys)
			return fail(r, "out of memory");
		v->keys = keys;
	}
	*cap = cap2;
	return true;
}

/* On an array's or object's opening bracket: steps past it, and past
 * `close` too when it follows at once (empty: returns true). */
static bool opens_empty(struct reader *r, char close)
{
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return true;
	}
	return false;
}

/* After an element: 1 past a ',' (another follows), 0 past `close` (that
 * was the last), -1 after failing with `expected`. */
static int next_element(struct reader *r, char close, const char *expected)
{
	skip_space(r);
	if (r->p < r->end && (*r->p == ',' || *r->p == close))
		return *r->p++ == ',';
	fail(r, expected);
	return -1;
}

static bool array(struct reader *r, struct base_json *v)
{
	size_t cap = 0;
	v->type = BASE_JSON_ARRAY;
	if (opens_empty(r, ']'))
		return true;
	int more;
	do {
		if (!grow(r, v, &cap, false))
			return false;
		struct base_json *item = &v->items[v->n];
		memset(item, 0, sizeof *item);
		v->n++;
		if (!value(r, item))
			return false;
	} while ((more = next_element(r, ']', "expected ',' or ']' in an array")) > 0);
	return more == 0;
}

static bool object(struct reader *r, struct base_json *v)
{
	size_t cap = 0;
	v->type = BASE_JSON_OBJECT;
	if (opens_empty(r, '}'))
		return true;
	int more;
	do {
		skip_space(r);
		if (r->p >= r->end || *r->p != '"')
			return fail(r, "expected a key (a string) in an object");
		if (!grow(r, v, &cap, true))
			return false;
		const char *key_at = r->p;
		char *key;
		size_t klen;
		if (!string(r, &key, &klen))
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (!strcmp(v->keys[i], key) && strlen(key) == klen) {
				free(key);
				r->p = key_at;
				return fail(r, "a key repeated in an object");
			}
		struct base_json *item = &v->items[v->n];
		memset(item, 0, sizeof *item);
		v->keys[v->n] = key;
		v->n++;
		skip_space(r);
		if (r->p >= r->end || *r->p != ':')
			return fail(r, "expected ':' after a key");
		r->p++;
		if (!value(r, item))
			return false;
	} while ((more = next_element(r, '}', "expected ',' or '}' in an object")) > 0);
	return more == 0;
}

static bool value(struct reader *r, struct base_json *v)
{
	skip_space(r);
	if (r->p >= r->end)
		return fail(r, "a value is missing");
	if (++r->depth > BASE_JSON_MAX_DEPTH)
		return fail(r, "nested too deep");
	bool ok;
	switch (*r->p) {
	case '{': ok = object(r, v); break;
	case '[': ok = array(r, v); break;
	case '"':
		v->type = BASE_JSON_STRING;
		ok = string(r, &v->s, &v->len);
		break;
	case 't': v->type = BASE_JSON_BOOL; v->b = true; ok = literal(r, "true"); break;
	case 'f': v->type = BASE_JSON_BOOL; ok = literal(r, "false"); break;
	case 'n': v->type = BASE_JSON_NULL; ok = literal(r, "null"); break;
	default: ok = number(r, v); break;
	}
	r->depth--;
	return ok;
}

static void free_value(struct base_json *v)
{
	free(v->s);
	for (size_t i = 0; i < v->n; i++) {
		free_value(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

int base_json_parse(const char *text, size_t len, struct base_json_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	struct reader r = { text, text, text + len, doc, 0 };
	struct base_json *root = calloc(1, sizeof *root);
	if (!root) {
		snprintf(doc->error, sizeof doc->error, "out of memory");
		doc->column = 1;
		return -1;
	}
	bool ok = value(&r, root);
	if (ok) {
		skip_space(&r);
		if (r.p != r.end)
			ok = fail(&r, "more after the JSON value");
	}
	if (!ok) {
		free_value(root);
		free(root);
		return -1;
	}
	doc->root = root;
	return 0;
}

void base_json_free(struct base_json_doc *doc)
{
	if (doc->root) {
		free_value(doc->root);
		free(doc->root);
		doc->root = NULL;
	}
}

const struct base_json *base_json_get(const struct base_json *obj, const char *key)
{
	if (!obj || obj->type != BASE_JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}
