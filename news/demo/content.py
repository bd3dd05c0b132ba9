"""Demo content for the emulation column, written for this project.

Every person, quote and number here is invented. Units and campaign names are
modelled on the kind that appear on Vietnamese government portals so the demo
reads like the real thing (dateline, sapo "(Chinhphu.vn) - …", numbered photos
with "Ảnh: VGP/…" credits, byline), without copying any real article.
"""

ORGANISATIONS = [
    ("Văn phòng Chính phủ", "VPCP"),
    ("Bộ Nội vụ", "BNV"),
    ("Ban Thi đua – Khen thưởng Trung ương", "Ban TĐKT TƯ"),
    ("Bộ Tư pháp", "BTP"),
    ("Cổng Thông tin điện tử Chính phủ", "Cổng TTĐT CP"),
    ("Cục Kiểm soát thủ tục hành chính", "Cục KSTTHC"),
    ("Vụ Tổ chức công vụ", "Vụ TCCV"),
    ("Vụ Tổng hợp", "Vụ TH"),
    ("UBND tỉnh Lào Cai", "UBND Lào Cai"),
    ("UBND tỉnh Hà Giang", "UBND Hà Giang"),
    ("UBND tỉnh Yên Bái", "UBND Yên Bái"),
    ("UBND tỉnh Lai Châu", "UBND Lai Châu"),
    ("UBND tỉnh Điện Biên", "UBND Điện Biên"),
    ("UBND thành phố Đà Nẵng", "UBND Đà Nẵng"),
    ("Công đoàn Viên chức Việt Nam", "CĐVCVN"),
    ("Sở Nội vụ tỉnh Lào Cai", "SNV Lào Cai"),
]

BLOCS = [
    {
        "name": "Khối thi đua các cơ quan tham mưu tổng hợp Trung ương",
        "description": "Gồm các cơ quan tham mưu, giúp việc ở Trung ương; mỗi năm luân phiên một đơn vị làm Trưởng khối.",
        "members": ["Văn phòng Chính phủ", "Bộ Nội vụ", "Bộ Tư pháp", "Ban Thi đua – Khen thưởng Trung ương"],
        "leaders": {2022: "Bộ Tư pháp", 2023: "Bộ Nội vụ", 2024: "Văn phòng Chính phủ", 2025: "Bộ Tư pháp"},
    },
    {
        "name": "Khối thi đua các tỉnh miền núi phía Bắc",
        "description": "Các tỉnh biên giới, miền núi phía Bắc cùng ký giao ước thi đua phát triển kinh tế – xã hội.",
        "members": [
            "UBND tỉnh Lào Cai",
            "UBND tỉnh Hà Giang",
            "UBND tỉnh Yên Bái",
            "UBND tỉnh Lai Châu",
            "UBND tỉnh Điện Biên",
        ],
        "leaders": {2022: "UBND tỉnh Yên Bái", 2023: "UBND tỉnh Hà Giang", 2024: "UBND tỉnh Lào Cai"},
    },
    {
        "name": "Khối thi đua số 5 – các đơn vị thuộc Văn phòng Chính phủ",
        "description": "Các vụ, cục và đơn vị sự nghiệp thuộc Văn phòng Chính phủ.",
        "members": [
            "Cổng Thông tin điện tử Chính phủ",
            "Cục Kiểm soát thủ tục hành chính",
            "Vụ Tổ chức công vụ",
            "Vụ Tổng hợp",
        ],
        "leaders": {2023: "Vụ Tổng hợp", 2024: "Cổng Thông tin điện tử Chính phủ"},
    },
]

AUTHORS = [
    ("Minh Anh", "Phóng viên"),
    ("Thu Trang", "Phóng viên"),
    ("Nhật Minh", "Phóng viên ảnh"),
    ("Thanh Tùng", "Phóng viên"),
    ("Lan Hương", "Biên tập viên"),
    ("Quang Hiếu", "Phóng viên"),
    ("Hải Yến", "Phóng viên"),
    ("Đức Tuân", "Phóng viên thường trú"),
    ("Phương Liên", "Cộng tác viên"),
]

PHOTO_CREDITS = ["VGP/Minh Khôi", "VGP/Đức Tuân", "VGP/Hải Minh", "VGP/Thu Trang", "Nhật Minh", "Thanh Tùng"]

CAMPAIGNS = [
    {
        "slug": "van-phong-chinh-phu-chuyen-nghiep-hien-dai",
        "short_title": "VPCP hiện đại",
        "title": "Thi đua xây dựng Văn phòng Chính phủ chuyên nghiệp, hiện đại",
        "slogan": "Kỷ cương, trách nhiệm, hành động, sáng tạo, hiệu quả",
        "launching_body": "Văn phòng Chính phủ",
        "decision_reference": "Quyết định số 453/QĐ-VPCP",
        "start": (2021, 3, 15),
        "end": (2026, 12, 31),
        "org": "Văn phòng Chính phủ",
        "topic": "xây dựng cơ quan chuyên nghiệp, hiện đại",
        "blocs": ["Khối thi đua số 5 – các đơn vị thuộc Văn phòng Chính phủ"],
        "description": "<p>Phong trào hướng tới nâng cao chất lượng tham mưu, tổng hợp, bảo đảm kỷ luật, kỷ cương hành chính và ứng dụng công nghệ số trong toàn cơ quan.</p>",
    },
    {
        "slug": "chuyen-doi-so-hanh-chinh",
        "short_title": "Chuyển đổi số",
        "title": "Thi đua đẩy mạnh chuyển đổi số trong cơ quan hành chính nhà nước",
        "slogan": "Mỗi cán bộ một kỹ năng số, mỗi đơn vị một dịch vụ số",
        "launching_body": "Bộ Nội vụ",
        "decision_reference": "Quyết định số 812/QĐ-BNV",
        "start": (2022, 6, 1),
        "end": (2025, 12, 31),
        "org": "Bộ Nội vụ",
        "topic": "chuyển đổi số",
        "blocs": ["Khối thi đua các cơ quan tham mưu tổng hợp Trung ương"],
        "description": "<p>Các cơ quan thi đua số hóa hồ sơ, cung cấp dịch vụ công trực tuyến toàn trình và đào tạo kỹ năng số cho cán bộ, công chức.</p>",
    },
    {
        "slug": "lao-cai-nong-thon-moi",
        "short_title": "Nông thôn mới",
        "title": "Lào Cai thi đua xây dựng nông thôn mới giai đoạn 2021–2025",
        "slogan": "Cả tỉnh chung sức xây dựng nông thôn mới",
        "launching_body": "UBND tỉnh Lào Cai",
        "decision_reference": "Quyết định số 1127/QĐ-UBND",
        "start": (2021, 5, 10),
        "end": (2025, 12, 31),
        "org": "UBND tỉnh Lào Cai",
        "topic": "xây dựng nông thôn mới",
        "blocs": ["Khối thi đua các tỉnh miền núi phía Bắc"],
        "description": "<p>Phong trào huy động người dân, doanh nghiệp và các tổ chức cùng đóng góp làm đường giao thông, nhà văn hóa thôn bản và phát triển sinh kế.</p>",
    },
    {
        "slug": "da-nang-cai-cach-hanh-chinh",
        "short_title": "Cải cách hành chính",
        "title": "Đà Nẵng thi đua cải cách hành chính, nâng cao sự hài lòng của người dân",
        "slogan": "Người dân và doanh nghiệp là trung tâm phục vụ",
        "launching_body": "UBND thành phố Đà Nẵng",
        "decision_reference": "Quyết định số 2290/QĐ-UBND",
        "start": (2023, 2, 1),
        "end": None,
        "org": "UBND thành phố Đà Nẵng",
        "topic": "cải cách hành chính",
        "blocs": [],
        "description": "<p>Các sở, ngành thi đua rút ngắn thời gian giải quyết thủ tục hành chính và công khai kết quả đánh giá sự hài lòng hằng quý.</p>",
    },
    {
        "slug": "khoi-thi-dua-mien-nui-phia-bac",
        "short_title": "Khối miền núi",
        "title": "Khối thi đua các tỉnh miền núi phía Bắc chung sức phát triển",
        "slogan": "Đoàn kết, hợp tác, cùng phát triển",
        "launching_body": "Khối thi đua các tỉnh miền núi phía Bắc",
        "decision_reference": "Giao ước thi đua số 01/GƯTĐ-KMN",
        "start": (2022, 3, 20),
        "end": None,
        "org": "UBND tỉnh Hà Giang",
        "topic": "phát triển kinh tế – xã hội vùng biên giới",
        "blocs": ["Khối thi đua các tỉnh miền núi phía Bắc"],
        "description": "<p>Các tỉnh trong Khối thống nhất những nội dung thi đua trọng tâm về giảm nghèo bền vững, giáo dục và bảo vệ rừng.</p>",
    },
    {
        "slug": "lao-dong-gioi-lao-dong-sang-tao",
        "short_title": "Lao động sáng tạo",
        "title": "Phong trào “Lao động giỏi, lao động sáng tạo” 2019–2023",
        "slogan": "Mỗi người lao động một sáng kiến",
        "launching_body": "Công đoàn Viên chức Việt Nam",
        "decision_reference": "Kế hoạch số 36/KH-CĐVC",
        "start": (2019, 4, 1),
        "end": (2023, 12, 31),
        "org": "Công đoàn Viên chức Việt Nam",
        "topic": "lao động sáng tạo",
        "blocs": [],
        "description": "<p>Phong trào đã kết thúc; các bài viết được lưu lại để tra cứu kết quả và gương điển hình.</p>",
    },
]

DATELINES = [
    "Hà Nội",
    "Hà Nội",
    "Hà Nội",
    "Lào Cai",
    "Đà Nẵng",
    "TP. Hồ Chí Minh",
    "Hà Giang",
    "Yên Bái",
    "Huế",
]
SOURCES = ["Chinhphu.vn", "Chinhphu.vn", "Chinhphu.vn", "VGP", "Baochinhphu.vn"]

TAGS = [
    "thi đua",
    "khen thưởng",
    "khối thi đua",
    "điển hình tiên tiến",
    "chuyển đổi số",
    "cải cách hành chính",
    "nông thôn mới",
    "giao ước thi đua",
    "Huân chương Lao động",
    "Bằng khen",
    "Chiến sĩ thi đua",
    "Đảng bộ",
    "người tốt việc tốt",
    "sáng kiến",
]
CAMPAIGN_TAGS = {
    "van-phong-chinh-phu-chuyen-nghiep-hien-dai": ["thi đua", "Đảng bộ", "điển hình tiên tiến"],
    "chuyen-doi-so-hanh-chinh": ["chuyển đổi số", "sáng kiến", "thi đua"],
    "lao-cai-nong-thon-moi": ["nông thôn mới", "thi đua", "người tốt việc tốt"],
    "da-nang-cai-cach-hanh-chinh": ["cải cách hành chính", "thi đua"],
    "khoi-thi-dua-mien-nui-phia-bac": ["khối thi đua", "giao ước thi đua"],
    "lao-dong-gioi-lao-dong-sang-tao": ["sáng kiến", "Chiến sĩ thi đua"],
}

HEADLINES = [
    "{org} phát động phong trào thi đua năm {year}",
    "{bloc} ký kết giao ước thi đua năm {year}",
    "Tổng kết công tác thi đua, khen thưởng năm {year} của {org}",
    "Trao Huân chương Lao động cho {count} tập thể, cá nhân thuộc {org}",
    "Biểu dương {count} điển hình tiên tiến trong phong trào {topic}",
    "{org} sơ kết 6 tháng thực hiện phong trào thi đua {topic}",
    "Lan tỏa phong trào thi đua {topic} tại {place}",
    "Hội nghị điển hình tiên tiến {place} giai đoạn {year_from}–{year}",
    "{org}: Thi đua gắn với nhiệm vụ chính trị, lấy hiệu quả làm thước đo",
    "Tôn vinh {count} Chiến sĩ thi đua cơ sở năm {year}",
    "Đảng bộ {org} học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
    "Khen thưởng đột xuất các tập thể có thành tích xuất sắc về {topic}",
    "Tặng Bằng khen của Thủ tướng Chính phủ cho {count} tập thể tại {place}",
    "Kiểm tra chéo kết quả thi đua trong {bloc} năm {year}",
    "Những sáng kiến nhỏ, hiệu quả lớn trong phong trào {topic}",
]

SAPOS = [
    "Sáng {day}/{month}, {org} tổ chức hội nghị phát động phong trào thi đua {topic} năm {year} với sự tham gia của đại diện {count} đơn vị.",
    "Các đơn vị trong {bloc} thống nhất năm nội dung thi đua trọng tâm, gắn với việc hoàn thành nhiệm vụ chính trị được giao.",
    "Phong trào thi đua {topic} đã tạo khí thế mới, khơi dậy tinh thần chủ động, sáng tạo của cán bộ, công chức, người lao động.",
    "Năm {year}, {count} tập thể và cá nhân của {org} được đề nghị khen thưởng vì có thành tích xuất sắc trong phong trào {topic}.",
    "Tại hội nghị, lãnh đạo {org} ghi nhận những kết quả nổi bật, đồng thời chỉ ra các hạn chế cần khắc phục trong thời gian tới.",
    "Nhiều mô hình hay, cách làm sáng tạo tại {place} được nhân rộng, góp phần quan trọng vào việc hoàn thành mục tiêu phong trào {topic}.",
]

PARAGRAPHS = [
    "Phát biểu tại hội nghị, đồng chí lãnh đạo {org} nhấn mạnh: thi đua phải thiết thực, tránh hình thức; mỗi đơn vị cần xác định rõ chỉ tiêu, lộ trình và người chịu trách nhiệm.",
    "Theo báo cáo, trong năm {year}, toàn hệ thống đã có {count} sáng kiến được công nhận, trong đó nhiều sáng kiến được áp dụng rộng rãi, giúp tiết kiệm thời gian và chi phí.",
    "Các đơn vị đã ký cam kết hoàn thành chỉ tiêu trước ngày 30/11, đồng thời thực hiện chế độ báo cáo định kỳ hằng quý về kết quả thi đua.",
    "Công tác khen thưởng được thực hiện công khai, minh bạch, đúng người, đúng thành tích; chú trọng khen thưởng người lao động trực tiếp và các tập thể nhỏ.",
    "Tại {place}, phong trào đã huy động được sự tham gia đông đảo của người dân; nhiều hộ gia đình tự nguyện hiến đất, góp công làm đường giao thông nông thôn.",
    "Lãnh đạo {org} đề nghị các phòng chuyên môn xây dựng kế hoạch cụ thể, gắn trách nhiệm người đứng đầu với kết quả thực hiện phong trào.",
    "Dịp này, {count} tập thể và cá nhân có thành tích xuất sắc đã được trao Bằng khen; nhiều gương điển hình tiên tiến được giới thiệu để học tập, nhân rộng.",
    "Đại diện {bloc} cho biết, các đơn vị sẽ tăng cường trao đổi kinh nghiệm, tổ chức kiểm tra chéo và chấm điểm thi đua theo bộ tiêu chí thống nhất.",
    "Việc ứng dụng công nghệ thông tin trong quản lý hồ sơ thi đua, khen thưởng đã rút ngắn thời gian xét duyệt từ 30 ngày xuống còn 12 ngày làm việc.",
    "Đảng bộ cơ quan xác định công tác thi đua là nhiệm vụ thường xuyên, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Hội nghị cũng chỉ ra một số hạn chế: có nơi phát động còn hình thức, việc phát hiện, bồi dưỡng điển hình chưa kịp thời, khen thưởng người lao động trực tiếp còn ít.",
    "Thời gian tới, {org} sẽ tiếp tục đổi mới nội dung, hình thức thi đua, lấy kết quả thực hiện nhiệm vụ chính trị làm tiêu chí hàng đầu để đánh giá.",
    "Nhiều cán bộ trẻ đã chủ động đề xuất giải pháp số hóa quy trình nội bộ, góp phần đưa tỷ lệ hồ sơ xử lý trực tuyến đạt trên 90%.",
    "Phong trào “{topic}” được các đơn vị hưởng ứng tích cực, trở thành động lực để mỗi cán bộ, công chức nỗ lực hoàn thành tốt nhiệm vụ được giao./.",
]

QUOTES = [
    (
        "Thi đua là yêu nước, yêu nước thì phải thi đua. Mỗi việc làm tốt hôm nay là một đóng góp cho đất nước.",
        "Phát biểu tại hội nghị",
    ),
    ("Khen thưởng phải kịp thời, chính xác, lấy hiệu quả công việc làm thước đo.", "Lãnh đạo đơn vị"),
]

CAPTIONS = [
    "Lãnh đạo {org} trao Bằng khen cho các tập thể có thành tích xuất sắc",
    "Quang cảnh hội nghị phát động phong trào thi đua năm {year}",
    "Đại diện các đơn vị trong {bloc} ký giao ước thi đua",
    "Các đại biểu dự hội nghị sơ kết phong trào {topic}",
    "Cán bộ, công chức hưởng ứng phong trào thi đua tại {place}",
    "Trao tặng danh hiệu Chiến sĩ thi đua cơ sở cho các cá nhân tiêu biểu",
]
