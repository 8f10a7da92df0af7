"""How big each workload is, and how often it is repeated: the full run, --quick, and --tiny
(the smoke test's, which proves the workloads run, not how fast)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    repeats: int
    warmups: int
    # B1: deployments already in the course the one example goes into (the target is at 100).
    b1_existing: tuple[int, ...]
    # B2 and B7: examples deployed in one run (the targets are at the largest).
    b2_batches: tuple[int, ...]
    b7_batches: tuple[int, ...]
    b7_samples: int
    # B3: contents of the courses whose templates are built (the targets compare the smallest
    # and the largest; one example gets a new version per repetition, two per repetition and size).
    b3_contents: tuple[int, ...]
    # B4: versions the discovery sensor already knows.
    b4_known: tuple[int, ...]
    # B5: courses, each with b5_deployments deployments.
    b5_courses: tuple[int, ...]
    b5_deployments: int
    # B6: paths deployed by the run launched through GraphQL.
    b6_paths: tuple[int, ...]
    # B8: courses the repository sensor watches (the target is at 1,000).
    b8_courses: tuple[int, ...]
    # B9: contents of the one large course (the issue asks for 5,000); its own library.
    b9_contents: tuple[int, ...]
    # B10: courses of b10_contents contents each (the issue asks for 200 x 50); its own library.
    b10_courses: tuple[int, ...]
    b10_contents: int
    # B11: generated Python examples verified after the sample library (the issue asks for 100).
    b11_examples: int

    @property
    def library_size(self) -> int:
        """Examples the synthetic library needs: the largest course, plus the new examples of
        B1 (two per repetition, after the largest course's) and of B6."""
        runs = self.warmups + self.repeats
        return max(
            max(self.b1_existing) + 2 * runs,
            max(self.b2_batches + self.b7_batches),
            max(self.b3_contents),
            2 * runs,
            self.b5_deployments,
            max(self.b6_paths) * runs,
            self.b11_examples,
        )


FULL = Sizes(
    repeats=3,
    warmups=1,
    b1_existing=(10, 100, 500),
    b2_batches=(50, 200, 500),
    b7_batches=(50, 200, 500),
    b7_samples=2,
    b3_contents=(100, 500),
    b4_known=(1_000, 10_000),
    b5_courses=(10, 100),
    b5_deployments=50,
    b6_paths=(1, 10),
    b8_courses=(100, 1_000),
    b9_contents=(500, 5_000),
    b10_courses=(20, 200),
    b10_contents=50,
    b11_examples=100,
)

QUICK = Sizes(
    repeats=2,
    warmups=1,
    b1_existing=(10, 100),
    b2_batches=(10, 40),
    b7_batches=(40,),
    b7_samples=1,
    b3_contents=(10, 40),
    b4_known=(1_000, 3_000),
    b5_courses=(5, 10),
    b5_deployments=20,
    b6_paths=(1,),
    b8_courses=(20, 100),
    b9_contents=(50, 400),
    b10_courses=(5, 20),
    b10_contents=20,
    b11_examples=20,
)

TINY = Sizes(
    repeats=1,
    warmups=0,
    b1_existing=(3,),
    b2_batches=(2, 4),
    b7_batches=(4,),
    b7_samples=1,
    b3_contents=(2, 4),
    b4_known=(20,),
    b5_courses=(2,),
    b5_deployments=3,
    b6_paths=(1,),
    b8_courses=(3,),
    b9_contents=(3, 6),
    b10_courses=(2, 3),
    b10_contents=3,
    b11_examples=2,
)

PROFILES = {"full": FULL, "quick": QUICK, "tiny": TINY}
