/* test_list.c - tests for list.c (not shown to students) */
#include <stdio.h>

#include "list.h"

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
    list_t l;
    int v;
    list_init(&l);
    CHECK(l.head == NULL);
    CHECK(l.size == 0);
    CHECK(list_pop_front(&l, &v) == -1);
    CHECK(!list_contains(&l, 1));
}

static void test_push_and_pop(void)
{
    list_t l;
    int v = 0;
    list_init(&l);
    CHECK(list_push_back(&l, 2) == 0);
    CHECK(list_push_front(&l, 1) == 0);
    CHECK(list_push_back(&l, 3) == 0);
    CHECK(l.size == 3);
    CHECK(list_contains(&l, 3));
    CHECK(!list_contains(&l, 4));
    for (int expected = 1; expected <= 3; expected++) {
        CHECK(list_pop_front(&l, &v) == 0);
        CHECK(v == expected);
    }
    CHECK(l.size == 0);
    CHECK(l.head == NULL);
}

static void test_reverse(void)
{
    list_t l;
    int v = 0;
    list_init(&l);
    list_reverse(&l);
    CHECK(l.head == NULL);
    for (int i = 0; i < 5; i++)
        list_push_back(&l, i);
    list_reverse(&l);
    CHECK(l.size == 5);
    CHECK(l.head != NULL && l.head->value == 4);
    for (int expected = 4; expected >= 0; expected--) {
        CHECK(list_pop_front(&l, &v) == 0);
        CHECK(v == expected);
    }
}

static void test_free(void)
{
    list_t l;
    list_init(&l);
    for (int i = 0; i < 1000; i++)
        list_push_front(&l, i);
    list_free(&l);
    CHECK(l.head == NULL);
    CHECK(l.size == 0);
}

int main(void)
{
    test_empty();
    test_push_and_pop();
    test_reverse();
    test_free();
    if (failures == 0)
        printf("all tests passed\n");
    return failures == 0 ? 0 : 1;
}
