"""Wagtail admin: "Tài khoản bị tạm khóa" — who is locked out of logging in, and a button to unlock.

A member of staff who mistyped a password five times should not have to wait
out the cool-off or ask for shell access. Lockouts are django-axes rows (one per
username, address and browser); a person is locked when the failures for a
username from one address reach ``AXES_FAILURE_LIMIT`` within the cool-off.
Shown to superusers and to holders of ``axes.delete_accessattempt``.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.db.models import Max, Sum
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

PERMISSION = "axes.delete_accessattempt"


def current_lockouts():
    """[{username, ip_address, failures, last_attempt, unlocks_at}] for the locks in force, newest first."""
    cool_off = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [{**row, "unlocks_at": row["last_attempt"] + cool_off} for row in rows]


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not request.user.has_perm(PERMISSION):
        # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden(
            "Bạn không có quyền xem và mở khóa tài khoản bị tạm khóa.", content_type="text/plain; charset=utf-8"
        )
    if request.method == "POST":
        username = request.POST.get("username", "")
        ip_address = request.POST.get("ip_address", "")
        if not username or not ip_address:
            messages.error(request, "Thiếu tên đăng nhập hoặc địa chỉ cần mở khóa.")
        elif reset(ip=ip_address, username=username):
            messages.success(request, f"Đã mở khóa đăng nhập cho “{username}” từ địa chỉ {ip_address}.")
        else:
            messages.warning(request, f"“{username}” từ địa chỉ {ip_address} không còn bị khóa.")
        return redirect("ratings_lockouts")
    return render(
        request,
        "ratings/lockouts.html",
        {
            "lockouts": current_lockouts(),
            "limit": settings.AXES_FAILURE_LIMIT,
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )
