"""A go-live time typed day-first schedules the story; ``publish_scheduled`` publishes it."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import admin_login

pytestmark = pytest.mark.e2e
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = f"Lễ tổng kết phong trào thi đua được lên lịch đăng ({uuid.uuid4().hex[:6]})"


def ambiguous_future_day():
    """A future day whose day and month could be swapped (day ≤ 12), so month/day parsing would show."""
    day = dt.datetime.now(VN).date() + dt.timedelta(days=1)
    while day.day > 12 or day.day == day.month:
        day += dt.timedelta(days=1)
    return day


def test_a_go_live_typed_day_first_is_published_by_publish_scheduled(page, live_site, shot):
    day = ambiguous_future_day()
    typed = f"{day:%d/%m/%Y} 09:00"
    campaign = live_site.shell("from news.models import CampaignPage; print(CampaignPage.objects.first().pk)")

    admin_login(page, "duyetbai")
    page.goto(f"/admin/pages/add/news/articlepage/{campaign}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_sapo").fill("(Chinhphu.vn) - Bài viết đặt lịch đăng để kiểm tra ngày gõ theo kiểu Việt Nam.")
    page.locator("[data-side-panel-toggle='status']").click()
    page.get_by_role("button", name=re.compile("Đặt lịch đăng")).first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    go_live = dialog.locator("#id_go_live_at")
    go_live.fill(typed)
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    dialog.locator("#title-schedule-publishing-dialog").click()  # a click beside it closes the date picker
    expect(picker).to_have_count(0)
    shot(page, "schedule-1-dialog")
    dialog.locator("button[type=submit]").click()
    page.get_by_role("button", name=re.compile("Thêm thao tác|Thao tác khác|More actions")).click()
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_be_visible()
    shot(page, "schedule-2-scheduled")

    stored = live_site.shell(
        "from wagtail.models import Revision; from django.utils import timezone; "
        f"r = Revision.page_revisions.filter(object_str={TITLE!r}).exclude(approved_go_live_at=None).get(); "
        "print(timezone.localtime(r.approved_go_live_at).strftime('%d/%m/%Y %H:%M'))"
    )
    assert stored == typed

    # Let the scheduled time pass (move the schedule a minute into the past), then run the cron command.
    live_site.shell(
        "from wagtail.models import Revision; from django.utils import timezone; import datetime as dt; "
        "past = timezone.now() - dt.timedelta(minutes=1)\n"
        f"for r in Revision.page_revisions.filter(object_str={TITLE!r}).exclude(approved_go_live_at=None):\n"
        "    r.approved_go_live_at = past; r.content['go_live_at'] = past.isoformat(); r.save()"
    )
    live_site.manage("publish_scheduled")
    live, path = live_site.shell(
        f"from news.models import ArticlePage; a = ArticlePage.objects.get(title={TITLE!r}); print(a.live, a.url)"
    ).split(" ")
    assert live == "True"
    page.goto(path)
    expect(page.locator("article h1")).to_have_text(TITLE)
    shot(page, "schedule-3-live")
