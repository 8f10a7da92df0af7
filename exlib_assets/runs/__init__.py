"""Starting exlib's Dagster runs from this process: the CLI, the HTTP API, the demo, the benchmarks
and the tests all go through here.

- `instance.py`: the Dagster instance in DAGSTER_HOME, the one the UI shows.
- `course_jobs.py`: the course jobs (preview, deploy, update, rollback), each started with its
  typed config and the caller's reporter for that one run.
- `assets.py`: materializing assets (the student template, example versions, analytics) the same way.
- `course_run.py` / `template_run.py`: one course job or template build, its report back.
- `request_check.py`: refusing an unknown course or path before a run is recorded.
- `failure.py`: why a run failed, in one line.

A run's report comes back through the `reporter` resource (`defs/deployments/progress.py`),
given per run; nothing here keeps state between runs.
"""
