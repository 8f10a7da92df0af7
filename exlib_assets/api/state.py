"""What the routes share while the service runs: the core and the runs it started."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from exlib_assets.api.runs import RunLauncher
from exlib_assets.core.app import App


@dataclass
class ApiState:
    app: App
    launcher: RunLauncher


def api_state(request: Request) -> ApiState:
    return request.app.state.exlib


State = Annotated[ApiState, Depends(api_state)]
