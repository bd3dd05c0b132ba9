"""Shared rows for the consultation tests: an award, a consultation with two proposals, a captcha."""

import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.utils import timezone

from honours.models import AwardForm, AwardLevel, Consultation, Decision, Kind, Proposal
from tests.factories import OrganisationFactory


def captcha():
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def comment_data(**extra):
    data = {
        "name": "Trần Thị Bình",
        "contact": "0912 345 678",
        "content": "Tôi xác nhận thành tích của đồng chí An là đúng.",
        "proposal": "",
        **captcha(),
    }
    data.update(extra)
    return data


@pytest.fixture
def award(db):
    return AwardForm.objects.create(name="Bằng khen của Thủ tướng Chính phủ", level=AwardLevel.GOVERNMENT, rank=10)


def make_consultation(award, campaign=None, opens=-1, closes=6, title="Lấy ý kiến đề nghị tặng Bằng khen năm 2026"):
    """Open ``opens`` days from now (negative: already open), closed ``closes`` days from now."""
    now = timezone.now()
    consultation = Consultation.objects.create(
        title=title,
        proposer="Bộ Nội vụ",
        award=award,
        campaign=campaign,
        opens_at=now + dt.timedelta(days=opens),
        closes_at=now + dt.timedelta(days=closes),
        introduction="Thực hiện Luật Thi đua, khen thưởng, Bộ Nội vụ lấy ý kiến nhân dân.",
    )
    unit = OrganisationFactory(name="Sở Nội vụ tỉnh Lào Cai")
    Proposal.objects.create(
        consultation=consultation,
        sort_order=0,
        name="Nguyễn Văn An",
        kind=Kind.INDIVIDUAL,
        position="Phó Giám đốc",
        unit=unit,
        year=2025,
        achievements="Hoàn thành xuất sắc nhiệm vụ năm 2024 và 2025.",
    )
    Proposal.objects.create(
        consultation=consultation,
        sort_order=1,
        name="Phòng Thi đua – Khen thưởng",
        kind=Kind.COLLECTIVE,
        unit=unit,
        year=2025,
        achievements="Tập thể lao động xuất sắc hai năm liền.",
    )
    return consultation


@pytest.fixture
def consultation(award, campaign):
    return make_consultation(award, campaign)


@pytest.fixture
def decision(db):
    return Decision.objects.create(
        number="1520/QĐ-TTg", date=dt.date(2026, 12, 1), issuer="Thủ tướng Chính phủ", signer="Phạm Minh Chính"
    )
