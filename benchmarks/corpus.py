"""A benchmark corpus that reads like the column's articles, for ``make bench-search``.

Why not the demo stories: ``seed_demo --articles`` recombines a few dozen hand-written
paragraphs, so 100,000 of them hold a few hundred distinct syllables and every phrase
occurs thousands of times. An index over that is small and every posting list is long,
which flatters some engines and punishes others for the wrong reasons. News text has a
long tail: thousands of syllables, millions of distinct adjacent pairs, a name that
appears in three stories. This generator draws:

- syllables from the Vietnamese Hunspell list (npm ``dictionary-vi`` 3.0.0, GPL-2.0),
  fetched with ``npm pack`` into a cache outside the repository at bench time and never
  committed. The list holds single syllables (``an``, ``ninh``), as the language writes
  them; multi-syllable words are the column's own vocabulary (``thi đua``,
  ``cải cách hành chính``, written out below) plus compounds drawn from the list;
- words with Zipf frequencies (Zipf–Mandelbrot, s ≈ 1), function words and the
  column's vocabulary at the head, every Hunspell syllable somewhere in the tail, and
  favourite followers per word so phrases recur as they do in real text;
- named entities: people (common family, middle and given names, by frequency, with
  their office), units and agencies, the 63 provinces, communes and villages;
- articles of about 600 syllables: title, sapo (source "Chinhphu.vn" kept apart as the
  site stores it, shown "(Chinhphu.vn) - …"), dateline, paragraphs, photo captions,
  tags, byline, a publication time within the campaign's period;
- needles planted at known places so every query type has real answers (``NEEDLES``).

Everything is a function of ``(seed, article number)`` (and the campaign it is written
for), so any article can be regenerated alone and two runs load the same text.

Pure Python, no Django: ``python -m benchmarks.corpus --articles 100000`` prints the
corpus figures without a database; ``python -m benchmarks.corpus_load`` loads it
through the demo seeder's bulk path.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DICTIONARY = ("dictionary-vi", "3.0.0")
CACHE_DIR = Path(os.environ.get("THIDUA_BENCH_CACHE", Path.home() / ".cache" / "thidua-bench"))
VN = dt.timezone(dt.timedelta(hours=7))
CORPUS_START = dt.datetime(2019, 1, 1, 8, 0, tzinfo=VN)
CORPUS_END = dt.datetime(2026, 6, 30, 18, 0, tzinfo=VN)  # fixed, so reruns give the same times

TOKEN = re.compile(r"\w+")

# --- needles: planted where the benchmark knows to look --------------------------
COMMON_PHRASE = "thi đua"  # the column's own vocabulary: in nearly every article
RARE_NAME = "Lò Thị Xuyến"  # only in the articles numbered RARE_NAME_AT
RARE_NAME_AT = (3, 1_777, 6_001, 42_424, 77_777, 99_001)
FOUR_WORDS = "tiết kiệm điện năng"  # one article in 50 (number % 50 == 7)
FOUR_WORDS_EVERY = (50, 7)
UNACCENTED = "khen thưởng đột xuất"  # typed without accents by the benchmark; one article in 40
UNACCENTED_EVERY = (40, 11)
# Syllables kept out of the drawn vocabulary so the rare name cannot occur by chance.
RESERVED = frozenset({"xuyến"})


def planted(number):
    """The needles article ``number`` carries."""
    needles = set()
    if number in RARE_NAME_AT:
        needles.add("rare_name")
    if number % FOUR_WORDS_EVERY[0] == FOUR_WORDS_EVERY[1]:
        needles.add("four_words")
    if number % UNACCENTED_EVERY[0] == UNACCENTED_EVERY[1]:
        needles.add("unaccented")
    return needles


# --- the lexicon -------------------------------------------------------------------
def hunspell_syllables(cache_dir=None):
    """Lower-case syllables of the Vietnamese Hunspell list, fetched once with ``npm pack``.

    Upper-case entries (acronyms such as HTML, a few names) are left out: the generator
    writes its own names and units.
    """
    cache_dir = Path(cache_dir or CACHE_DIR)
    name, version = DICTIONARY
    dic = cache_dir / f"{name}-{version}" / "index.dic"
    if not dic.exists():
        _fetch_dictionary(cache_dir, dic)
    lines = dic.read_text(encoding="utf-8").splitlines()[1:]  # first line: the entry count
    return sorted({unicodedata.normalize("NFC", w) for w in lines if w and w == w.lower() and w.isalpha()})


def _fetch_dictionary(cache_dir, dic):
    name, version = DICTIONARY
    if shutil.which("npm") is None:
        raise RuntimeError(f"Cần npm để tải từ điển {name}@{version} (hoặc đặt sẵn {dic}).")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", scratch, "--silent"],
            check=True,
            capture_output=True,
            timeout=300,
        )
        (archive,) = Path(scratch).glob("*.tgz")
        target = dic.parent
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            for member in ("package/index.dic", "package/license"):
                data = tar.extractfile(member).read()
                (target / Path(member).name).write_bytes(data)


# --- words and entities written out (the column's vocabulary) ------------------------
FUNCTION_WORDS = [
    "của", "và", "các", "có", "được", "trong", "là", "cho", "những", "với", "đã", "này", "không", "một", "về",
    "để", "từ", "theo", "đến", "tại", "khi", "cũng", "như", "nhiều", "đó", "sẽ", "ra", "còn", "vào", "trên",
    "đang", "cùng", "qua", "nhằm", "mà", "thì", "bị", "do", "nên", "nhưng", "lại", "rất", "hơn", "đều", "vẫn",
    "mới", "bằng", "sau", "trước", "giữa", "hay", "hoặc", "việc", "số", "lần", "thêm", "luôn", "ngay", "chỉ",
    "chưa", "nữa", "rằng", "vì", "tới", "bởi", "gồm", "mỗi", "toàn", "từng",
]  # fmt: skip
GENERAL_WORDS = [
    "người", "công việc", "cuộc sống", "thời gian", "hiện nay", "bên cạnh đó", "đặc biệt", "ngoài ra", "có thể",
    "cần", "phải", "tạo", "giúp", "đưa", "đạt", "tăng", "giảm", "hỗ trợ", "bảo đảm", "tích cực", "chủ động",
    "kịp thời", "rõ rệt", "mạnh mẽ", "đồng bộ", "toàn diện", "cụ thể", "thiết thực", "ý nghĩa", "quan trọng",
    "cơ bản", "thường xuyên", "hằng năm", "đồng thời", "từ đó", "thông qua", "trên địa bàn", "tỉnh", "huyện",
    "xã", "thành phố", "Trung ương", "cơ sở", "cấp", "ngành", "lĩnh vực", "vấn đề", "nội dung", "hình thức",
    "phương châm", "quy định", "tiêu chí", "tiêu chuẩn", "điều kiện", "khó khăn", "thách thức", "hạn chế",
    "nguyên nhân", "bài học", "định hướng", "thời gian tới", "năm nay", "năm qua", "tháng", "đợt", "dịp",
    "kỷ niệm", "ngày", "truyền thống", "vinh dự", "phấn khởi", "tự hào", "trân trọng", "chúc mừng", "phát biểu",
    "nhấn mạnh", "cho biết", "khẳng định", "yêu cầu", "mong muốn", "kêu gọi", "động viên", "khích lệ",
    "hưởng ứng", "tham gia", "tham dự", "chủ trì", "báo cáo", "thảo luận", "cả nước", "toàn quốc", "toàn dân",
    "hệ thống chính trị", "đất nước", "người có công", "gia đình chính sách", "trẻ em", "người cao tuổi",
    "hộ gia đình", "sản phẩm", "thu hút", "tạo điều kiện", "việc làm", "đời sống", "vật chất", "pháp luật",
    "chính sách", "nước", "nhà", "đường", "mô hình", "cách làm", "hay", "sáng", "chiều", "lớn", "nhỏ", "tốt",
]  # fmt: skip

DOMAIN_WORDS = [
    "thi đua", "khen thưởng", "phong trào", "cán bộ", "đơn vị", "thực hiện", "công tác", "cơ quan",
    "địa phương", "phát triển", "nhiệm vụ", "xây dựng", "triển khai", "tổ chức", "hiệu quả", "tập thể",
    "cá nhân", "người dân", "kinh tế", "xã hội", "chất lượng", "nâng cao", "đẩy mạnh", "tiếp tục",
    "tăng cường", "công chức", "viên chức", "người lao động", "đảng viên", "chính quyền", "nhân dân",
    "thành tích", "xuất sắc", "điển hình", "tiên tiến", "kế hoạch", "chỉ tiêu", "tổng kết", "sơ kết",
    "hội nghị", "phát động", "giao ước", "biểu dương", "tôn vinh", "lan tỏa", "đổi mới", "sáng tạo",
    "sáng kiến", "kinh nghiệm", "chuyển đổi số", "cải cách", "hành chính", "thủ tục", "nông thôn mới",
    "Bằng khen", "Giấy khen", "Huân chương", "lao động", "danh hiệu", "Chiến sĩ thi đua", "Cờ thi đua",
    "khối thi đua", "cụm thi đua", "chuyên nghiệp", "hiện đại", "kỷ cương", "trách nhiệm", "hành động",
    "an sinh", "giảm nghèo", "bền vững", "an ninh", "quốc phòng", "trật tự", "giáo dục", "đào tạo", "y tế",
    "doanh nghiệp", "đầu tư", "hạ tầng", "giao thông", "môi trường", "văn hóa", "dân tộc thiểu số",
    "vùng sâu", "vùng xa", "biên giới", "khởi nghiệp", "dịch vụ công", "trực tuyến", "một cửa",
    "liên thông", "số hóa", "dữ liệu", "nghị quyết", "chỉ thị", "quyết định", "kết quả", "mục tiêu",
    "giải pháp", "chương trình", "đề án", "dự án", "hoạt động", "cộng đồng", "gia đình", "thanh niên",
    "phụ nữ", "cựu chiến binh", "nông dân", "công nhân", "học sinh", "giáo viên", "bác sĩ", "chiến sĩ",
    "lực lượng vũ trang", "tinh thần", "ý thức", "vai trò", "trọng tâm", "đột phá", "năng suất",
    "tiết kiệm", "chống lãng phí", "minh bạch", "công khai", "đoàn kết", "thống nhất", "lãnh đạo",
    "chỉ đạo", "điều hành", "quản lý", "kiểm tra", "giám sát", "đánh giá", "xét tặng", "đề nghị",
    "trao tặng", "truy tặng", "ghi nhận", "đóng góp", "cống hiến", "gương mẫu", "nêu gương", "học tập",
    "làm theo", "tư tưởng", "đạo đức", "phong cách", "Hồ Chí Minh", "yêu nước", "Tổ quốc", "Đảng",
    "Nhà nước", "Chính phủ", "Thủ tướng", "Quốc hội", "Mặt trận Tổ quốc", "Đảng bộ", "chi bộ",
    "công đoàn", "đoàn viên", "hội viên", "năm học", "sản xuất", "kinh doanh", "thu nhập", "ngân sách",
    "nguồn lực", "nông nghiệp", "công nghiệp", "du lịch", "thương mại", "xuất khẩu", "hợp tác xã",
    "khu dân cư", "hộ nghèo", "nhà ở", "nước sạch", "trường học", "trạm y tế", "nhà văn hóa",
    "người tốt việc tốt", "giao ước thi đua", "thi đua yêu nước", "chính phủ số", "đào tạo nghề",
]  # fmt: skip

FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5), ("Vũ", 3.9),
    ("Đặng", 2.1), ("Bùi", 2), ("Võ", 2), ("Huỳnh", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Đinh", 0.8), ("Lý", 0.5), ("Đoàn", 0.5), ("Hà", 0.5), ("Đào", 0.5), ("Trương", 0.6),
    ("Mai", 0.4), ("Cao", 0.4), ("Lương", 0.4), ("Tạ", 0.3), ("Lâm", 0.3), ("Triệu", 0.2), ("Tô", 0.2),
    ("Vương", 0.2), ("Thái", 0.2), ("Chu", 0.2), ("Kiều", 0.1), ("Quách", 0.1), ("Tăng", 0.1),
    ("Giàng", 0.1), ("Hầu", 0.05), ("Sùng", 0.05), ("Vàng", 0.05), ("Khuất", 0.05), ("Lục", 0.05),
]  # fmt: skip
MIDDLE_MALE = [
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Anh", "Trọng", "Đình",
    "Quốc", "Mạnh", "Tuấn", "Việt", "Thế", "Bá", "Duy", "Tiến",
]  # fmt: skip
MIDDLE_FEMALE = [
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Thùy", "Phương", "Diệu", "Bích",
    "Mỹ", "Hải", "Thúy", "Lan",
]  # fmt: skip
GIVEN_MALE = [
    "Hùng", "Dũng", "Minh", "Tuấn", "Hải", "Nam", "Long", "Sơn", "Thắng", "Cường", "Quang", "Hưng", "Trung",
    "Bình", "Phong", "Khánh", "Hoàng", "Đức", "Thành", "Tùng", "Hiếu", "Hòa", "Lâm", "Việt", "Quân", "Toàn",
    "Vinh", "Khoa", "Phúc", "Thịnh", "Tâm", "Huy", "Kiên", "Đạt", "Tiến", "Lợi", "Chiến", "Thuận", "Tài",
    "Nghĩa", "Bảo", "An", "Tú", "Hiển", "Lộc", "Định", "Khải", "Trí", "Thông", "Chung", "Hậu",
]  # fmt: skip
GIVEN_FEMALE = [
    "Lan", "Hương", "Hoa", "Mai", "Hằng", "Hà", "Linh", "Trang", "Thảo", "Ngọc", "Nga", "Yến", "Phương", "Thủy",
    "Huyền", "Vân", "Hạnh", "Dung", "Loan", "Nhung", "Oanh", "Quyên", "Thư", "Anh", "Liên", "Hồng", "Hiền",
    "Tâm", "Giang", "Uyên", "Nhi", "Châu", "Diệp", "Thoa", "Xuân", "Mơ", "Thắm", "Duyên", "Ly", "Hòa",
]  # fmt: skip

PROVINCES = [
    "Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang", "Bà Rịa – Vũng Tàu",
    "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
    "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip
CITIES = {"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
MINISTRIES = [
    "Nội vụ", "Tư pháp", "Tài chính", "Giáo dục và Đào tạo", "Y tế", "Công Thương", "Xây dựng",
    "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Kế hoạch và Đầu tư", "Ngoại giao",
    "Lao động – Thương binh và Xã hội", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch", "Khoa học và Công nghệ", "Quốc phòng", "Công an",
]  # fmt: skip
DEPARTMENTS = [
    "Nội vụ", "Tư pháp", "Tài chính", "Giáo dục và Đào tạo", "Y tế", "Công Thương", "Xây dựng",
    "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Kế hoạch và Đầu tư",
    "Lao động – Thương binh và Xã hội", "Tài nguyên và Môi trường", "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch", "Khoa học và Công nghệ",
]  # fmt: skip
PROVINCIAL_UNITS = [
    "UBND {kind} {p}", "Sở {d} {kind} {p}", "Công an {kind} {p}", "Liên đoàn Lao động {kind} {p}",
    "Ban Thi đua – Khen thưởng {kind} {p}", "Hội Nông dân {kind} {p}", "Hội Liên hiệp Phụ nữ {kind} {p}",
    "Bộ Chỉ huy Quân sự {kind} {p}", "Kho bạc Nhà nước {p}", "Bệnh viện Đa khoa {kind} {p}",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {kind} {p}", "Đoàn Thanh niên {kind} {p}", "Cục Thuế {kind} {p}",
]  # fmt: skip
LOCAL_UNITS = ["UBND xã {x}", "UBND huyện {x}", "Trường THPT {x}", "Trường Tiểu học {x}", "Trạm Y tế xã {x}",
               "Hợp tác xã {x}", "Chi bộ thôn {x}", "Đồn Biên phòng {x}", "Công ty cổ phần {x}"]  # fmt: skip
OFFICES = [
    "Chủ tịch UBND {kind} {p}", "Phó Chủ tịch UBND {kind} {p}", "Bí thư {party} {p}", "Giám đốc Sở {d}",
    "Trưởng ban Thi đua – Khen thưởng {kind} {p}", "Bộ trưởng Bộ {m}", "Thứ trưởng Bộ {m}",
    "Chủ tịch Liên đoàn Lao động {kind} {p}", "Bí thư Chi bộ thôn {x}", "Hiệu trưởng Trường THPT {x}",
    "Trưởng Công an xã {x}", "Giám đốc Hợp tác xã {x}", "Phó Thủ tướng Chính phủ",
]  # fmt: skip
# Syllables communes and villages are named with (Tân Phú, Hòa An…); one in three names takes a drawn syllable.
PLACE_SYLLABLES = [
    "Tân", "Phú", "An", "Hòa", "Bình", "Thạnh", "Phước", "Long", "Mỹ", "Đông", "Tây", "Nam", "Bắc", "Trung",
    "Hưng", "Thịnh", "Vĩnh", "Thuận", "Đức", "Thanh", "Quảng", "Xuân", "Hồng", "Minh", "Sơn", "Lộc", "Yên",
    "Cẩm", "Kim", "Ngọc", "Hải", "Lâm", "Tiên", "Hiệp", "Nghĩa", "Lợi", "Trường", "Phong", "Hà", "Lạc", "Định",
    "Quang",
]  # fmt: skip
EVENTS = [
    "Hội nghị tổng kết", "Lễ phát động", "Hội nghị sơ kết", "Lễ ký kết giao ước thi đua", "Lễ biểu dương",
    "Hội nghị điển hình tiên tiến", "Lễ trao tặng danh hiệu", "Lễ tuyên dương", "Đại hội thi đua yêu nước",
]  # fmt: skip
AWARDS = [
    "Bằng khen của Thủ tướng Chính phủ", "Huân chương Lao động hạng Ba", "Huân chương Lao động hạng Nhì",
    "Cờ thi đua của Chính phủ", "danh hiệu Chiến sĩ thi đua toàn quốc", "Bằng khen của Bộ trưởng",
    "Giấy khen của Chủ tịch UBND huyện", "danh hiệu Tập thể lao động xuất sắc", "Kỷ niệm chương",
]  # fmt: skip
TIMES_OF_DAY = ["Sáng", "Chiều", "Tối", "Ngày", "Sáng nay", "Chiều qua"]
TAG_WORDS = [
    "Thi đua yêu nước", "Khen thưởng", "Chuyển đổi số", "Cải cách hành chính", "Nông thôn mới",
    "Điển hình tiên tiến", "Người tốt việc tốt", "Chiến sĩ thi đua", "Khối thi đua", "Giảm nghèo bền vững",
    "Bằng khen", "Huân chương Lao động", "Sáng kiến", "Khởi nghiệp", "Dịch vụ công trực tuyến",
    "An sinh xã hội", "Dân tộc thiểu số", "Biên giới", "Giáo dục", "Y tế", "Doanh nghiệp", "Thanh niên",
    "Phụ nữ", "Cựu chiến binh", "Công đoàn", "Đảng bộ", "Văn hóa", "Môi trường", "Tiết kiệm",
    "Khen thưởng đột xuất", "Giao ước thi đua", "Học tập và làm theo Bác", "Lao động sáng tạo",
]  # fmt: skip

P_ENTITY = 0.045  # per chunk: a name, unit, place or figure instead of a word
P_FOLLOW = 0.30  # the next word is one of the previous word's favourite followers
P_COMMA = 0.07
ZIPF_S = 1.03
ZIPF_Q = 2.7
COMPOUNDS = 20_000
BODY_SYLLABLES = 600


def fold(text):
    """Accents and đ off, lower case: what a reader types without a Vietnamese keyboard."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def syllable_count(text):
    return len(TOKEN.findall(text))


@dataclass
class Article:
    number: int
    title: str
    dateline: str
    source: str
    sapo: str
    paragraphs: list
    captions: list
    tags: list
    byline: str
    published_at: dt.datetime
    needles: set = field(default_factory=set)

    @property
    def sapo_as_printed(self):
        return f"({self.source}) - {self.sapo}"

    def streams(self):
        """Each searchable field as one text, tags one by one: adjacency never crosses a field."""
        yield self.title
        yield self.sapo
        yield "\n".join(self.paragraphs + self.captions)
        yield from self.tags
        yield self.byline

    def text(self):
        return "\n".join(self.streams())


class Corpus:
    def __init__(self, syllables, seed=2024):
        self.seed = seed
        rng = random.Random(f"corpus-vocabulary-{seed}")
        syllables = sorted(set(syllables) - RESERVED)
        if not syllables:
            raise ValueError("empty lexicon")
        self.lexicon = syllables
        head = []
        for row in itertools.zip_longest(FUNCTION_WORDS, DOMAIN_WORDS, GENERAL_WORDS):
            head.extend(w for w in row if w and w not in head)
        # Compounds: syllables drawn with their own skew (productive syllables make many words).
        productive = syllables[:]
        rng.shuffle(productive)
        syllable_weights = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(len(productive))))
        seen = set(head)
        compounds = []
        while len(compounds) < COMPOUNDS:
            size = rng.choices((2, 3, 4), weights=(80, 15, 5))[0]
            word = " ".join(rng.choices(productive, cum_weights=syllable_weights, k=size))
            if word not in seen and not RESERVED.intersection(word.split()):
                seen.add(word)
                compounds.append(word)
        tail = [s for s in syllables if s not in seen] + compounds
        rng.shuffle(tail)
        self.words = head + tail
        self.word_syllables = [syllable_count(w) for w in self.words]
        self.cum_weights = list(itertools.accumulate(1 / (r + ZIPF_Q) ** ZIPF_S for r in range(len(self.words))))
        indices = range(len(self.words))
        self.followers = [rng.choices(indices, cum_weights=self.cum_weights, k=3) for _ in indices]
        self.domain = [self.words.index(w) for w in DOMAIN_WORDS]  # titles lean on the column's words
        self.family_names = [name for name, _ in FAMILY_NAMES]
        self.family_weights = list(itertools.accumulate(weight for _, weight in FAMILY_NAMES))
        self.places = self._places(rng)
        self.reporters = self._reporters(rng)
        self.tags = TAG_WORDS + PROVINCES + [f"Bộ {m}" for m in MINISTRIES]
        self.tag_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.tags))))

    @classmethod
    def from_hunspell(cls, seed=2024, cache_dir=None):
        return cls(hunspell_syllables(cache_dir), seed=seed)

    # --- names -------------------------------------------------------------------
    def _places(self, rng):
        """Commune and village names: two syllables, mostly the usual ones, sometimes any syllable."""
        names = set()
        while len(names) < 3000:
            first = rng.choice(PLACE_SYLLABLES)
            second = rng.choice(PLACE_SYLLABLES) if rng.random() < 0.6 else rng.choice(self.lexicon).capitalize()
            if first != second:
                names.add(f"{first} {second}")
        return sorted(names)

    def _reporters(self, rng):
        names = set()
        while len(names) < 240:
            person = self.person(rng)
            names.add(person if rng.random() < 0.4 else " ".join(person.split()[-2:]))
        return sorted(names)

    def person(self, rng, with_gender=False):
        """A full name (family, middle, given; one in eight has two middle names), by frequency."""
        family = rng.choices(self.family_names, cum_weights=self.family_weights)[0]
        female = rng.random() < 0.5
        middle, given = (MIDDLE_FEMALE, GIVEN_FEMALE) if female else (MIDDLE_MALE, GIVEN_MALE)
        parts = [family, rng.choice(middle)]
        if rng.random() < 0.12:
            parts.append(rng.choice(middle[3:] if female else middle))
        parts.append(rng.choice(given))
        name = " ".join(dict.fromkeys(parts))  # never "Thị Thị"
        return (name, female) if with_gender else name

    def place(self, rng):
        return rng.choice(self.places)

    def _slots(self, rng):
        province = rng.choice(PROVINCES)
        return {
            "p": province,
            "kind": "thành phố" if province in CITIES else "tỉnh",
            "party": "Thành ủy" if province in CITIES else "Tỉnh ủy",
            "d": rng.choice(DEPARTMENTS),
            "m": rng.choice(MINISTRIES),
            "x": self.place(rng),
        }

    def unit(self, rng):
        if rng.random() < 0.15:
            return f"Bộ {rng.choice(MINISTRIES)}"
        template = rng.choice(PROVINCIAL_UNITS if rng.random() < 0.6 else LOCAL_UNITS)
        return template.format(**self._slots(rng))

    def official(self, rng):
        name, female = self.person(rng, with_gender=True)
        office = rng.choice(OFFICES).format(**self._slots(rng))
        honorific = rng.choice(("đồng chí", "bà" if female else "ông"))
        return f"{honorific} {name}, {office}"

    def figure(self, rng, year):
        n = rng.randint(2, 980)
        return rng.choice(
            (
                f"năm {year}",
                f"{n} tập thể",
                f"{n} cá nhân",
                f"{rng.randint(1, 99)},{rng.randint(1, 9)}%",
                f"ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}/{year}",
                f"Quyết định số {n}/QĐ-{rng.choice(('TTg', 'UBND', 'BNV', 'VPCP'))}",
                f"{n} tỷ đồng",
                f"{n} hộ",
                f"giai đoạn {year - 5}–{year}",
            )
        )

    def entity(self, rng, year):
        roll = rng.random()
        if roll < 0.25:
            return self.official(rng)
        if roll < 0.55:
            return self.unit(rng)
        if roll < 0.75:
            return rng.choice(("xã", "thôn", "bản", "phường", "huyện")) + " " + self.place(rng)
        return self.figure(rng, year)

    # --- text ----------------------------------------------------------------------
    def sentence(self, rng, target, year, draws):
        """About ``target`` syllables; ``draws`` is an iterator of pre-drawn word indices."""
        parts, count, previous = [], 0, None
        while count < target:
            roll = rng.random()
            if roll < P_ENTITY:
                text = self.entity(rng, year)
                count += syllable_count(text)
                previous = None
            else:
                word = rng.choice(self.followers[previous]) if previous is not None and roll < P_FOLLOW else next(draws)
                text = self.words[word]
                count += self.word_syllables[word]
                previous = word
            if parts and rng.random() < P_COMMA:
                parts[-1] += ","
            parts.append(text)
        return _capitalise(" ".join(parts)) + "."

    def _draws(self, rng):
        while True:
            yield from rng.choices(range(len(self.words)), cum_weights=self.cum_weights, k=256)

    def article(self, number, campaign=None):
        """Article ``number`` (from 0). ``campaign`` (a ``news.demo.content.CAMPAIGNS`` entry, optional)
        sets the period and lends its unit and topic to the sapo."""
        rng = random.Random(self.seed * 1_000_003 + number)
        draws = self._draws(rng)
        published_at = self._published_at(rng, campaign)
        year = published_at.year
        needles = planted(number)

        title = self._title(rng, year, draws)
        when = f"{rng.choice(TIMES_OF_DAY)} {published_at.day}/{published_at.month}"
        host = campaign["org"] if campaign and rng.random() < 0.5 else self.unit(rng)
        topic = f" {campaign['topic']}" if campaign and rng.random() < 0.5 else ""
        sapo = (
            f"{when}, tại {rng.choice(PROVINCES)}, {host} tổ chức {rng.choice(EVENTS).lower()} phong trào thi đua"
            f"{topic} năm {year}. " + self.sentence(rng, rng.randint(25, 40), year, draws)
        )
        paragraphs, total = [], 0
        target = int(rng.gauss(BODY_SYLLABLES, 60))
        while total < target:
            sentences = [self.sentence(rng, rng.randint(15, 35), year, draws) for _ in range(rng.randint(2, 5))]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            total += syllable_count(paragraph)
        if "rare_name" in needles:
            place = self.place(rng)
            paragraphs.insert(
                1,
                f"Đồng chí {RARE_NAME}, Bí thư Chi bộ bản {place}, tỉnh Lai Châu, được tặng "
                f"{rng.choice(AWARDS)} vì có thành tích xuất sắc trong phong trào thi đua giai đoạn "
                f"{year - 5}–{year}.",
            )
        if "four_words" in needles:
            at = rng.randrange(len(paragraphs))
            paragraphs[at] += f" {self.unit(rng)} đã áp dụng nhiều giải pháp {FOUR_WORDS} trong {year}."
        if "unaccented" in needles:
            at = rng.randrange(len(paragraphs))
            paragraphs[at] += f" {_capitalise(self.official(rng))} được {UNACCENTED} vì thành tích trong năm {year}."
        captions = [
            f"{_capitalise(self.official(rng))} trao {rng.choice(AWARDS)} cho {self.unit(rng)}."
            for _ in range(rng.randint(1, 2))
        ]
        tags = []
        for tag in rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.randint(2, 5)):
            if tag not in tags:
                tags.append(tag)
        return Article(
            number=number,
            title=title,
            dateline=rng.choice(PROVINCES),
            source=rng.choices(("Chinhphu.vn", "VGP", "Baochinhphu.vn"), weights=(8, 1, 1))[0],
            sapo=sapo,
            paragraphs=paragraphs,
            captions=captions,
            tags=tags,
            byline=rng.choice(self.reporters),
            published_at=published_at,
            needles=needles,
        )

    def _title(self, rng, year, draws):
        words = []
        if rng.random() < 0.45:
            words.append(self.unit(rng) if rng.random() < 0.6 else rng.choice(PROVINCES))
        count = sum(syllable_count(w) for w in words)
        target = rng.randint(10, 18)
        while count < target:
            index = rng.choice(self.domain) if rng.random() < 0.5 else next(draws)
            words.append(self.words[index])
            count += self.word_syllables[index]
        if rng.random() < 0.3:
            words.append(f"năm {year}")
        return _capitalise(" ".join(words))

    def _published_at(self, rng, campaign):
        start, end = CORPUS_START, CORPUS_END
        if campaign:
            start = max(start, dt.datetime(*campaign["start"], 8, 0, tzinfo=VN))
            if campaign.get("end"):
                end = min(end, dt.datetime(*campaign["end"], 18, 0, tzinfo=VN))
        days = max((end - start).days, 1)
        moment = start.replace(hour=0, minute=0) + dt.timedelta(days=rng.randrange(days))
        return moment + dt.timedelta(hours=rng.randint(6, 21), minutes=rng.randrange(60))


def _capitalise(text):
    return text[:1].upper() + text[1:]


# --- counting distinct syllables and pairs ---------------------------------------------
class TextCounter:
    """Distinct syllables and distinct adjacent syllable pairs over many texts.

    Syllables are ``\\w+`` runs of the lower-cased text, accents kept ("unfolded"); the
    folded counts (accents and đ off, as readers type) are kept beside them. Pairs do not
    cross a text's end (a field). At 100,000 articles there are tens of millions of pairs:
    they are kept as 64-bit codes, deduplicated in sorted NumPy arrays, merged every
    ``merge_every`` codes, so memory stays near the number of distinct pairs.
    """

    def __init__(self, merge_every=4_000_000):
        self.merge_every = merge_every
        self.ids = {}
        self.folded_of = []  # id → folded id
        self.folded_ids = {}
        self.tokens = 0
        self._pending = {"unfolded": [], "folded": []}
        self._pending_size = 0
        self._pairs = {"unfolded": np.empty(0, np.int64), "folded": np.empty(0, np.int64)}

    def add(self, text):
        ids = []
        for token in TOKEN.findall(text.lower()):
            number = self.ids.get(token)
            if number is None:
                number = self.ids[token] = len(self.ids)
                self.folded_of.append(self.folded_ids.setdefault(fold(token), len(self.folded_ids)))
            ids.append(number)
        self.tokens += len(ids)
        if len(ids) < 2:
            return
        unfolded = np.array(ids, dtype=np.int64)
        folded = np.fromiter((self.folded_of[i] for i in ids), dtype=np.int64, count=len(ids))
        self._pending["unfolded"].append((unfolded[:-1] << 32) | unfolded[1:])
        self._pending["folded"].append((folded[:-1] << 32) | folded[1:])
        self._pending_size += len(ids) - 1
        if self._pending_size >= self.merge_every:
            self._merge()

    def add_article(self, article):
        for text in article.streams():
            self.add(text)

    def _merge(self):
        for kind, chunks in self._pending.items():
            if chunks:
                self._pairs[kind] = np.union1d(self._pairs[kind], np.concatenate(chunks))
                chunks.clear()
        self._pending_size = 0

    def figures(self):
        self._merge()
        return {
            "tokens": self.tokens,
            "syllables": len(self.ids),
            "syllables_folded": len(self.folded_ids),
            "pairs": int(self._pairs["unfolded"].size),
            "pairs_folded": int(self._pairs["folded"].size),
        }


def grouped(value):
    """1.234.567, as Vietnamese writes it."""
    return f"{value:,}".replace(",", ".")


def describe(figures):
    return (
        f"{grouped(figures['syllables'])} âm tiết khác nhau ({grouped(figures['syllables_folded'])} khi bỏ dấu), "
        f"{grouped(figures['pairs'])} cặp âm tiết liền nhau khác nhau ({grouped(figures['pairs_folded'])} khi bỏ dấu), "
        f"{grouped(figures['tokens'])} âm tiết tất cả"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description="Sinh kho văn bản đo tìm kiếm (không cần cơ sở dữ liệu).")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--show", type=int, action="append", default=[], help="In bài số N.")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    corpus = Corpus.from_hunspell(seed=args.seed)
    print(f"Từ điển: {grouped(len(corpus.lexicon))} âm tiết Hunspell, {grouped(len(corpus.words))} từ Zipf.")
    for shown in args.show:
        article = corpus.article(shown)
        print(f"--- bài {shown}: {article.title}\n({article.source}) - {article.sapo}")
        print("\n".join(article.paragraphs + article.captions))
        print(f"Thẻ: {', '.join(article.tags)} · {article.byline} · {article.published_at:%d/%m/%Y %H:%M}")
    counter = TextCounter()
    started = time.perf_counter()
    for number in range(args.articles):
        counter.add_article(corpus.article(number))
    figures = counter.figures()
    seconds = time.perf_counter() - started
    print(f"{grouped(args.articles)} bài trong {seconds:.1f} s: {describe(figures)}.")
    if args.json_path:
        with open(args.json_path, "a", encoding="utf-8") as handle:
            record = {"kind": "corpus_text", "articles": args.articles, "seed": args.seed, **figures}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
