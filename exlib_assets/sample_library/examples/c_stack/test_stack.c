/* test_stack.c - tests for stack.c (not shown to students)
 *
 * list.h / list.c come from the test dependency itpcp.pgph.c.linked_list:
 * a list used with push_front/pop_front is a reference LIFO structure.
 */
#include <stdio.h>

#include "list.h"
#include "stack.h"

static int failures = 0;

#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            failures++;                                               \
        }                                                             \
    } while (0)

static void test_empty(void)
{
    intstack_t s;
    int v;
    stack_init(&s);
    CHECK(stack_is_empty(&s));
    CHECK(stack_pop(&s, &v) == -1);
    CHECK(stack_peek(&s, &v) == -1);
    stack_free(&s);
}

static void test_against_linked_list(void)
{
    intstack_t s;
    list_t ref;
    int a = 0, b = 0;
    stack_init(&s);
    list_init(&ref);
    /* enough pushes to force several reallocations */
    for (int i = 0; i < 1000; i++) {
        int v = (i * 7919) % 1009 - 500;
        CHECK(stack_push(&s, v) == 0);
        list_push_front(&ref, v);
        if (i % 3 == 2) {
            CHECK(stack_pop(&s, &a) == 0);
            list_pop_front(&ref, &b);
            CHECK(a == b);
        }
    }
    CHECK(s.size == ref.size);
    CHECK(s.capacity >= s.size);
    CHECK(stack_peek(&s, &a) == 0 && a == ref.head->value);
    while (!stack_is_empty(&s)) {
        stack_pop(&s, &a);
        list_pop_front(&ref, &b);
        CHECK(a == b);
    }
    CHECK(ref.size == 0);
    stack_free(&s);
    list_free(&ref);
}

static void test_brackets(void)
{
    CHECK(brackets_balanced(""));
    CHECK(brackets_balanced("int main(void) { return a[(1 + 2)]; }"));
    CHECK(brackets_balanced("([]{()})"));
    CHECK(!brackets_balanced("("));
    CHECK(!brackets_balanced(")("));
    CHECK(!brackets_balanced("([)]"));
    CHECK(!brackets_balanced("{[}"));
}

int main(void)
{
    test_empty();
    test_against_linked_list();
    test_brackets();
    if (failures == 0)
        printf("all tests passed\n");
    return failures == 0 ? 0 : 1;
}
