"""Stories: align articles into stories across outlets, then compare framing within stories.

:func:`stories` clusters articles about the same event (text and dates only); :func:`story_table`
summarises the stories. The comparisons within stories and the agenda tables build on them.
"""
from toolkit.stories.cluster import stories
from toolkit.stories.table import story_table

__all__ = ["stories", "story_table"]
