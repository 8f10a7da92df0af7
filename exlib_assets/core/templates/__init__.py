"""Student templates: which files of the assignments repository students get, and the check that
no solution or hidden test is among them (plain Python, no Dagster)."""

from exlib_assets.core.templates.leak_guard import Leak, LeakError, find_leaks
from exlib_assets.core.templates.markers import MarkerError, UnreadableMarkersError, strip_markers, surviving_markers
from exlib_assets.core.templates.student_view import StudentView, StudentViewError, student_files
from exlib_assets.core.templates.traditional import STUDENT_FILES, traditional_student_files

__all__ = [
    "STUDENT_FILES",
    "Leak",
    "LeakError",
    "MarkerError",
    "StudentView",
    "StudentViewError",
    "UnreadableMarkersError",
    "find_leaks",
    "strip_markers",
    "student_files",
    "surviving_markers",
    "traditional_student_files",
]
