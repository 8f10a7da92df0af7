import dagster as dg

# One partition per stored version, `identifier@version`; shared by the asset and the sensor.
example_version_partitions = dg.DynamicPartitionsDefinition(name="example_versions")
