"""One module per workload of the issue, B1 to B7; each has `run(home, sizes) -> WorkloadResult`."""
