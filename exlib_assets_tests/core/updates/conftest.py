from exlib_assets_tests.lesson_course import course, release  # noqa: F401
