/*
 * json_check.h — a strict JSON (RFC 8259) validator for the tests and the
 * fuzzers: is this line exactly one JSON value, in valid UTF-8?
 */
#ifndef KITCHEN_TESTS_JSON_CHECK_H
#define KITCHEN_TESTS_JSON_CHECK_H

#include <stddef.h>

/* Returns NULL when `len` bytes of `s` are one JSON object (whitespace
 * around it allowed), else what is wrong ("a control character in a
 * string"). Nesting deeper than 64 is refused. */
const char *json_check_object(const char *s, size_t len);

#endif
