import dagster as dg

from exlib_assets.defs.partition_sync import PartitionSync

# One partition per course content, `course/path`; kept in step with the assignments by the
# partition sync sensor, the assign job and every deploy run.
course_content_partitions = dg.DynamicPartitionsDefinition(name="course_contents")
course_content_partition_sync = PartitionSync(course_content_partitions)
