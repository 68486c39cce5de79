/*
 * test_sha256.c — SHA-256 (base/sha256.h, Nettle underneath) against the
 * known answers of FIPS 180-2 / NIST's examples, whole and fed in pieces,
 * and the digest restarting after it is read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/sha256.h"

static const struct {
	const char *text;
	const char *hex;
} vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static void known_answers(void **state)
{
	(void)state;
	char hex[BASE_SHA256_HEX];
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		base_sha256_of(vectors[i].text, strlen(vectors[i].text), hex);
		assert_string_equal(hex, vectors[i].hex);
	}
}

static void a_million_a_in_uneven_pieces(void **state)
{
	(void)state;
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	struct base_sha256 h;
	base_sha256_init(&h);
	size_t done = 0, piece = 1;
	while (done < 1000000) {
		size_t n = piece < 1000000 - done ? piece : 1000000 - done;
		base_sha256_update(&h, a + done, n);
		done += n;
		piece = piece * 3 % 4099 + 1;
	}
	char hex[BASE_SHA256_HEX];
	base_sha256_hex(&h, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* Reading the digest starts a new one. */
	base_sha256_update(&h, "abc", 3);
	base_sha256_hex(&h, hex);
	assert_string_equal(hex, vectors[1].hex);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answers),
		cmocka_unit_test(a_million_a_in_uneven_pieces),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
