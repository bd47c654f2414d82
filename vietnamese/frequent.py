"""The most frequent syllables of Vietnamese administrative prose.

A Vietnamese text is written syllable by syllable, and a few hundred syllables make up
most of any official paper: the function words (và, của, các, những, được), the numbers
and dates (năm, tháng, ngày), and the syllables of the words every Party and State paper
repeats (ban thường vụ, tỉnh ủy, nhân dân, cán bộ, tổ chức, thực hiện). A search index
treats them apart: a phrase made only of them matches in most documents by position, so
it needs help to be found quickly (index.spec's syllable pairs), where a phrase holding
one rarer syllable is found through that syllable's short posting list.

How the list was made: written by hand from general knowledge of the language and of the
vocabulary of official papers (function words, numbers, units of time, the names of
organs, ranks, document types and the verbs and nouns of administrative prose), grouped
below by kind. It was not counted from, nor checked against, any document of this
project (the development and real sets, or the benchmark's generated corpus). It holds
whole syllables, each once, with the traditional tone placement (index.analysis); what
the index compares is their folded form (no marks, đ -> d), so `thường` also stands for
thương, thưởng, thượng.
"""
from __future__ import annotations

from luutru.vietnamese.text import fold

_TEXT = """
và của các những được trong về với cho là có không này đó kia ấy theo để một mà thì
nhưng hoặc hay nếu khi từ đến tại trên dưới sau trước giữa ngoài vào ra lên xuống bằng
như cũng còn vẫn rất hơn nhất nhiều ít mọi mỗi từng cả tất đã đang sẽ chưa đều chỉ luôn
phải cần nên đối do bởi vì tuy nhiên đồng thời lại nơi việc sự cuộc người ai gì nào đây
rồi thêm cùng nhau bị nhằm qua lần ở làm đi đưa lấy giữ dành
không một hai ba bốn năm sáu bảy tám chín mười mươi trăm nghìn ngàn triệu tỷ lăm mốt tư
ngày tháng năm quý kỳ tuần giờ thứ nay mới cũ đầu cuối giai đoạn
số điều khoản mục phần chương trang bản văn kèm ký tên dấu sao y lưu nhận gửi kính
căn cứ xét đề nghị thống nhất hiệu lực kể thi chịu trách nhiệm
đảng cộng sản việt nam chủ nghĩa xã hội độc lập tự do hạnh phúc nhà nước chính phủ quốc
gia trung ương tỉnh ủy huyện thành phố quận thị trấn phường xã thôn ấp bản làng tổ khu
vực vùng địa phương cơ sở
ban thường vụ chấp hành bộ chính trị bí thư ủy viên thường trực phó chủ tịch trưởng
giám đốc hội đồng nhân dân mặt trận tổ quốc đoàn thanh niên liên hiệp phụ nữ nông
cựu chiến binh công lao động cán chức quan đơn vị sở phòng cục viện trường học
ngành cấp lãnh đạo quản lý điều hành
nghị quyết định chỉ thị kết luận quy hướng dẫn thông báo cáo tờ trình tư luật pháp
lệnh biên hợp đồng công điện chương kế hoạch đề án dự
thực hiện triển khai tổ chức kiểm tra giám sát thanh xử vi phạm kỷ khen thưởng đua
phát triển kinh tế văn hóa giáo dục y an ninh phòng trật toàn môi tài nguyên đất đai
ngân sách đầu xây dựng giao nghiệp thương mại dịch du lịch khoa kỹ thuật nghệ tin
tuyên truyền vận động tập quán triệt nghiên cứu đánh giá tổng sơ nhiệm giải mục tiêu
quả chất lượng ý kiến yêu cầu bảo đảm phối tăng cường nâng cao đẩy mạnh tiếp tục
trương cải cách đồng chí đại biểu bầu cử khóa họp phiên tình hình tác hoạt phong trào
quần chúng toàn thể cá riêng chung cụ rõ đúng đủ kịp xuyên đột xuất hằng hàng
hộ nghèo vốn tiền giá trị tỷ lệ so giảm đạt vượt công trình ở đường điện sạch bệnh
sức khỏe việc đào tạo bồi dưỡng nguồn lực thiện đời sống vật tinh thần
tưởng đức lối nạp sinh phê bình chỉnh đốn nội đoàn kết dân chủ trung mác lê nin hồ
minh gương quy chế nhiệm vụ quyền lợi ích nghĩa vụ pháp luật đúng đắn kịp thời
tăng trưởng sản xuất kinh doanh doanh nghiệp hợp tác quốc tế đối ngoại quân sự
bảo vệ giữ gìn phát huy truyền thống lịch sử cách mạng kháng chiến độc lập
"""

# Exact forms, each once; and the folded forms the index compares.
COMMON_SYLLABLES: frozenset[str] = frozenset(_TEXT.split())
COMMON_FOLDED: frozenset[str] = frozenset(fold(s) for s in COMMON_SYLLABLES)
