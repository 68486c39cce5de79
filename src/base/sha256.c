/*
 * sha256.c — Nettle's SHA-256 with hex output (sha256.h).
 */
#include "sha256.h"

#include <stdint.h>

void base_sha256_init(struct base_sha256 *h)
{
	sha256_init(&h->ctx);
}

void base_sha256_update(struct base_sha256 *h, const void *data, size_t n)
{
	sha256_update(&h->ctx, n, data);
}

void base_sha256_hex(struct base_sha256 *h, char out[BASE_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&h->ctx, sizeof d, d);    /* also starts a new digest */
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * sizeof d] = '\0';
}

void base_sha256_of(const void *data, size_t n, char out[BASE_SHA256_HEX])
{
	struct base_sha256 h;
	base_sha256_init(&h);
	base_sha256_update(&h, data, n);
	base_sha256_hex(&h, out);
}
