/*
 * test_base.c — the shared utilities of src/base: the strict UTF-8 decoder
 * and its encoder,
 * display widths, the escaping rule for text that came from outside, the
 * growable buffer (growth, spilling to a FILE, sticky write errors), the
 * intrusive list, and reading a whole file descriptor up to a limit.
 */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/files.h"
#include "base/list.h"
#include "base/utf8.h"

/* ---- the decoder ------------------------------------------------------ */

static void decodes(const char *s, size_t len, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0;
	size_t n = base_utf8_decode(s, len, &cp);
	if (n != want_len || cp != want_cp)
		fail_msg("decode of %zu bytes: got %zu bytes U+%04X, want %zu bytes U+%04X",
			 len, n, (unsigned)cp, want_len, (unsigned)want_cp);
}

static void decoder_accepts_every_length(void **state)
{
	(void)state;
	decodes("A", 1, 1, 'A');
	decodes("\xC3\xA9", 2, 2, 0xE9);
	decodes("\xE4\xB8\xAD", 3, 3, 0x4E2D);
	decodes("\xF0\x9F\x98\x80", 4, 4, 0x1F600);
	decodes("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
	decodes("\xC2\x80", 2, 2, 0x80);
	decodes("\xEF\xBF\xBD", 3, 3, 0xFFFD);  /* a real U+FFFD is not an error */
}

/* The encoder is the decoder's inverse at every length's edges. */
static void encoder_round_trips(void **state)
{
	(void)state;
	const uint32_t cps[] = { 0, 'A', 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x4E2D,
				 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF };
	const size_t lens[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4 };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char b[4];
		size_t n = base_utf8_encode(cps[i], b);
		assert_int_equal(n, lens[i]);
		decodes(b, n, n, cps[i]);
	}
	char b[4];
	assert_int_equal(base_utf8_encode(0x20AC, b), 3);      /* the euro sign */
	assert_memory_equal(b, "\xE2\x82\xAC", 3);
}

static void decoder_refuses_what_rfc3629_forbids(void **state)
{
	(void)state;
	const uint32_t bad = BASE_UTF8_INVALID;
	decodes("\xC0\x80", 2, 1, bad);            /* overlong NUL */
	decodes("\xC1\xBF", 2, 1, bad);            /* overlong */
	decodes("\xE0\x80\x80", 3, 1, bad);        /* overlong */
	decodes("\xE0\x9F\xBF", 3, 1, bad);        /* overlong U+07FF */
	decodes("\xF0\x8F\xBF\xBF", 4, 1, bad);    /* overlong U+FFFF */
	decodes("\xED\xA0\x80", 3, 1, bad);        /* surrogate U+D800 */
	decodes("\xED\xBF\xBF", 3, 1, bad);        /* surrogate U+DFFF */
	decodes("\xF4\x90\x80\x80", 4, 1, bad);    /* above U+10FFFF */
	decodes("\xF5\x80\x80\x80", 4, 1, bad);
	decodes("\xFF", 1, 1, bad);
	decodes("\x80", 1, 1, bad);                /* a lone continuation */
	decodes("\xE4\xB8", 2, 1, bad);            /* truncated by the length */
	decodes("\xE4\xB8\0", SIZE_MAX, 1, bad);   /* truncated by a NUL */
	decodes("\xE4" "A" "\xAD", 3, 1, bad);     /* interrupted */
	decodes("", 0, 0, bad);
}

static void valid_whole_strings(void **state)
{
	(void)state;
	assert_true(base_utf8_valid("caf\xC3\xA9 \xE4\xB8\xAD", 9));
	assert_false(base_utf8_valid("caf\xC3", 4));
	assert_false(base_utf8_valid("\xED\xA0\x80", 3));
	assert_true(base_utf8_valid("", 0));
}

static void controls_are_the_listed_ones(void **state)
{
	(void)state;
	static const uint32_t yes[] = { 0, '\t', '\n', 0x1B, 0x7F, 0x80, 0x85, 0x9F,
					0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
					0x202A, 0x202E, 0x2066, 0x2069 };
	static const uint32_t no[] = { ' ', 'a', '~', 0xA0, 0xE9, 0x200D, 0x2030,
				       0x2065, 0x206A, 0x4E2D };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!base_utf8_is_control(yes[i]))
			fail_msg("U+%04X should be a control", (unsigned)yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (base_utf8_is_control(no[i]))
			fail_msg("U+%04X should not be a control", (unsigned)no[i]);
}

/* ---- text for people -------------------------------------------------- */

/* Writes s as `how` says from column `col`; checks bytes and end column. */
static void writes(const char *s, struct base_text how, int col, const char *want,
		   int want_col)
{
	struct base_buf b;
	base_buf_init(&b, NULL);
	int got_col = base_text_put(&b, s, strlen(s), &how, col, NULL);
	assert_string_equal(base_buf_cstr(&b), want);
	assert_int_equal(got_col, want_col);
	base_buf_close(&b);
}

static const struct base_text utf8_line = { .ascii = false, .indent = -1, .max_cols = -1 };
static const struct base_text ascii_line = { .ascii = true, .indent = -1, .max_cols = -1 };

static void text_escapes_controls_and_bidi(void **state)
{
	(void)state;
	writes("plain", utf8_line, 0, "plain", 5);
	writes("a\x1b[2Jb", utf8_line, 0, "a\\u{001B}[2Jb", 13);
	writes("tab\there", utf8_line, 0, "tab\\u{0009}here", 15);
	writes("\xC2\x85", utf8_line, 0, "\\u{0085}", 8);
	writes("x\xE2\x80\xAEy", utf8_line, 0, "x\\u{202E}y", 10);   /* RLO */
	writes("\xD8\x9C\xE2\x80\x8E\xE2\x81\xA6", utf8_line, 0,
	       "\\u{061C}\\u{200E}\\u{2066}", 24);
	writes("a\xE2\x80\xA8" "b\xE2\x80\xA9", utf8_line, 0, "a\\u{2028}b\\u{2029}", 18);
	writes("\x7f", utf8_line, 0, "\\u{007F}", 8);
	writes("bad\xFF" "byte", utf8_line, 0, "bad\\x{FF}byte", 13);
	writes("a\nb", utf8_line, 3, "a\\u{000A}b", 13);
}

static void text_newline_is_a_continuation_line(void **state)
{
	(void)state;
	struct base_text how = { .indent = 6, .max_cols = -1 };
	writes("say \"x\nORDER FAILED: fake\"", how, 10,
	       "say \"x\n      ORDER FAILED: fake\"", 6 + 19);
	writes("\n\n", how, 0, "\n      \n      ", 6);
}

static void text_ascii_mode_escapes_all_non_ascii(void **state)
{
	(void)state;
	writes("caf\xC3\xA9 \xE4\xB8\xAD", ascii_line, 0, "caf\\u{00E9} \\u{4E2D}", 20);
	writes("\xF0\x9F\x98\x80", ascii_line, 0, "\\u{1F600}", 9);
}

static void text_widths_follow_wcwidth(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8") || !base_utf8_locale())
		skip();
	/* CJK is two columns, a combining acute accent none. */
	assert_int_equal(base_text_width("\xE4\xB8\xAD\xE6\x96\x87", false), 4);
	assert_int_equal(base_text_width("e\xCC\x81", false), 1);
	assert_int_equal(base_text_width("e\xCC\x81", true), 9); /* e\u{0301} */
	assert_int_equal(base_text_width("\xE2\x80\xAE", false), 8);
	/* Cutting never splits a character or an escape. */
	struct base_text fit = { .indent = -1, .max_cols = 5 };
	writes("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", fit, 0, "\xE4\xB8\xAD\xE6\x96\x87", 4);
	writes("ab\xE2\x80\xAE", fit, 0, "ab", 2);
	writes("e\xCC\x81" "e\xCC\x81" "xyz", fit, 0, "e\xCC\x81" "e\xCC\x81" "xyz", 5);
	setlocale(LC_CTYPE, "C");
}

static void text_cut_reports_bytes_used(void **state)
{
	(void)state;
	struct base_text fit = { .ascii = true, .indent = -1, .max_cols = 12 };
	size_t used = 99;
	int col = base_text_put(NULL, "ab\xC3\xA9" "cdef", 8, &fit, 0, &used);
	assert_int_equal(col, 12);      /* "ab\u{00E9}cd" */
	assert_int_equal(used, 6);
}

/* ---- the buffer ------------------------------------------------------- */

static void buffer_grows_and_formats_numbers(void **state)
{
	(void)state;
	struct base_buf b;
	base_buf_init(&b, NULL);
	base_buf_u64(&b, 0);
	base_buf_putc(&b, ' ');
	base_buf_u64(&b, UINT64_MAX);
	base_buf_putc(&b, ' ');
	base_buf_i64(&b, INT64_MIN);
	base_buf_putc(&b, ' ');
	base_buf_i64(&b, -7);
	base_buf_pad(&b, 3);
	base_buf_printf(&b, "%s|", "x");
	assert_string_equal(base_buf_cstr(&b),
			    "0 18446744073709551615 -9223372036854775808 -7   x|");
	base_buf_close(&b);

	base_buf_init(&b, NULL);
	for (int i = 0; i < 100000; i++)
		base_buf_puts(&b, "0123456789");
	assert_int_equal(b.n, 1000000);
	assert_false(base_buf_failed(&b));
	char big[1000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	base_buf_printf(&b, "%s", big);
	assert_int_equal(b.n, 1000999);
	assert_int_equal(b.v[1000998], 'z');
	base_buf_close(&b);
}

static void buffer_spills_to_its_file_in_blocks(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	struct base_buf b;
	base_buf_init(&b, f);
	for (int i = 0; i < 50000; i++)
		base_buf_puts(&b, "0123456789abcdef\n");
	assert_true(b.cap <= 2 * BASE_BUF_BLOCK);   /* it did not keep it all */
	assert_int_equal(base_buf_flush(&b), 0);
	assert_int_equal(ftell(f), 50000 * 17);
	base_buf_close(&b);
	fclose(f);
}

static void buffer_write_errors_are_sticky(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	struct base_buf b;
	base_buf_init(&b, f);
	for (int i = 0; i < 10000 && !base_buf_failed(&b); i++)
		base_buf_puts(&b, "0123456789abcdef\n");
	assert_true(b.error);           /* noticed during the run, not at the end */
	assert_int_equal(b.err, 28);    /* ENOSPC */
	assert_int_equal(base_buf_flush(&b), -1);
	base_buf_close(&b);
	fclose(f);
}

/* ---- the list --------------------------------------------------------- */

struct member {
	char name;
	struct base_link link;
};

/* The members' names head to tail, checked against the walk tail to head. */
static void list_is(const struct base_list *l, const char *want)
{
	char fwd[16] = "", back[16] = "";
	size_t n = 0, m = 0;
	for (struct base_link *k = l->head; k && n < 15; k = k->next)
		fwd[n++] = BASE_LIST_ENTRY(k, struct member, link)->name;
	for (struct base_link *k = l->tail; k && m < 15; k = k->prev)
		back[m++] = BASE_LIST_ENTRY(k, struct member, link)->name;
	for (size_t i = 0; i < m / 2; i++) {
		char c = back[i];
		back[i] = back[m - 1 - i];
		back[m - 1 - i] = c;
	}
	assert_string_equal(fwd, want);
	assert_string_equal(back, want);
}

static void list_keeps_order_and_cuts_anywhere(void **state)
{
	(void)state;
	struct member a = { 'a', { NULL, NULL } }, b = { 'b', { NULL, NULL } },
		      c = { 'c', { NULL, NULL } }, d = { 'd', { NULL, NULL } };
	struct base_list l = { NULL, NULL };
	assert_null(BASE_LIST_ENTRY(l.head, struct member, link));
	base_list_push(&l, &a.link);
	base_list_push(&l, &b.link);
	base_list_push(&l, &c.link);
	list_is(&l, "abc");
	base_list_insert(&l, &b.link, &d.link);         /* before b */
	list_is(&l, "adbc");
	base_list_cut(&l, &d.link);                     /* the middle */
	assert_null(d.link.prev);
	assert_null(d.link.next);
	list_is(&l, "abc");
	base_list_insert(&l, &a.link, &d.link);         /* before the head */
	list_is(&l, "dabc");
	base_list_cut(&l, &c.link);                     /* the tail */
	list_is(&l, "dab");
	base_list_cut(&l, &d.link);                     /* the head */
	list_is(&l, "ab");
	base_list_cut(&l, &a.link);
	base_list_cut(&l, &b.link);
	list_is(&l, "");
	assert_null(l.head);
	assert_null(l.tail);
}

/* ---- reading a whole file descriptor --------------------------------- */

/* base_read_fd of a pipe that holds `n` bytes ('x'), at most `max`. */
static int read_pipe(size_t n, size_t max, size_t room, char **out, size_t *len)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	char chunk[4096];
	memset(chunk, 'x', sizeof chunk);
	for (size_t left = n; left > 0;) {
		size_t k = left < sizeof chunk ? left : sizeof chunk;
		assert_int_equal(write(fds[1], chunk, k), (ssize_t)k);
		left -= k;
	}
	close(fds[1]);
	int rc = base_read_fd(fds[0], max, room, out, len);
	int e = errno;
	close(fds[0]);
	errno = e;
	return rc;
}

static void read_fd_takes_up_to_its_limit(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	/* Exactly the limit, growing from a room of one byte. */
	assert_int_equal(read_pipe(10000, 10000, 1, &text, &len), 0);
	assert_int_equal(len, 10000);
	assert_int_equal(text[9999], 'x');
	assert_int_equal(text[10000], '\0');
	free(text);
	/* Nothing at all. */
	assert_int_equal(read_pipe(0, 10, 16, &text, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	/* One byte more, whatever the first room. */
	for (size_t room = 1; room <= 100000; room *= 10) {
		text = NULL;
		errno = 0;
		assert_int_equal(read_pipe(10001, 10000, room, &text, &len), -1);
		assert_int_equal(errno, EFBIG);
		assert_null(text);
	}
}

/* The data directory: $XDG_DATA_HOME/kitchen when it is an absolute path
 * (the XDG rule: a relative one is ignored), else ~/.local/share/kitchen. */
static void data_dir_follows_xdg(void **state)
{
	(void)state;
	char dir[256], err[256];
	setenv("HOME", "/home/ana", 1);
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	assert_int_equal(base_data_dir(dir, sizeof dir, err, sizeof err), 0);
	assert_string_equal(dir, "/srv/data/kitchen");
	setenv("XDG_DATA_HOME", "data", 1);
	assert_int_equal(base_data_dir(dir, sizeof dir, err, sizeof err), 0);
	assert_string_equal(dir, "/home/ana/.local/share/kitchen");
	unsetenv("XDG_DATA_HOME");
	assert_int_equal(base_data_dir(dir, sizeof dir, err, sizeof err), 0);
	assert_string_equal(dir, "/home/ana/.local/share/kitchen");
	unsetenv("HOME");
	assert_int_equal(base_data_dir(dir, sizeof dir, err, sizeof err), -1);
	assert_string_equal(err, "no data directory: neither XDG_DATA_HOME nor HOME is set");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decoder_accepts_every_length),
		cmocka_unit_test(encoder_round_trips),
		cmocka_unit_test(decoder_refuses_what_rfc3629_forbids),
		cmocka_unit_test(valid_whole_strings),
		cmocka_unit_test(controls_are_the_listed_ones),
		cmocka_unit_test(text_escapes_controls_and_bidi),
		cmocka_unit_test(text_newline_is_a_continuation_line),
		cmocka_unit_test(text_ascii_mode_escapes_all_non_ascii),
		cmocka_unit_test(text_widths_follow_wcwidth),
		cmocka_unit_test(text_cut_reports_bytes_used),
		cmocka_unit_test(buffer_grows_and_formats_numbers),
		cmocka_unit_test(buffer_spills_to_its_file_in_blocks),
		cmocka_unit_test(buffer_write_errors_are_sticky),
		cmocka_unit_test(list_keeps_order_and_cuts_anywhere),
		cmocka_unit_test(read_fd_takes_up_to_its_limit),
		cmocka_unit_test(data_dir_follows_xdg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
