/*
 * slab.h — the memory orders (and their tasks) live in.
 *
 * A run may hold millions of orders, made and released in arrival order.
 * malloc would pay a header, a search and, for fresh memory, a page fault
 * per 4 KB. Instead orders are carved from large blocks mapped from the
 * system (transparent huge pages asked for where offered: one fault per
 * 2 MB), each recipe's orders in chunks of one size, and a released order
 * goes on its recipe's free list for the next order of that recipe: a
 * steady workload reuses the same memory forever. Blocks are only given
 * back when the engine is freed. Pure memory: no I/O.
 */
#ifndef KITCHEN_ENGINE_SLAB_H
#define KITCHEN_ENGINE_SLAB_H

#include <stddef.h>
#include <stdint.h>

struct eng__block;

/* Every block of one engine. Zero-initialise. */
struct eng__slab {
	struct eng__block *blocks;      /* newest first */
	char *cursor, *end;             /* the newest block's unused part */
	size_t next_size;               /* bytes of the next block (grows) */
	uint64_t mapped;                /* bytes mapped in all */
};

/* Chunks of one size (one recipe's orders). */
struct eng__pool {
	size_t size;                    /* a multiple of 16 */
	void *free;                     /* released chunks, linked through their first word */
};

/* A chunk of p->size bytes, not zeroed; NULL when memory runs out. */
void *eng__pool_get(struct eng__slab *s, struct eng__pool *p);

/* Gives a chunk back for the pool's next eng__pool_get. */
static inline void eng__pool_put(struct eng__pool *p, void *chunk)
{
	*(void **)chunk = p->free;
	p->free = chunk;
}

/* Unmaps every block (every chunk of every pool with them). */
void eng__slab_close(struct eng__slab *s);

#endif
