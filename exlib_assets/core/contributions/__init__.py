"""Contributions: a lecturer's customization proposed back to the library as its example's next version.

`contribute` proposes (a branch in the library source, or a pre-release in the library);
`decide` accepts or rejects a pre-release; `settle` recognises the contributing course's content as
holding the version its contribution became.
"""
