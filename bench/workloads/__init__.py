"""One module per workload of the issue, B1 to B9; each has `run(home, sizes) -> WorkloadResult`."""
