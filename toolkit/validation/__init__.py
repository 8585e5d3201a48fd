"""Validate lexicon categories by coding samples: precision, agreement between coders, recall.

``validation_sample`` draws hits per category into a coding sheet, ``recall_sample`` draws units
with no match; coders fill in the sheets (``write_coding_sheet`` / ``read_coding_sheet``; ``save_coding_sheet``
in a batch run);
``validate`` computes precision with Wilson intervals, Krippendorff's alpha and recall;
``disagreements`` lists the items coders disagree on. ``packaged_precision`` and
``rebuild_coded_sample`` give the coded samples behind the packaged lexicons' figures
(``toolkit/lexicons/validation/``).
"""
from toolkit.validation.files import read_coding_sheet, save_coding_sheet, write_coding_sheet
from toolkit.validation.measure import disagreements, validate
from toolkit.validation.packaged import coded_samples, packaged_precision, rebuild_coded_sample
from toolkit.validation.sheets import (MARKS, coding_rules, rebuild_sheet, recall_sample,
                                       validation_sample)

__all__ = ["validation_sample", "recall_sample", "validate", "disagreements", "rebuild_sheet",
           "write_coding_sheet", "read_coding_sheet", "save_coding_sheet", "coding_rules", "MARKS",
           "coded_samples", "packaged_precision", "rebuild_coded_sample"]
