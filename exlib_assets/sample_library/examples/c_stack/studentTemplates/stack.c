/* stack.c - growable stack of ints */
#include <stdlib.h>

#include "stack.h"

void stack_init(intstack_t *s)
{
    /* TODO */
    (void)s;
}

int stack_push(intstack_t *s, int v)
{
    /* TODO: if the array is full, double its capacity with realloc */
    (void)s; (void)v;
    return -1;
}

int stack_pop(intstack_t *s, int *out)
{
    /* TODO */
    (void)s; (void)out;
    return -1;
}

int stack_peek(const intstack_t *s, int *out)
{
    /* TODO */
    (void)s; (void)out;
    return -1;
}

int stack_is_empty(const intstack_t *s)
{
    /* TODO */
    (void)s;
    return 1;
}

void stack_free(intstack_t *s)
{
    /* TODO */
    (void)s;
}

int brackets_balanced(const char *text)
{
    /* TODO: push every opening bracket; for a closing bracket pop and
       compare. At the end the stack must be empty. Free the stack! */
    (void)text;
    return 0;
}
