"""Next semester: a course rolled forward from an earlier one, and the family of courses it makes."""

from exlib_assets.core.rollforward.family import course_family
from exlib_assets.core.rollforward.roll import RollForwardReport, roll_forward

__all__ = ["RollForwardReport", "course_family", "roll_forward"]
