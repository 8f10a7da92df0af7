/* list.c - singly linked list of ints */
#include <stdlib.h>

#include "list.h"

// BEGIN SOLUTION
static node_t *node_new(int v, node_t *next)
{
    node_t *n = malloc(sizeof *n);
    if (n != NULL) {
        n->value = v;
        n->next = next;
    }
    return n;
}

void list_init(list_t *l)
{
    l->head = NULL;
    l->size = 0;
}

int list_push_front(list_t *l, int v)
{
    node_t *n = node_new(v, l->head);
    if (n == NULL)
        return -1;
    l->head = n;
    l->size++;
    return 0;
}

int list_push_back(list_t *l, int v)
{
    node_t **p = &l->head;
    node_t *n = node_new(v, NULL);
    if (n == NULL)
        return -1;
    while (*p != NULL)
        p = &(*p)->next;
    *p = n;
    l->size++;
    return 0;
}

int list_pop_front(list_t *l, int *out)
{
    node_t *n = l->head;
    if (n == NULL)
        return -1;
    *out = n->value;
    l->head = n->next;
    free(n);
    l->size--;
    return 0;
}

int list_contains(const list_t *l, int v)
{
    for (const node_t *n = l->head; n != NULL; n = n->next)
        if (n->value == v)
            return 1;
    return 0;
}

void list_reverse(list_t *l)
{
    node_t *prev = NULL, *cur = l->head;
    while (cur != NULL) {
        node_t *next = cur->next;
        cur->next = prev;
        prev = cur;
        cur = next;
    }
    l->head = prev;
}

void list_free(list_t *l)
{
    node_t *n = l->head;
    while (n != NULL) {
        node_t *next = n->next;
        free(n);
        n = next;
    }
    list_init(l);
}
// END SOLUTION
