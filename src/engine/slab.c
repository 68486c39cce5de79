/*
 * slab.c — blocks mapped from the system and carved into chunks (slab.h).
 *
 * Blocks start at 256 KB, so a small run stays small, and double up to
 * 64 MB. From 4 MB a block is aligned to 2 MB and marked MADV_HUGEPAGE,
 * where the system has it: the kernel then backs it with huge pages and a
 * run of millions of orders takes a few hundred page faults, not tens of
 * thousands.
 */
#include <sys/mman.h>

#include "slab.h"

#define FIRST_BLOCK (256u << 10)
#define LAST_BLOCK (64u << 20)
#define HUGE_PAGE (2u << 20)

struct eng__block {
	struct eng__block *next;
	size_t size;                    /* bytes mapped, header included */
};

/* `size` bytes of fresh zeroed memory, aligned to a huge page when it is
 * big enough to hold some; NULL when the system refuses. */
static void *map_block(size_t size)
{
	if (size < 2 * HUGE_PAGE) {
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	/* Map a huge page more, then trim both ends to the alignment. */
	char *p = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	size_t lead = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
	if (lead)
		munmap(p, lead);
	if (HUGE_PAGE - lead)
		munmap(p + lead + size, HUGE_PAGE - lead);
	p += lead;
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void *eng__pool_get(struct eng__slab *s, struct eng__pool *p)
{
	if (p->free) {
		void *chunk = p->free;
		p->free = *(void **)chunk;
		return chunk;
	}
	if ((size_t)(s->end - s->cursor) < p->size) {
		size_t size = s->next_size ? s->next_size : FIRST_BLOCK;
		while (size - sizeof(struct eng__block) < p->size + 16)
			size *= 2;
		struct eng__block *b = map_block(size);
		if (!b)
			return NULL;
		b->next = s->blocks;
		b->size = size;
		s->blocks = b;
		s->mapped += size;
		/* Chunks start 16-aligned after the header. */
		s->cursor = (char *)b + ((sizeof *b + 15) & ~(size_t)15);
		s->end = (char *)b + size;
		if (size < LAST_BLOCK)
			s->next_size = size * 2;
		else
			s->next_size = size;
	}
	void *chunk = s->cursor;
	s->cursor += p->size;
	return chunk;
}

void eng__slab_close(struct eng__slab *s)
{
	struct eng__block *b = s->blocks;
	while (b) {
		struct eng__block *next = b->next;
		munmap(b, b->size);
		b = next;
	}
	s->blocks = NULL;
	s->cursor = s->end = NULL;
	s->mapped = 0;
	s->next_size = 0;
}
