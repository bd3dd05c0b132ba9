"""POST/GET /api/ratings/<page_id>/ (the staff login pages are in ``users``)."""

from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from core.frontend_cache import purge_after_commit
from core.visibility import may_view
from news.cache import bump_content_version
from news.models import ArticlePage

from .forms import RatingForm
from .rules import may_rate, save_rating, summary, within_rate_limit

NOT_FOUND = {"error": "Không có bài viết này."}


def _wants_json(request):
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def _answer(request, page, status, payload):
    """JSON for the widget script; a redirect back to the article for the no-JavaScript form."""
    if _wants_json(request) or request.method == "GET":
        return JsonResponse(payload, status=status)
    target = request.POST.get("next") or page.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = page.url
    flag = "ok" if status == 200 else f"loi-{status}"
    return HttpResponseRedirect(f"{target}?danh-gia={flag}#danh-gia")


def show_new_average(page):
    """The average is printed in the article page readers share from the page cache.

    Ratings come from a few communications staff behind a captcha and a rate limit, so
    each one may afford a new content version (the Django tier starts afresh) and a purge
    of the article's own addresses at nginx; readers then see the new figure at once
    instead of after the cached copy's lifetime.
    """
    bump_content_version()
    batch = PurgeBatch()
    batch.add_page(page)  # the article and its print view (get_cached_paths)
    purge_after_commit(batch.urls)


@never_cache
@require_http_methods(["GET", "POST"])
def rating_api(request, page_id):
    if request.method == "POST" and not request.user.is_authenticated:
        return JsonResponse({"error": "Bạn cần đăng nhập để đánh giá."}, status=401)
    page = ArticlePage.objects.live().filter(pk=page_id).first()
    if page is None or not may_view(page, request):
        # A restricted article answers exactly like a missing one: ids cannot be probed.
        return JsonResponse(NOT_FOUND, status=404)
    if request.method == "GET":
        return JsonResponse(summary(page.pk, request.user))
    if not may_rate(request.user):
        return _answer(request, page, 403, {"error": "Tài khoản của bạn không có quyền đánh giá bài viết."})
    if not within_rate_limit(request):
        return _answer(request, page, 429, {"error": "Bạn gửi đánh giá quá nhanh, hãy thử lại sau ít phút."})
    form = RatingForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _answer(request, page, 400, {"error": message, "fields": list(form.errors)})
    save_rating(page.pk, request.user, form.cleaned_data["score"])
    show_new_average(page)
    return _answer(request, page, 200, summary(page.pk, request.user))
