"""Write parsed exports into the column as articles, one file per transaction."""

import datetime as dt
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.admin.compare import diff_text
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from core.text import slugify, unique_slug
from news.models import ArticlePage, Author, CampaignIndexPage, CampaignPage

from .models import ImportConflict, ImportRecord
from .parser import ExportedArticle

ARCHIVE_SLUG = "bai-luu-tru"
ARCHIVE_TITLE = "Bài viết lưu trữ từ cổng cũ"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


class ImportProblem(Exception):
    """The file parsed but cannot be written (e.g. an unknown campaign)."""


IMPORT_ACTION = "importer.import"
BYLINE_KEY = "importer_byline"  # in a conflict's stored content: a byline naming no existing author


@dataclass
class Outcome:
    article: ArticlePage
    action: str  # "created", "updated", "unchanged", "conflict" (not applied) or "forced"
    draft: bool
    missing_photos: int
    changed_fields: list[str] = field(default_factory=list)  # a conflict's differing fields
    picture_problems: list[str] = field(default_factory=list)


def source_key(parsed: ExportedArticle):
    """A story is its title and original time; re-exports of it map to one article."""
    stamp = parsed.published_at.isoformat() if parsed.published_at else ""
    return hashlib.sha256(f"{' '.join(parsed.title.split()).casefold()}|{stamp}".encode()).hexdigest()


def content_hash(data: bytes, options: str):
    return hashlib.sha256(data + b"\0" + options.encode()).hexdigest()


def resolve_campaign(slug=None):
    if slug:
        campaign = CampaignPage.objects.filter(slug=slug).first()
        if campaign is None:
            raise ImportProblem(f"không có phong trào với slug “{slug}”")
        return campaign
    campaign = CampaignPage.objects.filter(slug=ARCHIVE_SLUG).first()
    if campaign is None:
        index = CampaignIndexPage.objects.first()
        if index is None:
            raise ImportProblem("chưa có trang “Phong trào thi đua”: hãy chạy migrate")
        campaign = CampaignPage(
            title=ARCHIVE_TITLE,
            slug=ARCHIVE_SLUG,
            launching_body="Ban biên tập",
            # A closed column, not a running campaign: its period is the day before the first import.
            start_date=timezone.localdate() - dt.timedelta(days=1),
            end_date=timezone.localdate() - dt.timedelta(days=1),
            description="<p>Các bài viết chuyển từ cổng thông tin cũ, giữ nguyên thời gian đăng gốc.</p>",
        )
        index.add_child(instance=campaign)
        campaign.save_revision().publish()
    return campaign


class ImageFinder:
    """Pictures for an export's photos, each stored once (Wagtail's ``file_hash``), credit on the image.

    Two sources: ``--images DIR`` (``<stem>-<n>.jpg`` or ``<stem>/<n>.jpg``) for text exports, and the
    ``src`` a saved web page gives (``bai-viet_files/anh1.jpg``), read only inside the export's folder.
    Every picture passes the admin upload's own checks (format, size, pixels) and a full decode, so a
    broken file is reported and its photo kept as "awaiting picture" instead of breaking the page.
    """

    def __init__(self, directory):
        self.directory = Path(directory) if directory else None
        self.collection = Collection.get_first_root_node()
        self.problems = []  # "ảnh 2: …" for the file being imported; reset per file by build_body
        self.writing = True  # False: only pictures already stored are used (a conflict writes nothing)
        self.known = {}  # file_hash -> image, for pictures a run meets again and again (logos, shared photos)

    def find(self, stem, number):
        if self.directory is None:
            return None
        for suffix in IMAGE_SUFFIXES:
            for candidate in (self.directory / f"{stem}-{number}{suffix}", self.directory / stem / f"{number}{suffix}"):
                if candidate.is_file():
                    return candidate
        return None

    def image_for(self, stem, photo, title, folder=None):
        path = self.resolve_picture(folder, photo) if photo.picture else self.find(stem, photo.number)
        if path is None:
            return None
        return self.store(path, photo, title)

    def resolve_picture(self, folder, photo):
        """``src`` as written in the page -> a file inside ``folder``, or None with the reason noted."""
        reason = picture_refusal(folder, photo.picture)
        if reason:
            self.problems.append(f"ảnh {photo.number}: {reason}")
            return None
        return (Path(folder) / clean_src(photo.picture)).resolve()

    def store(self, path, photo, title):
        try:
            data = path.read_bytes()
        except OSError as error:
            self.problems.append(f"ảnh {photo.number}: không đọc được {path.name} ({error.strerror})")
            return None
        Image = get_image_model()
        digest = hashlib.sha1(data).hexdigest()  # Wagtail's own file_hash (hash_filelike): SHA-1 of the bytes
        existing = self.known.get(digest) or Image.objects.filter(file_hash=digest).first()
        if existing:
            if photo.credit and not existing.credit and self.writing:
                existing.credit = photo.credit[:255]
                existing.save(update_fields=["credit"])
            self.known[digest] = existing
            return existing
        if not self.writing:
            return None
        reason = picture_defect(data, path.name)
        if reason:
            self.problems.append(f"ảnh {photo.number}: {path.name} {reason}")
            return None
        image = Image(
            title=(photo.caption or f"{title} - Ảnh {photo.number}")[:255],
            credit=(photo.credit or "")[:255],
            collection=self.collection,
        )
        image.file = ImageFile(io.BytesIO(data), name=path.name)
        image.file_hash, image.file_size = digest, len(data)  # what the admin upload records
        image.save()
        transaction.on_commit(lambda: self.known.__setitem__(digest, image))  # not if this file rolls back
        return image


def clean_src(src):
    return unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/").strip()


def picture_refusal(folder, src):
    """Why a page's picture address is not read (None when it is a file inside the export's folder).

    A saved page names its pictures relatively (``bai-viet_files/anh1.jpg``). Anything else (another
    server, an absolute path, ``..`` out of the folder, a link leading out) is refused: an export file
    must never make the importer read the machine's own files.
    """
    path = clean_src(src)
    if not path:
        return "không có địa chỉ ảnh"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) or path.startswith("//"):
        scheme = path.split(":", 1)[0].lower() if ":" in path else "//"
        if scheme in ("http", "https", "//"):
            return f"ảnh nằm trên máy chủ khác ({src[:80]}), không tải về"
        return f"từ chối địa chỉ “{src[:80]}” (chỉ nhận tệp trong thư mục xuất)"
    if folder is None:
        return "không biết thư mục xuất"
    if path.startswith("/"):
        return f"từ chối đường dẫn tuyệt đối “{src[:80]}” (chỉ nhận tệp trong thư mục xuất)"
    root = Path(folder).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return f"từ chối đường dẫn ra ngoài thư mục xuất “{src[:80]}”"
    if not target.is_file():
        return f"không có tệp ảnh {path}"
    return None


def picture_defect(data, name):
    """What the admin's upload would say of this picture, plus a full decode (truncated files)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from images.forms import HeaderCheckedImageField

    try:
        HeaderCheckedImageField().clean(SimpleUploadedFile(name, data))
    except ValidationError as error:
        return "bị từ chối: " + " ".join(error.messages)
    except (OSError, SyntaxError, ValueError) as error:  # Pillow reading a cut-off header
        return f"hỏng, không đọc được ({error})"
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        return f"hỏng, không đọc được ({error})"
    return None


def build_body(parsed, stem, images: ImageFinder, folder=None):
    """StreamField data for the article body; photos without a usable picture stay, awaiting one."""
    body, missing = [], 0
    images.problems = []
    for kind, item in parsed.body:
        if kind == "paragraph":
            body.append({"type": "paragraph", "value": f"<p>{escape(item)}</p>", "id": str(uuid.uuid4())})
            continue
        if kind == "richtext":
            body.append({"type": "paragraph", "value": item.html, "id": str(uuid.uuid4())})
            continue
        image = images.image_for(stem, item, parsed.title, folder)
        if image is None:
            missing += 1
        value = {
            "image": image.pk if image else None,
            "alt": "",
            "caption": item.caption or "",
            "credit": item.credit or "",
        }
        body.append({"type": "photo", "value": value, "id": str(uuid.uuid4())})
    return body, missing


def escape(text):
    from django.utils.html import escape as html_escape

    return html_escape(text)


def edited_since_import(record, article):
    """Has anyone worked on the article in the admin since the import last wrote it?

    Every admin save, submission or publish writes a revision, and an unpublish clears the
    live revision: either way the article no longer stands where the import left it.
    """
    if record.revision_id is not None:
        expected_live = record.revision_id if record.published else None
        return article.latest_revision_id != record.revision_id or article.live_revision_id != expected_live
    # Imported before imports wrote revisions: any revision newer than the import is an editor's.
    latest = article.latest_revision
    return latest is not None and latest.created_at > record.updated_at


def differences(before, after, byline=None):
    """Wagtail's own revision comparison between two versions of an article: the fields that differ.

    ``byline``: the file's byline when it names an author not yet on the site. A held-back import
    creates no author, so the comparison of the authors field cannot see it; it is compared as text.
    """
    panel = ArticlePage.get_edit_handler().get_bound_panel(instance=before, request=None, form=None)
    changed = []
    for comparison_class in panel.get_comparison():
        comparison = comparison_class(before, after)
        if comparison.has_changed():
            changed.append(comparison)
    if byline is not None:
        changed.append(BylineComparison(before, byline))
    return changed


class BylineComparison:
    """The authors field against a byline that is only text (same interface as Wagtail's comparisons)."""

    is_field = True
    is_child_relation = False

    def __init__(self, before, byline):
        self.before = ", ".join(author.name for author in before.authors.all())
        self.after = byline

    def field_label(self):
        return ArticlePage._meta.get_field("authors").verbose_name.capitalize()

    def has_changed(self):
        return self.before != self.after

    def htmldiff(self):
        return diff_text(self.before, self.after).to_html()


def import_export(parsed, data, file_label, stem, campaign, default_time=None, images=None, force=False, folder=None):
    """Create or update the article for one parsed export, atomically, through Wagtail revisions.

    Every applied import saves a revision, writes an ``importer.import`` audit entry naming the file,
    then publishes that revision (a dated file) or leaves it as a draft for review (an undated one).
    Publishing goes through Wagtail, so everything that follows a publish (caches, search, purges)
    follows an import too. An article an editor changed since its import is not touched: the
    re-import becomes an ``ImportConflict`` unless ``force``, and then the editor's version stays
    in the history as the revision before the import's.
    """
    images = images or ImageFinder(None)
    key = source_key(parsed)
    fingerprint = content_hash(data, f"{campaign.pk}|{default_time}|{images.directory}")
    published_at = parsed.published_at or default_time
    draft = published_at is None
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().select_related("article").filter(source_key=key).first()
        if record and record.content_hash == fingerprint:
            return Outcome(record.article, "unchanged", not record.article.live, record.missing_photos)
        # A re-import over an editor's work writes nothing unless forced: not even pictures or bylines.
        held_back = record is not None and edited_since_import(record, record.article) and not force
        images.writing = not held_back
        try:
            body, missing = build_body(parsed, stem, images, folder)
        finally:
            images.writing = True
        authors = _byline_authors(parsed.byline, create=not held_back)
        fields = {
            "title": parsed.title[:255],
            "dateline": (parsed.dateline or "")[:100],
            "source": (parsed.source or "")[:100],
            "sapo": parsed.sapo or "",
            "published_at": published_at,
            "body": body,
        }
        editor_revision = None
        if record is None:
            article = ArticlePage(
                slug=article_slug(campaign, parsed.title),
                live=False,
                first_published_at=published_at,
                **fields,
            )
            article.authors = authors
            campaign.add_child(instance=article)
            version, action = article, "created"
        else:
            article = record.article
            version = latest_version(article)
            if held_back or edited_since_import(record, article):
                incoming = _with_fields(latest_version(article), fields, authors)
                unknown_byline = parsed.byline if parsed.byline and not authors else None
                changed = differences(version, incoming, unknown_byline)
                if not force:
                    ImportConflict.objects.update_or_create(
                        record=record,
                        defaults={
                            "source_file": file_label[:500],
                            "content_hash": fingerprint,
                            "changed_fields": [str(c.field_label()) for c in changed],
                            "incoming": {**json.loads(incoming.to_json()), BYLINE_KEY: unknown_byline},
                            "editor_revision_id": article.latest_revision_id,
                        },
                    )
                    labels = [str(c.field_label()) for c in changed]
                    draft_now = not article.live
                    return Outcome(article, "conflict", draft_now, record.missing_photos, labels, images.problems)
                editor_revision = article.latest_revision_id
                action = "forced"
            else:
                action = "updated"
            version = _with_fields(version, fields, authors)
            if version.live and published_at and not version.first_published_at:
                version.first_published_at = published_at
        revision = version.save_revision(log_action=False, clean=False)
        log(
            instance=version,
            action=IMPORT_ACTION,
            revision=revision,
            content_changed=True,
            data={"file": file_label[:500], "outcome": action, "editor_revision": editor_revision},
        )
        if not draft:
            revision.publish(log_action=True)
        values = {
            "article": article,
            "source_file": file_label[:500],
            "content_hash": fingerprint,
            "needs_review": draft,
            "missing_photos": missing,
            "revision": revision,
            "published": not draft,
        }
        if record is None:
            ImportRecord.objects.create(source_key=key, **values)
        else:
            ImportRecord.objects.filter(pk=record.pk).update(**values, updated_at=timezone.now())
            ImportConflict.objects.filter(record=record).delete()
    return Outcome(article, action, draft, missing, [], images.problems)


def keep_block_ids(old_blocks, new_blocks):
    """Give re-imported blocks the ids of the blocks they replace.

    Wagtail compares StreamFields block by block through their ids: with fresh ids every
    re-import would show the whole body deleted and written again, in the history and in a
    conflict's difference. A block equal to an old one keeps its id; a changed one takes the id
    of the old block of the same type at its place.
    """
    old = [dict(block) for block in old_blocks]
    unused = {block["id"] for block in old}
    for block in new_blocks:
        match = next(
            (o for o in old if o["id"] in unused and o["type"] == block["type"] and o["value"] == block["value"]), None
        )
        if match:
            block["id"] = match["id"]
            unused.discard(match["id"])
    for index, block in enumerate(new_blocks):
        if block["id"] in {o["id"] for o in old}:
            continue
        if index < len(old) and old[index]["id"] in unused and old[index]["type"] == block["type"]:
            block["id"] = old[index]["id"]
            unused.discard(old[index]["id"])
    return new_blocks


def latest_version(article):
    """A fresh object of the article's latest revision (``Revision.as_object`` hands out one shared copy)."""
    if article.latest_revision_id is None:
        return article
    return article.with_content_json(article.latest_revision.content)


def _byline_authors(byline, create):
    if not byline:
        return []
    if create:
        return [Author.objects.get_or_create(name=byline[:255])[0]]
    return list(Author.objects.filter(name=byline[:255])[:1])


def _with_fields(version, fields, authors):
    for name, value in fields.items():
        if name == "body":
            value = keep_block_ids(version.body.raw_data, value)
        setattr(version, name, value)
    version.draft_title = version.title
    version.authors = authors
    return version


def article_slug(campaign, title):
    base = slugify(title, max_length=80) or "bai-viet"
    taken = set(campaign.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(title, taken, fallback="bai-viet", max_length=80)


def parse_default_time(value):
    """'2023-05-02' or '2023-05-02T09:30' in Vietnam time."""
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return timezone.make_aware(moment, timezone.get_current_timezone())
    raise ValueError(value)
