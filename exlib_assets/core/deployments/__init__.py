"""Deploying example versions into a course's assignments repository (plain Python, no Dagster)."""
