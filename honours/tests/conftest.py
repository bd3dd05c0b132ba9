"""Fixtures shared by the honours tests."""

import pytest

from honours.models import AwardForm, AwardKind, AwardLevel


@pytest.fixture
def catalogue(db):
    """Two award forms and two units, as the editors keep them in the admin."""
    from tests.factories import OrganisationFactory

    return {
        "bang_khen": AwardForm.objects.create(
            name="Bằng khen của Thủ tướng Chính phủ", kind=AwardKind.BOTH, level=AwardLevel.GOVERNMENT, rank=20
        ),
        "co_thi_dua": AwardForm.objects.create(
            name="Cờ thi đua của Chính phủ", kind=AwardKind.COLLECTIVE, level=AwardLevel.GOVERNMENT, rank=10
        ),
        "btc": OrganisationFactory(name="Bộ Tài chính", short_name="BTC", live=True),
        "hcm": OrganisationFactory(name="Ủy ban nhân dân Thành phố Hồ Chí Minh", short_name="UBND TP.HCM", live=True),
    }
