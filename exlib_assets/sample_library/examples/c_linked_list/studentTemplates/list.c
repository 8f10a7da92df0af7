/* list.c - singly linked list of ints */
#include <stdlib.h>

#include "list.h"

void list_init(list_t *l)
{
    /* TODO */
    (void)l;
}

int list_push_front(list_t *l, int v)
{
    /* TODO: allocate a node with malloc and link it in front of the head */
    (void)l; (void)v;
    return -1;
}

int list_push_back(list_t *l, int v)
{
    /* TODO: walk to the last node */
    (void)l; (void)v;
    return -1;
}

int list_pop_front(list_t *l, int *out)
{
    /* TODO: do not forget to free the removed node */
    (void)l; (void)out;
    return -1;
}

int list_contains(const list_t *l, int v)
{
    /* TODO */
    (void)l; (void)v;
    return 0;
}

void list_reverse(list_t *l)
{
    /* TODO: re-link the nodes, do not allocate new ones */
    (void)l;
}

void list_free(list_t *l)
{
    /* TODO */
    (void)l;
}
