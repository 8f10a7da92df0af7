"""Moving existing courses into the Example Library without redeploying them.

`import_repository` turns the assignment folders of an existing repository into library example
versions (writing a meta.yaml where there is none, and saying which fields were guessed), and
reports the references between folders as testDependencies suggestions. `adopt_course` links a
course's existing folders to those versions in place: tracking files, course index and
database records, no file rewritten. What matches nothing stays traditional content.
"""
