"""Decision lists built in the test, as an officer would save them from Excel or as CSV."""

import csv
import datetime as dt
import io

from django.core.management import call_command
from openpyxl import Workbook

from honours.importing import COLUMNS

HEADERS = [column.header for column in COLUMNS]


def row(**values):
    """One recipient with sensible defaults; keyword names are ``honours.importing.COLUMNS`` keys."""
    base = {
        "number": "453/QĐ-TTg",
        "date": "12/04/2021",
        "issuer": "Thủ tướng Chính phủ",
        "signer": "Phạm Minh Chính",
        "award": "Bằng khen của Thủ tướng Chính phủ",
        "kind": "Cá nhân",
        "name": "Nguyễn Văn An",
        "position": "Trưởng phòng",
        "unit": "Bộ Tài chính",
        "campaign": "",
        "year": "2020",
        "achievements": "Đã có thành tích xuất sắc",
    }
    base.update(values)
    return base


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    keys = {column.header: column.key for column in COLUMNS}
    for values in rows:
        sheet.append([values.get(keys.get(header, header), "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    keys = {column.header: column.key for column in COLUMNS}
    for values in rows:
        writer.writerow([values.get(keys.get(header, header), "") for header in headers])
    return buffer.getvalue().encode(encoding)


def run(path, *args):
    """``import_commendations --no-progress PATH ARGS``: (stdout, stderr); failure raises ``CommandError``."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_commendations", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


DATE = dt.date(2021, 4, 12)
