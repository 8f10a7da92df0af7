"""The indicators a lecturer looks for on a course's contents, as the words shown on the page.

Kept apart from the course view (which reads the database) so that what names them, such as the
code location's checks, can do so without loading the database layer."""

DEPLOYING = "deploying"
DEPLOYED = "deployed"
FAILED = "failed"
PENDING = "pending"
CUSTOMIZED = "customized"
UPDATE_AVAILABLE = "update available"
PROPOSAL_OPEN = "proposal open"
PINNED = "pinned"
HELD_BACK = "held back"

# In the order they are shown; each is a word a lecturer can search the page for.
INDICATORS = [DEPLOYING, DEPLOYED, FAILED, PENDING, CUSTOMIZED, UPDATE_AVAILABLE, PROPOSAL_OPEN, PINNED, HELD_BACK]
