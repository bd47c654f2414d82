"""Original Vietnamese official documents used to make the sample scans.

Every text here was written for this project: the places and central documents cited are
real, the local documents, numbers and people are invented. Several documents cite each
other (a Công văn cites a Chỉ thị of the set, a Kế hoạch cites a Nghị quyết of the set), so
the citation graph of the sample set is not empty.

Body paragraphs use a tiny markup that the renderer understands:
    plain text          justified paragraph with a first-line indent
    "**lead** rest"     the lead words in bold, the rest regular
    "# text"            a bold paragraph (section heading)
    "## text"           a bold centred line (chapter, "QUYẾT ĐỊNH:")
    "_ text"            an italic paragraph (the "Căn cứ" lines of State documents)
    "= text"            an unjustified line indented to the middle ("Kính gửi:")
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PARTY = "party"
STATE = "state"


@dataclass(frozen=True)
class Document:
    id: str
    family: str  # PARTY or STATE
    superior: str  # body above the issuer in the header, "" when none is printed
    issuer: str
    number: str
    symbol: str  # as printed after "Số", e.g. "12-NQ/HU", "2345/QĐ-UBND"
    type_name: str  # printed type line in capitals; "" for a công văn
    subject: str  # trích yếu printed under the type line; "" for a công văn
    cv_subject: str  # the "V/v ..." line of a công văn; "" otherwise
    place: str
    date: str  # ISO 8601
    body: tuple[str, ...]
    signer_authority: str  # lines joined by "\n", e.g. "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    classification: str = ""  # MẬT, TỐI MẬT, TUYỆT MẬT
    urgency: str = ""  # KHẨN, THƯỢNG KHẨN, HỎA TỐC
    typewriter: bool = False  # produced on a typewriter: monospaced, unjustified
    font: str = "liberation"  # serif family of fonts.txt
    pad_date: bool = True  # "ngày 05 tháng 02" rather than "ngày 5 tháng 2"
    old_tone: bool = False  # old tone placement in fixed header text: "CỘNG HOÀ"

    @property
    def doc_type(self) -> str:
        """The printed type line in sentence case, 'Công văn' when there is none."""
        if not self.type_name:
            return "Công văn"
        return self.type_name[0] + self.type_name[1:].lower()

    @property
    def number_line(self) -> str:
        # Party numbers carry no colon (Hướng dẫn 36-HD/VPTW), State ones do (NĐ 30/2020).
        return f"Số {self.symbol}" if self.family == PARTY else f"Số: {self.symbol}"

    @property
    def date_line(self) -> str:
        year, month, day = (int(p) for p in self.date.split("-"))
        if self.pad_date:
            return f"{self.place}, ngày {day:02d} tháng {month:02d} năm {year}"
        return f"{self.place}, ngày {day} tháng {month} năm {year}"

    def meta(self) -> dict[str, str]:
        """Metadata in the key order of the devset truth records."""
        return {
            "family": self.family,
            "superior": self.superior,
            "issuer": self.issuer,
            "number": self.number,
            "symbol": self.symbol,
            "doc_type": self.doc_type,
            "type_name": self.type_name,
            "place": self.place,
            "date": self.date,
            "subject": self.subject,
            "cv_subject": self.cv_subject,
            "signer_authority": self.signer_authority,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "classification": self.classification,
            "urgency": self.urgency,
        }


_MARKUP = re.compile(r"^(## |# |_ |= )")


def plain(paragraph: str) -> str:
    """A body paragraph without its markup, as it is printed."""
    return _MARKUP.sub("", paragraph).replace("**", "")


DOCUMENTS: tuple[Document, ...] = (
    Document(
        id="s01",
        family=PARTY,
        superior="ĐẢNG BỘ TỈNH QUẢNG NAM",
        issuer="HUYỆN ỦY NAM GIANG",
        number="12",
        symbol="12-NQ/HU",
        type_name="NGHỊ QUYẾT",
        subject=(
            "về phát triển kinh tế rừng gắn với giảm nghèo bền vững "
            "trên địa bàn huyện giai đoạn 2016 - 2020"
        ),
        cv_subject="",
        place="Nam Giang",
        date="2016-01-20",
        body=(
            "Thực hiện Nghị quyết Đại hội Đảng bộ huyện lần thứ XVIII, nhiệm kỳ 2015 - 2020 và "
            "Nghị quyết số 26-NQ/TW ngày 05/8/2008 của Ban Chấp hành Trung ương Đảng (khóa X) về "
            "nông nghiệp, nông dân, nông thôn; ngày 15/01/2016, Ban Thường vụ Huyện ủy đã họp, "
            "thảo luận và thống nhất ban hành Nghị quyết về phát triển kinh tế rừng gắn với giảm "
            "nghèo bền vững, như sau:",
            "# I. TÌNH HÌNH VÀ NGUYÊN NHÂN",
            "Huyện có tổng diện tích tự nhiên 184.292 ha, trong đó đất lâm nghiệp chiếm trên 90%; "
            "đồng bào Cơ Tu, Gié Triêng, Ve chiếm 76% dân số. Những năm qua, việc giao đất, giao "
            "rừng cho hộ gia đình và cộng đồng thôn được triển khai tích cực; nhiều mô hình trồng "
            "keo, quế, mây nước và chăn nuôi bò dưới tán rừng bước đầu cho thu nhập ổn định. Tỷ lệ "
            "hộ nghèo giảm từ 58,4% (năm 2010) xuống còn 39,7% (năm 2015).",
            "Tuy nhiên, kinh tế rừng phát triển chưa tương xứng với tiềm năng; sản xuất còn manh "
            "mún, chủ yếu bán nguyên liệu thô; tình trạng khai thác gỗ trái phép, phát rừng làm "
            "rẫy vẫn còn xảy ra ở một số xã biên giới. Nguyên nhân chủ yếu là một số cấp ủy, chính "
            "quyền cơ sở chưa thật sự quan tâm lãnh đạo, chỉ đạo; nguồn lực đầu tư còn phân tán.",
            "# II. MỤC TIÊU ĐẾN NĂM 2020",
            "- Trồng mới 3.500 ha rừng sản xuất, trong đó 500 ha cây gỗ lớn; khoanh nuôi, bảo vệ "
            "98.000 ha rừng tự nhiên; giữ vững độ che phủ rừng trên 72%.",
            "- Thu nhập từ rừng chiếm từ 35% trở lên trong tổng thu nhập của hộ đồng bào dân tộc "
            "thiểu số; mỗi xã có ít nhất một tổ hợp tác lâm nghiệp hoạt động hiệu quả.",
            "- Tỷ lệ hộ nghèo giảm bình quân 4 - 5%/năm theo chuẩn nghèo tiếp cận đa chiều.",
            "# III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU",
            "1. Tăng cường sự lãnh đạo của cấp ủy, sự quản lý của chính quyền. Các chi bộ, đảng bộ "
            "cơ sở cụ thể hóa Nghị quyết phù hợp với từng thôn, bản; phân công cấp ủy viên phụ "
            "trách địa bàn, gắn kết quả thực hiện với đánh giá, xếp loại đảng viên hằng năm.",
            "2. Hoàn thành giao đất, giao rừng gắn với cấp giấy chứng nhận quyền sử dụng đất lâm "
            "nghiệp; thực hiện đầy đủ chính sách chi trả dịch vụ môi trường rừng theo Nghị định số "
            "99/2010/NĐ-CP ngày 24/9/2010 của Chính phủ.",
            "3. Quy hoạch vùng nguyên liệu tập trung dọc Quốc lộ 14D và đường Hồ Chí Minh; khuyến "
            "khích doanh nghiệp liên kết bao tiêu sản phẩm; phát triển cây dược liệu dưới tán rừng "
            "như ba kích, đẳng sâm, sa nhân tím.",
            "4. Vận động đồng bào định canh, định cư, không phát rừng làm rẫy; phát huy vai trò "
            "già làng, người có uy tín; xử lý nghiêm các hành vi vi phạm pháp luật về bảo vệ rừng.",
            "# IV. TỔ CHỨC THỰC HIỆN",
            "1. Ủy ban nhân dân huyện xây dựng kế hoạch, bố trí nguồn lực thực hiện Nghị quyết; "
            "hằng năm báo cáo kết quả với Ban Thường vụ Huyện ủy.",
            "2. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam "
            "huyện tổ chức quán triệt Nghị quyết đến cán bộ, đảng viên và Nhân dân.",
            "3. Ủy ban Kiểm tra Huyện ủy giúp Ban Thường vụ kiểm tra, giám sát việc thực hiện; "
            "định kỳ 6 tháng báo cáo tiến độ.",
            "Nghị quyết này được phổ biến đến chi bộ.",
        ),
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name="Bríu Văn Quân",
        recipients=(
            "- Tỉnh ủy Quảng Nam (b/c),",
            "- Các ban đảng Tỉnh ủy,",
            "- Các đồng chí Huyện ủy viên,",
            "- Các chi, đảng bộ trực thuộc,",
            "- Lưu Văn phòng Huyện ủy.",
        ),
    ),
    Document(
        id="s02",
        family=PARTY,
        superior="",
        issuer="TỈNH ỦY QUẢNG NAM",
        number="31",
        symbol="31-CT/TU",
        type_name="CHỈ THỊ",
        subject=(
            "về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống thiên tai "
            "và tìm kiếm cứu nạn"
        ),
        cv_subject="",
        place="Tam Kỳ",
        date="2019-06-14",
        body=(
            "Những năm gần đây, thiên tai trên địa bàn tỉnh diễn biến ngày càng cực đoan: bão, áp "
            "thấp nhiệt đới, lũ quét và sạt lở đất xảy ra dồn dập, nhất là ở các huyện miền núi "
            "phía Tây. Riêng năm 2017, cơn bão số 12 làm 9 người chết, hơn 4.000 ngôi nhà bị hư "
            "hại; tổng thiệt hại ước trên 1.850 tỷ đồng.",
            "Thực hiện Luật Phòng, chống thiên tai năm 2013 và Nghị quyết số 76/NQ-CP ngày "
            "18/6/2018 của Chính phủ về công tác phòng, chống thiên tai, các cấp ủy, chính quyền "
            "đã chủ động xây dựng phương án ứng phó theo phương châm “bốn tại chỗ” (chỉ huy tại "
            "chỗ; lực lượng tại chỗ; vật tư, phương tiện tại chỗ; hậu cần tại chỗ). Tuy vậy, "
            "công tác dự báo, cảnh báo sớm còn hạn chế; nhiều khu dân cư vẫn nằm trong vùng nguy "
            "cơ sạt lở cao nhưng chậm được di dời; ý thức tự phòng, tránh của một bộ phận Nhân dân "
            "chưa cao.",
            "Để nâng cao hiệu quả công tác phòng, chống thiên tai, giảm đến mức thấp nhất thiệt "
            "hại về người và tài sản, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, "
            "chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội thực hiện tốt một số "
            "nhiệm vụ sau:",
            "**1.** Quán triệt sâu sắc quan điểm phòng ngừa là chính; xác định phòng, chống thiên "
            "tai là nhiệm vụ thường xuyên, cấp bách của cả hệ thống chính trị. Người đứng đầu cấp "
            "ủy, chính quyền chịu trách nhiệm trước Ban Thường vụ Tỉnh ủy nếu để xảy ra thiệt hại "
            "về người do chủ quan, thiếu trách nhiệm.",
            "**2.** Rà soát, cập nhật phương án ứng phó với từng cấp độ rủi ro thiên tai; hoàn "
            "thành trước ngày 31/8 hằng năm. Ưu tiên bố trí vốn di dời 1.200 hộ dân ra khỏi vùng "
            "sạt lở ở các huyện Nam Trà My, Bắc Trà My, Phước Sơn, Tây Giang.",
            "**3.** Củng cố lực lượng xung kích phòng, chống thiên tai cấp xã; tổ chức diễn tập "
            "sơ tán dân, tìm kiếm cứu nạn ít nhất hai năm một lần; bảo đảm thông tin liên lạc "
            "thông suốt đến thôn, bản trong mọi tình huống.",
            "**4.** Quản lý chặt chẽ việc vận hành hồ chứa thủy điện, thủy lợi theo quy trình liên "
            "hồ trên lưu vực sông Vu Gia - Thu Bồn; kiên quyết xử lý các chủ hồ xả lũ sai quy "
            "trình, không thông báo kịp thời cho chính quyền vùng hạ du.",
            "**5.** Đẩy mạnh tuyên truyền, phổ biến kiến thức phòng, tránh thiên tai trên Báo "
            "Quảng Nam, Đài Phát thanh - Truyền hình tỉnh và hệ thống loa truyền thanh cơ sở; đưa "
            "nội dung này vào sinh hoạt chi bộ định kỳ.",
            "**6.** Đảng đoàn Hội đồng nhân dân tỉnh, Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh "
            "đạo cụ thể hóa Chỉ thị thành kế hoạch, chương trình hành động; bố trí ngân sách dự "
            "phòng phù hợp. Ban Tuyên giáo Tỉnh ủy hướng dẫn tuyên truyền; Ủy ban Kiểm tra Tỉnh "
            "ủy kiểm tra, giám sát việc thực hiện.",
            "Chỉ thị này được phổ biến đến chi bộ; các huyện ủy, thị ủy, thành ủy, đảng ủy trực "
            "thuộc báo cáo kết quả thực hiện trước ngày 15/12 hằng năm.",
        ),
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC",
        signer_name="Phan Thị Thu Hằng",
        recipients=(
            "- Ban Bí thư Trung ương Đảng (b/c),",
            "- Ban Chỉ đạo Trung ương về PCTT,",
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các huyện, thị, thành ủy, đảng ủy trực thuộc,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ),
        font="dejavu",
    ),
    Document(
        id="s03",
        family=PARTY,
        superior="",
        issuer="TỈNH UỶ QUẢNG NAM - ĐÀ NẴNG",
        number="47",
        symbol="47-TB/TU",
        type_name="THÔNG BÁO",
        subject="ý kiến của Ban Thường vụ Tỉnh uỷ về củng cố cơ sở đảng ở các xã miền núi",
        cv_subject="",
        place="Đà Nẵng",
        date="1994-03-09",
        body=(
            "Ngày 04 tháng 3 năm 1994, Ban Thường vụ Tỉnh uỷ nghe Ban Tổ chức Tỉnh uỷ báo cáo "
            "kết quả khảo sát tình hình tổ chức cơ sở đảng ở 42 xã thuộc các huyện Hiên, Giằng, "
            "Phước Sơn, Trà My. Sau khi thảo luận, Ban Thường vụ Tỉnh uỷ có ý kiến như sau:",
            "1. Qua hai năm thực hiện Quyết định số 72-HĐBT ngày 13/3/1990 của Hội đồng Bộ "
            "trưởng về một số chủ trương, chính sách cụ thể phát triển kinh tế - xã hội miền "
            "núi, đời sống đồng bào từng bước được cải thiện; đường giao thông, trạm xá, trường "
            "học được xây dựng ở nhiều xã. Song còn 9 xã chưa có chi bộ độc lập, 14 thôn chưa có "
            "đảng viên; đội ngũ cán bộ xã thiếu và yếu, phần lớn chưa qua đào tạo.",
            "2. Để khắc phục, Ban Thường vụ Tỉnh uỷ thống nhất: mỗi huyện miền núi chọn cử ít "
            "nhất 10 cán bộ trẻ, là người dân tộc tại chỗ, đi học lớp sơ cấp lý luận chính trị "
            "trong năm 1994; các huyện đồng bằng kết nghĩa giúp đỡ các xã miền núi về cán bộ, "
            "giống cây trồng và kinh nghiệm làm thuỷ lợi nhỏ.",
            "3. Các huyện uỷ miền núi chú trọng phát triển đảng viên trong thanh niên, phụ nữ "
            "và già làng có uy tín; bảo đảm đến cuối năm 1995 không còn xã trắng đảng viên. Việc "
            "kết nạp phải đúng nguyên tắc, không chạy theo số lượng.",
            "4. Giao Ban Tổ chức Tỉnh uỷ phối hợp với Ban Dân vận, Ban Tuyên giáo hướng dẫn các "
            "huyện thực hiện; đồng thời nghiên cứu chế độ phụ cấp cho cán bộ thôn, bản, trình "
            "Thường trực Tỉnh uỷ trước ngày 30/5/1994.",
            "5. Uỷ ban nhân dân tỉnh cân đối kinh phí xây dựng nhà làm việc cho đảng uỷ các xã "
            "còn khó khăn; ưu tiên các xã biên giới giáp nước Cộng hoà dân chủ nhân dân Lào.",
            "Đây là nhiệm vụ quan trọng, góp phần thực hiện Nghị quyết Hội nghị lần thứ năm Ban "
            "Chấp hành Trung ương Đảng (khoá VII) về tiếp tục đổi mới và phát triển kinh tế - xã "
            "hội nông thôn. Ban Thường vụ Tỉnh uỷ yêu cầu các huyện uỷ, đảng uỷ trực thuộc "
            "nghiêm túc triển khai và báo cáo kết quả về Ban Tổ chức Tỉnh uỷ.",
        ),
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Lê Đình Khiêm",
        recipients=(
            "- Thường trực Tỉnh uỷ,",
            "- Các huyện uỷ miền núi,",
            "- Ban Tổ chức, Ban Dân vận TU,",
            "- Lưu VP.",
        ),
        typewriter=True,
        pad_date=True,
        old_tone=True,
    ),
    Document(
        id="s04",
        family=PARTY,
        superior="ĐẢNG BỘ TỈNH QUẢNG NAM",
        issuer="HUYỆN ỦY ĐẠI LỘC",
        number="85",
        symbol="85-KL/HU",
        type_name="KẾT LUẬN",
        subject=(
            "của Ban Thường vụ Huyện ủy về rà soát, bổ sung quy hoạch cán bộ "
            "nhiệm kỳ 2020 - 2025 và xây dựng quy hoạch nhiệm kỳ 2025 - 2030"
        ),
        cv_subject="",
        place="Đại Lộc",
        date="2021-11-05",
        body=(
            "Tại phiên họp ngày 02/11/2021, sau khi nghe Ban Tổ chức Huyện ủy báo cáo kết quả "
            "rà soát quy hoạch cán bộ thuộc diện Ban Thường vụ Huyện ủy quản lý, Ban Thường vụ "
            "Huyện ủy kết luận như sau:",
            "**1.** Công tác quy hoạch cán bộ thời gian qua được thực hiện cơ bản đúng quy trình "
            "theo Quy định số 105-QĐ/TW ngày 19/12/2017 của Ban Chấp hành Trung ương về phân cấp "
            "quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử. Tỷ lệ cán bộ nữ trong quy "
            "hoạch đạt 27,3%, cán bộ trẻ dưới 40 tuổi đạt 31,8%; chất lượng nguồn cán bộ từng "
            "bước được nâng lên.",
            "Tuy nhiên, một số cơ quan, địa phương còn giới thiệu nguồn theo kiểu “cơ cấu cho đủ”, "
            "thiếu cán bộ dự nguồn có năng lực nổi trội; quy hoạch chức danh chủ chốt ở các xã "
            "Đại Sơn, Đại Hồng, Đại Tân còn mỏng; việc luân chuyển cán bộ quy hoạch về cơ sở chưa "
            "nhiều.",
            "**2.** Thống nhất đưa ra khỏi quy hoạch 6 đồng chí do không còn đủ tuổi, sức khỏe "
            "hoặc bị xử lý kỷ luật; bổ sung 11 đồng chí vào quy hoạch các chức danh trưởng, phó "
            "phòng, ban, ngành và bí thư, chủ tịch các xã, thị trấn (có danh sách kèm theo, không "
            "phổ biến rộng rãi).",
            "**3.** Việc xây dựng quy hoạch nhiệm kỳ 2025 - 2030 phải bảo đảm tính mở và động; "
            "mỗi chức danh quy hoạch từ 2 đến 3 người, một người không quy hoạch quá 3 chức danh. "
            "Tiêu chuẩn chính trị được đặt lên hàng đầu: cán bộ quy hoạch phải gương mẫu thực hiện "
            "Quy định số 05-QĐi/HU ngày 18/3/2020 của Ban Thường vụ Huyện ủy về trách nhiệm nêu "
            "gương của cán bộ, đảng viên.",
            "**4.** Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Ủy ban Kiểm tra Huyện ủy thẩm "
            "định tiêu chuẩn chính trị của nhân sự đề xuất bổ sung; hoàn chỉnh hồ sơ, trình Ban "
            "Thường vụ Huyện ủy phê duyệt trước ngày 15/12/2021. Hồ sơ quy hoạch được quản lý "
            "theo chế độ tài liệu mật.",
            "**5.** Các chi, đảng bộ trực thuộc tổ chức lấy phiếu giới thiệu nguồn công khai, dân "
            "chủ; người đứng đầu cấp ủy chịu trách nhiệm về nhân sự do tập thể mình giới thiệu. "
            "Kịp thời báo cáo những trường hợp có dư luận hoặc đơn thư phản ánh để xem xét, xử lý "
            "theo quy định.",
            "Ban Thường vụ Huyện uỷ yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện Kết luận này.",
        ),
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_title="BÍ THƯ",
        signer_name="Trương Công Hậu",
        recipients=(
            "- Ban Tổ chức Tỉnh ủy (b/c),",
            "- Thường trực Huyện ủy,",
            "- Ban Tổ chức, UBKT Huyện ủy,",
            "- Lưu Văn phòng Huyện ủy.",
        ),
        classification="MẬT",
    ),
    Document(
        id="s05",
        family=PARTY,
        superior="",
        issuer="TỈNH ỦY QUẢNG NAM",
        number="18",
        symbol="18-CTr/TU",
        type_name="CHƯƠNG TRÌNH HÀNH ĐỘNG",
        subject=(
            "thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng "
            "khóa XIII về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"
        ),
        cv_subject="",
        place="Tam Kỳ",
        date="2022-10-25",
        pad_date=False,
        body=(
            "Thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 Hội nghị lần thứ năm Ban Chấp hành "
            "Trung ương Đảng khóa XIII (sau đây gọi tắt là Nghị quyết 19), Ban Chấp hành Đảng bộ "
            "tỉnh xây dựng Chương trình hành động với những nội dung sau:",
            "# I. MỤC TIÊU",
            "Đến năm 2030, tốc độ tăng trưởng giá trị sản xuất nông, lâm, thủy sản đạt bình quân "
            "3,0 - 3,5%/năm; thu nhập của cư dân nông thôn tăng ít nhất 2,5 lần so với năm 2020; "
            "tỷ lệ lao động nông nghiệp giảm xuống dưới 25%; trên 80% số xã đạt chuẩn nông thôn "
            "mới, trong đó 40% đạt chuẩn nâng cao; có ít nhất 8 đơn vị cấp huyện hoàn thành nhiệm "
            "vụ xây dựng nông thôn mới.",
            "# II. NHIỆM VỤ, GIẢI PHÁP",
            "**1. Đổi mới tư duy phát triển kinh tế nông nghiệp.** Chuyển mạnh từ sản xuất sản "
            "phẩm nông nghiệp sang kinh tế nông nghiệp; tích hợp đa giá trị, gắn chuỗi sản xuất "
            "với chế biến và tiêu thụ. Hình thành vùng chuyên canh lúa chất lượng cao ở Điện Bàn, "
            "Duy Xuyên, Thăng Bình; vùng rau an toàn Trà Quế (Hội An); vùng sâm Ngọc Linh và dược "
            "liệu dưới tán rừng ở Nam Trà My.",
            "**2. Phát triển nông thôn hiện đại, sáng - xanh - sạch - đẹp.** Ưu tiên đầu tư hạ "
            "tầng thiết yếu ở các xã miền núi, vùng bãi ngang ven biển; bảo đảm phát triển hài "
            "hòa giữa nông thôn và đô thị; bảo tồn cảnh quan làng quê; mỗi xã có ít nhất một sản "
            "phẩm OCOP từ 3 sao trở lên.",
            "**3. Nâng cao đời sống vật chất, tinh thần của nông dân.** Đào tạo nghề cho khoảng "
            "20.000 lao động nông thôn mỗi năm; phát huy vai trò Hội Nông dân trong tư vấn, hỗ trợ "
            "nông dân liên kết sản xuất, tiếp cận tín dụng và thương mại điện tử.",
            "**4. Ứng dụng khoa học, công nghệ và chuyển đổi số.** Xây dựng cơ sở dữ liệu số về "
            "đất đai, vùng trồng, mã số vùng nuôi; khuyến khích doanh nghiệp đầu tư nông nghiệp "
            "công nghệ cao, nông nghiệp hữu cơ, kinh tế tuần hoàn.",
            "**5. Quản lý tài nguyên, bảo vệ môi trường, thích ứng với biến đổi khí hậu.** Kiểm "
            "soát chặt việc chuyển đổi đất trồng lúa, đất rừng; xử lý triệt để rác thải nông "
            "thôn; nâng cấp hệ thống đê, kè chống sạt lở bờ sông Thu Bồn, sông Trường Giang.",
            "# III. TỔ CHỨC THỰC HIỆN",
            "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc xây dựng kế hoạch thực hiện phù "
            "hợp với địa phương, đơn vị. Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo cụ thể hóa "
            "thành đề án, dự án; Ban Tuyên giáo Tỉnh ủy hướng dẫn học tập, quán triệt; Ủy ban "
            "Kiểm tra Tỉnh ủy định kỳ giám sát. Chương trình hành động này được phổ biến đến chi "
            "bộ.",
        ),
        signer_authority="T/M TỈNH ỦY",
        signer_title="BÍ THƯ",
        signer_name="Nguyễn Đức Thắng",
        recipients=(
            "- Ban Bí thư (b/c),",
            "- Ban Kinh tế Trung ương,",
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các sở, ban, ngành, hội đoàn thể tỉnh,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ),
        font="noto",
    ),
    Document(
        id="s06",
        family=PARTY,
        superior="ĐẢNG BỘ TỈNH QUẢNG NAM",
        issuer="HUYỆN ỦY ĐẠI LỘC",
        number="05",
        symbol="05-QĐi/HU",
        type_name="QUY ĐỊNH",
        subject="về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu",
        cv_subject="",
        place="Đại Lộc",
        date="2020-03-18",
        body=(
            "- Căn cứ Điều lệ Đảng;",
            "- Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về "
            "trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy "
            "viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương;",
            "- Căn cứ Quy chế làm việc của Huyện ủy Đại Lộc khóa XXI, nhiệm kỳ 2015 - 2020,",
            "Ban Thường vụ Huyện ủy quy định như sau:",
            "# Điều 1. Phạm vi, đối tượng",
            "Quy định này áp dụng đối với cán bộ, đảng viên trong Đảng bộ huyện; trước hết là "
            "các đồng chí Huyện ủy viên, người đứng đầu các cơ quan, đơn vị, bí thư chi bộ, đảng "
            "bộ cơ sở.",
            "# Điều 2. Nội dung nêu gương",
            "1. Kiên định chủ nghĩa Mác - Lê-nin, tư tưởng Hồ Chí Minh; tuyệt đối trung thành với "
            "lợi ích của Đảng, của quốc gia - dân tộc và Nhân dân.",
            "2. Nói đi đôi với làm; không tham nhũng, lãng phí; không lợi dụng chức vụ, quyền hạn "
            "để trục lợi cho bản thân, gia đình hoặc “nhóm lợi ích”.",
            "3. Gương mẫu trong lối sống: không tổ chức việc hiếu, hỉ linh đình; không sử dụng tài "
            "sản công cho việc riêng; không vi phạm quy định về nồng độ cồn khi điều khiển phương "
            "tiện giao thông.",
            "4. Thường xuyên tiếp xúc, đối thoại với Nhân dân; trực tiếp tiếp công dân ít nhất một "
            "ngày trong tháng tại trụ sở cơ quan, địa phương mình phụ trách.",
            "# Điều 3. Trách nhiệm thực hiện",
            "1. Cán bộ, đảng viên tự giác thực hiện Quy định; hằng năm tự phê bình và phê bình "
            "theo các nội dung nêu tại Điều 2, làm căn cứ đánh giá, xếp loại chất lượng.",
            "2. Ủy ban Kiểm tra Huyện ủy giúp Ban Thường vụ kiểm tra, giám sát; cơ quan, đơn vị để "
            "xảy ra vi phạm mà người đứng đầu không phát hiện, xử lý thì người đứng đầu phải chịu "
            "trách nhiệm liên đới.",
            "# Điều 4. Hiệu lực thi hành",
            "Quy định này có hiệu lực kể từ ngày ký và được phổ biến đến chi bộ. Trong quá trình "
            "thực hiện, nếu có vướng mắc, các chi, đảng bộ phản ánh về Văn phòng Huyện ủy để tổng "
            "hợp, báo cáo Ban Thường vụ xem xét, bổ sung.",
        ),
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Đoàn Thị Kim Ngân",
        recipients=(
            "- Ban Thường vụ Tỉnh ủy (b/c),",
            "- Các đồng chí Huyện ủy viên,",
            "- Các chi, đảng bộ trực thuộc,",
            "- Lưu Văn phòng Huyện ủy.",
        ),
    ),
    Document(
        id="s07",
        family=PARTY,
        superior="ĐẢNG BỘ HUYỆN ĐẠI LỘC",
        issuer="ĐẢNG ỦY XÃ ĐẠI HIỆP",
        number="37",
        symbol="37-CV/ĐU",
        type_name="",
        subject="",
        cv_subject="V/v góp ý dự thảo Báo cáo chính trị trình Đại hội Đảng bộ huyện",
        place="Đại Hiệp",
        date="2011-08-12",
        body=(
            "= Kính gửi: Ban Thường vụ Huyện ủy Đại Lộc.",
            "Thực hiện Công văn số 112-CV/HU ngày 28/7/2011 của Ban Thường vụ Huyện ủy về việc "
            "lấy ý kiến góp ý dự thảo Báo cáo chính trị, Ban Chấp hành Đảng bộ xã đã tổ chức hội "
            "nghị mở rộng với 64 đại biểu là bí thư chi bộ, trưởng thôn và đại diện các đoàn thể. "
            "Đảng ủy xã tổng hợp, góp ý như sau:",
            "1. Phần đánh giá: đề nghị bổ sung kết quả kiên cố hóa kênh mương nội đồng (đạt 18,6 "
            "km/21 km) và việc chuyển đổi 45 ha đất màu ven sông Yên sang trồng rau, dưa; nêu rõ "
            "hạn chế về ô nhiễm từ các cơ sở chăn nuôi heo trong khu dân cư.",
            "2. Phần phương hướng: đề nghị đưa chỉ tiêu “100% thôn có nhà văn hóa đạt chuẩn” vào "
            "nhóm chỉ tiêu chủ yếu; bổ sung giải pháp phát triển làng nghề bánh tráng, nem chả.",
            "Đảng ủy xã kính báo cáo Ban Thường vụ Huyện ủy tổng hợp./.",
        ),
        signer_authority="T/M ĐẢNG ỦY",
        signer_title="BÍ THƯ",
        signer_name="Huỳnh Tấn Lợi",
        recipients=(
            "- Như trên,",
            "- Lưu VT.",
        ),
        font="dejavu",
    ),
    Document(
        id="s08",
        family=STATE,
        superior="",
        issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
        number="2345",
        symbol="2345/QĐ-UBND",
        type_name="QUYẾT ĐỊNH",
        subject=(
            "Về việc phê duyệt Đề án bảo tồn, phát huy giá trị văn hóa truyền thống "
            "các dân tộc thiểu số miền núi giai đoạn 2017 - 2025"
        ),
        cv_subject="",
        place="Quảng Nam",
        date="2017-07-04",
        body=(
            "## ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
            "_ Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "_ Căn cứ Luật Di sản văn hóa ngày 29 tháng 6 năm 2001 và Luật sửa đổi, bổ sung một "
            "số điều của Luật Di sản văn hóa ngày 18 tháng 6 năm 2009;",
            "_ Căn cứ Nghị quyết số 33-NQ/TW ngày 09/6/2014 của Ban Chấp hành Trung ương Đảng "
            "(khóa XI) về xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát "
            "triển bền vững đất nước;",
            "_ Theo đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch tại Tờ trình số "
            "96/TTr-SVHTTDL ngày 12/6/2017.",
            "## QUYẾT ĐỊNH:",
            "**Điều 1.** Phê duyệt Đề án bảo tồn, phát huy giá trị văn hóa truyền thống các dân "
            "tộc thiểu số miền núi giai đoạn 2017 - 2025 với những nội dung chủ yếu sau:",
            "1. Mục tiêu: Bảo tồn, phục dựng và phát huy các lễ hội, nghề thủ công, nhạc cụ, "
            "trang phục truyền thống của đồng bào Cơ Tu, Xơ Đăng, Bh’noong, Gié Triêng, Co; gắn "
            "bảo tồn văn hóa với phát triển du lịch cộng đồng và giảm nghèo bền vững.",
            "2. Chỉ tiêu đến năm 2025: 100% thôn có đồng bào dân tộc thiểu số có đội văn nghệ, "
            "cồng chiêng; phục dựng 12 lễ hội tiêu biểu; bảo tồn 20 nhà gươl (nhà làng) đạt chuẩn; "
            "truyền dạy nghề dệt thổ cẩm, đan lát cho ít nhất 1.500 học viên.",
            "3. Nhiệm vụ trọng tâm: điều tra, sưu tầm, số hóa tư liệu văn hóa phi vật thể; mở lớp "
            "truyền dạy do nghệ nhân trực tiếp hướng dẫn; hỗ trợ hình thành làng du lịch cộng đồng "
            "tại Tây Giang, Đông Giang, Nam Giang; tổ chức Liên hoan văn hóa các dân tộc miền núi "
            "3 năm một lần.",
            "4. Kinh phí thực hiện: 86,4 tỷ đồng (ngân sách tỉnh 52,0 tỷ; lồng ghép chương trình "
            "mục tiêu quốc gia 26,4 tỷ; xã hội hóa 8,0 tỷ).",
            "**Điều 2.** Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Ban Dân tộc tỉnh, "
            "Sở Tài chính và Ủy ban nhân dân các huyện miền núi tổ chức thực hiện Đề án; hằng năm "
            "tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh.",
            "**Điều 3.** Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Văn hóa, Thể thao "
            "và Du lịch, Tài chính, Kế hoạch và Đầu tư; Trưởng Ban Dân tộc tỉnh; Chủ tịch Ủy ban "
            "nhân dân các huyện: Tây Giang, Đông Giang, Nam Giang, Phước Sơn, Nam Trà My, Bắc Trà "
            "My và Thủ trưởng các cơ quan, đơn vị liên quan căn cứ Quyết định thi hành.",
            "Quyết định này có hiệu lực kể từ ngày ký./.",
        ),
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Võ Ngọc Bích",
        recipients=(
            "- Như Điều 3;",
            "- Bộ Văn hóa, Thể thao và Du lịch;",
            "- TTTU, TT HĐND tỉnh;",
            "- CT, các PCT UBND tỉnh;",
            "- Lưu: VT, KGVX.",
        ),
    ),
    Document(
        id="s09",
        family=STATE,
        superior="",
        issuer="ỦY BAN NHÂN DÂN HUYỆN NAM GIANG",
        number="1187",
        symbol="1187/UBND-NN",
        type_name="",
        subject="",
        cv_subject="V/v triển khai khẩn cấp các biện pháp ứng phó với bão số 9",
        place="Nam Giang",
        date="2020-10-26",
        body=(
            "= Kính gửi: Ủy ban nhân dân các xã, thị trấn.",
            "Theo tin của Trung tâm Dự báo khí tượng thủy văn quốc gia, hồi 10 giờ ngày "
            "26/10/2020, tâm bão số 9 ở trên vùng biển phía Đông quần đảo Hoàng Sa; bão rất mạnh, "
            "sức gió cấp 12 - 13, giật cấp 15 - 16, khả năng đổ bộ vào đất liền trưa 28/10.",
            "Thực hiện Chỉ thị số 31-CT/TU ngày 14/6/2019 của Ban Thường vụ Tỉnh ủy, Chủ tịch Ủy "
            "ban nhân dân huyện yêu cầu Chủ tịch Ủy ban nhân dân các xã, thị trấn:",
            "1. Hoàn thành sơ tán dân ra khỏi khu vực nguy cơ sạt lở, lũ quét trước 17 giờ ngày "
            "27/10/2020; tuyệt đối không để người dân quay về nhà khi bão chưa tan.",
            "2. Cấm người, phương tiện qua lại các ngầm tràn, đèo Lò Xo, đèo Tà Lang; bố trí lực "
            "lượng canh gác 24/24 giờ; dự trữ lương thực, thuốc men cho ít nhất 7 ngày.",
            "3. Báo cáo tình hình về Ban Chỉ huy PCTT&TKCN huyện (ĐT: 0235.3792.118) trước 16 giờ "
            "hằng ngày. Đây là việc khẩn, yêu cầu thực hiện ngay!",
        ),
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="Clâu Văn Tiến",
        recipients=(
            "- Như trên;",
            "- TT Huyện ủy, TT HĐND huyện;",
            "- Lưu: VT, NN.",
        ),
        urgency="KHẨN",
        font="noto",
    ),
    Document(
        id="s10",
        family=STATE,
        superior="",
        issuer="BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        number="21",
        symbol="21/2023/TT-BNNPTNT",
        type_name="THÔNG TƯ",
        subject="Quy định kỹ thuật chuyển hóa rừng trồng gỗ nhỏ sang rừng trồng gỗ lớn",
        cv_subject="",
        place="Hà Nội",
        date="2023-12-15",
        body=(
            "_ Căn cứ Luật Lâm nghiệp ngày 15 tháng 11 năm 2017;",
            "_ Căn cứ Nghị định số 105/2022/NĐ-CP ngày 22 tháng 12 năm 2022 của Chính phủ quy "
            "định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Nông nghiệp và Phát "
            "triển nông thôn;",
            "_ Theo đề nghị của Cục trưởng Cục Lâm nghiệp;",
            "Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn ban hành Thông tư quy định kỹ thuật "
            "chuyển hóa rừng trồng gỗ nhỏ sang rừng trồng gỗ lớn.",
            "## Chương I",
            "## QUY ĐỊNH CHUNG",
            "**Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng**",
            "1. Thông tư này quy định tiêu chí lựa chọn lâm phần, biện pháp kỹ thuật tỉa thưa, "
            "chăm sóc, bảo vệ để chuyển hóa rừng trồng keo, bạch đàn, thông, mỡ từ mục tiêu kinh "
            "doanh gỗ nhỏ sang kinh doanh gỗ lớn.",
            "2. Thông tư này áp dụng đối với chủ rừng, tổ chức, hộ gia đình, cá nhân và cộng đồng "
            "dân cư có hoạt động liên quan.",
            "**Điều 2. Giải thích từ ngữ**",
            "1. Gỗ lớn là gỗ có đường kính đầu nhỏ từ 15 cm trở lên, chiều dài từ 1,2 m trở lên.",
            "2. Cây mục đích là cây sinh trưởng tốt, thân thẳng, tán đều, không sâu bệnh, được "
            "giữ lại nuôi dưỡng đến cuối chu kỳ kinh doanh.",
            "## Chương II",
            "## KỸ THUẬT CHUYỂN HÓA",
            "**Điều 3. Tiêu chí lâm phần được chuyển hóa**",
            "Lâm phần thuần loài hoặc hỗn giao, tuổi từ 3 đến 5 đối với keo lai, từ 4 đến 6 đối "
            "với bạch đàn; mật độ hiện tại từ 1.000 cây/ha trở lên; tỷ lệ cây mục đích đạt ít nhất "
            "40% số cây; độ dốc không quá 30°.",
            "**Điều 4. Tỉa thưa**",
            "1. Tỉa thưa lần thứ nhất khi tán rừng khép kín, giữ lại 600 - 800 cây/ha; lần thứ hai "
            "sau 2 - 3 năm, giữ lại 400 - 500 cây/ha.",
            "2. Cây chặt tỉa phải được hạ đổ về phía khoảng trống, không làm tổn thương cây mục "
            "đích; cành nhánh được băm nhỏ, rải đều trên mặt đất để giữ ẩm, chống xói mòn.",
            "## Chương III",
            "## ĐIỀU KHOẢN THI HÀNH",
            "**Điều 5. Hiệu lực thi hành**",
            "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 02 năm 2024. Trong quá trình "
            "thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời về Bộ Nông nghiệp và "
            "Phát triển nông thôn (qua Cục Lâm nghiệp) để xem xét, sửa đổi, bổ sung./.",
        ),
        signer_authority="KT. BỘ TRƯỞNG",
        signer_title="THỨ TRƯỞNG",
        signer_name="Lương Quốc Khánh",
        recipients=(
            "- Văn phòng Chính phủ;",
            "- Cục Kiểm tra VBQPPL (Bộ Tư pháp);",
            "- UBND các tỉnh, thành phố trực thuộc TW;",
            "- Công báo; Cổng TTĐT Chính phủ;",
            "- Lưu: VT, LN.",
        ),
    ),
    Document(
        id="s11",
        family=STATE,
        superior="",
        issuer="CHÍNH PHỦ",
        number="73",
        symbol="73/1998/NĐ-CP",
        type_name="NGHỊ ĐỊNH",
        subject="Về khuyến khích phát triển làng nghề thủ công truyền thống ở nông thôn",
        cv_subject="",
        place="Hà Nội",
        date="1998-09-17",
        pad_date=False,
        body=(
            "## CHÍNH PHỦ",
            "_ Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;",
            "_ Căn cứ Luật Khuyến khích đầu tư trong nước (sửa đổi) ngày 20 tháng 5 năm 1998;",
            "_ Theo đề nghị của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn,",
            "## NGHỊ ĐỊNH:",
            "**Điều 1.** Nhà nước khuyến khích tổ chức, hộ gia đình, cá nhân khôi phục và phát "
            "triển các nghề thủ công truyền thống ở nông thôn như gốm, sứ, sơn mài, chạm khắc gỗ, "
            "đúc đồng, dệt lụa, mây tre đan, làm giấy dó; coi đây là hướng quan trọng để chuyển "
            "dịch cơ cấu kinh tế nông thôn và tạo việc làm tại chỗ.",
            "**Điều 2.** Làng nghề được công nhận khi có ít nhất 30% số hộ trong thôn tham gia "
            "hoạt động ngành nghề, hoạt động ổn định từ 2 năm trở lên và chấp hành tốt chính "
            "sách, pháp luật của Nhà nước. Uỷ ban nhân dân tỉnh, thành phố trực thuộc Trung ương "
            "xét, công nhận danh hiệu làng nghề.",
            "**Điều 3.** Cơ sở ngành nghề ở nông thôn được hưởng các ưu đãi sau:",
            "1. Được thuê đất với giá thấp nhất trong khung giá của địa phương để xây dựng nhà "
            "xưởng; được miễn tiền thuê đất 3 năm đầu.",
            "2. Được vay vốn tín dụng ưu đãi từ Quỹ hỗ trợ phát triển; được hỗ trợ một phần kinh "
            "phí đào tạo thợ và bồi dưỡng nghệ nhân.",
            "3. Được ưu tiên tham gia hội chợ, triển lãm trong nước và ngoài nước; hàng thủ công "
            "mỹ nghệ xuất khẩu được hưởng thuế suất 0%.",
            "**Điều 4.** Các cơ sở ngành nghề phải thực hiện các biện pháp xử lý chất thải, bảo "
            "vệ môi trường; không sử dụng hoá chất độc hại đã bị cấm; bảo đảm an toàn lao động "
            "cho người làm nghề.",
            "**Điều 5.** Bộ Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Bộ Kế "
            "hoạch và Đầu tư, Bộ Tài chính, Bộ Thương mại hướng dẫn thi hành Nghị định này.",
            "**Điều 6.** Nghị định này có hiệu lực sau 15 ngày, kể từ ngày ký. Các Bộ trưởng, Thủ "
            "trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Uỷ ban nhân "
            "dân tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Nghị định này.",
        ),
        signer_authority="TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG",
        signer_title="PHÓ THỦ TƯỚNG",
        signer_name="Đặng Hữu Phúc",
        recipients=(
            "- Ban Bí thư Trung ương Đảng,",
            "- Thủ tướng, các Phó Thủ tướng,",
            "- Các Bộ, cơ quan ngang Bộ,",
            "- HĐND, UBND các tỉnh, thành phố,",
            "- Lưu: NN (3), Văn thư.",
        ),
        old_tone=True,
    ),
    Document(
        id="s12",
        family=STATE,
        superior="",
        issuer="ỦY BAN NHÂN DÂN HUYỆN NAM GIANG",
        number="86",
        symbol="86/KH-UBND",
        type_name="KẾ HOẠCH",
        subject="Trồng rừng gỗ lớn và phát triển dược liệu dưới tán rừng năm 2024",
        cv_subject="",
        place="Nam Giang",
        date="2024-02-27",
        body=(
            "Tiếp tục thực hiện Nghị quyết số 12-NQ/HU ngày 20/01/2016 của Ban Thường vụ Huyện "
            "ủy về phát triển kinh tế rừng gắn với giảm nghèo bền vững, Ủy ban nhân dân huyện ban "
            "hành Kế hoạch năm 2024 như sau:",
            "1. Chỉ tiêu: trồng mới 420 ha rừng gỗ lớn (keo lai mô, lim xanh, sao đen); trồng "
            "85 ha ba kích tím, đẳng sâm dưới tán rừng tại các xã Zuôih, Chơ Chun, La Dêê.",
            "2. Phòng Nông nghiệp và PTNT cung ứng cây giống có nguồn gốc rõ ràng trước ngày "
            "15/5/2024; Hạt Kiểm lâm kiểm tra, nghiệm thu diện tích trồng.",
            "3. Kinh phí: 6,35 tỷ đồng từ Chương trình mục tiêu quốc gia phát triển kinh tế - xã "
            "hội vùng đồng bào dân tộc thiểu số và miền núi.",
        ),
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Pơloong Thị Hiền",
        recipients=(
            "- TT Huyện ủy, TT HĐND huyện;",
            "- UBND các xã;",
            "- Lưu: VT, NN.",
        ),
        font="dejavu",
    ),
)


def by_id(doc_id: str) -> Document:
    for doc in DOCUMENTS:
        if doc.id == doc_id:
            return doc
    raise KeyError(f"no sample document {doc_id!r}")


def _check_nfc() -> None:
    # The texts are typed by hand; a decomposed letter slipping in would make the truth
    # disagree with itself, so refuse to import rather than write wrong ground truth.
    for doc in DOCUMENTS:
        for value in (*doc.meta().values(), *doc.body, *doc.recipients):
            if unicodedata.normalize("NFC", value) != value:
                raise ValueError(f"{doc.id}: text is not NFC: {value[:40]!r}")


_check_nfc()
