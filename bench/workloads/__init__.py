"""One module per workload of the issue, B0 to B11; each has `run(home, sizes) -> WorkloadResult`."""
