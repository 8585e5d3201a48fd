"""Stance toward actors: evaluative words in the scope of each mention, in the outlet's own voice.

:func:`stance` is the verb; :func:`evidence` its audit trail; :func:`entity_lexicon` builds an actor
lexicon for any named entity; :class:`StanceRules` holds the weights.
"""
from toolkit.discourse.stance.entities import entity_lexicon
from toolkit.discourse.stance.evidence import evidence
from toolkit.discourse.stance.rules import StanceRules
from toolkit.discourse.stance.verb import BASIL_VALIDATION, stance

__all__ = ["stance", "evidence", "entity_lexicon", "StanceRules", "BASIL_VALIDATION"]
