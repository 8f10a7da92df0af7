"""The HTTP API for course-management front ends: a thin FastAPI layer over the services the
CLI uses, starting the same Dagster runs, with per-course access control."""
