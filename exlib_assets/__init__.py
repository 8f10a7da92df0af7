"""exlib: a versioned Example Library deployed into course Git repositories, on Dagster."""
