"""Runners: how the tests of one execution backend are run against one side of an example."""
