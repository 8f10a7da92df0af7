import dagster as dg

from exlib_assets.defs.partition_sync import PartitionSync

# One partition per stored version, `identifier@version`; shared by the asset and the sensor.
example_version_partitions = dg.DynamicPartitionsDefinition(name="example_versions")
example_version_partition_sync = PartitionSync(example_version_partitions)
