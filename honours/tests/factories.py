import datetime as dt

import factory

from honours.models import AwardForm, AwardKind, AwardLevel, Commendation, Decision, Kind
from tests.factories import OrganisationFactory


class AwardFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardForm
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bằng khen hạng {n}")
    kind = AwardKind.BOTH
    level = AwardLevel.GOVERNMENT
    rank = factory.Sequence(lambda n: 10 + n)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-VPCP")
    date = dt.date(2021, 4, 12)
    issuer = "Văn phòng Chính phủ"
    signer = "Bộ trưởng, Chủ nhiệm"
    summary = "Về việc tặng Bằng khen năm 2020."


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commendation

    name = factory.Sequence(lambda n: f"Người được khen {n}")
    kind = Kind.INDIVIDUAL
    unit = factory.SubFactory(OrganisationFactory)
    award = factory.SubFactory(AwardFormFactory)
    decision = factory.SubFactory(DecisionFactory)
    year = 2020
    achievements = "Hoàn thành xuất sắc nhiệm vụ."
