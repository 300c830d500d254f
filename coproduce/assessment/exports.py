"""The CSV export of a round's anonymised answers."""

import csv
import io

from coproduce.assessment.selectors import AnonymisedAnswer

CSV_COLUMNS = [
    "respondent",
    "perspective",
    "language",
    "source",
    "principle",
    "statement_code",
    "answer",
    "evidence_text",
    "evidence_link",
]


def answers_csv(rows: list[AnonymisedAnswer]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.respondent,
                row.perspective,
                row.language,
                row.source,
                row.principle,
                row.statement_code,
                row.answer,
                _csv_safe(row.evidence_text),
                _csv_safe(row.evidence_url),
            ]
        )
    return out.getvalue()


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; a leading quote keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
