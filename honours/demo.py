"""Demo honour roll for ``make run``: three decisions, two dozen commendations on the demo units and
campaigns, a campaign timeline and one consultation open for comments. Idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from news.models import ArticlePage, CampaignPage, Organisation

from .catalogue import load_catalogue
from .models import AwardForm, Commendation, Consultation, Decision, Kind, Proposal, Stage, TimelineEvent

P, T = Kind.INDIVIDUAL, Kind.COLLECTIVE

DECISIONS = [
    {
        "number": "453/QĐ-VPCP",
        "date": dt.date(2021, 4, 12),
        "issuer": "Văn phòng Chính phủ",
        "signer": "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ",
        "summary": (
            "Về việc tặng Bằng khen và danh hiệu thi đua năm 2020 cho các tập thể, cá nhân thuộc Văn phòng Chính phủ."
        ),
        "campaign": "van-phong-chinh-phu-chuyen-nghiep-hien-dai",
        "year": 2020,
        "rows": [
            (
                "Cục Quản trị",
                T,
                "",
                "Văn phòng Chính phủ",
                "Tập thể lao động xuất sắc",
                "Hoàn thành xuất sắc nhiệm vụ bảo đảm hậu cần, cơ sở vật chất phục vụ các phiên họp Chính phủ.",
            ),
            (
                "Nguyễn Văn An",
                P,
                "Chuyên viên chính",
                "Vụ Tổng hợp",
                "Chiến sĩ thi đua cơ sở",
                "Chủ trì xây dựng quy trình số hóa hồ sơ trình, rút ngắn thời gian xử lý 30%.",
            ),
            (
                "Nguyễn Văn Ân",
                P,
                "Chuyên viên",
                "Cục Kiểm soát thủ tục hành chính",
                "Lao động tiên tiến",
                "Hoàn thành tốt nhiệm vụ rà soát thủ tục hành chính năm 2020.",
            ),
            (
                "Trần Thị Hồng",
                P,
                "Phó Vụ trưởng",
                "Vụ Tổ chức công vụ",
                "Bằng khen cấp bộ, ngành, tỉnh",
                "Có nhiều đóng góp trong công tác tổ chức cán bộ, cải cách hành chính.",
            ),
            (
                "Lê Minh Đức",
                P,
                "Trưởng phòng",
                "Cổng Thông tin điện tử Chính phủ",
                "Chiến sĩ thi đua cơ sở",
                "Tổ chức đưa tin trực tuyến các phiên họp Chính phủ thường kỳ.",
            ),
            (
                "Phòng Tổng hợp – Cục Kiểm soát thủ tục hành chính",
                T,
                "",
                "Cục Kiểm soát thủ tục hành chính",
                "Tập thể lao động tiên tiến",
                "Hoàn thành tốt nhiệm vụ năm 2020.",
            ),
        ],
    },
    {
        "number": "1520/QĐ-TTg",
        "date": dt.date(2021, 9, 6),
        "issuer": "Thủ tướng Chính phủ",
        "signer": "Thủ tướng Chính phủ",
        "summary": "Về việc tặng Cờ thi đua của Chính phủ năm 2020 cho 4 tập thể dẫn đầu phong trào thi đua.",
        "campaign": "van-phong-chinh-phu-chuyen-nghiep-hien-dai",
        "year": 2020,
        "rows": [
            (
                "Cục Quản trị",
                T,
                "",
                "Văn phòng Chính phủ",
                "Cờ thi đua của Chính phủ",
                "Dẫn đầu phong trào thi đua Khối các đơn vị thuộc Văn phòng Chính phủ năm 2020.",
            ),
            (
                "Cục Kiểm soát thủ tục hành chính",
                T,
                "",
                "Văn phòng Chính phủ",
                "Cờ thi đua của Chính phủ",
                "Dẫn đầu phong trào thi đua cải cách thủ tục hành chính năm 2020.",
            ),
            (
                "Sở Nội vụ tỉnh Lào Cai",
                T,
                "",
                "UBND tỉnh Lào Cai",
                "Cờ thi đua của Chính phủ",
                "Dẫn đầu phong trào thi đua Khối các sở, ngành tỉnh Lào Cai.",
            ),
            (
                "UBND thành phố Đà Nẵng",
                T,
                "",
                "",
                "Cờ thi đua của Chính phủ",
                "Dẫn đầu Khối thi đua các tỉnh, thành phố trực thuộc Trung ương.",
            ),
        ],
    },
    {
        "number": "2104/QĐ-CTN",
        "date": dt.date(2023, 12, 20),
        "issuer": "Chủ tịch nước",
        "signer": "Chủ tịch nước",
        "summary": "Về việc tặng thưởng Huân chương Lao động các hạng cho các tập thể, cá nhân có thành tích xuất sắc.",
        "campaign": "chuyen-doi-so-hanh-chinh",
        "year": 2023,
        "rows": [
            (
                "Cục Quản trị",
                T,
                "",
                "Văn phòng Chính phủ",
                "Huân chương Lao động hạng Nhì",
                "Có thành tích xuất sắc trong công tác từ năm 2018 đến năm 2022.",
            ),
            (
                "Nguyễn Văn An",
                P,
                "Phó Vụ trưởng",
                "Vụ Tổng hợp",
                "Huân chương Lao động hạng Ba",
                "Có thành tích xuất sắc trong công tác từ năm 2018 đến năm 2022.",
            ),
            (
                "Phạm Thu Hà",
                P,
                "Giám đốc Trung tâm",
                "Cổng Thông tin điện tử Chính phủ",
                "Huân chương Lao động hạng Ba",
                "Chủ trì triển khai Cổng Dịch vụ công quốc gia giai đoạn 2019 – 2022.",
            ),
            (
                "Bùi Quang Huy",
                P,
                "Chuyên viên cao cấp",
                "Bộ Nội vụ",
                "Bằng khen của Thủ tướng Chính phủ",
                "Đóng góp tích cực xây dựng Luật Thi đua, khen thưởng năm 2022.",
            ),
            (
                "Đặng Thị Mai",
                P,
                "Giáo viên",
                "UBND tỉnh Hà Giang",
                "Bằng khen của Thủ tướng Chính phủ",
                "Nhiều năm bám bản dạy học ở xã vùng cao Lũng Cú.",
            ),
            (
                "Hoàng Văn Đông",
                P,
                "Chủ tịch UBND xã",
                "UBND tỉnh Lai Châu",
                "Chiến sĩ thi đua toàn quốc",
                "Lãnh đạo xã về đích nông thôn mới sớm hai năm.",
            ),
        ],
    },
]

TIMELINE = [
    (Stage.LAUNCH, dt.date(2021, 3, 15), "Văn phòng Chính phủ phát động phong trào thi đua", None),
    (Stage.PLEDGE, dt.date(2021, 3, 25), "Các đơn vị Khối thi đua số 5 ký kết giao ước thi đua", None),
    (Stage.COMMENDATION, dt.date(2021, 4, 12), "Tặng Bằng khen, danh hiệu thi đua năm 2020", "453/QĐ-VPCP"),
    (Stage.COMMENDATION, dt.date(2021, 9, 6), "Thủ tướng tặng Cờ thi đua của Chính phủ cho 4 tập thể", "1520/QĐ-TTg"),
    (Stage.PRELIMINARY, dt.date(2023, 12, 28), "Sơ kết giữa kỳ phong trào", None),
    (Stage.FINAL, dt.date(2026, 12, 15), "Tổng kết phong trào giai đoạn 2021 – 2026", None),
]

PROPOSALS = [
    (
        "Vụ Tổng hợp",
        T,
        "",
        "Văn phòng Chính phủ",
        "Tham mưu tổ chức 12 phiên họp Chính phủ thường kỳ đúng thời hạn; số hóa 100% hồ sơ trình.",
    ),
    (
        "Trần Thị Hồng",
        P,
        "Phó Vụ trưởng",
        "Vụ Tổ chức công vụ",
        "Ba năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở; chủ trì đề án vị trí việc làm.",
    ),
    (
        "Lê Minh Đức",
        P,
        "Trưởng phòng",
        "Cổng Thông tin điện tử Chính phủ",
        "Xây dựng hệ thống đưa tin trực tuyến phục vụ hơn 40 triệu lượt truy cập mỗi năm.",
    ),
]


def _unit(name, units):
    if not name:
        return None
    if name not in units:
        unit, _ = Organisation.objects.get_or_create(name=name, defaults={"live": True})
        units[name] = unit
    return units[name]


@transaction.atomic
def seed_honours():
    """Returns (decisions, commendations) in the database afterwards."""
    load_catalogue()
    awards = {award.name: award for award in AwardForm.objects.all()}
    units = {unit.name: unit for unit in Organisation.objects.all()}
    campaigns = {page.slug: page for page in CampaignPage.objects.all()}
    decisions = {}
    for spec in DECISIONS:
        decision, _ = Decision.objects.get_or_create(
            number=spec["number"],
            defaults={key: spec[key] for key in ("date", "issuer", "signer", "summary")},
        )
        decisions[decision.number] = decision
        campaign = campaigns.get(spec["campaign"])
        for name, kind, position, unit_name, award_name, achievements in spec["rows"]:
            row = Commendation(
                name=name,
                kind=kind,
                position=position,
                unit=_unit(unit_name, units),
                award=awards[award_name],
                decision=decision,
                campaign=campaign,
                year=spec["year"],
                achievements=achievements,
            )
            row.fill_search_columns()
            if not Commendation.objects.filter(
                decision=decision, award=row.award, kind=kind, name_words=row.name_words, unit_words=row.unit_words
            ).exists():
                row.save()
                if campaign is not None:
                    stories = ArticlePage.objects.live().filter(campaign=campaign).order_by("-published_at")[:1]
                    row.articles.set(stories)
    campaign = campaigns.get("van-phong-chinh-phu-chuyen-nghiep-hien-dai")
    if campaign is not None and not TimelineEvent.objects.filter(campaign=campaign).exists():
        stories = list(ArticlePage.objects.live().filter(campaign=campaign).order_by("published_at")[:2])
        for index, (stage, date, title, number) in enumerate(TIMELINE):
            TimelineEvent.objects.create(
                campaign=campaign,
                stage=stage,
                date=date,
                title=title,
                decision=decisions.get(number),
                article=stories[index] if index < len(stories) and stage in (Stage.LAUNCH, Stage.PLEDGE) else None,
            )
    if not Consultation.objects.exists():
        now = timezone.now()
        consultation = Consultation.objects.create(
            title="Lấy ý kiến nhân dân đối với đề nghị tặng Bằng khen của Thủ tướng Chính phủ năm 2026",
            proposer="Văn phòng Chính phủ",
            introduction=(
                "Thực hiện Luật Thi đua, khen thưởng năm 2022, Văn phòng Chính phủ lấy ý kiến nhân dân đối với "
                "các tập thể, cá nhân được đề nghị tặng Bằng khen của Thủ tướng Chính phủ. Ý kiến được gửi "
                "đến Hội đồng Thi đua – Khen thưởng và không công bố trên trang."
            ),
            award=awards["Bằng khen của Thủ tướng Chính phủ"],
            campaign=campaign,
            opens_at=now - dt.timedelta(days=3),
            closes_at=now + dt.timedelta(days=12),
        )
        for order, (name, kind, position, unit_name, achievements) in enumerate(PROPOSALS):
            Proposal.objects.create(
                consultation=consultation,
                sort_order=order,
                name=name,
                kind=kind,
                position=position,
                unit=_unit(unit_name, units),
                year=2026,
                achievements=achievements,
            )
    return Decision.objects.count(), Commendation.objects.count()
