"""Stories: align articles into stories across outlets, then compare framing within stories.

:func:`stories` clusters articles about the same event (text and dates only) and
:func:`story_table` summarises them; :func:`compare_within_stories` compares outlets on the stories
they share (Cochran–Mantel–Haenszel by story), :func:`agenda_framing` splits an outlet's difference
from the others into agenda and framing, and :func:`coverage` / :func:`agenda` tell which stories
each outlet covers or skips.
"""
from toolkit.stories.agenda import agenda, coverage
from toolkit.stories.cluster import stories
from toolkit.stories.compare import compare_within_stories, story_counts
from toolkit.stories.decompose import agenda_framing
from toolkit.stories.table import story_table

__all__ = ["stories", "story_table", "story_counts", "compare_within_stories", "agenda_framing", "coverage", "agenda"]
