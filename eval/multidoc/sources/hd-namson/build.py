"""Build the eval document `hd-namson.pdf` (fictional: Ban Tuyên giáo Tỉnh ủy Nam Sơn, HD 15-HD/BTGTU).

The whole text lives in this script. The file imitates a guidance document a provincial Party
committee's propaganda board sends out as a PDF: a two-column header block (issuer on the left,
"ĐẢNG CỘNG SẢN VIỆT NAM" and the date on the right), a centred title, justified body paragraphs
with a first-line indent, a running header from page 2 (number + short title), "Trang n" in the
footer of every page, the "Nơi nhận" list beside the signature block, and an appendix
"PHỤ LỤC / LỊCH TỔ CHỨC HỌC TẬP, QUÁN TRIỆT" whose table runs over two pages with its header
row repeated.

    python build.py OUT_DIR          # writes OUT_DIR/hd-namson.pdf

Output is deterministic: fixed creation date and metadata, no random ids.
Nothing here is copied from a real document. Nghị quyết 86-NQ/TW and Chương trình hành động
42-CTr/TU are invented as well and only cited (number, date, issuer, title): their text is not
part of the corpus.
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FILE_NAME = "hd-namson.pdf"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 20.0, 20.0
INDENT = 10.0
BODY_SIZE = 11.5

NUMBER = "15-HD/BTGTU"
RUNNING_HEADER = f"{NUMBER} · Hướng dẫn học tập, quán triệt Nghị quyết 86-NQ/TW và Chương trình 42-CTr/TU"

# -- header block ------------------------------------------------------------------------------

HEADER_LEFT = [("TỈNH ỦY NAM SƠN", ""), ("BAN TUYÊN GIÁO", "B"), ("*", ""), ("Số 15-HD/BTGTU", "")]
HEADER_RIGHT = [("ĐẢNG CỘNG SẢN VIỆT NAM", "B"), ("", ""), ("", ""), ("Nam Sơn, ngày 12 tháng 3 năm 2026", "I")]

TITLE = "HƯỚNG DẪN"
SUBTITLE = ("học tập, quán triệt, tuyên truyền Nghị quyết số 86-NQ/TW ngày 09/01/2026 của Bộ Chính trị "
            "và Chương trình hành động số 42-CTr/TU ngày 27/02/2026 của Ban Chấp hành Đảng bộ tỉnh")

# -- body --------------------------------------------------------------------------------------
# (style, text) or ("point", lead, rest): part / item = bold heading; point = italic lead + text;
# p = paragraph; dash = dash bullet. Every body paragraph has a first-line indent.

BODY: list[tuple[str, ...]] = [
    ("p", "Căn cứ Nghị quyết số 86-NQ/TW ngày 09/01/2026 của Bộ Chính trị về phát triển nguồn nhân "
          "lực chất lượng cao và thu hút, trọng dụng nhân tài trong giai đoạn mới (sau đây gọi tắt là "
          "Nghị quyết số 86-NQ/TW);"),
    ("p", "Căn cứ Chương trình hành động số 42-CTr/TU ngày 27/02/2026 của Ban Chấp hành Đảng bộ tỉnh "
          "thực hiện Nghị quyết số 86-NQ/TW (sau đây gọi tắt là Chương trình hành động số 42-CTr/TU);"),
    ("p", "Thực hiện chỉ đạo của Thường trực Tỉnh ủy tại Thông báo số 318-TB/TU ngày 05/3/2026, Ban Tuyên "
          "giáo Tỉnh ủy hướng dẫn học tập, quán triệt, tuyên truyền Nghị quyết và Chương trình hành động "
          "trong Đảng bộ tỉnh như sau:"),

    ("part", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("item", "1. Mục đích"),
    ("dash", "- Giúp cán bộ, đảng viên và người lao động trong tỉnh hiểu đúng, đầy đủ quan điểm, mục tiêu, "
             "nhiệm vụ, giải pháp của Nghị quyết số 86-NQ/TW và vai trò của nguồn nhân lực chất lượng cao "
             "đối với sự phát triển của tỉnh Nam Sơn."),
    ("dash", "- Nắm chắc các chỉ tiêu, nhiệm vụ mà Chương trình hành động số 42-CTr/TU đặt ra cho từng ngành, "
             "từng địa phương; trên cơ sở đó mỗi cấp ủy, tổ chức đảng cụ thể hóa thành kế hoạch sát với "
             "điều kiện thực tế của mình."),
    ("dash", "- Tạo sự đồng thuận trong xã hội, khơi dậy tinh thần học tập suốt đời trong các tầng lớp Nhân dân."),
    ("item", "2. Yêu cầu"),
    ("dash", "- Việc học tập, quán triệt phải nghiêm túc, thiết thực, tránh hình thức, phô trương; gắn học "
             "tập với xây dựng kế hoạch thực hiện ở từng cơ quan, đơn vị."),
    ("dash", "- Phấn đấu có ít nhất 95% cán bộ, đảng viên tham gia học tập; riêng cán bộ chủ chốt các cấp "
             "phải tham gia đủ 100%. Đảng viên vắng mặt vì lý do chính đáng được cấp ủy bố trí học bù."),
    ("dash", "- Bí thư cấp ủy trực tiếp quán triệt hoặc phân công phó bí thư quán triệt tại hội nghị của cấp "
             "mình; không giao cho cán bộ chuyên trách tham mưu."),
    ("dash", "- Sau học tập, mỗi đảng viên viết bản thu hoạch; cán bộ lãnh đạo, quản lý viết thêm kế hoạch "
             "cá nhân làm theo Nghị quyết gắn với nhiệm vụ được giao."),

    ("part", "II. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC VÀ THỜI GIAN HỌC TẬP"),
    ("item", "1. Đối tượng"),
    ("point", "a) Hội nghị cấp tỉnh:", " Ủy viên Ban Chấp hành Đảng bộ tỉnh; trưởng, phó các ban, sở, ngành, "
              "đoàn thể cấp tỉnh; bí thư, phó bí thư, chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã; "
              "báo cáo viên Tỉnh ủy."),
    ("point", "b) Cấp huyện và tương đương:", " ủy viên ban chấp hành đảng bộ huyện, thành phố, thị xã và "
              "đảng bộ trực thuộc Tỉnh ủy; bí thư, phó bí thư đảng ủy, chi bộ cơ sở; trưởng các phòng, ban, "
              "đoàn thể cấp huyện; báo cáo viên cấp huyện."),
    ("point", "c) Cấp cơ sở:", " toàn thể đảng viên sinh hoạt tại các chi bộ, đảng bộ cơ sở. Đảng viên từ "
              "80 tuổi trở lên và đảng viên được miễn sinh hoạt đảng được cấp tài liệu để tự nghiên cứu, "
              "không bắt buộc viết thu hoạch."),
    ("point", "d) Ngoài Đảng:", " đoàn viên, hội viên, người lao động trong doanh nghiệp, học sinh, sinh viên "
              "và Nhân dân được phổ biến nội dung cơ bản qua sinh hoạt đoàn thể, hệ thống thông tin cơ sở."),
    ("item", "2. Nội dung"),
    ("point", "a)", " Những nội dung cốt lõi của Nghị quyết số 86-NQ/TW: quan điểm chỉ đạo, mục tiêu đến "
              "năm 2030, tầm nhìn đến năm 2045 và các nhiệm vụ, giải pháp chủ yếu về đào tạo, thu hút, sử "
              "dụng nhân lực chất lượng cao."),
    ("point", "b)", " Chương trình hành động số 42-CTr/TU, tập trung vào 05 nhóm nhiệm vụ, giải pháp và 12 "
              "chỉ tiêu chủ yếu của tỉnh đến năm 2030; sự phân công trách nhiệm giữa các cơ quan, địa phương "
              "và lộ trình thực hiện."),
    ("point", "c)", " Liên hệ thực tiễn: thực trạng nguồn nhân lực của tỉnh, nhất là chất lượng lao động ở "
              "các khu công nghiệp phía Bắc và vùng ven biển."),
    ("item", "3. Hình thức"),
    ("point", "a) Hội nghị trực tiếp kết hợp trực tuyến:", " hội nghị cấp tỉnh tổ chức tại Hội trường Tỉnh ủy, "
              "kết nối tới 11 điểm cầu cấp huyện và 137 điểm cầu cấp xã; hội nghị cấp huyện có thể kết nối "
              "đến các điểm cầu ở cơ sở."),
    ("point", "b) Học tập tại chi bộ:", " mỗi chi bộ dành ít nhất 01 kỳ sinh hoạt chuyên đề để quán triệt, "
              "thời lượng tối thiểu 90 phút, trong đó dành không dưới 30 phút để đảng viên thảo luận, liên hệ "
              "với nhiệm vụ của chi bộ."),
    ("point", "c) Tự nghiên cứu:", " tài liệu được đăng trên Trang thông tin điện tử Đảng bộ tỉnh và ứng dụng "
              "\"Sổ tay đảng viên Nam Sơn\" để đảng viên đọc, tra cứu trên điện thoại thông minh."),
    ("item", "4. Thời gian"),
    ("dash", "- Hội nghị cấp tỉnh diễn ra trong 01 ngày (ngày 24/3/2026), chia làm 02 phiên: phiên sáng quán "
             "triệt Nghị quyết số 86-NQ/TW, phiên chiều quán triệt Chương trình hành động số 42-CTr/TU."),
    ("dash", "- Ở cấp huyện và tương đương, mỗi hội nghị kéo dài không ít hơn 01 buổi và phải hoàn thành "
             "trước ngày 20/4/2026."),
    ("dash", "- Ở cấp cơ sở, việc học tập xong trước ngày 31/5/2026; việc học bù thực hiện xong trong tháng "
             "6/2026."),

    ("part", "III. CÔNG TÁC TUYÊN TRUYỀN"),
    ("item", "1. Nội dung tuyên truyền"),
    ("dash", "- Phản ánh kết quả học tập, quán triệt ở các cấp; giới thiệu gương điển hình trong đào tạo, thu "
             "hút nhân tài và các mô hình doanh nghiệp hợp tác đào tạo nghề."),
    ("dash", "- Đấu tranh, phản bác thông tin xuyên tạc về chính sách thu hút nhân tài, \"chảy máu chất xám\"."),
    ("item", "2. Hình thức tuyên truyền"),
    ("point", "a)", " Báo Nam Sơn, Đài Phát thanh và Truyền hình tỉnh mở chuyên mục \"Nhân lực cho phát triển\", "
              "đăng, phát ít nhất 02 kỳ mỗi tuần trong quý II/2026 và ít nhất 01 kỳ mỗi tuần từ quý III/2026 "
              "đến hết năm."),
    ("point", "b)", " Cổng Thông tin điện tử tỉnh, trang thông tin điện tử của các sở, ngành, huyện đăng toàn "
              "văn Nghị quyết, Chương trình hành động và tài liệu hỏi - đáp chậm nhất 05 ngày làm việc sau "
              "hội nghị cấp tỉnh."),
    ("point", "c)", " Tuyên truyền miệng: báo cáo viên lồng ghép nội dung Nghị quyết "
              "vào hội nghị báo cáo viên định kỳ hằng tháng; mỗi báo cáo viên cấp huyện nói chuyện ít nhất 02 "
              "buổi tại cơ sở trong năm 2026."),
    ("point", "d)", " Tuyên truyền trực quan: treo băng rôn, khẩu hiệu tại trụ sở cơ quan, khu công nghiệp, "
              "trường học; hệ thống loa truyền thanh cấp xã phát tin tối thiểu 03 lần/tuần trong tháng 4 và "
              "tháng 5/2026."),
    ("item", "3. Cuộc thi tìm hiểu"),
    ("p", "Ban Tuyên giáo Tỉnh ủy phối hợp với Tỉnh đoàn tổ chức cuộc thi trực tuyến tìm hiểu Nghị quyết "
          "số 86-NQ/TW và Chương trình hành động số 42-CTr/TU, mỗi tuần một đợt thi. Cơ cấu giải thưởng gồm "
          "01 giải đặc biệt, 03 giải nhất, 06 giải nhì, 10 giải ba và 30 giải khuyến khích dành cho cá nhân, "
          "cùng 05 giải cho tập thể có đông người dự thi."),

    ("part", "IV. TỔ CHỨC THỰC HIỆN"),
    ("item", "1. Ban Tuyên giáo Tỉnh ủy"),
    ("dash", "- Tham mưu Ban Thường vụ Tỉnh ủy tổ chức hội nghị cấp tỉnh; chuẩn bị báo cáo chuyên đề, mời "
             "báo cáo viên Trung ương trình bày tại phiên sáng."),
    ("dash", "- Biên soạn tài liệu hỏi - đáp về Nghị quyết và Chương trình hành động, in 12.000 cuốn cấp "
             "phát đến các chi bộ trước ngày 20/3/2026."),
    ("dash", "- Định hướng các cơ quan báo chí trong tuyên truyền; nắm bắt dư luận xã hội; làm thường trực "
             "cuộc thi tìm hiểu."),
    ("dash", "- Tổng hợp kết quả học tập, quán triệt của toàn Đảng bộ, báo cáo Ban Thường vụ Tỉnh ủy và "
             "Ban Tuyên giáo Trung ương trước ngày 30/6/2026."),
    ("item", "2. Ban Tổ chức Tỉnh ủy"),
    ("dash", "- Cùng Ban Tuyên giáo Tỉnh ủy theo dõi việc chấp hành chế độ học tập nghị quyết của cán bộ, "
             "đảng viên; lấy kết quả học tập và bản thu hoạch làm một tiêu chí đánh giá, xếp loại chất lượng "
             "tổ chức đảng và đảng viên cuối năm 2026."),
    ("dash", "- Tham mưu Ban Thường vụ Tỉnh ủy rà soát, bổ sung quy định về thu hút, đãi ngộ người có trình "
             "độ cao về tỉnh công tác, trình trong quý III/2026."),
    ("item", "3. Văn phòng Tỉnh ủy"),
    ("dash", "- Bảo đảm kinh phí, hội trường và đường truyền cho hội nghị trực tuyến cấp tỉnh; phối hợp với "
             "Viễn thông Nam Sơn kiểm tra kỹ thuật tất cả điểm cầu chậm nhất 02 ngày trước hội nghị."),
    ("dash", "- Phát hành giấy mời, tài liệu hội nghị cấp tỉnh; in ấn tài liệu hỏi - đáp theo đề nghị của "
             "Ban Tuyên giáo Tỉnh ủy."),
    ("item", "4. Ủy ban Kiểm tra Tỉnh ủy"),
    ("p", "Ủy ban Kiểm tra Tỉnh ủy đưa việc học tập, quán triệt và xây dựng kế hoạch thực hiện Nghị quyết "
          "vào chương trình kiểm tra, giám sát năm 2026 đối với các cấp ủy trực thuộc."),
    ("item", "5. Trường Chính trị tỉnh"),
    ("p", "Trường Chính trị tỉnh có trách nhiệm đưa nội dung Nghị quyết số 86-NQ/TW vào chương trình các lớp "
          "trung cấp lý luận chính trị và bồi dưỡng cán bộ từ các khóa khai giảng sau ngày 01/4/2026; phối "
          "hợp với Ban Tuyên giáo Tỉnh ủy mở các lớp bồi dưỡng cho bí thư chi bộ theo lịch tại Phụ lục."),
    ("item", "6. Các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc Tỉnh ủy"),
    ("dash", "- Xây dựng kế hoạch học tập, quán triệt của cấp mình, gửi về Ban Tuyên giáo Tỉnh ủy trước ngày "
             "25/3/2026."),
    ("dash", "- Tổ chức hội nghị cấp huyện và chỉ đạo học tập ở cơ sở theo lịch tại Phụ lục; ban hành chương "
             "trình hoặc kế hoạch thực hiện Nghị quyết của cấp mình trong vòng 45 ngày kể từ khi học tập "
             "xong ở cấp huyện."),
    ("dash", "- Giao ban tuyên giáo của cấp ủy theo dõi, tổng hợp và gửi báo cáo kết quả đợt học tập về Ban "
             "Tuyên giáo Tỉnh ủy."),
    ("item", "7. Đảng ủy Khối các cơ quan tỉnh, Đảng ủy Khối Doanh nghiệp tỉnh"),
    ("dash", "- Tổ chức học tập cho cán bộ chủ chốt của các đảng bộ, chi bộ cơ sở trực thuộc theo lịch tại "
             "Phụ lục."),
    ("dash", "- Đảng ủy Khối Doanh nghiệp tỉnh chỉ đạo tổ chức đảng trong doanh nghiệp gắn việc học tập với "
             "kế hoạch đào tạo, nâng bậc thợ cho người lao động; vận động doanh nghiệp có từ 200 lao động trở "
             "lên xây dựng chương trình đào tạo tại chỗ."),
    ("item", "8. Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"),
    ("p", "Đề nghị Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội "
          "tỉnh hướng dẫn phổ biến nội dung Nghị quyết đến đoàn viên, hội viên; Tỉnh đoàn tổ chức Diễn đàn "
          "\"Thanh niên Nam Sơn học tập, lập nghiệp\" trong tháng 9/2026."),
    ("item", "9. Các cơ quan báo chí"),
    ("p", "Báo Nam Sơn, Đài Phát thanh và Truyền hình tỉnh, Cổng Thông tin điện tử tỉnh xây dựng kế hoạch tuyên truyền, gửi Ban Tuyên giáo Tỉnh ủy trước ngày 18/3/2026; đưa tin đầy "
          "đủ về hội nghị cấp tỉnh, truyền hình trực tiếp phiên khai mạc trên kênh NST1."),
    ("item", "10. Chế độ thông tin, báo cáo"),
    ("dash", "- Từ tháng 4 đến tháng 6/2026, trước ngày 15 hằng tháng, ban tuyên giáo các huyện ủy, thành ủy, "
             "thị ủy và đảng ủy trực thuộc gửi báo cáo nhanh tiến độ học tập về Ban Tuyên giáo Tỉnh ủy qua "
             "hệ thống phần mềm quản lý văn bản của các cơ quan Đảng."),
    ("dash", "- Định kỳ 6 tháng (trước ngày 15/6 và 15/12), các cấp ủy báo cáo kết quả thực hiện Nghị quyết "
             "và Chương trình hành động, lồng ghép trong báo cáo công tác xây dựng Đảng."),
    ("dash", "- Trong quý IV/2026, Ban Tuyên giáo Tỉnh ủy tham mưu Ban Thường vụ Tỉnh ủy đánh giá 01 năm "
             "công tác tuyên truyền Nghị quyết."),
    ("p", "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cấp ủy, tổ chức đảng phản ánh về Ban "
          "Tuyên giáo Tỉnh ủy (qua Phòng Lý luận chính trị - Lịch sử Đảng) để được hướng dẫn thêm."),
]

RECIPIENTS = [
    "- Ban Tuyên giáo Trung ương (để b/c),",
    "- Thường trực Tỉnh ủy (để b/c),",
    "- Các ban, Văn phòng Tỉnh ủy,",
    "- Các huyện ủy, thành ủy, thị ủy,",
    "- Các đảng ủy trực thuộc Tỉnh ủy,",
    "- Đảng đoàn MTTQ, các đoàn thể tỉnh,",
    "- Báo Nam Sơn, Đài PT-TH tỉnh,",
    "- Lưu BTGTU, Phòng LLCT-LSĐ.",
]
SIGNATURE = [("K/T TRƯỞNG BAN", "B"), ("PHÓ TRƯỞNG BAN", "B"), ("", ""), ("(Đã ký)", "I"), ("", ""),
             ("Đinh Thị Thu Hường", "B")]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_TITLE = [
    ("PHỤ LỤC", "B", 12),
    ("LỊCH TỔ CHỨC HỌC TẬP, QUÁN TRIỆT", "B", 12),
    ("Nghị quyết số 86-NQ/TW và Chương trình hành động số 42-CTr/TU", "B", 11),
    ("(Kèm theo Hướng dẫn số 15-HD/BTGTU ngày 12/3/2026 của Ban Tuyên giáo Tỉnh ủy)", "I", 10),
]
TABLE_HEAD = ("STT", "Nội dung", "Đối tượng", "Đơn vị thực hiện", "Thời gian", "Ghi chú")
TABLE_WIDTHS = (11, 49, 34, 33, 23, 20)
TABLE_ROWS = [
    ("1", "Hội nghị toàn tỉnh (trực tiếp kết hợp trực tuyến) quán triệt Nghị quyết và Chương "
          "trình hành động",
     "Thành phần dự hội nghị cấp tỉnh; các điểm cầu cấp huyện, cấp xã",
     "Ban Tuyên giáo Tỉnh ủy chủ trì; Văn phòng Tỉnh ủy bảo đảm điều kiện",
     "Ngày 24/3/2026", "Khoảng 350 đại biểu tại điểm cầu Tỉnh ủy"),
    ("2", "Biên soạn, in và cấp phát tài liệu hỏi - đáp",
     "Các chi bộ, báo cáo viên các cấp",
     "Ban Tuyên giáo Tỉnh ủy; Văn phòng Tỉnh ủy in ấn",
     "Trước ngày 20/3/2026", "12.000 cuốn"),
    ("3", "Hội nghị báo cáo viên cấp tỉnh chuyên đề về phát triển nhân lực chất lượng cao",
     "Báo cáo viên Tỉnh ủy, báo cáo viên cấp huyện",
     "Ban Tuyên giáo Tỉnh ủy",
     "Tháng 4/2026", "Lồng ghép hội nghị báo cáo viên thường kỳ"),
    ("4", "Học tập, quán triệt trong Đảng bộ Khối các cơ quan tỉnh",
     "Cán bộ chủ chốt các đảng bộ, chi bộ cơ sở trực thuộc",
     "Đảng ủy Khối các cơ quan tỉnh",
     "Trước ngày 10/4/2026", ""),
    ("5", "Học tập, quán triệt trong Đảng bộ Khối Doanh nghiệp tỉnh",
     "Cán bộ chủ chốt các đảng bộ, chi bộ doanh nghiệp",
     "Đảng ủy Khối Doanh nghiệp tỉnh",
     "Trước ngày 15/4/2026", "Có thể tổ chức theo cụm doanh nghiệp"),
    ("6", "Hội nghị học tập, quán triệt ở cấp huyện",
     "Thành phần theo điểm b khoản 1 mục II",
     "Các huyện ủy, thành ủy, thị ủy",
     "Trước ngày 20/4/2026", "Kết nối trực tuyến đến các xã"),
    ("7", "Học tập, quán triệt trong lực lượng vũ trang tỉnh",
     "Cán bộ, đảng viên Quân sự, Công an tỉnh",
     "Đảng ủy Quân sự tỉnh, Đảng ủy Công an tỉnh",
     "Trước ngày 30/4/2026", "Theo hướng dẫn của ngành dọc"),
    ("8", "Sinh hoạt chuyên đề học tập Nghị quyết tại chi bộ, đảng bộ cơ sở",
     "Toàn thể đảng viên",
     "Cấp ủy cơ sở",
     "Trước ngày 31/5/2026", "Lồng ghép sinh hoạt chi bộ thường kỳ"),
    ("9", "Tổ chức học bù cho đảng viên vắng mặt",
     "Đảng viên vắng mặt có lý do chính đáng",
     "Cấp ủy cơ sở",
     "Tháng 6/2026", ""),
    ("10", "Viết bản thu hoạch và kế hoạch cá nhân làm theo Nghị quyết",
     "Đảng viên; cán bộ lãnh đạo, quản lý",
     "Chi bộ thu nhận, nhận xét",
     "Trong 10 ngày sau khi học tập", "Đảng viên từ 80 tuổi trở lên không bắt buộc"),
    ("11", "Lớp bồi dưỡng chuyên đề về Nghị quyết cho bí thư, phó bí thư chi bộ",
     "Bí thư, phó bí thư chi bộ trực thuộc đảng ủy cơ sở",
     "Trường Chính trị tỉnh phối hợp Ban Tuyên giáo Tỉnh ủy",
     "Quý II/2026", "04 lớp, mỗi lớp khoảng 120 học viên"),
    ("12", "Chuyên mục \"Nhân lực cho phát triển\" trên báo in, báo điện tử, phát thanh, truyền hình",
     "Cán bộ, đảng viên và Nhân dân",
     "Báo Nam Sơn, Đài Phát thanh và Truyền hình tỉnh",
     "Từ tháng 3 đến hết tháng 12/2026", ""),
    ("13", "Cuộc thi trực tuyến tìm hiểu Nghị quyết và Chương trình hành động",
     "Cán bộ, đảng viên, đoàn viên, hội viên, Nhân dân",
     "Ban Tuyên giáo Tỉnh ủy, Tỉnh đoàn",
     "Từ 15/5 đến 15/7/2026", "Tổng kết, trao giải trong tháng 8/2026"),
    ("14", "Phổ biến nội dung Nghị quyết trong sinh hoạt đoàn thể",
     "Đoàn viên, hội viên",
     "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội",
     "Quý II và quý III/2026", ""),
    ("15", "Kiểm tra việc học tập, quán triệt và xây dựng kế hoạch thực hiện ở cơ sở",
     "Một số huyện ủy, thị ủy, đảng ủy trực thuộc",
     "Ban Tuyên giáo Tỉnh ủy phối hợp Ban Tổ chức Tỉnh ủy",
     "Tháng 6/2026", "Kiểm tra tại 05 đơn vị"),
    ("16", "Báo cáo kết quả đợt học tập, quán triệt về Tỉnh ủy",
     "",
     "Các huyện ủy, thành ủy, thị ủy, đảng ủy trực thuộc",
     "Trước ngày 10/6/2026", "Gửi qua Ban Tuyên giáo Tỉnh ủy"),
    ("17", "Tổng hợp, báo cáo kết quả học tập toàn Đảng bộ tỉnh",
     "Ban Thường vụ Tỉnh ủy, Ban Tuyên giáo Trung ương",
     "Ban Tuyên giáo Tỉnh ủy",
     "Trước ngày 30/6/2026", ""),
]


class _Pdf(FPDF):
    def header(self) -> None:
        if self.page_no() < 2:
            return
        self.set_font(FONT, "I", 8.5)
        self.set_xy(LEFT, 10)
        self.cell(0, 4, RUNNING_HEADER, align="C")
        self.set_line_width(0.2)
        self.line(LEFT, 15, self.w - RIGHT, 15)
        self.set_xy(LEFT, TOP)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 9)
        self.cell(0, 5, f"Trang {self.page_no()}", align="C")


def _header_block(pdf: FPDF) -> None:
    ys = (14, 20, 25, 31)
    for (text, style), y in zip(HEADER_LEFT, ys):
        if text:
            pdf.set_font(FONT, style, 11)
            pdf.set_xy(15, y)
            pdf.cell(85, 6, text, align="C")
    for (text, style), y in zip(HEADER_RIGHT, ys):
        if text:
            pdf.set_font(FONT, style, 12 if style == "B" else 11)
            pdf.set_xy(100, y)
            pdf.cell(100, 6, text, align="C")
    pdf.set_line_width(0.3)
    pdf.line(122, 20.5, 178, 20.5)  # the rule under ĐẢNG CỘNG SẢN VIỆT NAM


def _title(pdf: FPDF) -> None:
    pdf.set_xy(LEFT, 44)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    pdf.set_x(LEFT + 8)
    pdf.multi_cell(pdf.w - LEFT - RIGHT - 16, 6, SUBTITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 2
    mid = LEFT + (pdf.w - LEFT - RIGHT) / 2
    pdf.line(mid - 15, y, mid + 15, y)
    pdf.set_y(y + 5)


def _body(pdf: FPDF) -> None:
    with pdf.text_columns(text_align="J", line_height=1.3) as cols:
        for entry in BODY:
            style = entry[0]
            with cols.paragraph(first_line_indent=INDENT, bottom_margin=1.5) as par:
                if style in ("part", "item"):
                    pdf.set_font(FONT, "B", BODY_SIZE)
                    par.write(entry[1])
                elif style == "point":
                    pdf.set_font(FONT, "I", BODY_SIZE)
                    par.write(entry[1])
                    pdf.set_font(FONT, "", BODY_SIZE)
                    par.write(entry[2])
                else:
                    pdf.set_font(FONT, "", BODY_SIZE)
                    par.write(entry[1])


def _closing(pdf: FPDF) -> None:
    if pdf.get_y() > pdf.h - BOTTOM - 62:
        pdf.add_page()
    y0 = pdf.get_y() + 4
    pdf.set_font(FONT, "BI", 10)
    pdf.set_xy(LEFT, y0)
    pdf.cell(80, 5, "Nơi nhận:")
    pdf.set_font(FONT, "", 9)
    for n, line in enumerate(RECIPIENTS, start=1):
        if pdf.get_string_width(line) > 80:
            raise ValueError(f"recipient line too wide: {line}")
        pdf.set_xy(LEFT, y0 + 1 + 4.6 * n)
        pdf.cell(80, 4.6, line)
    for n, (text, style) in enumerate(SIGNATURE):
        if text:
            pdf.set_font(FONT, style, 11.5 if style == "B" else 11)
            pdf.set_xy(115, y0 + 6 * n)
            pdf.cell(80, 6, text, align="C")


def _appendix(pdf: FPDF) -> None:
    pdf.add_page()
    for text, style, size in APPENDIX_TITLE:
        pdf.set_font(FONT, style, size)
        pdf.cell(0, 6.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=TABLE_WIDTHS, width=sum(TABLE_WIDTHS), align="L", line_height=4.6,
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT"),
                   repeat_headings=1, headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)), padding=1) as table:
        head = table.row()
        for text in TABLE_HEAD:
            head.cell(text)
        for row_data in TABLE_ROWS:
            row = table.row()
            for text in row_data:
                row.cell(text)


def make_pdf() -> FPDF:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.add_font(FONT, "BI", str(FONT_DIR / "DejaVuSans-BoldOblique.ttf"))
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, BOTTOM)
    pdf.set_title("Hướng dẫn học tập, quán triệt Nghị quyết số 86-NQ/TW và Chương trình hành động số 42-CTr/TU")
    pdf.set_author("Ban Tuyên giáo Tỉnh ủy Nam Sơn")
    pdf.set_subject(NUMBER)
    pdf.set_creator("Ban Tuyên giáo Tỉnh ủy Nam Sơn")
    pdf.set_producer("hd-namson build.py")
    pdf.set_lang("vi")
    pdf.set_creation_date(_dt.datetime(2026, 3, 12, 9, 0, 0, tzinfo=_dt.timezone.utc))
    pdf.add_page()
    _header_block(pdf)
    _title(pdf)
    _body(pdf)
    _closing(pdf)
    _appendix(pdf)
    return pdf


def build(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    path.write_bytes(bytes(make_pdf().output()))
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
