"""python manage.py import_articles [options] FILE_OR_DIR...

Each file is parsed and written in its own transaction: a broken file is
reported by name and reason, the others are still imported, and the command
exits 1 if any file failed.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.frontend_cache import purge_written_directly
from importer.parser import ExportError, parse_export
from importer.services import ImageFinder, ImportProblem, import_export, parse_default_time, resolve_campaign
from news.cache import bump_content_version


def expand(paths):
    """Files named on the command line, and every regular, non-hidden file under directories."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts))
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = "Nhập bài viết từ tệp văn bản xuất từ cổng thông tin cũ (xem shared/formats/portal-text-export.md)."

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
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, paths, dry_run, json, campaign, default_date, images, no_progress, **options):
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
        counts = {"created": 0, "updated": 0, "unchanged": 0, "drafts": 0, "missing_photos": 0}
        failures = []
        updated = []  # live stories rewritten in place: nginx may hold them (new ones it cannot)
        progress = tqdm(files, desc="Nhập bài", unit="tệp", disable=no_progress or len(files) < 20, file=sys.stderr)
        for path in progress:
            try:
                data = path.read_bytes()
                parsed = parse_export(data)
                outcome = import_export(parsed, data, str(path), path.stem, target, default_time, finder)
            except (ExportError, ImportProblem, OSError) as error:
                failures.append((path, str(error)))
                self.stderr.write(f"LỖI {path}: {error}")
                continue
            except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
                failures.append((path, f"lỗi không mong đợi khi ghi ({error.__class__.__name__}: {error})"))
                self.stderr.write(f"LỖI {path}: {failures[-1][1]}")
                continue
            counts[outcome.action] += 1
            if outcome.action == "updated" and outcome.article.live:
                updated.append(outcome.article)
            counts["drafts"] += outcome.draft
            counts["missing_photos"] += outcome.missing_photos
        progress.close()
        if counts["created"] or counts["updated"]:
            bump_content_version()
            purge_written_directly(target, updated)
        summary = (
            f"{len(files)} tệp: {counts['created']} bài mới, {counts['updated']} cập nhật, "
            f"{counts['unchanged']} không đổi, {len(failures)} lỗi; {counts['drafts']} bản nháp chờ duyệt "
            f"(thiếu thời gian đăng), {counts['missing_photos']} ảnh chờ bổ sung. Phong trào: {target.title}."
        )
        if failures:
            self.stdout.write(summary)
            raise CommandError(f"{len(failures)} tệp không nhập được: " + "; ".join(f"{p}: {e}" for p, e in failures))
        self.stdout.write(self.style.SUCCESS(summary))

    def dry_run(self, files, as_json):
        results, failures = [], []
        for path in files:
            try:
                parsed = parse_export(path.read_bytes())
            except (ExportError, OSError) as error:
                failures.append((path, str(error)))
                self.stderr.write(f"LỖI {path}: {error}")
                continue
            results.append(parsed.as_json(str(path)))
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for item in results:
                self.stdout.write(
                    f"{item['file']}: “{item['title']}” · {item['published_at'] or 'không có thời gian'} · "
                    f"{len(item['paragraphs'])} đoạn, {len(item['photos'])} ảnh"
                )
        if failures:
            raise CommandError(f"{len(failures)} tệp không đọc được: " + "; ".join(f"{p}: {e}" for p, e in failures))
