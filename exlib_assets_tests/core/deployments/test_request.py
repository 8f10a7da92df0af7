"""A deploy request says what one run of a course is asked to do; bad options are refused when
it is made, before any run reads or writes anything."""

import dataclasses

import pytest

from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.errors import ExlibError


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda: DeployRequest("prog1", strategy="replace"), "unknown strategy 'replace'; use one of keep, overwrite"),
        (lambda: DeployRequest.update("prog1", {"week1.a": "skip"}), "unknown strategy 'skip'"),
        (lambda: DeployRequest("prog1", proposals="some"), "unknown proposal mode 'some'; use one of conflicts"),
        (lambda: DeployRequest("prog1", purpose="upgrade"), "unknown purpose 'upgrade'; use one of deploy, update"),
    ],
)
def test_a_bad_option_is_refused_naming_the_choices(make, named):
    with pytest.raises(ExlibError, match=named):
        make()


def test_each_kind_of_run_sets_what_it_means():
    assert DeployRequest.deploy("prog1", ["week1.a"], overwrite=True).strategy_for("week1.a") == "overwrite"
    assert DeployRequest.deploy("prog1").strategy_for("week1.a") == "keep"
    assert DeployRequest.deploy("prog1").paths == ()  # every content

    update = DeployRequest.update("prog1", {"week2.b": "merge", "week1.a": "overwrite"}, proposals="all")
    assert (update.paths, update.purpose, update.proposals) == (("week1.a", "week2.b"), "update", "all")
    assert (update.strategy_for("week1.a"), update.strategy_for("week2.b")) == ("overwrite", "merge")

    rollback = DeployRequest.rollback("prog1", "week1.a", "1.0", strategy="merge")
    assert (rollback.paths, dict(rollback.targets), rollback.purpose) == (("week1.a",), {"week1.a": "1.0"}, "rollback")

    forward = DeployRequest.roll_forward("prog2", {"week1.a": "1.2"})
    assert (forward.paths, dict(forward.targets), forward.purpose) == ((), {"week1.a": "1.2"}, "roll-forward")


def test_a_request_cannot_change_once_made():
    paths, strategies = ["week1.a"], {"week1.a": "merge"}
    request = DeployRequest.update("prog1", strategies)
    paths.append("week2.b")
    strategies["week1.a"] = "overwrite"

    assert request.paths == ("week1.a",) and request.strategy_for("week1.a") == "merge"
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.course = "prog2"
    with pytest.raises(TypeError):
        request.strategy_by_path["week1.a"] = "overwrite"
