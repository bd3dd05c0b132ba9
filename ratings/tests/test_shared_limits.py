"""Rate limits and lockouts hold across processes and behind the proxy; staff can be unlocked from the admin."""

import threading
import uuid

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser, Group
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory

from core.cache_backends import DatabaseCounterCache
from core.tests.relay import redis_available
from ratings.rules import within_rate_limit

PASSWORD = "mat-khau-dai-123"


def rating_request(user):
    request = RequestFactory().post("/api/ratings/1/")
    request.user = user
    return request


def parallel_decisions(user, posts=20):
    """Run ``posts`` rate-limit decisions at once from threads; the allowed count."""
    barrier, allowed, lock = threading.Barrier(posts), [], threading.Lock()

    def post():
        barrier.wait()
        ok = within_rate_limit(rating_request(user))
        with lock:
            allowed.append(ok)

    threads = [threading.Thread(target=post) for _ in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return allowed.count(True)


class FakeUser(AnonymousUser):
    """Authenticated as far as django-ratelimit's ``user`` key is concerned, no database row needed."""

    is_authenticated = True

    def __init__(self, pk):
        self.pk = pk


@pytest.mark.skipif(not redis_available(), reason="needs the machine's Redis at 127.0.0.1:6379")
def test_twenty_parallel_ratings_against_a_limit_of_ten_on_redis_accept_exactly_ten(settings):
    settings.RATINGS_PER_MINUTE = 10
    prefix = f"thidua-test-rl-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        },
    }
    try:
        assert parallel_decisions(FakeUser(4242)) == 10
        assert parallel_decisions(FakeUser(4343), posts=5) == 5  # the limit is per person
    finally:
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database reports 'table is locked' instead of waiting as a file database does",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_ratings_on_the_database_counters_accept_exactly_ten(settings):
    settings.RATINGS_PER_MINUTE = 10
    assert parallel_decisions(FakeUser(77)) == 10


@pytest.mark.django_db
def test_two_processes_share_the_database_counters():
    worker_a, worker_b = DatabaseCounterCache(None, {}), DatabaseCounterCache(None, {})
    assert worker_a.add("ratings:7", 1, 60) is True
    assert worker_b.add("ratings:7", 1, 60) is False  # already counted by the other worker
    assert worker_b.incr("ratings:7") == 2
    assert worker_a.incr("ratings:7") == 3
    assert worker_b.get("ratings:7") == 3
    with pytest.raises(ValueError):
        worker_a.incr("ratings:never-added")
    assert caches["ratelimit"].__class__ is DatabaseCounterCache


@pytest.mark.django_db
def test_an_expired_counter_starts_again():
    counters = DatabaseCounterCache(None, {})
    counters.add("window", 5, 0)  # expires at once
    assert counters.get("window") is None
    assert counters.add("window", 1, 60) is True
    assert counters.get("window") == 1


# --- lockouts behind the proxy ------------------------------------------------------------------

PROXY = "10.0.0.1"


def login(address, password, username="duyet1", proxy_count=1):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return client.post("/dang-nhap/", {"username": username, "password": password})


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("duyet1", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Duyệt bài"))
    return user


@pytest.mark.django_db
def test_behind_one_proxy_a_stranger_cannot_lock_staff_out_of_their_own_address(settings, reviewer):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The stranger also forges a header naming the staff member's address: the proxy appends the real one.
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        login("203.0.113.7, 198.51.100.66", "sai-mat-khau")
    assert login("198.51.100.66", PASSWORD).status_code == 429  # the stranger is locked out
    assert login("203.0.113.7", PASSWORD).status_code == 302  # staff at their own address log in
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}


@pytest.mark.django_db
def test_without_a_proxy_count_the_forwarded_header_is_not_believed(settings, reviewer):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("198.51.100.66", "sai-mat-khau")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


# --- unlocking from the admin ----------------------------------------------------------------------


def lock_out(settings, address="198.51.100.66"):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(address, "sai-mat-khau")
    assert login(address, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_superuser_sees_the_lockout_and_unlocks_it(settings, reviewer, admin_client):
    lock_out(settings)
    page = admin_client.get("/admin/reports/tam-khoa-dang-nhap/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "duyet1" in body and "198.51.100.66" in body and "Mở khóa" in body
    response = admin_client.post(
        "/admin/reports/tam-khoa-dang-nhap/", {"username": "duyet1", "ip_address": "198.51.100.66"}, follow=True
    )
    assert "Đã mở khóa đăng nhập cho “duyet1”" in response.content.decode()
    assert "Hiện không có tài khoản nào bị tạm khóa." in response.content.decode()
    assert login("198.51.100.66", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_unlocking_needs_the_csrf_token(settings, reviewer, django_user_model):
    lock_out(settings)
    admin = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post("/admin/reports/tam-khoa-dang-nhap/", {"username": "duyet1", "ip_address": "198.51.100.66"})
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_editors_get_403_and_a_granted_permission_opens_the_view(settings, reviewer, django_user_model):
    from django.contrib.auth.models import Permission

    lock_out(settings)
    editor = django_user_model.objects.create_user("bientap1", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client = Client()
    client.force_login(editor)
    assert "/admin/reports/tam-khoa-dang-nhap/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/reports/tam-khoa-dang-nhap/").status_code == 403
    post = client.post("/admin/reports/tam-khoa-dang-nhap/", {"username": "duyet1", "ip_address": "198.51.100.66"})
    assert post.status_code == 403
    assert AccessAttempt.objects.exists()

    editor.user_permissions.add(Permission.objects.get(codename="delete_accessattempt"))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.get("/admin/reports/tam-khoa-dang-nhap/").status_code == 200
    assert "/admin/reports/tam-khoa-dang-nhap/" in client.get("/admin/").content.decode()  # in the Báo cáo menu


@pytest.mark.django_db
def test_people_without_admin_access_are_sent_to_log_in(client):
    response = client.get("/admin/reports/tam-khoa-dang-nhap/")
    assert response.status_code == 302 and "/login/" in response["Location"]
