"""Discourse: quotations and speakers, attribution, hedging, tone near actors."""
