"""What the extractor knows about Vietnamese official documents (Hướng dẫn 36-HD/VPTW, NĐ 30/2020).

Vocabulary only; no text of any particular document. Document types and their codes, and
Party issuer codes, are in `vietnamese` (shared with the index and the web app).
"""
from __future__ import annotations

# Words that open the name of a body in the left header column. A header line that opens
# with one starts a new body (superior, then issuer); any other line continues the one
# above ('ỦY BAN NHÂN DÂN TỈNH LÀO' / 'CAI').
ORGAN_OPENERS = (
    "ĐẢNG BỘ", "ĐẢNG ỦY", "ĐẢNG ĐOÀN", "BAN CÁN SỰ", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY",
    "QUẬN ỦY", "THỊ ỦY", "XÃ ỦY", "CHI BỘ", "BAN CHẤP HÀNH", "BAN THƯỜNG VỤ", "BỘ CHÍNH TRỊ",
    "BAN BÍ THƯ", "BAN", "ỦY BAN", "UBND", "HĐND", "HỘI ĐỒNG", "BỘ", "TỔNG CỤC", "CỤC",
    "CHI CỤC", "VỤ", "VIỆN", "SỞ", "PHÒNG", "VĂN PHÒNG", "CHÍNH PHỦ", "THỦ TƯỚNG", "QUỐC HỘI",
    "CHỦ TỊCH", "TÒA ÁN", "TOÀ ÁN", "THANH TRA", "KIỂM TOÁN", "KHO BẠC", "NGÂN HÀNG",
    "TRUNG TÂM", "TRƯỜNG", "HỌC VIỆN", "ĐẠI HỌC", "BỆNH VIỆN", "CÔNG TY", "TỔNG CÔNG TY",
    "TẬP ĐOÀN", "CÔNG AN", "BỘ CHỈ HUY", "BỘ TƯ LỆNH", "BỘ ĐỘI", "MẶT TRẬN", "LIÊN ĐOÀN",
    "HỘI", "ĐOÀN", "TỈNH ĐOÀN", "THÀNH ĐOÀN", "HUYỆN ĐOÀN", "ĐẢNG ỦY KHỐI", "BẢO HIỂM",
    "ĐÀI", "BÁO", "TẠP CHÍ", "NHÀ XUẤT BẢN", "CỔNG", "BAN QUẢN LÝ",
    "QUÂN KHU", "QUÂN ĐOÀN", "SƯ ĐOÀN", "LỮ ĐOÀN", "TRUNG ĐOÀN", "ĐỒN", "CHI NHÁNH",
    "HỢP TÁC XÃ", "HIỆP HỘI", "QUỸ", "NHÀ MÁY", "XÍ NGHIỆP", "ĐẠI SỨ QUÁN", "TỔNG LIÊN ĐOÀN",
    "KIỂM SÁT", "HẢI QUAN", "CẢNH SÁT",
)

# Canonical capitals used to give back lost or wrong diacritics in header, title and
# signature lines when the folded letters agree exactly. Longer phrases first.
CAPS_PHRASES: tuple[str, ...] = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC",
    "BAN CHẤP HÀNH TRUNG ƯƠNG", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ỦY BAN KIỂM TRA",
    "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "BỘ CHÍNH TRỊ", "BAN BÍ THƯ", "BAN TỔ CHỨC",
    "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BAN TUYÊN GIÁO", "BAN DÂN VẬN", "BAN NỘI CHÍNH",
    "BAN KINH TẾ", "ĐẢNG BỘ", "ĐẢNG ỦY", "ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG", "TỈNH ỦY",
    "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "CHI BỘ", "VĂN PHÒNG CHÍNH PHỦ",
    "VĂN PHÒNG TRUNG ƯƠNG ĐẢNG", "VĂN PHÒNG", "THỦ TƯỚNG CHÍNH PHỦ", "CHÍNH PHỦ", "QUỐC HỘI",
    "CHỦ TỊCH NƯỚC", "TỔNG CỤC", "CHI CỤC", "CỤC", "SỞ", "BỘ", "TỈNH", "THÀNH PHỐ", "HUYỆN",
    "QUẬN", "THỊ XÃ", "PHƯỜNG", "THỊ TRẤN", "TRUNG ƯƠNG", "KHỐI CÁC CƠ QUAN", "CƠ QUAN",
    "DOANH NGHIỆP", "MẶT TRẬN TỔ QUỐC", "TÒA ÁN NHÂN DÂN", "VIỆN KIỂM SÁT NHÂN DÂN",
    "NGÂN HÀNG NHÀ NƯỚC", "THANH TRA", "KIỂM TOÁN NHÀ NƯỚC", "KHO BẠC NHÀ NƯỚC", "BẢO HIỂM XÃ HỘI",
    "CÔNG AN", "QUÂN SỰ", "BỘ CHỈ HUY", "BỘ TƯ LỆNH", "NHÂN DÂN", "VIỆT NAM",
    "CÔNG THƯƠNG", "XÂY DỰNG", "QUỐC PHÒNG", "NỘI VỤ", "TÀI CHÍNH", "NGOẠI GIAO", "TƯ PHÁP",
    "GIÁO DỤC VÀ ĐÀO TẠO", "Y TẾ", "KHOA HỌC VÀ CÔNG NGHỆ", "VĂN HÓA, THỂ THAO VÀ DU LỊCH",
    "NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "TÀI NGUYÊN VÀ MÔI TRƯỜNG", "GIAO THÔNG VẬN TẢI", "KẾ HOẠCH VÀ ĐẦU TƯ",
    "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "THÔNG TIN VÀ TRUYỀN THÔNG", "DÂN TỘC VÀ TÔN GIÁO",
    "DÂN TỘC", "HÓA CHẤT", "PHÁT TRIỂN", "NÔNG THÔN", "NÔNG NGHIỆP", "MÔI TRƯỜNG",
    "TÀI NGUYÊN", "ĐẦU TƯ", "KẾ HOẠCH", "GIAO THÔNG", "VẬN TẢI", "KHOA HỌC", "CÔNG NGHỆ",
    "GIÁO DỤC", "ĐÀO TẠO", "VĂN HÓA", "THỂ THAO", "DU LỊCH", "LAO ĐỘNG", "THƯƠNG BINH",
    "XÃ HỘI", "THÔNG TIN", "TRUYỀN THÔNG", "TỔ CHỨC", "KIỂM TRA", "QUẢN LÝ", "THỊ TRƯỜNG",
    "XUẤT NHẬP KHẨU", "HẢI QUAN", "THỐNG KÊ", "NỘI VỤ", "QUÂN ĐỘI", "QUÂN KHU", "BIÊN PHÒNG",
    "CẢNH SÁT", "AN NINH", "HÀNH CHÍNH", "SỰ NGHIỆP", "CÔNG LẬP", "ĐÔ THỊ", "NHÀ NƯỚC",
    "ĐẠI HỌC", "HỌC VIỆN", "BỆNH VIỆN", "TRUNG TÂM", "CHẤP HÀNH", "ĐOÀN THANH NIÊN",
    "CỘNG SẢN HỒ CHÍ MINH", "PHỤ NỮ", "NÔNG DÂN", "CỰU CHIẾN BINH", "LIÊN ĐOÀN LAO ĐỘNG",
    # Signature titles and authorities.
    "PHÓ BÍ THƯ THƯỜNG TRỰC", "TỔNG BÍ THƯ", "PHÓ BÍ THƯ", "BÍ THƯ", "THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ THỦ TƯỚNG", "THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
    "PHÓ TỔNG CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CỤC TRƯỞNG",
    "PHÓ VỤ TRƯỞNG", "VỤ TRƯỞNG", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC",
    "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN", "PHÓ CHỦ NHIỆM", "CHỦ NHIỆM", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG",
    "TRƯỞNG PHÒNG", "TỔNG THƯ KÝ", "THƯ KÝ", "THỪA LỆNH", "THỪA ỦY QUYỀN",
    # Type lines.
    "CHƯƠNG TRÌNH HÀNH ĐỘNG", "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "KẾT LUẬN", "QUY ĐỊNH",
    "QUY CHẾ", "HƯỚNG DẪN", "THÔNG BÁO", "THÔNG TRI", "BÁO CÁO", "KẾ HOẠCH", "CHƯƠNG TRÌNH",
    "TỜ TRÌNH", "CÔNG VĂN", "BIÊN BẢN", "QUY TRÌNH", "ĐỀ ÁN", "NGHỊ ĐỊNH", "THÔNG TƯ",
    "LIÊN TỊCH", "CÔNG ĐIỆN", "GIẤY MỜI", "PHƯƠNG ÁN", "PHÁP LỆNH",
)

# Provinces and central cities, before and after the 2025 reorganisation, and older ones.
PROVINCES = (
    "HÀ NỘI", "HỒ CHÍ MINH", "HẢI PHÒNG", "ĐÀ NẴNG", "CẦN THƠ", "HUẾ", "THỪA THIÊN HUẾ",
    "LÀO CAI", "YÊN BÁI", "HÀ GIANG", "TUYÊN QUANG", "CAO BẰNG", "LẠNG SƠN", "BẮC KẠN",
    "THÁI NGUYÊN", "PHÚ THỌ", "VĨNH PHÚC", "HÒA BÌNH", "SƠN LA", "ĐIỆN BIÊN", "LAI CHÂU",
    "BẮC GIANG", "BẮC NINH", "QUẢNG NINH", "HẢI DƯƠNG", "HƯNG YÊN", "THÁI BÌNH", "HÀ NAM",
    "NAM ĐỊNH", "NINH BÌNH", "THANH HÓA", "NGHỆ AN", "HÀ TĨNH", "QUẢNG BÌNH", "QUẢNG TRỊ",
    "QUẢNG NAM", "QUẢNG NGÃI", "BÌNH ĐỊNH", "PHÚ YÊN", "KHÁNH HÒA", "NINH THUẬN",
    "BÌNH THUẬN", "KON TUM", "GIA LAI", "ĐẮK LẮK", "ĐẮK NÔNG", "LÂM ĐỒNG", "BÌNH PHƯỚC",
    "TÂY NINH", "BÌNH DƯƠNG", "ĐỒNG NAI", "BÀ RỊA - VŨNG TÀU", "LONG AN", "TIỀN GIANG",
    "BẾN TRE", "TRÀ VINH", "VĨNH LONG", "ĐỒNG THÁP", "AN GIANG", "KIÊN GIANG", "HẬU GIANG",
    "SÓC TRĂNG", "BẠC LIÊU", "CÀ MAU", "QUẢNG NAM - ĐÀ NẴNG", "HÀ TUYÊN", "HÀ SƠN BÌNH",
    "NGHỆ TĨNH", "BÌNH TRỊ THIÊN", "NGHĨA BÌNH", "PHÚ KHÁNH", "THUẬN HẢI", "SÔNG BÉ",
    "CỬU LONG", "HẬU GIANG", "MINH HẢI", "HÀ NAM NINH", "HẢI HƯNG", "BẮC THÁI", "HOÀNG LIÊN SƠN",
    "VĨNH PHÚ", "HÀ BẮC",
)

CAPS_PHRASES = CAPS_PHRASES + PROVINCES

SECRECY = {"mat": "MẬT", "toi mat": "TỐI MẬT", "tuyet mat": "TUYỆT MẬT"}
URGENCY = {"khan": "KHẨN", "thuong khan": "THƯỢNG KHẨN", "hoa toc": "HỎA TỐC"}

# The opening of a signing-authority line (T/M, TM., K/T, KT., T/L, TL., TUQ., Q.),
# matched on folded text.
AUTHORITY_PREFIX = r"(?:t\s*[/.]\s*m\b\.?|tm\b\.?|k\s*[/.]\s*t\b\.?|kt\b\.?|t\s*[/.]\s*l\b\.?" \
    r"|tl\b\.?|t\.?\s*u\.?\s*q\b\.?|tuq\b\.?|q\.|q/|thua lenh|thua uy quyen)"

# Signers' titles, printed under the authority line.
SIGNER_TITLES = (
    "BÍ THƯ", "PHÓ BÍ THƯ", "TỔNG BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "CHỦ TỊCH NƯỚC", "PHÓ CHỦ TỊCH NƯỚC", "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG",
    "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "VỤ TRƯỞNG",
    "PHÓ VỤ TRƯỞNG", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "VIỆN TRƯỞNG",
    "PHÓ VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "TỔNG THƯ KÝ", "CHÁNH ÁN", "PHÓ CHÁNH ÁN", "VIỆN TRƯỞNG", "TƯ LỆNH", "PHÓ TƯ LỆNH",
    "CHÍNH ỦY", "ỦY VIÊN", "THƯỜNG TRỰC", "TRƯỞNG ĐOÀN", "GIÁM ĐỐC SỞ",
)

# Ranks and degrees printed before a signer's name.
NAME_PREFIXES = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá",
    "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "GS.TS.", "PGS.TS.", "GS.", "PGS.", "TS.", "ThS.", "BS.", "KTS.", "Ls.", "Nhà giáo",
)

# Common family names, for repairing the first word of a signer's name.
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Vương", "Trương", "Trịnh", "Đinh", "Lâm", "Mai", "Tô", "Hà",
    "Đào", "Lương", "Cao", "Đoàn", "Tạ", "Văn", "Chu", "Lưu", "Thái", "Quách", "Triệu", "Hứa",
    "Kiều", "Tống", "Châu", "Khúc", "Từ", "Nông", "Lò", "Lục", "Giàng", "Thào", "La", "Y",
)

# Middle names, for repairing a tone mark misread in the middle of a signer's name
# ('Trần Vẫn Hùng' is 'Trần Văn Hùng'). General Vietnamese naming, most common first.
MIDDLE_NAMES = (
    "Văn", "Thị", "Hữu", "Đức", "Công", "Quang", "Minh", "Ngọc", "Thanh", "Xuân", "Hoàng",
    "Quốc", "Anh", "Duy", "Trung", "Hồng", "Kim", "Bá", "Đình", "Phước", "Phúc", "Tấn",
    "Tiến", "Mạnh", "Thế", "Gia", "Trọng", "Khắc", "Huy", "Như", "Bảo", "Thu", "Thùy", "Hải",
    "Phương", "Diệu", "Mỹ", "Nhật", "Viết", "Sỹ", "Sĩ", "Đăng", "Chí", "Hoài", "Thành",
    "Tuấn", "Việt", "Phú", "Nguyên", "Tô", "Thái", "Vĩnh", "Đại", "Cao", "Lệ", "Bích",
)

# Given names (the last word of a name), for the same repair. A misread word is put right
# only when exactly one name here has its letters; otherwise it is flagged for review.
GIVEN_NAMES = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Long", "Nam", "Sơn", "Thắng", "Hiền", "Hà",
    "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Ngọc", "Phương", "Anh", "Bình",
    "Cường", "Đức", "Giang", "Hiếu", "Hòa", "Hoàng", "Huy", "Khánh", "Lâm", "Lộc", "Nghĩa",
    "Phúc", "Quang", "Quân", "Tâm", "Thành", "Thanh", "Thịnh", "Toàn", "Trung", "Tú", "Tùng",
    "Việt", "Vinh", "Vũ", "Hậu", "Hưng", "Khoa", "Kiên", "Lợi", "Mạnh", "Nhân", "Phong",
    "Sáng", "Tài", "Thái", "Thọ", "Tiến", "Trí", "Tuyết", "Vân", "Yến", "Châu", "Chi",
    "Dung", "Dương", "Hạnh", "Hằng", "Hiệp", "Hồng", "Huệ", "Hường", "Liên", "Loan", "Nga",
    "Nhung", "Oanh", "Quyên", "Quỳnh", "Thu", "Thúy", "Thủy", "Trà", "Uyên", "Xuân", "Bích",
    "Cúc", "Diệp", "Điệp", "Hảo", "Hân", "Hiển", "Khải", "Lực", "Luân", "Lương", "Ninh",
    "Phát", "Quý", "Sang", "Tân", "Thạch", "Thiện", "Thuận", "Tín", "Triều", "Trọng",
    "Trường", "Tuệ", "Tường", "Vĩnh", "Vượng", "Đạt", "Định", "Đông", "Hào", "Khang",
    "Khiêm", "Lập", "Lĩnh", "Nguyên", "Phước", "Quế", "Quốc", "Quyết", "Sỹ", "Thông",
    "Thường", "Tịnh", "Toản", "Trinh", "Tuân", "Tuyên", "Bảo", "Chiến", "Công", "Cư", "Diễn",
    "Duy", "Đạo", "Hiến", "Hiệu", "Hội", "Kiệt", "Luận", "Mến", "Nhàn", "Nhật", "Phụng",
    "Quảng", "Tạo", "Thịnh", "Thơ", "Thuần", "Tố", "Trâm", "Tuyền", "Vy", "Yên",
)
