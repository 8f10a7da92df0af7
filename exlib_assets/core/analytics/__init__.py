"""Analytics over every course: which examples are used where, which courses are behind, and
how deployments went. Plain pandas over the application database; the Dagster assets in
`defs/analytics` and `exlib report` both call `build_report`."""
