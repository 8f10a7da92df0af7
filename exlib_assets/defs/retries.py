"""How often a run that a sensor requested tries again when its step fails.

Only runs that are safe to repeat from the start use it: the flag run recomputes every flag in
one transaction, and the repository scan starts again from the commit each course was last read
at. A lost database connection or a git remote that did not answer is then retried after 2 s
and 4 s; a run that still fails shows its error in its log, and the sensor's next change asks
for a new run.
"""

import dagster as dg

SENSOR_RUN_RETRIES = dg.RetryPolicy(max_retries=2, delay=2, backoff=dg.Backoff.EXPONENTIAL)
