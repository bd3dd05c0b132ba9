"""python manage.py import_articles [options] FILE_OR_DIR...

Each file is parsed and written in its own transaction: a broken file is
reported by name and reason, the others are still imported. Text exports
(``.txt`` or no suffix) and saved web pages (``.html``/``.htm`` with their
``<name>_files/`` folder of pictures) are read.

Exit status: 0 when everything was applied, 1 when a file could not be
imported, 3 when (only) conflicts were held back: a re-import of an article
an editor changed since its import is not applied without ``--force``.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.bulk import bulk_job
from importer.parser import ExportError, parse_export
from importer.services import ImageFinder, ImportProblem, import_export, parse_default_time, resolve_campaign

HTML_SUFFIXES = (".html", ".htm")
EXIT_CONFLICT = 3


def is_companion(path):
    """A file inside ``<name>_files/`` next to ``<name>.html``: a saved page's picture, not an export."""
    for folder in path.parents:
        if folder.name.endswith("_files"):
            stem = folder.name[: -len("_files")]
            if any((folder.parent / f"{stem}{suffix}").exists() for suffix in HTML_SUFFIXES):
                return True
    return False


def expand(paths):
    """Files named on the command line, and every regular, non-hidden export under directories."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    and not is_companion(p)
                )
            )
        else:
            files.append(path)
    return files


def parse_file(path, data):
    if path.suffix.lower() in HTML_SUFFIXES:
        from importer.html_export import parse_html_export  # BeautifulSoup only when pages are imported

        return parse_html_export(data)
    return parse_export(data)


class Command(BaseCommand):
    help = (
        "Nhập bài viết từ tệp xuất của cổng thông tin cũ: tệp văn bản hoặc trang web đã lưu (.html kèm thư mục "
        "_files chứa ảnh). Xem docs/import-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ phân tích, không ghi gì vào cơ sở dữ liệu.")
        parser.add_argument("--json", action="store_true", help="In kết quả phân tích dạng JSON (dùng với --dry-run).")
        parser.add_argument("--campaign", metavar="SLUG", help="Phong trào nhận bài (mặc định: chuyên mục lưu trữ).")
        parser.add_argument(
            "--default-date",
            metavar="YYYY-MM-DD[THH:MM]",
            help="Thời gian đăng cho tệp không ghi thời gian (mặc định: nhập thành bản nháp chờ duyệt).",
        )
        parser.add_argument("--images", metavar="DIR", help="Thư mục ảnh: <tên-tệp>-<số>.jpg hoặc <tên-tệp>/<số>.jpg.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Áp dụng cả bài đã được sửa trong trang quản trị sau lần nhập trước (phiên bản của biên tập viên "
            "vẫn được giữ trong lịch sử để khôi phục).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, paths, dry_run, json, campaign, default_date, images, force, no_progress, **options):
        default_time = None
        if default_date:
            try:
                default_time = parse_default_time(default_date)
            except ValueError:
                raise CommandError(  # noqa: B904 - the operator's value is the whole story
                    f"--default-date không hợp lệ: {default_date!r} (cần YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM)"
                )
        if images and not Path(images).is_dir():
            raise CommandError(f"--images: không có thư mục {images!r}")
        files = expand(paths)
        if not files:
            raise CommandError("Không tìm thấy tệp nào để nhập.")
        if dry_run:
            return self.dry_run(files, as_json=json)
        try:
            target = resolve_campaign(campaign)
        except ImportProblem as error:
            raise CommandError(str(error)) from error
        finder = ImageFinder(images)
        counts = dict.fromkeys(("created", "updated", "unchanged", "conflict", "forced", "drafts", "missing_photos"), 0)
        failures = []
        progress = tqdm(files, desc="Nhập bài", unit="tệp", disable=no_progress or len(files) < 20, file=sys.stderr)
        with bulk_job():
            for path in progress:
                self.import_one(path, target, default_time, finder, force, counts, failures)
        progress.close()
        forced = f" (trong đó {counts['forced']} ghi đè theo --force)" if counts["forced"] else ""
        summary = (
            f"{len(files)} tệp: {counts['created']} bài mới, {counts['updated'] + counts['forced']} cập nhật{forced}, "
            f"{counts['unchanged']} không đổi, {counts['conflict']} xung đột không áp dụng, {len(failures)} lỗi; "
            f"{counts['drafts']} bản nháp chờ duyệt (thiếu thời gian đăng), {counts['missing_photos']} ảnh chờ bổ "
            f"sung. Phong trào: {target.title}."
        )
        if failures:
            self.stdout.write(summary)
            raise CommandError(f"{len(failures)} tệp không nhập được: " + "; ".join(f"{p}: {e}" for p, e in failures))
        if counts["conflict"]:
            self.stdout.write(summary)
            raise CommandError(
                f"{counts['conflict']} bài đã được biên tập viên sửa nên không nhập lại; dùng --force để áp dụng.",
                returncode=EXIT_CONFLICT,
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def import_one(self, path, target, default_time, finder, force, counts, failures):
        """One file in its own transaction; its failure is reported and counted, never raised."""
        try:
            data = path.read_bytes()
            parsed = parse_file(path, data)
            outcome = import_export(
                parsed, data, str(path), path.stem, target, default_time, finder, force=force, folder=path.parent
            )
        except (ExportError, ImportProblem, OSError) as error:
            failures.append((path, str(error)))
            self.stderr.write(f"LỖI {path}: {error}")
            return
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            failures.append((path, f"lỗi không mong đợi khi ghi ({error.__class__.__name__}: {error})"))
            self.stderr.write(f"LỖI {path}: {failures[-1][1]}")
            return
        counts[outcome.action] += 1
        counts["drafts"] += outcome.draft and outcome.action != "unchanged"
        counts["missing_photos"] += outcome.missing_photos
        for problem in outcome.picture_problems:
            self.stderr.write(f"ẢNH {path}: {problem} — ảnh được giữ ở trạng thái chờ bổ sung")
        if outcome.action == "conflict":
            self.stderr.write(
                f"XUNG ĐỘT {path}: bài “{outcome.article.draft_title}” đã được sửa trong trang quản trị sau lần "
                f"nhập trước; khác ở: {', '.join(outcome.changed_fields) or 'trạng thái xuất bản'}. Không áp "
                "dụng (xem báo cáo “Bài nhập bị xung đột”; dùng --force để áp dụng)."
            )
        elif outcome.action == "forced":
            self.stderr.write(
                f"GHI ĐÈ {path}: bài “{outcome.article.draft_title}” đã được sửa trong trang quản trị; áp dụng "
                "theo --force, phiên bản của biên tập viên được giữ trong lịch sử."
            )

    def dry_run(self, files, as_json):
        results, failures = [], []
        for path in files:
            try:
                parsed = parse_file(path, path.read_bytes())
            except (ExportError, OSError) as error:
                failures.append((path, str(error)))
                self.stderr.write(f"LỖI {path}: {error}")
                continue
            results.append(parsed.as_json(str(path)))
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for item in results:
                lead = " · sapo lấy từ đoạn đầu" if item["lead_from_body"] else ""
                self.stdout.write(
                    f"{item['file']}: “{item['title']}” · {item['published_at'] or 'không có thời gian'} · "
                    f"{len(item['paragraphs'])} đoạn, {len(item['photos'])} ảnh{lead}"
                )
        if failures:
            raise CommandError(f"{len(failures)} tệp không đọc được: " + "; ".join(f"{p}: {e}" for p, e in failures))
