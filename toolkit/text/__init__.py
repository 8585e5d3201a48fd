"""The text model: tokens, sentences and units (segment). Every verb reads text through these."""
