/*
 * sha256.h — SHA-256 (FIPS 180-4) digests as lowercase hex, for what
 * must be recognised later exactly: a recording's scenario and its runs'
 * transcripts, a level's identity in the best scores.
 *
 * The hashing itself is Nettle's (Debian's nettle-dev), a small, well-kept
 * library: this file only adapts it to the hex text the files carry.
 */
#ifndef KITCHEN_BASE_SHA256_H
#define KITCHEN_BASE_SHA256_H

#include <stddef.h>

#include <nettle/sha2.h>

#define BASE_SHA256_HEX 65      /* 64 hex digits and a NUL */

struct base_sha256 {
	struct sha256_ctx ctx;
};

/* Starts a digest. */
void base_sha256_init(struct base_sha256 *h);
/* Adds `n` bytes. */
void base_sha256_update(struct base_sha256 *h, const void *data, size_t n);
/* Writes the digest of everything added as 64 lowercase hex digits and a
 * NUL into `out`, and starts a new digest. */
void base_sha256_hex(struct base_sha256 *h, char out[BASE_SHA256_HEX]);
/* The digest of `n` bytes at once. */
void base_sha256_of(const void *data, size_t n, char out[BASE_SHA256_HEX]);

#endif
