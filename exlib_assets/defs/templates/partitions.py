import dagster as dg

from exlib_assets.defs.partition_sync import PartitionSync

# One partition per course slug; added when a course exists (the rebuild sensor, `exlib template`).
course_partitions = dg.DynamicPartitionsDefinition(name="courses")
course_partition_sync = PartitionSync(course_partitions)
