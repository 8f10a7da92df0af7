"""One module per workload of the issue, B1 to B8; each has `run(home, sizes) -> WorkloadResult`."""
