"""Images and documents already shown to readers change only through a reviewer.

An editor replaced a photo used on live articles and the home page, and changed
its credit, and readers saw it at once. Pages and snippets have drafts and
review; an image or a document has neither, so the rule here is: once live
content shows it, its file, title, credit (and crop) are frozen for everyone
but holders of ``images.change_public_media`` (Duyệt bài) and superusers. The
editor uploads a new file and uses it in a draft, and the draft goes through
page review.

Four layers, so that every way of editing holds:

- the admin forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``, ``WAGTAILDOCS_DOCUMENT_FORM_BASE``,
  also used by the multiple-upload edit) refuse the change with a Vietnamese message;
- the permission policies refuse "delete" (delete view, multiple-upload delete,
  bulk delete, and the delete buttons disappear);
- ``pre_save`` / ``pre_delete`` signals refuse any other admin request that gets
  past those (the admin runs every view inside a Wagtail ``LogContext`` naming the user);
- the same signals write the audit log: who changed which fields, from what to what.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils.html import format_html
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import DraftStateMixin, ModelLogEntry, Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

PERMISSION = "images.change_public_media"
CHANGE_ACTION = "thidua.media_change"

IMAGE_FIELDS = {
    "file": "tệp ảnh",
    "title": "tiêu đề",
    "credit": "tác giả ảnh",
    "description": "mô tả",
    "focal_point_x": "vùng trọng tâm",
    "focal_point_y": "vùng trọng tâm",
    "focal_point_width": "vùng trọng tâm",
    "focal_point_height": "vùng trọng tâm",
}
DOCUMENT_FIELDS = {"file": "tệp tài liệu", "title": "tiêu đề"}


def watched_fields(model):
    """Fields readers see (or that shape what they see), with their Vietnamese names."""
    return IMAGE_FIELDS if issubclass(model, get_image_model()) else DOCUMENT_FIELDS


def may_change_public_media(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(PERMISSION)))


def _is_live(obj):
    return obj.live if isinstance(obj, (Page, DraftStateMixin)) else True


def public_usages(obj):
    """Live content showing ``obj``: live pages first, then any other live referrer.

    Wagtail's ReferenceIndex knows every usage (featured image, campaign hero,
    photos and documents in a body, links in rich text), read from each page's
    row, which for a live page is its published version; a page's unpublished
    draft does not count. Foreign keys from page models are also queried
    directly, so rows written without signals (bulk demo seeding) are covered.
    """
    if obj.pk is None:
        return []
    page_type = ContentType.objects.get_for_model(Page)
    page_ids, others = set(), []
    for base_type_id, object_id in (
        ReferenceIndex.get_references_to(obj).values_list("base_content_type_id", "object_id").distinct()
    ):
        if base_type_id == page_type.pk:
            page_ids.add(int(object_id))
        else:
            model = ContentType.objects.get_for_id(base_type_id).model_class()
            referrer = model and model._default_manager.filter(pk=object_id).first()
            if referrer is not None and _is_live(referrer):
                others.append(referrer)
    for relation in obj._meta.get_fields(include_hidden=True):
        is_reverse_fk = relation.auto_created and not relation.concrete and relation.one_to_many
        if is_reverse_fk and issubclass(relation.related_model, Page):
            page_ids.update(
                relation.related_model.objects.filter(**{relation.field.name: obj}).values_list("pk", flat=True)
            )
    pages = list(Page.objects.filter(pk__in=page_ids, live=True).order_by("title")) if page_ids else []
    return pages + others


def refusal_message(obj, usages):
    """What the editor reads instead of a silent public change."""
    kind = "Ảnh" if isinstance(obj, get_image_model()) else "Tài liệu"
    shown = ", ".join(f"«{usage}»" for usage in usages[:3]) + (" …" if len(usages) > 3 else "")
    return (
        f"{kind} này đang hiển thị trên {len(usages)} nội dung đã đăng ({shown}). "
        "Chỉ người duyệt bài mới được thay tệp, đổi tiêu đề, tác giả ảnh hay xoá nó, vì thay đổi sẽ công khai ngay. "
        f"Hãy tải lên {kind.lower()} mới và chọn nó trong bản nháp bài viết: bản nháp sẽ được duyệt trước khi đăng."
    )


class ReviewedMediaFormMixin:
    """Refuse, in Vietnamese, an edit of a publicly shown image or document.

    Wagtail passes ``user`` to these forms in the edit view and the
    multiple-upload edit; a form without a user (code, not a person) is not limited.
    """

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.public_usages = []
        if self.instance.pk and self.user is not None and not may_change_public_media(self.user):
            self.public_usages = public_usages(self.instance)
        if self.public_usages:
            notice = refusal_message(self.instance, self.public_usages)
            for name in ("file", "title"):
                if name in self.fields:
                    self.fields[name].help_text = format_html("<strong>{}</strong>", notice)

    def clean(self):
        cleaned_data = super().clean()
        if self.public_usages and set(self.changed_data) & set(watched_fields(type(self.instance))):
            raise ValidationError(refusal_message(self.instance, self.public_usages), code="public_media")
        return cleaned_data


class ReviewedMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image/document policy, except that only reviewers delete what readers see.

    (Wagtail treats "delete" as "change", so without this any editor could delete
    a photo used on the home page.)
    """

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and not may_change_public_media(user) and public_usages(instance):
            actions = [action for action in actions if action != "delete"]
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)


def register_policies():
    from wagtail.permissions import register_permission_policy

    # exact_class=True wins over the policies Wagtail's own apps register in
    # their ready(), which run after ours (``images`` is listed before them).
    register_permission_policy(
        get_image_model(),
        ReviewedMediaPolicy(get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"),
        exact_class=True,
    )
    register_permission_policy(
        get_document_model(),
        ReviewedMediaPolicy(
            get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )


def _value(instance, name):
    value = getattr(instance, name)
    return value.name if hasattr(value, "name") and name == "file" else value


def remember_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note which watched fields change; refuse the save for an editor if readers see the object.

    Only the columns actually written count: after a refused form Wagtail's edit
    view still saves ``file_size`` alone on the (edited, in-memory) instance.
    """
    instance._media_changes = {}
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = [name for name in watched_fields(sender) if update_fields is None or name in update_fields]
    if not fields:
        return
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if old is None:
        return
    changes = {name: [old[name], _value(instance, name)] for name in fields if old[name] != _value(instance, name)}
    if not changes:
        return
    user = get_active_log_context().user
    if user is not None and not may_change_public_media(user) and (usages := public_usages(instance)):
        raise PermissionDenied(refusal_message(instance, usages))
    instance._media_changes = changes


def log_changes(sender, instance, created=False, raw=False, **kwargs):
    changes = getattr(instance, "_media_changes", None)
    if created or raw or not changes:
        return
    labels = sorted({watched_fields(sender)[name] for name in changes})
    data = {
        "fields": labels,
        "changes": {name: [str(before or ""), str(after or "")] for name, (before, after) in changes.items()},
    }
    log(instance=instance, action=CHANGE_ACTION, data=data)
    instance._media_changes = {}


def guard_and_log_delete(sender, instance, **kwargs):
    context = get_active_log_context()
    user = context.user
    if user is None:
        return
    if not may_change_public_media(user) and (usages := public_usages(instance)):
        raise PermissionDenied(refusal_message(instance, usages))
    # The delete view already logged "wagtail.delete" in this request; the bulk
    # and multiple-upload deletes do not log at all.
    already_logged = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        action="wagtail.delete",
        uuid=context.uuid,
    ).exists()
    if not already_logged:
        log(instance=instance, action="wagtail.delete", deleted=True)


def connect_signals():
    for model in (get_image_model(), get_document_model()):
        pre_save.connect(remember_changes, sender=model, dispatch_uid=f"review-pre-save-{model._meta.label}")
        post_save.connect(log_changes, sender=model, dispatch_uid=f"review-post-save-{model._meta.label}")
        pre_delete.connect(guard_and_log_delete, sender=model, dispatch_uid=f"review-delete-{model._meta.label}")
