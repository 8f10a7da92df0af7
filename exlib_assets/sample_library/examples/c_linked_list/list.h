/* list.h - singly linked list of ints (given, do not change) */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

typedef struct node {
    int value;
    struct node *next;
} node_t;

typedef struct {
    node_t *head;
    size_t size;
} list_t;

/* Make l an empty list. */
void list_init(list_t *l);

/* Insert v at the front / at the back. Return 0 on success, -1 if out of memory. */
int list_push_front(list_t *l, int v);
int list_push_back(list_t *l, int v);

/* Remove the first element and store it in *out. Return 0, or -1 if the list is empty. */
int list_pop_front(list_t *l, int *out);

/* 1 if v occurs in the list, else 0. */
int list_contains(const list_t *l, int v);

/* Reverse the list in place (no new nodes). */
void list_reverse(list_t *l);

/* Free all nodes; l is empty afterwards. */
void list_free(list_t *l);

#endif
