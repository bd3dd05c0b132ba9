"""Clear, Vietnamese feedback around review: after approving or requesting changes, and for the editor.

Wagtail confirms a review action from the page editor only with its generic
"page updated" message, and from the dashboard's "awaiting your review" panel
with nothing at all. Both paths end in ``Task.on_action``, which sends
``task_approved``/``task_rejected`` without the request; the middleware lends
the request to those signals and, once the view has finished (and the story has
been published or scheduled), words the message from what actually happened.
"""

import contextvars
import html

from django.contrib import messages
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_approved, task_rejected

_current_request = contextvars.ContextVar("review_request", default=None)


class ReviewFeedbackMiddleware:
    """Must come after Django's MessageMiddleware, so its messages are stored with the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        for action, task_state in getattr(request, "review_actions", []):
            drop_generic_update_message(request, task_state)
            add_review_message(request, action, task_state)
        return response


@receiver(task_approved, sender=TaskState)
def remember_approval(sender, instance, user, **kwargs):
    _remember("approve", instance)


@receiver(task_rejected, sender=TaskState)
def remember_rejection(sender, instance, user, **kwargs):
    _remember("reject", instance)


def _remember(action, task_state):
    request = _current_request.get()
    if request is not None:
        request.__dict__.setdefault("review_actions", []).append((action, task_state))


def _story(task_state):
    obj = task_state.workflow_state.content_object
    page = obj.specific if isinstance(obj, Page) else obj
    page.refresh_from_db()
    return page


def _title(obj):
    latest = getattr(obj, "get_latest_revision_as_object", None)
    return str(latest().title if latest and isinstance(obj, Page) else obj)


def drop_generic_update_message(request, task_state):
    """The page editor also says "Page '…' has been updated." after a review action: not what happened."""
    obj = _story(task_state)
    if not isinstance(obj, Page):
        return
    generic = gettext("Page '%(page_title)s' has been updated.") % {"page_title": obj.get_admin_display_title()}
    storage = messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if queued is not None:
        # Wagtail renders its messages as escaped HTML (with buttons after the text).
        queued[:] = [
            message for message in queued if not html.unescape(str(message.message)).strip().startswith(generic)
        ]


def add_review_message(request, action, task_state):
    obj = _story(task_state)
    title = _title(obj)
    if action == "reject":
        text = f"Đã yêu cầu sửa bài “{title}”. Biên tập viên thấy yêu cầu"
        comment = task_state.comment.strip().rstrip(".")
        text += f" và nhận xét của bạn: “{comment}”." if comment else " trong trang soạn bài."
        messages.success(request, text)
        return
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        messages.success(request, f"Đã duyệt bài “{title}” ở bước này; bài chuyển sang bước duyệt tiếp theo.")
        return
    scheduled = obj.revisions.filter(approved_go_live_at__isnull=False).values_list("approved_go_live_at", flat=True)
    go_live = scheduled.first()
    if go_live and not getattr(obj, "live", True):
        when = timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M")
        messages.success(request, f"Đã duyệt bài “{title}”. Bài sẽ tự động lên trang lúc {when}.")
    elif getattr(obj, "live", False):
        messages.success(request, f"Đã duyệt và xuất bản bài “{title}”.")
    else:
        messages.success(request, f"Đã duyệt bài “{title}”.")


def changes_requested_notice(page):
    """The reviewer's request, for the editor who opens the story: who, when and the comment."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES or state.current_task_state is None:
        return None
    task_state = state.current_task_state
    reviewer = task_state.finished_by
    who = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else ""
    when = timezone.localtime(task_state.finished_at).strftime("%d/%m/%Y %H:%M") if task_state.finished_at else ""
    text = "Người duyệt" + (f" {who}" if who else "") + " yêu cầu sửa bài" + (f" lúc {when}" if when else "")
    if task_state.comment:
        comment = task_state.comment.strip().rstrip(".")
        return f"{text}, nhận xét: “{comment}”. Sửa xong, hãy gửi duyệt lại."
    return f"{text}. Sửa xong, hãy gửi duyệt lại."
