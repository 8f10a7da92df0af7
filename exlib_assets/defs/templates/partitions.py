import dagster as dg

# One partition per course slug; added when a course exists (sensors, CLI).
course_partitions = dg.DynamicPartitionsDefinition(name="courses")
