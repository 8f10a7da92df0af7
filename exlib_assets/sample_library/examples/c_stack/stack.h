/* stack.h - growable stack of ints (given, do not change) */
#ifndef STACK_H
#define STACK_H

#include <stddef.h>

typedef struct {
    int *data;       /* heap array with room for `capacity` values */
    size_t size;     /* number of values on the stack */
    size_t capacity;
} intstack_t;

/* Make s an empty stack (no allocation needed yet). */
void stack_init(intstack_t *s);

/* Push v; grow the array by doubling when it is full. 0 on success, -1 if out of memory. */
int stack_push(intstack_t *s, int v);

/* Pop the top value into *out. 0 on success, -1 if the stack is empty. */
int stack_pop(intstack_t *s, int *out);

/* Like stack_pop, but leave the value on the stack. */
int stack_peek(const intstack_t *s, int *out);

/* 1 if empty, else 0. */
int stack_is_empty(const intstack_t *s);

/* Release the memory; s is an empty stack afterwards. */
void stack_free(intstack_t *s);

/* 1 if the brackets (), [] and {} in text are balanced and properly nested, else 0.
   All other characters are ignored. */
int brackets_balanced(const char *text);

#endif
