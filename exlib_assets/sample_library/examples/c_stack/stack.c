/* stack.c - growable stack of ints */
#include <stdlib.h>

#include "stack.h"

// BEGIN SOLUTION
void stack_init(intstack_t *s)
{
    s->data = NULL;
    s->size = 0;
    s->capacity = 0;
}

int stack_push(intstack_t *s, int v)
{
    if (s->size == s->capacity) {
        size_t cap = s->capacity ? 2 * s->capacity : 8;
        int *data = realloc(s->data, cap * sizeof *data);
        if (data == NULL)
            return -1;
        s->data = data;
        s->capacity = cap;
    }
    s->data[s->size++] = v;
    return 0;
}

int stack_pop(intstack_t *s, int *out)
{
    if (s->size == 0)
        return -1;
    *out = s->data[--s->size];
    return 0;
}

int stack_peek(const intstack_t *s, int *out)
{
    if (s->size == 0)
        return -1;
    *out = s->data[s->size - 1];
    return 0;
}

int stack_is_empty(const intstack_t *s)
{
    return s->size == 0;
}

void stack_free(intstack_t *s)
{
    free(s->data);
    stack_init(s);
}

static char opening_for(char c)
{
    switch (c) {
    case ')': return '(';
    case ']': return '[';
    case '}': return '{';
    default: return 0;
    }
}

int brackets_balanced(const char *text)
{
    intstack_t s;
    int top, ok = 1;
    stack_init(&s);
    for (const char *p = text; *p != '\0' && ok; p++) {
        if (*p == '(' || *p == '[' || *p == '{') {
            if (stack_push(&s, *p) != 0)
                ok = 0;
        } else if (opening_for(*p)) {
            ok = stack_pop(&s, &top) == 0 && top == opening_for(*p);
        }
    }
    ok = ok && stack_is_empty(&s);
    stack_free(&s);
    return ok;
}
// END SOLUTION
