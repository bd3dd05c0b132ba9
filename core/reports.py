"""Wagtail's ``ReportView`` with spreadsheet exports that are safe to open in Excel.

Every admin report of the project (visits, ratings, imports) exports through this
one class, so the rules below hold for all of them:

- **Formula injection.** A title typed by anyone (an imported article, an editor)
  may start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return; a
  spreadsheet opening the export would run ``=HYPERLINK(…)`` as a formula. Wagtail's
  CSV writer copies such text as is. In CSV the cell gets a leading apostrophe
  (OWASP's advice: Excel and LibreOffice then show it as text). In XLSX Wagtail
  already stores a would-be formula as a text cell; we also mark every risky text
  cell ``quotePrefix`` (what Excel itself does when a user types an apostrophe), so
  the text stays text even after someone edits the cell, and shows without the
  apostrophe.
- **Vietnamese in Excel.** Excel reads a CSV without a byte-order mark in the
  system code page and garbles Vietnamese, so the CSV starts with a UTF-8 BOM.
"""

from wagtail.admin.views.reports import ReportView

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_risky_text(value):
    """True for text a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise_formula(value):
    """Text that a spreadsheet could run as a formula, prefixed with an apostrophe; anything else unchanged."""
    return "'" + value if is_risky_text(value) else value


class SafeSpreadsheetExportMixin:
    """For any Wagtail view with ``SpreadsheetExportMixin`` (reports, snippet and model listings):
    CSV and XLSX exports that cannot carry a formula."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: neutralise_formula(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def stream_csv(self, queryset):
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def get_heading(self, queryset, field):
        # Headings are text too (translatable, overridable): the same rule applies.
        return neutralise_formula(super().get_heading(queryset, field))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if cell.data_type == "s" and is_risky_text(cell.value):
                cell.quotePrefix = True
            yield cell


class SafeExportReportView(SafeSpreadsheetExportMixin, ReportView):
    """A ``ReportView`` whose CSV and XLSX exports cannot carry a formula."""
