import dagster as dg

# One partition per course content, `course/path`; kept in step with the assignments by
# sync_content_partitions (sensor, assign job and CLI).
course_content_partitions = dg.DynamicPartitionsDefinition(name="course_contents")
