/*
 * json_check.c — a recursive-descent validator of RFC 8259 (json_check.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "base/utf8.h"
#include "json_check.h"

struct in {
	const char *p, *end;
	const char *err;
	int depth;
};

static void fail(struct in *in, const char *why)
{
	if (!in->err)
		in->err = why;
}

static void ws(struct in *in)
{
	while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' || *in->p == '\n' ||
				   *in->p == '\r'))
		in->p++;
}

static bool eat(struct in *in, char c)
{
	if (in->p < in->end && *in->p == c) {
		in->p++;
		return true;
	}
	return false;
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void string(struct in *in)
{
	if (!eat(in, '"')) {
		fail(in, "a string was expected");
		return;
	}
	while (!in->err) {
		if (in->p >= in->end) {
			fail(in, "an unterminated string");
			return;
		}
		unsigned char c = (unsigned char)*in->p;
		if (c == '"') {
			in->p++;
			return;
		}
		if (c < 0x20) {
			fail(in, "a control character in a string");
			return;
		}
		if (c == '\\') {
			in->p++;
			if (in->p >= in->end) {
				fail(in, "an unterminated escape");
				return;
			}
			char e = *in->p++;
			if (e == 'u') {
				for (int i = 0; i < 4; i++)
					if (in->p >= in->end || hex(*in->p++) < 0) {
						fail(in, "a bad \\u escape");
						return;
					}
			} else if (!e || !strchr("\"\\/bfnrt", e)) {
				fail(in, "an unknown escape");
				return;
			}
			continue;
		}
		uint32_t cp;
		size_t n = base_utf8_decode(in->p, (size_t)(in->end - in->p), &cp);
		if (cp == BASE_UTF8_INVALID) {
			fail(in, "invalid UTF-8 in a string");
			return;
		}
		in->p += n;
	}
}

static void digits(struct in *in)
{
	if (in->p >= in->end || *in->p < '0' || *in->p > '9') {
		fail(in, "a digit was expected");
		return;
	}
	while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
		in->p++;
}

static void number(struct in *in)
{
	eat(in, '-');
	if (eat(in, '0')) {
		if (in->p < in->end && *in->p >= '0' && *in->p <= '9')
			fail(in, "a number with a leading zero");
	} else {
		digits(in);
	}
	if (eat(in, '.'))
		digits(in);
	if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
		in->p++;
		if (!eat(in, '+'))
			eat(in, '-');
		digits(in);
	}
}

static void value(struct in *in);

static void object(struct in *in)
{
	in->p++;        /* '{' */
	ws(in);
	if (eat(in, '}'))
		return;
	while (!in->err) {
		ws(in);
		string(in);
		ws(in);
		if (!eat(in, ':')) {
			fail(in, "':' was expected");
			return;
		}
		value(in);
		ws(in);
		if (eat(in, '}'))
			return;
		if (!eat(in, ',')) {
			fail(in, "',' or '}' was expected");
			return;
		}
	}
}

static void array(struct in *in)
{
	in->p++;        /* '[' */
	ws(in);
	if (eat(in, ']'))
		return;
	while (!in->err) {
		value(in);
		ws(in);
		if (eat(in, ']'))
			return;
		if (!eat(in, ',')) {
			fail(in, "',' or ']' was expected");
			return;
		}
	}
}

static void literal(struct in *in, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(in->end - in->p) >= n && !memcmp(in->p, word, n))
		in->p += n;
	else
		fail(in, "a value was expected");
}

static void value(struct in *in)
{
	ws(in);
	if (in->p >= in->end) {
		fail(in, "a value was expected");
		return;
	}
	if (++in->depth > 64) {
		fail(in, "nested too deep");
		return;
	}
	switch (*in->p) {
	case '{': object(in); break;
	case '[': array(in); break;
	case '"': string(in); break;
	case 't': literal(in, "true"); break;
	case 'f': literal(in, "false"); break;
	case 'n': literal(in, "null"); break;
	default:
		if (*in->p == '-' || (*in->p >= '0' && *in->p <= '9'))
			number(in);
		else
			fail(in, "a value was expected");
	}
	in->depth--;
}

const char *json_check_object(const char *s, size_t len)
{
	struct in in = { s, s + len, NULL, 0 };
	ws(&in);
	if (in.p >= in.end || *in.p != '{')
		return "not an object";
	value(&in);
	ws(&in);
	if (!in.err && in.p != in.end)
		fail(&in, "more after the object");
	return in.err;
}
