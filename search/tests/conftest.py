import datetime as dt
import os
import uuid

import pytest

from search.documents import refresh_all_documents
from search.engines import get_engine
from search.engines.base import parse_request
from tests.factories import ArticlePageFactory, AuthorFactory, CampaignPageFactory, ImageFactory, paragraph_block

UTC = dt.UTC

# A live cluster for the Elasticsearch runs of the engine-parametrised suites (test settings
# pin ELASTICSEARCH_URL to "" so nothing else in the suite talks to it).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ENGINES = ["tantivy"] + (["elasticsearch"] if ELASTICSEARCH_URL else [])
live_elasticsearch = pytest.mark.skipif(
    not ELASTICSEARCH_URL,
    reason="needs a live Elasticsearch 8 cluster: set ELASTICSEARCH_URL=http://host:9200 to run",
)


@pytest.fixture(scope="session")
def elasticsearch_alias():
    """An alias of this session's own, deleted with every index it owned at the end."""
    alias = f"thidua-test-{uuid.uuid4().hex[:10]}"
    yield alias
    if ELASTICSEARCH_URL:
        from search.engines.elastic import ElasticsearchEngine

        leftover = ElasticsearchEngine(ELASTICSEARCH_URL, index=alias)
        names = leftover.concrete_indices()
        if names:
            leftover.client.options(ignore_status=404).indices.delete(index=",".join(names))


@pytest.fixture(params=ENGINES)
def engine(request, settings):
    """Which engine the site uses for this test: tantivy always, Elasticsearch when a cluster is given."""
    if request.param == "elasticsearch":
        if not ELASTICSEARCH_URL:
            pytest.skip("needs ELASTICSEARCH_URL")
        settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
        settings.ELASTICSEARCH_INDEX = request.getfixturevalue("elasticsearch_alias")
    else:
        settings.ELASTICSEARCH_URL = ""
    get_engine.cache_clear()
    yield request.param
    get_engine.cache_clear()


def at(year, month=1, day=1):
    return dt.datetime(year, month, day, 3, 0, tzinfo=UTC)


@pytest.fixture
def corpus(engine, campaign_index):
    """Invented articles, each built to prove one ranking rule, indexed by the engine under test."""
    vpcp = CampaignPageFactory(parent=campaign_index, title="Văn phòng Chính phủ chuyên nghiệp", slug="vpcp")
    laocai = CampaignPageFactory(parent=campaign_index, title="Lào Cai xây dựng nông thôn mới", slug="lao-cai")
    image = ImageFactory(credit="VGP/Minh Khôi")
    made = {}

    def add(key, parent, title, published, sapo="", body=(), tags=(), authors=(), photo_caption=None):
        blocks = [paragraph_block(text) for text in body]
        if photo_caption:
            blocks.append({"type": "photo", "value": {"image": image.pk, "caption": photo_caption, "credit": ""}})
        made[key] = ArticlePageFactory(
            parent=parent,
            title=title,
            sapo=sapo,
            published_at=published,
            body=blocks,
            tags=list(tags),
            authors=[AuthorFactory(name=name) for name in authors],
        )

    add(
        "dang_bo",
        vpcp,
        "Đảng bộ Văn phòng Chính phủ phát động thi đua năm 2024",
        at(2024, 3),
        sapo="Toàn Đảng bộ thi đua hoàn thành xuất sắc nhiệm vụ.",
        tags=["thi đua", "Đảng bộ"],
    )
    add(
        "lao_cai",
        laocai,
        "Lào Cai tổng kết xây dựng nông thôn mới",
        at(2023, 12),
        body=["Phong trào thi đua được người dân hưởng ứng."],
        tags=["nông thôn mới"],
    )
    add(
        "khoi_5",
        vpcp,
        "Khối thi đua số 5 ký kết giao ước năm 2023",
        at(2023, 2),
        sapo="Các đơn vị trong Khối thống nhất năm nội dung.",
        tags=["khối thi đua", "giao ước thi đua"],
    )
    add("khoi_3", vpcp, "Khối thi đua số 3 tổng kết năm", at(2024, 1), tags=["khối thi đua"])
    add(
        "bang_khen",
        vpcp,
        "Trao Bằng khen của Thủ tướng cho 30 tập thể",
        at(2022, 5),
        sapo="Ba mươi tập thể nhận Bằng khen.",
    )
    add(
        "bang_board",
        laocai,
        "Bảng khen thưởng được niêm yết công khai tại xã",
        at(2024, 6),
        sapo="Bảng khen thưởng niêm yết tại trụ sở.",
    )
    add("thi_dua_title", vpcp, "Phát động thi đua cải cách hành chính", at(2021, 4))
    add(
        "thi_dua_collision",
        laocai,
        "Tiêu chí bình xét thì dựa vào kết quả công việc",
        at(2024, 9),
        body=["Các tiêu chí thì dựa vào sản phẩm cụ thể."],
    )
    add("dien_hinh_title", vpcp, "Hội nghị điển hình tiên tiến toàn quốc", at(2020, 10))
    add(
        "dien_hinh_body",
        vpcp,
        "Tuyên dương gương người lao động",
        at(2024, 10),
        body=["Nhiều gương điển hình tiên tiến được giới thiệu tại buổi lễ."],
    )
    add("phrase", vpcp, "Thi đua đẩy mạnh chuyển đổi số trong cơ quan", at(2022, 1))
    add("scattered", vpcp, "Chuyển giao số liệu và đổi mới quy trình", at(2024, 11))
    add("sapo_hit", vpcp, "Hội nghị sơ kết quý III", at(2021, 7), sapo="Hội nghị biểu dương sáng kiến tiết kiệm.")
    add("body_hit", vpcp, "Hội nghị tổng kết quý IV", at(2024, 12), body=["Một sáng kiến tiết kiệm được biểu dương."])
    add("byline", laocai, "Phóng sự về bản Sa Pả", at(2023, 5), authors=["Nguyễn Thu Trang"])
    add("caption", vpcp, "Lễ trao thưởng cuối năm", at(2022, 12), photo_caption="Quang cảnh lễ tuyên dương người tốt")
    add("tag_only", laocai, "Chuyện ở bản vùng cao", at(2023, 8), tags=["người tốt việc tốt"])
    add("dak_lak", vpcp, "Đắk Lắk biểu dương 50 điển hình", at(2023, 1))
    add("dien_bien", laocai, "Điện Biên trao Huân chương Lao động hạng Nhất", at(2022, 9))
    add("twin_old", vpcp, "Gặp mặt Chiến sĩ thi đua cơ sở", at(2019, 1))
    add("twin_new", laocai, "Gặp mặt Chiến sĩ thi đua cơ sở", at(2025, 1))
    refresh_all_documents()
    get_engine().rebuild()
    return made


def first(query, **params):
    results = get_engine().search(parse_request({"q": query, **params}))
    return results.hits[0].page_id if results.hits else None


def found(query, **params):
    return [hit.page_id for hit in get_engine().search(parse_request({"q": query, **params})).hits]
