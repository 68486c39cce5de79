/*
 * json.h — a strict reader of one JSON text (RFC 8259), for the files the
 * kitchen writes itself and reads back: recordings, best scores.
 *
 * Strict because those files are checked, not guessed at: the whole text
 * must be one value, with nothing but white space around it; strings are
 * UTF-8 (a bad byte, a control character or a lone surrogate is an
 * error), escapes are the eight of RFC 8259 and \uXXXX (pairs for
 * characters past U+FFFF); an object may not repeat a key; nesting is at
 * most BASE_JSON_MAX_DEPTH deep. Whatever the input, the reader either
 * returns a tree or an error with the column it occurred at: it never
 * reads past `len`, never recurses without bound and never aborts.
 */
#ifndef KITCHEN_BASE_JSON_H
#define KITCHEN_BASE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BASE_JSON_MAX_DEPTH 32

enum base_json_type {
	BASE_JSON_NULL,
	BASE_JSON_BOOL,
	BASE_JSON_NUMBER,
	BASE_JSON_STRING,
	BASE_JSON_ARRAY,
	BASE_JSON_OBJECT
};

struct base_json {
	enum base_json_type type;
	bool b;                 /* BOOL */
	bool integer;           /* NUMBER: written without fraction or exponent
				   and within int64_t; then its value is `i` */
	int64_t i;
	bool uinteger;          /* NUMBER: a whole number 0..UINT64_MAX, `u` */
	uint64_t u;
	char *s;                /* STRING: decoded, NUL-terminated (it may
				   hold NUL bytes: see len) */
	size_t len;
	struct base_json *items;/* ARRAY elements, OBJECT values */
	char **keys;            /* OBJECT keys (decoded, NUL-terminated) */
	size_t n;
};

struct base_json_doc {
	struct base_json *root; /* NULL after an error */
	char error[96];         /* what went wrong, for a person */
	size_t column;          /* 1-based byte column of the error */
};

/* Reads `len` bytes. Returns 0 with doc->root set, or -1 with doc->error
 * and doc->column (memory running out is an error like any other). Free
 * with base_json_free either way. */
int base_json_parse(const char *text, size_t len, struct base_json_doc *doc);
void base_json_free(struct base_json_doc *doc);

/* The value of `key` in an object, or NULL (also when `obj` is not one). */
const struct base_json *base_json_get(const struct base_json *obj, const char *key);

#endif
