/*
 * list.h — one intrusive doubly-linked list: members join at the tail and
 * leave from anywhere in O(1), with nothing allocated.
 *
 * A member embeds a struct base_link; a list is its first and last link,
 * {NULL, NULL} when empty. A link is in at most one list at a time, and
 * its pointers are NULL while it is in none. BASE_LIST_ENTRY turns a link
 * back into the struct that embeds it. The engine's queues (a station's
 * waiters, the helper pool's, the steps held for a player), its orders
 * still alive, and the real-time clock's timers waiting for their turn are
 * all such lists.
 */
#ifndef KITCHEN_BASE_LIST_H
#define KITCHEN_BASE_LIST_H

#include <stddef.h>

#include "container.h"

struct base_link {
	struct base_link *prev, *next;
};

struct base_list {
	struct base_link *head, *tail;
};

/* The struct of type `type` whose member `member` is the link `link`, or
 * NULL when `link` is NULL (`link` is read twice). */
#define BASE_LIST_ENTRY(link, type, member) \
	((link) ? BASE_CONTAINER_OF(link, type, member) : (type *)NULL)

/* Inserts `n` just before `at`, or at the tail when `at` is NULL. */
static inline void base_list_insert(struct base_list *l, struct base_link *at,
				    struct base_link *n)
{
	struct base_link *prev = at ? at->prev : l->tail;
	n->prev = prev;
	n->next = at;
	if (prev)
		prev->next = n;
	else
		l->head = n;
	if (at)
		at->prev = n;
	else
		l->tail = n;
}

/* Appends `n` at the tail. */
static inline void base_list_push(struct base_list *l, struct base_link *n)
{
	base_list_insert(l, NULL, n);
}

/* Takes `n`, which is in `l`, out of it. */
static inline void base_list_cut(struct base_list *l, struct base_link *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else
		l->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		l->tail = n->prev;
	n->prev = n->next = NULL;
}

#endif
