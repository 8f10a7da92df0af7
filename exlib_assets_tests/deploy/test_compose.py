"""docker-compose.yml, the Dockerfile, .env.example and the production Dagster files agree with
the code: every variable the code reads is set, every command the services run exists, the
start order holds, and no secret is written down. (No Docker engine runs here; the services
themselves run as processes in test_dagster_services.py.)"""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
# The services that run our image (the rest are PostgreSQL and MinIO images).
OURS = sorted(name for name, service in SERVICES.items() if service.get("build"))
DAGSTER_SERVICES = ["dagster-daemon", "dagster-webserver", "exlib-api", "exlib-code"]
BIN = Path(sys.executable).parent
SECRET = re.compile(r"PASSWORD|TOKEN|SECRET")
# Read by the code only to let tests kill a run at a chosen stage; a site must never set them.
TEST_HOOKS = {"EXLIB_FAILPOINT"}


def env_file() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def variables_read_by_the_code() -> set[str]:
    """Every EXLIB_* name the package looks up: quoted names in its source. A name ending in `__`
    starts a family (per-course tokens), set per site as needed, not one variable."""
    names = set()
    for source in (ROOT / "exlib_assets").rglob("*.py"):
        names |= set(re.findall(r"[\"'](EXLIB_[A-Z0-9_]+)[\"']", source.read_text()))
    return {name for name in names if not name.endswith("__")} - TEST_HOOKS


def env_references(path: Path) -> set[str]:
    return set(re.findall(r"\{env:\s*([A-Z0-9_]+)\s*\}", path.read_text()))


def test_every_service_of_a_production_site_is_there():
    assert set(SERVICES) >= {
        "postgres",
        "minio",
        "minio-bucket",
        "exlib-migrate",
        "exlib-code",
        "dagster-webserver",
        "dagster-daemon",
        "exlib-api",
    }
    assert "dagster api grpc-health-check" in " ".join(SERVICES["exlib-code"]["healthcheck"]["test"])


def test_services_start_in_order_and_long_running_ones_report_health():
    def waits_for(name: str) -> dict[str, str]:
        return {dependency: rule["condition"] for dependency, rule in SERVICES[name].get("depends_on", {}).items()}

    assert waits_for("exlib-migrate") == {"postgres": "service_healthy"}
    assert waits_for("minio-bucket") == {"minio": "service_healthy"}
    assert waits_for("exlib-code") == {
        "exlib-migrate": "service_completed_successfully",
        "minio-bucket": "service_completed_successfully",
    }
    for name in ("dagster-webserver", "dagster-daemon", "exlib-api"):
        assert waits_for(name) == {"exlib-code": "service_healthy"}, name
    one_shots = {"exlib-migrate", "minio-bucket"}
    assert all("healthcheck" in SERVICES[name] for name in set(SERVICES) - one_shots)


@pytest.mark.parametrize("service", ["exlib-code", "exlib-api"])
def test_every_variable_the_code_reads_is_set_where_our_code_runs(service):
    environment = SERVICES[service]["environment"]
    # EXLIB_HOME and the rest; tests' own switches live in the tests, not in the package.
    assert variables_read_by_the_code() <= set(environment)
    # S3: the library bucket through boto3's own variables.
    assert {"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} <= set(environment)
    assert environment["EXLIB_STORAGE_URL"].startswith("s3://")
    assert environment["EXLIB_DATABASE_URL"].startswith("postgresql+psycopg2://exlib:")


def test_no_test_hook_is_set_anywhere():
    assert TEST_HOOKS
    for service in SERVICES.values():
        assert not TEST_HOOKS & set(service.get("environment") or {})
    assert not TEST_HOOKS & set(env_file())


def test_the_instance_and_workspace_variables_are_set_where_they_are_read():
    instance = env_references(ROOT / "deploy/dagster.yaml")
    workspace = env_references(ROOT / "deploy/workspace.yaml")
    assert instance and workspace
    for name in DAGSTER_SERVICES:
        # The code server's run workers write to the instance too.
        assert instance <= set(SERVICES[name]["environment"]), name
    for name in ("dagster-webserver", "dagster-daemon"):
        assert workspace <= set(SERVICES[name]["environment"]), name


def test_every_variable_compose_needs_is_listed_in_env_example_and_nothing_else():
    text = (ROOT / "docker-compose.yml").read_text()
    wanted = set(re.findall(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}", text))
    assert wanted == set(env_file())


def test_no_secret_is_written_down():
    for name, value in env_file().items():
        if SECRET.search(name):
            assert value == "", f".env.example gives {name} a value"
    for service in SERVICES.values():
        for name, value in (service.get("environment") or {}).items():
            if SECRET.search(name):
                assert str(value).startswith("${"), f"{name} is written into docker-compose.yml"
    # The one URL holding a password takes it from the environment too.
    url = SERVICES["exlib-code"]["environment"]["EXLIB_DATABASE_URL"]
    assert re.fullmatch(r"postgresql\+psycopg2://exlib:\$\{EXLIB_PG_PASSWORD[^}]*\}@postgres:5432/exlib", url)


@pytest.mark.parametrize("service", OURS)
def test_every_command_our_services_run_exists(service):
    commands = [SERVICES[service]["command"]]
    check = SERVICES[service].get("healthcheck", {}).get("test", [])
    if check and check[0] == "CMD" and check[1] != "curl":
        commands.append(check[1:])
    for command in commands:
        command = shlex.split(command) if isinstance(command, str) else command
        assert (BIN / command[0]).exists(), f"{command[0]} is not installed with the package"
        # --help parses the whole command line (options and subcommands) without running it.
        result = subprocess.run([str(BIN / command[0]), *command[1:], "--help"], capture_output=True, text=True)
        assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"


def test_the_code_server_serves_the_code_location_the_workspace_names():
    command = SERVICES["exlib-code"]["command"]
    module = command[command.index("-m") + 1]
    location = command[command.index("--location-name") + 1]
    workspace = yaml.safe_load((ROOT / "deploy/workspace.yaml").read_text())
    assert workspace["load_from"][0]["grpc_server"]["location_name"] == location == "exlib"
    assert module == "exlib_assets.definitions"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'module_name = "{module}"' in pyproject and f'code_location_name = "{location}"' in pyproject
    assert SERVICES["exlib-code"]["environment"]["EXLIB_CODE_SERVER_PORT"] == command[command.index("-p") + 1]


def test_the_image_holds_what_the_services_use():
    dockerfile = (ROOT / "deploy/Dockerfile").read_text()
    build = SERVICES["exlib-code"]["build"]
    assert (ROOT / build["context"] / build["dockerfile"]).resolve() == ROOT / "deploy/Dockerfile"
    for copied in re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE):
        for path in copied.split():
            assert (ROOT / path).exists(), f"the Dockerfile copies {path}, which is missing"
    # git runs every repository operation; curl is the webserver's health check.
    assert re.search(r"apt-get install .*\bgit\b.*\bcurl\b", dockerfile)
    assert "USER exlib" in dockerfile


def test_postgres_starts_with_both_databases_and_ltree():
    script = (ROOT / "deploy/postgres-init/01-databases.sh").read_text()
    storage = SERVICES["exlib-code"]["environment"]
    assert f"CREATE DATABASE {storage['DAGSTER_PG_DB']} OWNER {storage['DAGSTER_PG_USER']}" in script
    assert "CREATE DATABASE exlib OWNER exlib" in script and "CREATE EXTENSION IF NOT EXISTS ltree" in script
    assert "./deploy/postgres-init:/docker-entrypoint-initdb.d:ro" in SERVICES["postgres"]["volumes"]
    assert {"DAGSTER_PG_PASSWORD", "EXLIB_PG_PASSWORD"} <= set(SERVICES["postgres"]["environment"])


def test_state_lives_on_volumes():
    assert set(COMPOSE["volumes"]) == {"postgres-data", "minio-data", "exlib-state", "dagster-logs"}
    assert "exlib-state:/var/lib/exlib" in SERVICES["exlib-code"]["volumes"]
    assert SERVICES["exlib-code"]["environment"]["EXLIB_HOME"] == "/var/lib/exlib"


def test_the_helm_values_keep_the_production_rules():
    values = yaml.safe_load((ROOT / "deploy/helm/values.yaml").read_text())
    instance = yaml.safe_load((ROOT / "deploy/dagster.yaml").read_text())
    queue = values["dagsterDaemon"]["runCoordinator"]["config"]["queuedRunCoordinator"]
    assert queue["tagConcurrencyLimits"] == instance["run_coordinator"]["config"]["tag_concurrency_limits"]
    retries = values["dagsterDaemon"]["runRetries"]
    assert (retries["maxRetries"], retries["retryOnAssetOrOpFailure"]) == (
        instance["run_retries"]["max_retries"],
        instance["run_retries"]["retry_on_asset_or_op_failure"],
    )
    [deployment] = values["dagster-user-deployments"]["deployments"]
    assert deployment["dagsterApiGrpcArgs"] == ["-m", "exlib_assets.definitions"]
    # What the code reads comes from the deployment's env or its secret (named in the comment).
    header = (ROOT / "deploy/helm/values.yaml").read_text().split("\n\n")[0]
    provided = {item["name"] for item in deployment["env"]} | set(re.findall(r"--from-literal=([A-Z_]+)=", header))
    assert variables_read_by_the_code() - {"EXLIB_MAX_FILE_BYTES", "EXLIB_MAX_EXAMPLE_BYTES"} <= provided
