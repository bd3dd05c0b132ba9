"""Import of decision lists (danh sách khen thưởng) from XLSX or CSV, one row per recipient.

Shared by the ``import_commendations`` command and the admin upload form (``honours.admin_import``),
so both accept the same files and refuse them for the same reasons.

The import runs in two phases. ``plan`` reads every row, checks it and resolves award forms,
units, campaigns and decisions against the database without writing anything; it collects every
problem (row number as the spreadsheet shows it, column, Vietnamese reason) instead of stopping at
the first, because an officer fixing a list of 400 names wants the whole list of mistakes at once.
Only a file without a single problem reaches ``apply``, which writes in one transaction: a decision
list is published as a whole, and half a list on the honour roll would be wrong in public.

Importing the same file again changes nothing: a commendation is found by the fields of its unique
constraint (decision, award, kind, name words, unit words), so spelling variants in spacing or case
of the same recipient are the same row, and an identical row is counted as unchanged.
An empty optional cell never erases what an editor filled in on the admin since the last import.
"""

import csv
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from core.bulk import bulk_job
from core.text import fold, normalise

from .models import AwardForm, AwardKind, AwardLevel, Commendation, Decision, Kind
from .text import word_column

MAX_FILE_BYTES = 5 * 1024 * 1024  # the admin upload's limit; the command reads any size
MAX_ADMIN_ROWS = 5000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool  # the header must be present and the cell filled
    max_length: int | None = 255
    example: str = ""
    width: int = 18


COLUMNS = [
    Column("number", "Số quyết định", True, 64, "453/QĐ-TTg", 16),
    Column("date", "Ngày quyết định", True, None, "12/04/2021", 15),
    Column("issuer", "Cơ quan ban hành", True, 255, "Thủ tướng Chính phủ", 24),
    Column("signer", "Người ký", False, 255, "Phạm Minh Chính", 20),
    Column("award", "Hình thức khen thưởng", True, 255, "Bằng khen của Thủ tướng Chính phủ", 34),
    Column("kind", "Đối tượng", True, None, "Cá nhân", 11),
    Column("name", "Họ tên / Tên tập thể", True, 255, "Nguyễn Văn An", 28),
    Column("position", "Chức vụ", False, 255, "Trưởng phòng Tổng hợp", 24),
    Column("unit", "Đơn vị", False, 255, "Bộ Tài chính", 26),
    Column("campaign", "Phong trào", False, 255, "", 28),
    Column("year", "Năm", True, None, "2020", 8),
    Column("achievements", "Thành tích", False, None, "Đã có thành tích xuất sắc trong công tác năm 2020", 50),
]
BY_KEY = {column.key: column for column in COLUMNS}


def header_key(text):
    """ "Họ tên / Tên tập thể" → "ho ten ten tap the": case, spacing, punctuation and tone marks ignored."""
    return " ".join(re.findall(r"\w+", fold(text)))


HEADERS = {header_key(column.header): column for column in COLUMNS}
HEADERS.update(
    {
        header_key("Họ tên"): BY_KEY["name"],
        header_key("Họ và tên"): BY_KEY["name"],
        header_key("Tên tập thể"): BY_KEY["name"],
        header_key("Họ tên, tên tập thể"): BY_KEY["name"],
        header_key("Ngày ký"): BY_KEY["date"],
        header_key("Số, ký hiệu"): BY_KEY["number"],
    }
)


# ---------------------------------------------------------------------------------------------------
# Outcome


class ImportFileError(Exception):
    """The file as a whole cannot be read (corrupt, wrong format, too large); the message is Vietnamese."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the header as the template spells it; "" for a problem with the whole row
    message: str

    def __str__(self):
        where = f"Dòng {self.row}, cột “{self.column}”" if self.column else f"Dòng {self.row}"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    dry_run: bool = False
    errors: list = field(default_factory=list)
    decisions_created: int = 0
    decisions_changed: int = 0
    commendations_created: int = 0
    commendations_changed: int = 0
    unchanged: int = 0
    awards_created: list = field(default_factory=list)  # names
    decisions: list = field(default_factory=list)  # the Decision rows the file names (not on a dry run)
    units_created: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def changed_anything(self):
        return bool(
            self.decisions_created
            or self.decisions_changed
            or self.commendations_created
            or self.commendations_changed
            or self.awards_created
            or self.units_created
        )

    def summary(self):
        if self.errors:
            rows = len({error.row for error in self.errors})
            return (
                f"Tệp có {len(self.errors)} lỗi ở {rows} dòng: chưa nhập gì. "
                "Hãy sửa các lỗi dưới đây rồi nhập lại cả tệp."
            )
        verb = "Kiểm tra xong, tệp hợp lệ; nếu nhập sẽ" if self.dry_run else "Đã nhập:"
        parts = [
            f"{self.commendations_created} khen thưởng mới",
            f"{self.commendations_changed} khen thưởng cập nhật",
            f"{self.unchanged} không đổi",
            f"{self.decisions_created} quyết định mới",
        ]
        if self.decisions_changed:
            parts.append(f"{self.decisions_changed} quyết định bổ sung người ký")
        if self.awards_created:
            parts.append(f"{len(self.awards_created)} hình thức khen thưởng mới")
        if self.units_created:
            parts.append(f"{len(self.units_created)} đơn vị mới (bản nháp, chờ duyệt)")
        if self.dry_run:
            parts = [part.replace(" mới", " được tạo").replace(" cập nhật", " được cập nhật") for part in parts]
            return f"{verb} có {', '.join(parts)} ({self.rows} dòng). Chưa ghi gì vào cơ sở dữ liệu."
        return f"{verb} {', '.join(parts)} ({self.rows} dòng)."


# ---------------------------------------------------------------------------------------------------
# Reading


def _file_format(name, head):
    suffix = Path(name or "").suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".xls":
        raise ImportFileError("Định dạng .xls (Excel 97–2003) không được hỗ trợ: hãy mở tệp và lưu lại thành .xlsx.")
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    raise ImportFileError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def read_rows(data, name="", max_rows=None):
    """(header cells, [(row number, cells), …]) of the first sheet; blank rows are skipped.

    ``data`` is the file's bytes. The header is the first non-blank row; row numbers are those the
    spreadsheet shows, so an error message points at the line the officer sees.
    """
    if not data or not data.strip():
        raise ImportFileError("Tệp rỗng: không có dòng tiêu đề nào.")
    kind = _file_format(name, data[:4])
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    header, body = None, []
    for number, cells in rows:
        if all(_blank(cell) for cell in cells):
            continue
        if header is None:
            header = (number, list(cells))
            continue
        body.append((number, list(cells)))
        if max_rows is not None and len(body) > max_rows:
            raise ImportFileError(
                f"Tệp có hơn {max_rows} dòng, quá giới hạn cho một lần tải lên: hãy chia thành nhiều tệp "
                "hoặc nhờ quản trị viên nhập bằng lệnh import_commendations."
            )
    if header is None:
        raise ImportFileError("Tệp rỗng: không có dòng tiêu đề nào.")
    return header, body


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _xlsx_rows(data):
    """Rows of the first sheet as they are read, so a row limit stops a huge sheet early."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zip, XML and openpyxl's own errors: every broken part of a package
        raise ImportFileError(
            "Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx. "
            "Hãy mở lại bằng Excel và lưu thành .xlsx."
        ) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError("Tệp Excel không có trang tính nào.")
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError("Không đọc được nội dung tệp Excel: tệp bị hỏng.") from error
    finally:
        workbook.close()


def _csv_rows(data):
    if b"\x00" in data[:65536]:
        raise ImportFileError("Tệp không phải CSV dạng văn bản (có ký tự nhị phân). Hãy lưu bảng tính thành CSV UTF-8.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "Tệp CSV không ở mã UTF-8 nên tiếng Việt sẽ sai dấu. Trong Excel hãy chọn Lưu thành → “CSV UTF-8”."
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=lambda sep: (first_line.count(sep), sep == ","))
    try:
        # Numbered by record, not by physical line: a cell with a line break is still one row in Excel.
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))
    except csv.Error as error:
        raise ImportFileError(f"Tệp CSV sai cấu trúc: {error}.") from error


# ---------------------------------------------------------------------------------------------------
# Checking


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        return f"{cell:%d/%m/%Y}"
    return " ".join(str(cell).split())


DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def parse_date(cell):
    """A date cell or "dd/mm/yyyy" text; ``ValueError`` with the reason otherwise."""
    if isinstance(cell, dt.datetime):
        value = cell.date()
    elif isinstance(cell, dt.date):
        value = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 100000:
        from openpyxl.utils.datetime import from_excel  # a date cell formatted as a number

        value = from_excel(cell)
        value = value.date() if isinstance(value, dt.datetime) else value
    else:
        text = _text(cell)
        match = DATE.match(text)
        iso = ISO_DATE.match(text)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
            elif iso:
                year, month, day = (int(part) for part in iso.groups())
            else:
                raise ValueError(f"“{text}” không phải ngày dạng ngày/tháng/năm, ví dụ 12/04/2021.")
            value = dt.date(year, month, day)
        except ValueError as error:
            if match or iso:
                raise ValueError(f"Ngày “{text}” không có trên lịch.") from error
            raise
    if not 1945 <= value.year <= 2100:
        raise ValueError(f"Năm của ngày {value:%d/%m/%Y} phải từ 1945 đến 2100.")
    return value


def parse_year(cell):
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = _text(cell)
    if not re.fullmatch(r"\d{4}", text) or not 1945 <= int(text) <= 2100:
        raise ValueError(f"“{text}” không phải năm hợp lệ: cần số có bốn chữ số, từ 1945 đến 2100.")
    return int(text)


KINDS = {"ca nhan": Kind.INDIVIDUAL, "tap the": Kind.COLLECTIVE}


def parse_kind(cell):
    text = _text(cell)
    kind = KINDS.get(" ".join(re.findall(r"\w+", fold(text).replace("-", " "))))
    if kind is None:
        raise ValueError(f"“{text}” không hợp lệ: chỉ nhận “Cá nhân” hoặc “Tập thể”.")
    return kind


def name_key(text):
    return normalise(" ".join(str(text).split()))


def decision_key(number):
    """ "453/QĐ-TTg", "453/qđ-ttg", "453/QD-TTg": one decision; case, spacing and tone marks ignored."""
    return fold(" ".join(str(number).split()))


@dataclass
class Row:
    number: int
    decision_number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    signer: str = ""
    award_name: str = ""
    kind: str = ""
    name: str = ""
    position: str = ""
    unit_name: str = ""
    campaign_text: str = ""
    year: int | None = None
    achievements: str = ""
    award: AwardForm | None = None
    unit: object = None  # news.Organisation
    campaign: object = None  # news.CampaignPage


@dataclass
class Plan:
    """Everything ``apply`` needs: checked rows, what exists, what is to be created."""

    rows: list
    errors: list
    create_missing: bool
    awards_to_create: dict = field(default_factory=dict)  # name key → name as written
    units_to_create: dict = field(default_factory=dict)
    decisions: dict = field(default_factory=dict)  # decision_key → dict(number, date, issuer, signer, existing)


def _map_headers(header_row, errors):
    number, cells = header_row
    positions, seen = {}, {}
    for index, cell in enumerate(cells):
        text = _text(cell)
        if not text:
            continue
        column = HEADERS.get(header_key(text))
        if column is None:
            errors.append(
                RowError(
                    number,
                    text,
                    "Tên cột không có trong mẫu. Các cột được nhận: "
                    + ", ".join(f"“{c.header}”" for c in COLUMNS)
                    + ".",
                )
            )
        elif column.key in positions:
            errors.append(RowError(number, text, f"Cột trùng với cột “{seen[column.key]}”: mỗi cột chỉ có một lần."))
        else:
            positions[column.key] = index
            seen[column.key] = text
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(RowError(number, column.header, "Thiếu cột bắt buộc."))
    return positions


class Catalogue:
    """Award forms, units and campaigns loaded once, matched the way an officer writes them."""

    def __init__(self):
        from news.models import CampaignPage, Organisation

        self.awards, self.awards_folded = {}, {}
        for award in AwardForm.objects.all():
            self.awards[award.name_key] = award
            self.awards_folded.setdefault(fold(award.name_key), []).append(award)
        # Four lookups, tried in turn: full name as written, then folded, then short name likewise.
        self.unit_lookups = ({}, {}, {}, {})
        for unit in Organisation.objects.all():
            for offset, text in ((0, unit.name), (2, unit.short_name)):
                if text:
                    self.unit_lookups[offset].setdefault(name_key(text), []).append(unit)
                    self.unit_lookups[offset + 1].setdefault(fold(name_key(text)), []).append(unit)
        self.campaign_titles, self.campaign_slugs = {}, {}
        for page in CampaignPage.objects.only("id", "title", "slug", "path", "depth"):
            self.campaign_titles.setdefault(name_key(page.title), []).append(page)
            self.campaign_slugs.setdefault(page.slug, []).append(page)

    def award(self, text):
        key = name_key(text)
        if key in self.awards:
            return self.awards[key]
        matches = self.awards_folded.get(fold(key), [])
        return matches[0] if len(matches) == 1 else None

    def unit(self, text):
        """The one unit named (or abbreviated) so; ``LookupError`` if several share the name."""
        key = name_key(text)
        matches = []
        for lookup, form in zip(self.unit_lookups, (key, fold(key), key, fold(key)), strict=True):
            matches = _distinct(lookup.get(form, []))
            if matches:
                break
        if len(matches) > 1:
            raise LookupError(", ".join(sorted(unit.name for unit in matches)))
        return matches[0] if matches else None

    def campaign(self, text):
        matches = _distinct(self.campaign_slugs.get(text.strip(), []) or self.campaign_titles.get(name_key(text), []))
        if len(matches) > 1:
            raise LookupError(", ".join(f"{page.title} ({page.slug})" for page in matches))
        return matches[0] if matches else None


def _distinct(objects):
    seen, result = set(), []
    for obj in objects:
        if obj.pk not in seen:
            seen.add(obj.pk)
            result.append(obj)
    return result


def plan(data, name="", *, create_missing=False, max_rows=None, progress=None):
    """Read and check the whole file without writing; raises ``ImportFileError`` if it cannot be read."""
    header, body = read_rows(data, name, max_rows=max_rows)
    errors = []
    positions = _map_headers(header, errors)
    result = Plan(rows=[], errors=errors, create_missing=create_missing)
    if errors:  # without the right columns every row would repeat the same complaint
        return result
    if not body:
        raise ImportFileError("Tệp chỉ có dòng tiêu đề, chưa có dòng danh sách nào.")
    catalogue = Catalogue()
    # Decisions on the site by their folded number (a few thousand rows at most: read once).
    existing_decisions = {decision_key(decision.number): decision for decision in Decision.objects.all()}
    seen_keys = {}
    rows = body if progress is None else progress(body, "Kiểm tra", len(body))
    for number, cells in rows:
        row = _check_row(number, cells, positions, catalogue, result, existing_decisions)
        if row is None:
            continue
        key = _row_key(row)
        if key in seen_keys:
            errors.append(
                RowError(
                    number,
                    "",
                    f"Trùng với dòng {seen_keys[key]}: cùng quyết định, hình thức, đối tượng, tên và đơn vị.",
                )
            )
            continue
        seen_keys[key] = number
        result.rows.append(row)
    return result


def _row_key(row):
    award = row.award.pk if row.award else ("new", name_key(row.award_name))
    unit_name = row.unit.name if row.unit else row.unit_name
    return (decision_key(row.decision_number), award, row.kind, word_column(row.name), word_column(unit_name))


def _check_row(number, cells, positions, catalogue, plan_, existing_decisions):
    errors = plan_.errors
    before = len(errors)

    def cell(key):
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def error(key, message):
        errors.append(RowError(number, BY_KEY[key].header, message))

    row = Row(number)
    texts = {}
    for column in COLUMNS:
        text = _text(cell(column.key))
        texts[column.key] = text
        if column.required and not text:
            error(column.key, "Ô bắt buộc đang để trống.")
        elif column.max_length and len(text) > column.max_length:
            error(column.key, f"Dài {len(text)} ký tự, quá giới hạn {column.max_length} ký tự.")
    row.decision_number = texts["number"]
    if row.decision_number and not any(char.isalnum() for char in row.decision_number):
        error("number", f"“{row.decision_number}” không phải số, ký hiệu quyết định, ví dụ 453/QĐ-TTg.")
    row.issuer, row.signer = texts["issuer"], texts["signer"]
    row.award_name, row.name = texts["award"], texts["name"]
    row.position, row.unit_name = texts["position"], texts["unit"]
    row.campaign_text, row.achievements = texts["campaign"], str(cell("achievements") or "").strip()

    if texts["date"]:
        try:
            row.date = parse_date(cell("date"))
        except ValueError as problem:
            error("date", str(problem))
    if texts["year"]:
        try:
            row.year = parse_year(cell("year"))
        except ValueError as problem:
            error("year", str(problem))
    if texts["kind"]:
        try:
            row.kind = parse_kind(cell("kind"))
        except ValueError as problem:
            error("kind", str(problem))

    if row.award_name and len(row.award_name) <= 255:
        row.award = catalogue.award(row.award_name)
        if row.award is None:
            if plan_.create_missing:
                plan_.awards_to_create.setdefault(name_key(row.award_name), row.award_name)
            else:
                error(
                    "award",
                    f"Không có hình thức “{row.award_name}” trong danh mục. Hãy sửa tên cho đúng danh mục "
                    "(trang “Hình thức” của tệp mẫu) hoặc nhập lại với tùy chọn tạo mới hình thức và đơn vị chưa có.",
                )
        elif row.kind and not row.award.allows(row.kind):
            error(
                "award",
                f"Hình thức “{row.award.name}” chỉ dành cho {row.award.get_kind_display().lower()}, "
                f"không dành cho {Kind(row.kind).label.lower()}.",
            )
    if row.unit_name and len(row.unit_name) <= 255:
        try:
            row.unit = catalogue.unit(row.unit_name)
        except LookupError as ambiguous:
            error("unit", f"Tên “{row.unit_name}” trùng với nhiều đơn vị ({ambiguous}); hãy ghi tên đầy đủ.")
        else:
            if row.unit is None:
                if plan_.create_missing:
                    plan_.units_to_create.setdefault(name_key(row.unit_name), row.unit_name)
                else:
                    error(
                        "unit",
                        f"Không có đơn vị “{row.unit_name}” trong danh mục đơn vị. Hãy sửa tên (hoặc tên viết tắt) "
                        "cho đúng danh mục hoặc nhập lại với tùy chọn tạo mới hình thức và đơn vị chưa có.",
                    )
    if row.campaign_text:
        try:
            row.campaign = catalogue.campaign(row.campaign_text)
        except LookupError as ambiguous:
            error("campaign", f"Có nhiều phong trào cùng tên: {ambiguous}. Hãy ghi đường dẫn (slug) của phong trào.")
        else:
            if row.campaign is None:
                error("campaign", f"Không tìm thấy phong trào có tên hoặc đường dẫn “{row.campaign_text}”.")

    if row.decision_number and row.date and row.issuer:
        _check_decision(row, plan_, existing_decisions, error)
    return row if len(errors) == before else None


def _check_decision(row, plan_, existing_decisions, error):
    """One number, one decision: every row and the database must agree on its date, issuer and signer."""
    number, key = row.decision_number, decision_key(row.decision_number)
    if not key:
        return
    first = plan_.decisions.get(key)
    if first is None:
        existing = existing_decisions.get(key)
        if existing is not None:
            if existing.date != row.date:
                error(
                    "date",
                    f"Quyết định số {number} đã có trên trang với ngày {existing.date:%d/%m/%Y}, "
                    f"khác ngày {row.date:%d/%m/%Y} trong tệp. Hãy kiểm tra lại số hoặc ngày quyết định.",
                )
                return
            if name_key(existing.issuer) != name_key(row.issuer):
                error(
                    "issuer",
                    f"Quyết định số {number} đã có trên trang do “{existing.issuer}” ban hành, "
                    f"khác “{row.issuer}” trong tệp.",
                )
                return
            if existing.signer and row.signer and name_key(existing.signer) != name_key(row.signer):
                error(
                    "signer",
                    f"Quyết định số {number} đã có trên trang do “{existing.signer}” ký, "
                    f"khác “{row.signer}” trong tệp.",
                )
                return
        plan_.decisions[key] = {
            "number": number,
            "row": row.number,
            "date": row.date,
            "issuer": row.issuer,
            "signer": row.signer,
            "existing": existing,
        }
        return
    if first["date"] != row.date:
        error(
            "date",
            f"Quyết định số {number} ở dòng {first['row']} ghi ngày {first['date']:%d/%m/%Y}, dòng này ghi "
            f"{row.date:%d/%m/%Y}: một quyết định chỉ có một ngày.",
        )
    if name_key(first["issuer"]) != name_key(row.issuer):
        error(
            "issuer",
            f"Quyết định số {number} ở dòng {first['row']} ghi cơ quan ban hành “{first['issuer']}”, dòng này ghi "
            f"“{row.issuer}”.",
        )
    if name_key(first["signer"]) != name_key(row.signer):
        if not first["signer"]:
            first["signer"] = row.signer
        elif row.signer:
            error(
                "signer",
                f"Quyết định số {number} ở dòng {first['row']} ghi người ký “{first['signer']}”, dòng này ghi "
                f"“{row.signer}”.",
            )


# ---------------------------------------------------------------------------------------------------
# Writing


LEVEL_HINTS = [
    (("huan chuong", "huy chuong", "anh hung", "chien si thi dua toan quoc", "giai thuong", "nha giao nhan dan",
      "thay thuoc nhan dan", "nghe si nhan dan", "nha giao uu tu", "thay thuoc uu tu", "nghe si uu tu"),
     AwardLevel.STATE),
    (("chinh phu", "thu tuong"), AwardLevel.GOVERNMENT),
    (("giay khen", "co so", "lao dong tien tien", "chien si tien tien"), AwardLevel.GRASSROOTS),
]  # fmt: skip


def guess_level(name):
    """The level of a form created by an import, from its name; an editor checks it afterwards."""
    folded = fold(name)
    for hints, level in LEVEL_HINTS:
        if any(hint in folded for hint in hints):
            return level
    return AwardLevel.MINISTRY


def _commendation_key(obj):
    return (obj.decision_id, obj.award_id, obj.kind, obj.name_words, obj.unit_words)


def apply(plan_, *, dry_run=False, progress=None, file_name=""):
    """Write a checked plan in one transaction (or, with ``dry_run``, only count what would change)."""
    result = ImportResult(rows=len(plan_.rows), dry_run=dry_run, errors=list(plan_.errors))
    if plan_.errors:
        return result
    if dry_run:
        return _count(plan_, result)
    from news.models import Organisation

    with bulk_job(), transaction.atomic():
        awards = {}
        for key, name in plan_.awards_to_create.items():
            awards[key] = AwardForm.objects.create(
                name=name,
                kind=AwardKind.BOTH,
                level=guess_level(name),
                description=f"Tạo khi nhập danh sách khen thưởng {file_name}; hãy kiểm tra đối tượng, cấp và thứ tự.",
            )
            result.awards_created.append(name)
        units = {}
        for key, name in plan_.units_to_create.items():
            # A draft, like a unit an editor adds in the admin: a reviewer publishes it ("Quy trình duyệt tin");
            # until then its name is shown nowhere on the site.
            units[key] = Organisation.objects.create(name=name, live=False)
            units[key].save_revision(clean=False, log_action=False)
            result.units_created.append(name)
        decisions = {}
        for key, info in plan_.decisions.items():
            decision = info["existing"]
            if decision is None:
                decision = Decision.objects.create(
                    number=info["number"], date=info["date"], issuer=info["issuer"], signer=info["signer"]
                )
                result.decisions_created += 1
            elif info["signer"] and not decision.signer:
                decision.signer = info["signer"]
                decision.save()
                result.decisions_changed += 1
            decisions[key] = decision
        result.decisions = list(decisions.values())
        existing = {
            _commendation_key(obj): obj
            for obj in Commendation.objects.filter(decision__in=[d for d in decisions.values() if d.pk])
        }
        rows = plan_.rows if progress is None else progress(plan_.rows, "Nhập", len(plan_.rows))
        for row in rows:
            candidate = Commendation(
                name=row.name,
                kind=row.kind,
                position=row.position,
                unit=row.unit or (units.get(name_key(row.unit_name)) if row.unit_name else None),
                award=row.award or awards[name_key(row.award_name)],
                decision=decisions[decision_key(row.decision_number)],
                campaign=row.campaign,
                year=row.year,
                achievements=row.achievements,
            )
            candidate.fill_search_columns()
            current = existing.get(_commendation_key(candidate))
            if current is None:
                candidate.save()
                existing[_commendation_key(candidate)] = candidate
                result.commendations_created += 1
            elif _update(current, row):
                current.save()
                result.commendations_changed += 1
            else:
                result.unchanged += 1
    return result


def _changes(current, row):
    """Fields the row would change; an empty optional cell keeps what is there."""
    changes = {}
    if current.year != row.year:
        changes["year"] = row.year
    if row.position and current.position != row.position:
        changes["position"] = row.position
    if row.achievements and current.achievements != row.achievements:
        changes["achievements"] = row.achievements
    if row.campaign is not None and current.campaign_id != row.campaign.pk:
        changes["campaign"] = row.campaign
    if current.name != " ".join(row.name.split()):  # same words, different case or spacing: the file wins
        changes["name"] = row.name
    return changes


def _update(current, row):
    changes = _changes(current, row)
    for name, value in changes.items():
        setattr(current, name, value)
    return bool(changes)


def _count(plan_, result):
    """What ``apply`` would do, read from the database without writing."""
    result.awards_created = list(plan_.awards_to_create.values())
    result.units_created = list(plan_.units_to_create.values())
    existing_decisions = {}
    for key, info in plan_.decisions.items():
        if info["existing"] is None:
            result.decisions_created += 1
        else:
            existing_decisions[key] = info["existing"]
            if info["signer"] and not info["existing"].signer:
                result.decisions_changed += 1
    existing = {
        _commendation_key(obj): obj
        for obj in Commendation.objects.filter(decision__in=list(existing_decisions.values()))
    }
    for row in plan_.rows:
        decision = existing_decisions.get(decision_key(row.decision_number))
        current = None
        if decision is not None and row.award is not None and (row.unit is not None or not row.unit_name):
            unit_name = row.unit.name if row.unit else ""
            key = (decision.pk, row.award.pk, row.kind, word_column(row.name), word_column(unit_name))
            current = existing.get(key)
        if current is None:
            result.commendations_created += 1
        elif _changes(current, row):
            result.commendations_changed += 1
        else:
            result.unchanged += 1
    return result


def import_commendations(
    data, name="", *, create_missing=False, dry_run=False, max_rows=None, progress=None
) -> ImportResult:
    """Check the file and, if every row is valid, import it; raises ``ImportFileError`` if unreadable."""
    checked = plan(data, name, create_missing=create_missing, max_rows=max_rows, progress=progress)
    return apply(checked, dry_run=dry_run, progress=progress, file_name=name)


# ---------------------------------------------------------------------------------------------------
# Template


def template_workbook():
    """The XLSX an officer fills in: the headers, one example row and the award catalogue on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([column.header for column in COLUMNS])
    example = {column.key: column.example for column in COLUMNS}
    # The example names what the catalogue holds, so that it passes the import as it is.
    for_individuals = AwardForm.objects.filter(kind__in=[AwardKind.INDIVIDUAL, AwardKind.BOTH])
    award = for_individuals.filter(level=AwardLevel.GOVERNMENT).first() or for_individuals.first()
    if award is not None:
        example["award"] = award.name
    from news.models import Organisation

    unit = Organisation.objects.filter(name=example["unit"]).first() or Organisation.objects.live().first()
    if unit is not None:
        example["unit"] = unit.name
    sheet.append([example[column.key] for column in COLUMNS])
    for cell in sheet[2]:  # the example looks like one, so it is not left in a real list by mistake
        cell.font = Font(italic=True, color="777777")
    sheet["A2"].comment = Comment("Dòng ví dụ: hãy ghi đè hoặc xóa trước khi nhập.", "Cổng thi đua")
    header_font = Font(bold=True, color="FFFFFF")
    required_fill = PatternFill("solid", fgColor="9E1B1B")
    optional_fill = PatternFill("solid", fgColor="6B6B6B")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = header_font
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = column.width
        if column.key in ("number", "date", "year"):  # kept as text so Excel does not reformat them
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"
    kinds = DataValidation(type="list", formula1='"Cá nhân,Tập thể"', allow_blank=False)
    kinds.error = "Chỉ nhận “Cá nhân” hoặc “Tập thể”."
    sheet.add_data_validation(kinds)
    kind_letter = sheet.cell(row=1, column=[c.key for c in COLUMNS].index("kind") + 1).column_letter
    kinds.add(f"{kind_letter}2:{kind_letter}1001")

    catalogue = workbook.create_sheet("Hình thức")
    catalogue.append(["Hình thức khen thưởng", "Đối tượng", "Cấp khen thưởng"])
    for cell in catalogue[1]:
        cell.font = header_font
        cell.fill = required_fill
    for form in AwardForm.objects.order_by("rank", "name"):
        catalogue.append([form.name, form.get_kind_display(), form.get_level_display()])
    for letter, width in zip("ABC", (48, 22, 30), strict=True):
        catalogue.column_dimensions[letter].width = width
    catalogue.freeze_panes = "A2"

    notes = workbook.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 110
    for line in (
        "Mỗi dòng là một cá nhân hoặc tập thể được khen; dòng 1 là tên cột (giữ nguyên, thứ tự tùy ý).",
        "Dòng 2 (chữ nghiêng) là ví dụ: hãy ghi đè hoặc xóa trước khi nhập.",
        "Cột nền đỏ là bắt buộc; cột nền xám có thể để trống.",
        "Ngày quyết định ghi dạng ngày/tháng/năm, ví dụ 12/04/2021. Năm là năm của thành tích, ví dụ 2021.",
        "Đối tượng: “Cá nhân” hoặc “Tập thể”. Hình thức khen thưởng: ghi đúng tên trong trang “Hình thức”.",
        "Đơn vị: tên hoặc tên viết tắt trong danh mục đơn vị.",
        "Phong trào: tên hoặc đường dẫn của phong trào (có thể để trống).",
        "Các dòng cùng số quyết định phải cùng ngày, cơ quan ban hành và người ký.",
        "Tệp có lỗi sẽ không được nhập dòng nào; nhập lại cùng một tệp không tạo bản ghi trùng.",
    ):
        notes.append([line])
    # Names come from the catalogues, which imports fill: one starting with "=" must stay text, not a formula.
    for worksheet in workbook.worksheets:
        for cells in worksheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_counts(errors):
    """How many errors each column has, for a one-line overview above a long table."""
    return Counter(error.column or "(cả dòng)" for error in errors).most_common()
