"""Roster import: member lists from other party-management systems (.xlsx, .xls, .csv) and photos.

The flow is read (``read``) → map columns (``columns``) → check every row (``check``, reading each
cell with ``cells`` and judging the member with ``core.member_rules``; ``prepare_import``) → show
the preview → write everything in one transaction (``apply``; ``apply_import``). Problems carry
the row number as Excel shows it, the column header and a Chinese reason, and can be saved as a
workbook to send back (``problem_workbook``). ``photos`` matches a folder of photos to members.
``template`` writes the empty roster an office without another system fills in.
"""

from __future__ import annotations

from core.roster.apply import ImportSummary, apply_import, unit_kind_for
from core.roster.cells import CellError, cell_text, parse_date
from core.roster.check import PlannedRow, Preview, Problem, check_rows, prepare_import
from core.roster.columns import (
    FIELD_LABELS,
    FIELDS,
    IGNORE,
    MAPPING_PREFERENCE,
    REQUIRED,
    Column,
    FieldSpec,
    map_columns,
    normalize_header,
    remember_mapping,
    remembered_mapping,
)
from core.roster.photos import (
    PHOTO_MAX_BYTES,
    PHOTO_MAX_SIDE,
    PHOTO_SUFFIXES,
    PhotoMatch,
    PhotoOutcome,
    PhotoPlan,
    import_photos,
    match_photos,
    normalize_photo,
)
from core.roster.problem_workbook import write_error_workbook
from core.roster.read import HEADER_SCAN_ROWS, MAX_ROWS, RosterError, RosterTable, decode_csv, read_roster
from core.roster.template import TEMPLATE_FILE_NAME, required_columns_text, write_roster_template

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "HEADER_SCAN_ROWS",
    "IGNORE",
    "MAPPING_PREFERENCE",
    "MAX_ROWS",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_SIDE",
    "PHOTO_SUFFIXES",
    "REQUIRED",
    "TEMPLATE_FILE_NAME",
    "CellError",
    "Column",
    "FieldSpec",
    "ImportSummary",
    "PhotoMatch",
    "PhotoOutcome",
    "PhotoPlan",
    "PlannedRow",
    "Preview",
    "Problem",
    "RosterError",
    "RosterTable",
    "apply_import",
    "cell_text",
    "check_rows",
    "decode_csv",
    "import_photos",
    "map_columns",
    "match_photos",
    "normalize_header",
    "normalize_photo",
    "parse_date",
    "prepare_import",
    "read_roster",
    "remember_mapping",
    "remembered_mapping",
    "required_columns_text",
    "unit_kind_for",
    "write_error_workbook",
    "write_roster_template",
]
