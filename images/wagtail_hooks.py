from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .review import CHANGE_ACTION, DOCUMENT_FIELDS, IMAGE_FIELDS

FIELD_LABELS = {**IMAGE_FIELDS, "file": "tệp"} | {"title": DOCUMENT_FIELDS["title"]}


@hooks.register("register_log_actions")
def register_media_change_action(actions):
    @actions.register_action(CHANGE_ACTION)
    class MediaChanged(LogFormatter):
        """Says who changed what on an image or document, in its history and in the site history report."""

        label = "Sửa ảnh / tài liệu"

        def format_message(self, log_entry):
            changes = log_entry.data.get("changes", {})
            parts = [
                f"{FIELD_LABELS.get(name, name)}: «{before}» → «{after}»"
                for name, (before, after) in changes.items()
                if not name.startswith("focal_point")
            ]
            if any(name.startswith("focal_point") for name in changes):
                parts.append("vùng trọng tâm")
            return "Đã sửa " + ("; ".join(parts) or "nội dung")
