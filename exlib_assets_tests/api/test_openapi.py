"""The OpenAPI schema is complete, and requests generated from it (schemathesis, over real HTTP)
never make the service fail with a 5xx."""

import json
import time

import hypothesis
import schemathesis
from click.testing import CliRunner
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from exlib_assets.cli.main import cli

# Enough to reach every branch of the request checks, few enough to stay well under a minute.
EXAMPLES_PER_OPERATION = 12


def test_exlib_api_openapi_prints_a_complete_schema():
    result = CliRunner().invoke(cli, ["api", "openapi"], catch_exceptions=False)

    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `exlib token create`.",
    }
    operations = {(method, path): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert set(operations) == {
        ("post", "/api/v1/courses/{course}/deploy-examples"),
        ("get", "/api/v1/courses/{course}/deployment-status/{run_id}"),
        ("patch", "/api/v1/courses/{course}/content/{path}/example"),
        ("get", "/api/v1/courses/{course}/examples/deployment-status"),
        ("get", "/api/v1/examples/for-course/{course}"),
        ("get", "/api/v1/examples/{example}/deployment-preview"),
        ("post", "/api/v1/courses/{course}/templates/release"),
        ("get", "/api/v1/courses/{course}/templates/status"),
        ("post", "/api/v1/courses/{course}/roll-forward"),
        ("get", "/api/v1/library/sources"),
        ("post", "/api/v1/library/sources/{name}/sync"),
        ("get", "/api/v1/library/sources/{name}/sync/{run_id}"),
        ("post", "/api/v1/courses/{course}/content/{path}/contribute"),
        ("get", "/api/v1/library/contributions"),
        ("post", "/api/v1/library/contributions/{reference}/accept"),
        ("post", "/api/v1/library/contributions/{reference}/reject"),
        ("put", "/api/v1/courses/{course}/content/{path}/settings"),
        ("get", "/api/v1/health"),
    }
    for (method, path), operation in operations.items():
        assert operation["description"], (method, path)
        success = next(code for code in operation["responses"] if code.startswith("2"))
        assert "$ref" in operation["responses"][success]["content"]["application/json"]["schema"], (method, path)
        if path == "/api/v1/health":
            assert "security" not in operation
            continue
        assert operation["security"] == [{"HTTPBearer": []}], (method, path)
        for status in ("401", "403", "404", "422"):
            error = operation["responses"][status]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def explore(operation, mode: GenerationMode, path_parameters: dict | None, call) -> int:
    """Send up to EXAMPLES_PER_OPERATION generated requests to `operation`; how many were sent."""
    sent = 0

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    def each(case):
        nonlocal sent
        sent += 1
        call(case)

    try:
        each()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing to make invalid: the operation takes no parameters (the health check)
    return sent


def test_generated_requests_never_get_a_server_error(start_api, library_courses):
    api = start_api()
    schema = schemathesis.openapi.from_url(f"{api.base_url}/openapi.json")
    headers = {"Authorization": f"Bearer {library_courses.admin}"}

    # No 5xx, and every answer is one the schema documents, in the shape it documents. (Unknown query
    # parameters are ignored, as HTTP APIs do, so "negative data rejection" is not asked for.)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

    def call(case):
        case.call_and_validate(base_url=api.base_url, headers=headers, checks=checks)

    started, sent = time.monotonic(), 0
    for result in schema.get_all_operations():
        operation = result.ok()
        # Random courses stop at the course lookup; the real course reaches everything behind it.
        choices = [None, {"course": "prog1"}] if "{course}" in operation.path else [None]
        for path_parameters in choices:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                sent += explore(operation, mode, path_parameters, call)
    assert sent > 100
    assert time.monotonic() - started < 120


def test_text_postgresql_cannot_hold_is_a_4xx_not_a_server_error(start_api, library_courses):
    admin = start_api().client(library_courses.admin)
    deploy_body = {"deployments": [{"example": "test.ca\x00esar", "target_path": "week1.caesar"}]}

    responses = [
        admin.get("/api/v1/courses/pro%00g1/examples/deployment-status"),
        admin.get("/api/v1/courses/prog1/deployment-status/run%00id"),
        admin.get("/api/v1/examples/test.%00caesar/deployment-preview?course=prog1&target_path=week1.x"),
        admin.get("/api/v1/examples/for-course/prog1?search=%00&tag=%00"),
        admin.post("/api/v1/courses/prog1/deploy-examples", json=deploy_body),
        admin.patch(
            "/api/v1/courses/prog1/content/week1.intro/example",
            json={"example_version": "\x00", "update_strategy": "merge"},
        ),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 200, 404, 404]
