"""Deploying example versions into a course's assignments repository (plain Python, no Dagster).

This package is the mechanism of every change to a course repository: which version a content
wants, writing it (or merging it three-way with the lecturer's edits), committing, putting an
update on a proposal branch, and recording the outcome. It never imports the updates package,
which holds the policy (what to update, when, and how a lecturer is told) and calls in here.
"""
