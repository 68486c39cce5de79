/*
 * test_json_check.c — the strict JSON validator the fuzzers trust
 * (tests/support/json_check.c): what RFC 8259 allows, what it does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "support/json_check.h"

static void valid(const char *s)
{
	const char *why = json_check_object(s, strlen(s));
	if (why)
		fail_msg("refused %s: %s", s, why);
}

static void invalid(const char *s, size_t len)
{
	if (!json_check_object(s, len))
		fail_msg("accepted %.*s", (int)len, s);
}
#define INVALID(s) invalid(s, sizeof s - 1)

static void accepts_json(void **state)
{
	(void)state;
	valid("{}");
	valid(" {\"t\":3.000,\"ev\":\"task_done\",\"order\":1,\"late\":0.000}\n");
	valid("{\"a\":[1,-2,3.5e+10,0.25E-3,true,false,null,{\"b\":[]}]}");
	valid("{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u202e\\uD83D\\ude00 caf\xC3\xA9 \xE4\xB8\xAD\"}");
	valid("{\"raw bidi is valid JSON\":\"\xE2\x80\xAE\"}");
}

static void refuses_what_is_not(void **state)
{
	(void)state;
	INVALID("");
	INVALID("[]");                          /* not an object */
	INVALID("{");
	INVALID("{\"a\":1,}");
	INVALID("{\"a\" 1}");
	INVALID("{a:1}");
	INVALID("{\"a\":01}");
	INVALID("{\"a\":1.}");
	INVALID("{\"a\":.5}");
	INVALID("{\"a\":+1}");
	INVALID("{\"a\":1e}");
	INVALID("{\"a\":tru}");
	INVALID("{\"a\":\"\t\"}");              /* a raw tab */
	INVALID("{\"a\":\"\n\"}");
	INVALID("{\"a\":\"\\x41\"}");
	INVALID("{\"a\":\"\\u12\"}");
	INVALID("{\"a\":\"\\");
	INVALID("{\"a\":\"x}");
	INVALID("{\"a\":\"\xFF\"}");            /* not UTF-8 */
	INVALID("{\"a\":\"\xED\xA0\x80\"}");    /* a surrogate in UTF-8 */
	INVALID("{\"a\":1} {}");
	invalid("{\"a\":\"\0\"}", 8);
	invalid("{\"a\":\"\\\0\"}", 9);
	char deep[200];
	memset(deep, '[', sizeof deep);
	memcpy(deep, "{\"a\":", 5);
	invalid(deep, sizeof deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_json),
		cmocka_unit_test(refuses_what_is_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
