/*
 * duration.c — the duration syntax of scenario files (SPEC §3), parsed with
 * exact decimal arithmetic.
 *
 * A duration is a decimal number (digits, optionally a point and more
 * digits) followed by a unit: "ms", "s", "min", or nothing for seconds. It
 * never goes through floating point: the digits before and after the point
 * are kept as integers, so "0.001s" is exactly 1 ms and "1.005s" exactly
 * 1005 ms, and a value that is not a whole number of milliseconds
 * ("0.0005s", "1.5ms") is refused instead of rounded.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "scenario.h"

#define MAX_INT_DIGITS  12      /* 10^12 ms is already far past 24 h */
#define MAX_FRAC_DIGITS 6       /* 1 ms = 0.000016.. min: never needs more */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* True when `s` is a spelling of infinity or NaN (".inf", "NaN", ...). */
static int is_non_finite(const char *s)
{
	static const char *const words[] = { "inf", "infinity", "nan" };
	if (*s == '.')
		s++;
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t i = 0;
		while (words[w][i] && lower(s[i]) == words[w][i])
			i++;
		if (!words[w][i] && !s[i])
			return 1;
	}
	return 0;
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

int scn_parse_duration(const char *text, int64_t *ms, const char **why)
{
	const char *p = text;
	if (!p || !*p)
		return fail(why, "empty");
	if (*p == '-')
		return fail(why, "negative durations are not allowed");
	if (*p == '+')
		return fail(why, "a duration has no sign");
	if (is_non_finite(p))
		return fail(why, "not a finite number");

	/* The number: integer digits (leading zeros dropped), then the
	 * fraction's digits. */
	const char *int_start = p;
	while (*p == '0')
		p++;
	const char *int_sig = p;
	while (is_digit(*p))
		p++;
	size_t int_sig_len = (size_t)(p - int_sig);
	int have_digits = p != int_start;
	const char *frac = NULL;
	size_t frac_len = 0;
	if (*p == '.') {
		frac = ++p;
		while (is_digit(*p))
			p++;
		frac_len = (size_t)(p - frac);
		have_digits |= frac_len > 0;
	}
	if (!have_digits)
		return fail(why, "not a duration (write e.g. 250ms, 1.5s or 2min)");

	/* The unit: letters only, to tell "3h" (a unit we lack) from "1e3"
	 * or "3 s" (not a duration at all). */
	int64_t unit;
	const char *u = p;
	while (is_alpha(*p))
		p++;
	if (*p)
		return fail(why, "not a duration (write e.g. 250ms, 1.5s or 2min)");
	if (!*u || !strcmp(u, "s"))
		unit = 1000;
	else if (!strcmp(u, "ms"))
		unit = 1;
	else if (!strcmp(u, "min"))
		unit = 60000;
	else
		return fail(why, "unknown unit (use ms, s or min)");

	if (int_sig_len > MAX_INT_DIGITS)
		return fail(why, "longer than 24 h");
	int64_t whole = 0;
	for (size_t i = 0; i < int_sig_len; i++)
		whole = whole * 10 + (int_sig[i] - '0');
	if (whole > SCN_MAX_DURATION_MS / unit)
		return fail(why, "longer than 24 h");

	/* Trailing zeros of the fraction change nothing; what remains must
	 * be a whole number of ms: frac * unit / 10^k with no remainder. */
	while (frac_len > 0 && frac[frac_len - 1] == '0')
		frac_len--;
	if (frac_len > MAX_FRAC_DIGITS)
		return fail(why, "finer than 1 ms");
	int64_t f = 0, scale = 1;
	for (size_t i = 0; i < frac_len; i++) {
		f = f * 10 + (frac[i] - '0');
		scale *= 10;
	}
	if (f * unit % scale)
		return fail(why, "finer than 1 ms");
	int64_t total = whole * unit + f * unit / scale;
	if (total > SCN_MAX_DURATION_MS)
		return fail(why, "longer than 24 h");
	*ms = total;
	return 0;
}

char *scn_format_seconds(int64_t ms, char *buf)
{
	/* Through uint64_t so that INT64_MIN has a magnitude too. */
	uint64_t mag = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms;
	snprintf(buf, 32, "%s%" PRIu64 ".%03u", ms < 0 ? "-" : "",
		 mag / 1000, (unsigned)(mag % 1000));
	return buf;
}
