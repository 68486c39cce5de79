/*
 * rng.h — SplitMix64, exactly as SPEC §4 gives it: one generator per run,
 * state = seed, one draw per would-succeed ending of a task with
 * fail_chance > 0, in the order those endings are handled.
 */
#ifndef KITCHEN_ENGINE_RNG_H
#define KITCHEN_ENGINE_RNG_H

#include <stdint.h>

static inline uint64_t eng__splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* u in [0, 1): (z >> 11) / 2^53. */
static inline double eng__draw(uint64_t *state)
{
	return (double)(eng__splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
