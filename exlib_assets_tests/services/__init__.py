"""Throwaway PostgreSQL and S3 servers that the test session starts and stops itself."""
