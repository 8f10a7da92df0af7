"""Throwaway servers (PostgreSQL, S3, git daemon) that the test session starts and stops itself."""

from types import TracebackType
from typing import Self


class Service:
    """A server with `start()` (returning itself) and `stop()`, usable as `with Server() as s:`."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
