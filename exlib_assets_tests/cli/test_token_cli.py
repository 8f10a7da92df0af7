"""`exlib token` and `exlib api openapi`: tokens are shown once, listed without secrets, revoked."""

import json


def test_create_list_revoke(run, app):
    assert run("course", "create", "prog1").exit_code == 0

    created = run("token", "create", "--name", "alice", "--role", "lecturer", "--course", "prog1", "--json")
    listed = run("token", "list", "--json")
    revoked = run("token", "revoke", "alice")
    after = run("token", "list")

    assert created.exit_code == 0, created.output
    token = json.loads(created.stdout)["token"]
    assert token.startswith("exlib_")
    [row] = json.loads(listed.stdout)
    assert (row["name"], row["role"], row["courses"]) == ("alice", "lecturer", ["prog1"])
    assert token not in listed.stdout and token not in after.stdout
    assert revoked.exit_code == 0 and "token alice revoked" in revoked.output
    assert "alice" in after.stdout and "lecturer" in after.stdout


def test_the_token_is_printed_once_with_how_to_use_it(run, app):
    created = run("token", "create", "--name", "root", "--role", "admin")

    assert created.exit_code == 0
    assert created.stdout.splitlines()[1].startswith("exlib_")
    assert "not shown again" in created.stderr and "Authorization: Bearer" in created.stderr


def test_bad_requests_say_what_to_do(run, app):
    unknown = run("token", "create", "--name", "bob", "--role", "lecturer", "--course", "prog9")
    no_course = run("token", "create", "--name", "bob", "--role", "lecturer")

    assert unknown.exit_code == 1 and "course 'prog9' does not exist" in unknown.output
    assert no_course.exit_code == 1 and "--course SLUG" in no_course.output
