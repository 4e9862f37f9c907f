"""Build the eval document `kh-lacson.docx` (fictional: UBND tỉnh Lạc Sơn, Kế hoạch 112/KH-UBND).

The whole text lives in this script. The file imitates what a provincial People's Committee
office sends out of Word: the header block (issuer / quốc hiệu, số hiệu, place and date) is a
borderless two-column table; the "Nơi nhận" list and the signature block sit side by side in a
second borderless table at the end of the body; the appendix is a landscape section holding a
real task table (repeating header row, group rows I, II, III merged across all columns with the
STT restarting under each group, vertically merged "Cơ quan chủ trì" cells).

    python build.py OUT_DIR          # writes OUT_DIR/kh-lacson.docx

Output is byte-for-byte deterministic: fixed core properties and fixed zip timestamps.
Everything is invented; the Party resolution and the HĐND resolution it cites exist only as
numbers, dates and titles (they are listed as not loaded in manifest.toml).
"""
from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FILE_NAME = "kh-lacson.docx"
NBSP = "\u00a0"

# -- header block (layout table) -------------------------------------------------------------

HEADER_LEFT = [
    ("ỦY BAN NHÂN DÂN", "b"),
    ("TỈNH LẠC SƠN", "bu"),
    ("", ""),
    ("Số: 112/KH-UBND", "n"),
]
HEADER_RIGHT = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
    ("Độc lập - Tự do - Hạnh phúc", "bu"),
    ("", ""),
    ("Lạc Sơn, ngày 08 tháng 4 năm 2026", "i"),
]

NN = "Sở Nông nghiệp và Môi trường"
KHCN = "Sở Khoa học và Công nghệ"

# -- body ------------------------------------------------------------------------------------
# (style, text): title = centred bold; rule = short line under the title; p = paragraph;
# part = Roman heading (bold); item = numbered item (bold); point = a) b) lead; dash = bullet.

BODY: list[tuple[str, str]] = [
    ("title", "KẾ HOẠCH"),
    ("title", "Triển khai thực hiện Nghị quyết số 15-NQ/TU ngày 20/11/2025 của Ban Chấp hành"),
    ("title", "Đảng bộ tỉnh về phát triển dược liệu và kinh tế dưới tán rừng giai đoạn 2026 - 2030"),
    ("rule", "__________"),
    ("p", "\tCăn cứ Luật Tổ chức chính quyền địa phương;"),
    ("p", "\tCăn cứ Luật Lâm nghiệp và các văn bản hướng dẫn thi hành;"),
    ("p", "\tCăn cứ Nghị quyết số 15-NQ/TU ngày 20/11/2025 của Ban Chấp hành Đảng bộ tỉnh Lạc Sơn về phát "
          "triển dược liệu và kinh tế dưới tán rừng giai đoạn 2026 - 2030, tầm nhìn đến năm 2035 (sau đây "
          "gọi tắt là Nghị quyết số 15-NQ/TU);"),
    ("p", "\tCăn cứ Nghị quyết số 38/2025/NQ-HĐND ngày 12/12/2025 của Hội đồng nhân dân tỉnh quy định một "
          "số chính sách hỗ trợ phát triển dược liệu trên địa bàn tỉnh Lạc Sơn;"),
    ("p", "\tTheo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số 245/TTr-SNNMT ngày "
          "27/3/2026,"),
    ("p", "\tỦy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện Nghị quyết số 15-NQ/TU với những "
          "nội dung sau:"),

    ("part", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("item", "1. Mục đích"),
    ("dash", "- Cụ thể hóa quan điểm, mục tiêu, nhiệm vụ và giải pháp của Nghị quyết số 15-NQ/TU thành các "
             "nhiệm vụ cụ thể của từng sở, ban, ngành và địa phương, có lộ trình, thời hạn và sản phẩm rõ "
             "ràng để tổ chức thực hiện thống nhất trong toàn tỉnh."),
    ("dash", "- Khai thác hợp lý lợi thế về đất rừng, khí hậu vùng cao và tri thức dân gian của đồng bào các "
             "dân tộc để hình thành vùng dược liệu hàng hóa tập trung; tạo việc làm, tăng thu nhập cho "
             "người dân sống gần rừng, qua đó gắn người dân với việc giữ rừng."),
    ("dash", "- Làm căn cứ để các cơ quan, đơn vị xây dựng kế hoạch hằng năm, bố trí nguồn lực và để Ủy ban "
             "nhân dân tỉnh theo dõi, kiểm tra, đánh giá kết quả thực hiện."),
    ("item", "2. Yêu cầu"),
    ("dash", "- Các sở, ban, ngành, Ủy ban nhân dân các huyện, thị xã, thành phố quán triệt đầy đủ nội dung "
             "Nghị quyết; xác định phát triển dược liệu là nhiệm vụ trọng tâm, thường xuyên của cả giai "
             "đoạn 2026 - 2030."),
    ("dash", "- Việc giao nhiệm vụ phải gắn với trách nhiệm của người đứng đầu; phân công rõ cơ quan chủ "
             "trì, cơ quan phối hợp, thời gian hoàn thành, không chồng chéo, không bỏ sót nhiệm vụ."),
    ("dash", "- Phát triển dược liệu không được làm giảm diện tích và chất lượng rừng tự nhiên; tuyệt đối "
             "không chuyển mục đích sử dụng rừng tự nhiên sang trồng cây dược liệu."),
    ("dash", "- Thường xuyên theo dõi, đôn đốc; định kỳ sơ kết, rút kinh nghiệm, kịp thời điều chỉnh nhiệm "
             "vụ cho phù hợp với tình hình thực tế."),

    ("part", "II. MỤC TIÊU"),
    ("item", "1. Mục tiêu chung"),
    ("p", "Đưa dược liệu trở thành ngành hàng có giá trị kinh tế cao của tỉnh; hình thành các vùng trồng "
          "tập trung dưới tán rừng và trên đất nương rẫy đạt tiêu chuẩn thực hành tốt; gắn sản xuất với "
          "chế biến, tiêu thụ và du lịch trải nghiệm; bảo tồn nguồn gen cây thuốc quý; nâng cao đời sống "
          "đồng bào các dân tộc vùng cao, bảo vệ và phát triển rừng bền vững."),
    ("item", "2. Mục tiêu cụ thể đến năm 2027"),
    ("dash", "- Diện tích trồng dược liệu toàn tỉnh đạt 6.500 ha, trong đó có ít nhất 2.800 ha trồng dưới "
             "tán rừng."),
    ("dash", "- Có ít nhất 04 vùng trồng dược liệu được cấp mã số vùng trồng; 12 sản phẩm từ dược liệu đạt "
             "chứng nhận OCOP từ 3 sao trở lên."),
    ("dash", "- Hoàn thành điều tra, đánh giá hiện trạng nguồn gen dược liệu tại 100% số xã có rừng."),
    ("item", "3. Mục tiêu cụ thể đến năm 2030"),
    ("dash", "- Diện tích trồng dược liệu toàn tỉnh đạt 10.000 ha, trong đó 4.500" + NBSP + "ha trồng dưới tán "
             "rừng; sản lượng dược liệu khô đạt khoảng 18.000 tấn/năm."),
    ("dash", "- Giá trị sản xuất ngành dược liệu đạt khoảng 2.400 tỷ đồng/năm, tốc độ tăng bình quân 15%/năm "
             "trong giai đoạn."),
    ("dash", "- Tỷ lệ che phủ rừng của tỉnh duy trì ổn định ở mức 58,5%."),
    ("dash", "- Có ít nhất 08 vùng trồng đạt tiêu chuẩn thực hành tốt trồng trọt và thu hái cây thuốc "
             "(GACP); 30 sản phẩm OCOP từ dược liệu, trong đó 05 sản phẩm đạt 4 sao."),
    ("dash", "- Thu hút ít nhất 10 doanh nghiệp đầu tư chế biến sâu dược liệu; 100% diện tích trồng tập "
             "trung có hợp đồng liên kết tiêu thụ sản phẩm."),
    ("dash", "- Khoảng 25.000 lao động có việc làm thường xuyên từ trồng, chăm sóc, thu hái, sơ chế dược "
             "liệu; thu nhập bình quân từ dược liệu của hộ tham gia đạt 120 triệu đồng/hộ/năm."),
    ("dash", "- Bảo tồn, lưu giữ ít nhất 60 loài dược liệu quý, hiếm tại vườn bảo tồn của tỉnh."),

    ("part", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("item", "1. Đẩy mạnh thông tin, tuyên truyền, nâng cao nhận thức"),
    ("point", "a) Sở Văn hóa, Thể thao và Du lịch chỉ đạo, hướng dẫn Báo và Phát thanh, Truyền hình Lạc Sơn "
              "mở chuyên mục \"Dược liệu Lạc Sơn\", phát sóng ít nhất 02 kỳ mỗi tháng; giới thiệu mô hình "
              "trồng dược liệu dưới tán rừng hiệu quả, gương người tốt, việc tốt."),
    ("point", "b) Ủy ban nhân dân cấp huyện chỉ đạo lồng ghép nội dung tuyên truyền vào các buổi sinh hoạt "
              "thôn, bản, tổ dân phố; phát huy vai trò của người có uy tín, già làng, trưởng bản trong vận "
              "động Nhân dân không khai thác tận diệt cây thuốc mọc tự nhiên."),
    ("item", "2. Quy hoạch vùng trồng, tổ chức lại sản xuất"),
    ("point", "a) Rà soát, xác định các vùng trồng dược liệu tập trung phù hợp với quy hoạch tỉnh và kế hoạch "
              "sử dụng đất; ưu tiên các loài chủ lực gồm sâm Lạc Sơn, đương quy, tam thất, ba kích, quế, "
              "sa nhân tím và giảo cổ lam."),
    ("point", "b) Tổ chức sản xuất theo chuỗi giá trị; phát triển hợp tác xã, tổ hợp tác dược liệu, phấn "
              "đấu đến năm 2028 mỗi huyện có ít nhất 02 hợp tác xã dược liệu hoạt động hiệu quả."),
    ("point", "c) Dự án trồng dược liệu dưới tán rừng phải có phương án bảo vệ rừng được Chi cục Kiểm lâm "
              "thẩm định trước khi triển khai; không chặt hạ cây rừng, không làm thay đổi cấu trúc tầng cây "
              "cao của rừng."),
    ("item", "3. Phát triển giống, ứng dụng khoa học và công nghệ"),
    ("point", "a) Đầu tư xây dựng Trung tâm giống dược liệu tỉnh tại huyện Vân Thạch với công suất khoảng "
              "3 triệu cây giống/năm, cung ứng giống có nguồn gốc rõ ràng cho các vùng trồng."),
    ("point", "b) Hằng năm đặt hàng tối thiểu 03 nhiệm vụ khoa học và công nghệ cấp tỉnh về chọn tạo giống, "
              "kỹ thuật canh tác dưới tán rừng, bảo quản và chế biến dược liệu."),
    ("point", "c) Chuyển giao quy trình kỹ thuật cho người trồng; tập huấn cho ít nhất 5.000 lượt nông dân "
              "mỗi năm về trồng, thu hái, sơ chế dược liệu đúng kỹ thuật."),
    ("point", "d) Ứng dụng nhật ký canh tác điện tử và tem truy xuất nguồn gốc cho sản phẩm dược liệu của các "
              "vùng trồng đã được cấp mã số."),
    ("item", "4. Phát triển chế biến, thị trường và thương hiệu"),
    ("point", "a) Thu hút doanh nghiệp đầu tư nhà máy chiết xuất, chế biến sâu dược liệu tại Khu công nghiệp "
              "Đồng Lũy; khuyến khích cơ sở sơ chế quy mô nhỏ đặt tại vùng nguyên liệu."),
    ("point", "b) Xây dựng, đăng ký và quản lý nhãn hiệu chứng nhận \"Sâm Lạc Sơn\"; lập hồ sơ đề nghị bảo "
              "hộ chỉ dẫn địa lý cho sản phẩm quế Nậm Rạng."),
    ("point", "c) Tổ chức Hội chợ dược liệu vùng cao Lạc Sơn theo chu kỳ 02 năm một lần, kết hợp hội thảo "
              "kết nối cung cầu giữa người trồng với doanh nghiệp và cơ sở y học cổ truyền."),
    ("point", "d) Hỗ trợ hợp tác xã, hộ sản xuất đưa sản phẩm lên sàn thương mại điện tử; xây dựng gian "
              "hàng chung \"Dược liệu Lạc Sơn\" trên các sàn lớn."),
    ("item", "5. Bảo tồn nguồn gen gắn với bảo vệ rừng"),
    ("point", "a) Xây dựng vườn bảo tồn dược liệu quy mô 25 ha tại Khu bảo tồn thiên nhiên Pù Lan để lưu giữ "
              "các loài cây thuốc quý, hiếm và có nguy cơ tuyệt chủng."),
    ("point", "b) Lực lượng kiểm lâm tăng cường tuần tra, kiểm soát; xử lý nghiêm hành vi khai thác, vận "
              "chuyển, buôn bán trái phép dược liệu mọc tự nhiên trong rừng đặc dụng, rừng phòng hộ."),
    ("point", "c) Khuyến khích cộng đồng dân cư thôn, bản nhận khoán bảo vệ rừng kết hợp trồng dược liệu "
              "dưới tán; ưu tiên hộ đồng bào dân tộc thiểu số, hộ nghèo, hộ cận nghèo."),
    ("item", "6. Phát triển du lịch gắn với dược liệu"),
    ("point", "a) Xây dựng sản phẩm du lịch trải nghiệm vùng trồng dược liệu, tắm lá thuốc của người Dao đỏ, "
              "ẩm thực từ cây thuốc; phấn đấu đến năm 2030 có ít nhất 05 điểm du lịch cộng đồng gắn với "
              "dược liệu được công nhận."),
    ("point", "b) Lồng ghép quảng bá sản phẩm dược liệu trong các chương trình xúc tiến du lịch của tỉnh."),
    ("item", "7. Cơ chế, chính sách và huy động nguồn lực"),
    ("point", "a) Triển khai kịp thời các chính sách hỗ trợ tại Nghị quyết số 38/2025/NQ-HĐND; công khai "
              "trình tự, hồ sơ và điều kiện hưởng hỗ trợ tại trụ sở Ủy ban nhân dân cấp xã."),
    ("point", "b) Lồng ghép nguồn vốn các chương trình mục tiêu quốc gia, chương trình chi trả dịch vụ môi "
              "trường rừng với nguồn vốn của doanh nghiệp, hợp tác xã và người dân."),

    ("part", "IV. KINH PHÍ THỰC HIỆN"),
    ("item", "1. Tổng kinh phí dự kiến thực hiện Kế hoạch giai đoạn 2026 - 2030 khoảng 1.850 tỷ đồng, "
             "trong đó:"),
    ("dash", "- Ngân sách trung ương lồng ghép qua các chương trình mục tiêu quốc gia: khoảng 420 tỷ đồng;"),
    ("dash", "- Ngân sách tỉnh: khoảng 380 tỷ đồng;"),
    ("dash", "- Ngân sách cấp huyện: khoảng 150 tỷ đồng;"),
    ("dash", "- Vốn của doanh nghiệp, hợp tác xã, người dân và các nguồn hợp pháp khác: khoảng 900 tỷ đồng."),
    ("item", "2. Năm 2026, ngân sách tỉnh bố trí 45 tỷ đồng từ nguồn sự nghiệp kinh tế để thực hiện chính "
             "sách hỗ trợ theo Nghị quyết số 38/2025/NQ-HĐND và 12 tỷ đồng cho điều tra nguồn gen, khởi "
             "công vườn bảo tồn dược liệu."),
    ("item", "3. Căn cứ nhiệm vụ được giao, các cơ quan, đơn vị, địa phương lập dự toán kinh phí chung vào "
             "dự toán ngân sách hằng năm của cơ quan, đơn vị mình, gửi Sở Tài chính trước ngày 20/7 hằng "
             "năm để tổng hợp, trình cấp có thẩm quyền."),

    ("part", "V. TỔ CHỨC THỰC HIỆN"),
    ("item", "1. Sở Nông nghiệp và Môi trường"),
    ("dash", "- Là cơ quan thường trực, giúp Ủy ban nhân dân tỉnh theo dõi, đôn đốc, hướng dẫn các cơ quan, "
             "đơn vị, địa phương triển khai Kế hoạch này."),
    ("dash", "- Chủ trì xây dựng Đề án phát triển vùng trồng dược liệu tập trung tỉnh Lạc Sơn đến năm 2030, "
             "trình Ủy ban nhân dân tỉnh phê duyệt trước ngày 30/9/2026."),
    ("dash", "- Chỉ đạo Chi cục Kiểm lâm rà soát diện tích rừng đủ điều kiện trồng dược liệu dưới tán; "
             "hướng dẫn cấp mã số vùng trồng và áp dụng tiêu chuẩn GACP."),
    ("dash", "- Tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh và Ban Thường vụ Tỉnh ủy định kỳ "
             "6 tháng (trước ngày 20/6) và hằng năm (trước ngày 15/12)."),
    ("dash", "- Tham mưu tổ chức sơ kết giữa kỳ vào quý IV/2028 và tổng kết việc thực hiện Kế hoạch vào "
             "quý IV/2030."),
    ("item", "2. Sở Tài chính"),
    ("dash", "- Tham mưu Ủy ban nhân dân tỉnh cân đối, bố trí kinh phí thực hiện Kế hoạch trong dự toán "
             "ngân sách hằng năm và kế hoạch đầu tư công trung hạn."),
    ("dash", "- Chủ trì xây dựng danh mục dự án kêu gọi đầu tư vào lĩnh vực chế biến dược liệu, trình Ủy "
             "ban nhân dân tỉnh trong quý III/2026."),
    ("dash", "- Hướng dẫn việc lập dự toán, thanh toán, quyết toán kinh phí hỗ trợ theo Nghị quyết số "
             "38/2025/NQ-HĐND."),
    ("item", "3. Sở Khoa học và Công nghệ"),
    ("dash", "- Chủ trì đặt hàng, tuyển chọn và tổ chức thực hiện các nhiệm vụ khoa học và công nghệ về dược "
             "liệu; chủ trì điều tra, đánh giá nguồn gen dược liệu của tỉnh."),
    ("dash", "- Hướng dẫn, hỗ trợ các tổ chức tập thể xác lập, quản lý và phát triển nhãn hiệu chứng nhận, "
             "chỉ dẫn địa lý; hướng dẫn việc áp dụng mã truy xuất nguồn gốc."),
    ("item", "4. Sở Y tế"),
    ("dash", "- Hướng dẫn tiêu chuẩn chất lượng dược liệu; tổ chức kiểm nghiệm mẫu dược liệu của các vùng "
             "trồng tập trung."),
    ("dash", "- Kiểm tra chất lượng dược liệu lưu thông trên thị trường ít nhất 02 đợt mỗi năm; khuyến khích "
             "các bệnh viện y học cổ truyền ưu tiên sử dụng dược liệu đạt chuẩn của tỉnh."),
    ("item", "5. Sở Công Thương"),
    ("dash", "- Chủ trì tổ chức Hội chợ dược liệu vùng cao Lạc Sơn và các hoạt động xúc tiến thương mại; kết "
             "nối tiêu thụ sản phẩm dược liệu với hệ thống phân phối trong và ngoài tỉnh."),
    ("dash", "- Hỗ trợ hợp tác xã, doanh nghiệp tham gia thương mại điện tử, quản lý gian hàng chung của "
             "tỉnh trên sàn."),
    ("item", "6. Sở Văn hóa, Thể thao và Du lịch"),
    ("dash", "- Chủ trì xây dựng và quảng bá sản phẩm du lịch gắn với dược liệu; hướng dẫn địa phương công "
             "nhận điểm du lịch cộng đồng."),
    ("dash", "- Chỉ đạo các cơ quan báo chí, hệ thống thông tin cơ sở tuyên truyền về nội dung Kế hoạch."),
    ("item", "7. Sở Dân tộc và Tôn giáo"),
    ("dash", "- Phối hợp với Sở Nông nghiệp và Môi trường lồng ghép nguồn vốn Chương trình mục tiêu quốc gia "
             "phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi để hỗ trợ trồng dược "
             "liệu; tham mưu bảo tồn, phát huy tri thức sử dụng cây thuốc của đồng bào các dân tộc."),
    ("item", "8. Ban Quản lý các khu công nghiệp tỉnh"),
    ("dash", "- Có trách nhiệm hướng dẫn, hỗ trợ nhà đầu tư thực hiện thủ tục đầu tư dự án chế biến dược liệu "
             "vào Khu công nghiệp Đồng Lũy; dành quỹ đất khoảng 15 ha cho các dự án chế biến dược liệu."),
    ("item", "9. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội"),
    ("dash", "- Tuyên truyền, vận động hội viên, đoàn viên và Nhân dân tham gia phát triển dược liệu, bảo vệ "
             "rừng; giám sát việc thực hiện chính sách hỗ trợ tại cơ sở. Hội Nông dân tỉnh phối hợp tập huấn "
             "kỹ thuật và xây dựng tổ hội nghề nghiệp dược liệu."),
    ("item", "10. Ủy ban nhân dân các huyện, thị xã, thành phố"),
    ("dash", "- Xây dựng, ban hành kế hoạch thực hiện của địa phương trước ngày 31/5/2026, gửi về Sở Nông "
             "nghiệp và Môi trường để theo dõi."),
    ("dash", "- Bố trí ngân sách cấp huyện; chỉ đạo Ủy ban nhân dân cấp xã rà soát quỹ đất, vận động người "
             "dân tham gia liên kết sản xuất, thành lập hợp tác xã dược liệu."),
    ("dash", "- Trong mùa vụ trồng mới (từ tháng 3 đến tháng 8), báo cáo nhanh tiến độ trồng dược liệu về Sở "
             "Nông nghiệp và Môi trường trước ngày 15 hằng tháng."),
    ("dash", "- Báo cáo kết quả thực hiện 6 tháng và hằng năm về Sở Nông nghiệp và Môi trường trước ngày 10/6 "
             "và ngày 05/12 để tổng hợp."),
    ("p", "\tTrong quá trình thực hiện, nếu có khó khăn, vướng mắc hoặc cần sửa đổi, bổ sung nhiệm vụ, các cơ "
          "quan, đơn vị, địa phương kịp thời báo cáo Ủy ban nhân dân tỉnh (qua Sở Nông nghiệp và Môi trường) "
          "để xem xét, quyết định./."),
]

# -- Nơi nhận (left) and signature (right): a borderless layout table -------------------------

RECEIVERS = [
    ("Nơi nhận:", "bi"),
    ("- Thường trực Tỉnh ủy (b/c);", ""),
    ("- Thường trực HĐND tỉnh;", ""),
    ("- Chủ tịch, các PCT UBND tỉnh;", ""),
    ("- Ủy ban MTTQ Việt Nam tỉnh;", ""),
    ("- Các sở, ban, ngành tỉnh;", ""),
    ("- UBND các huyện, thị xã, thành phố;", ""),
    ("- Báo và PT, TH Lạc Sơn;", ""),
    ("- Lưu: VT, KTN.", ""),
]
SIGNATURE = [
    ("TM. ỦY BAN NHÂN DÂN", "b"),
    ("KT. CHỦ TỊCH", "b"),
    ("PHÓ CHỦ TỊCH", "b"),
    ("", ""),
    ("(Đã ký)", "i"),
    ("", ""),
    ("Lò Văn Thiện", "b"),
]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_HEAD = [
    ("title", "Phụ lục"),
    ("title", "DANH MỤC NHIỆM VỤ TRIỂN KHAI NGHỊ QUYẾT SỐ 15-NQ/TU GIAI ĐOẠN 2026 - 2030"),
    ("italic_c", "(Kèm theo Kế hoạch số 112/KH-UBND ngày 08/4/2026 của Ủy ban nhân dân tỉnh Lạc Sơn)"),
]

COLUMNS = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
COL_WIDTHS_CM = [1.2, 8.4, 3.8, 5.0, 3.0, 4.0]

# A row is ("group", title) or a 6-tuple. None in a cell = continuation of a vertical merge with
# the cell above (the text is held by the first cell of the merge).
TABLE: list[tuple] = [
    ("group", "I. QUY HOẠCH VÙNG TRỒNG, CƠ CHẾ CHÍNH SÁCH"),
    ("1", "Xây dựng Đề án phát triển vùng trồng dược liệu tập trung tỉnh Lạc Sơn đến năm 2030",
     NN, "Sở Tài chính; UBND các huyện, thị xã, thành phố", "Tháng 9/2026",
     "Quyết định phê duyệt Đề án của UBND tỉnh"),
    ("2", "Rà soát, lập bản đồ diện tích rừng đủ điều kiện trồng dược liệu dưới tán",
     None, "Chi cục Kiểm lâm; UBND cấp xã", "Quý IV/2026", "Bản đồ và cơ sở dữ liệu vùng trồng"),
    ("3", "Hướng dẫn lập dự toán, thanh toán, quyết toán kinh phí hỗ trợ theo Nghị quyết số 38/2025/NQ-HĐND",
     "Sở Tài chính", "Sở Nông nghiệp và Môi trường; Kho bạc Nhà nước khu vực", "Quý II/2026",
     "Văn bản hướng dẫn"),
    ("4", "Xây dựng danh mục dự án kêu gọi đầu tư chế biến sâu dược liệu",
     "Sở Tài chính", "Ban Quản lý các khu công nghiệp tỉnh; Sở Công Thương", "Quý III/2026",
     "Quyết định ban hành danh mục dự án"),
    ("5", "Ban hành kế hoạch thực hiện Nghị quyết số 15-NQ/TU của cấp huyện",
     "UBND các huyện, thị xã, thành phố", "Sở Nông nghiệp và Môi trường", "Trước ngày 31/5/2026",
     "Kế hoạch của UBND cấp huyện"),
    ("group", "II. GIỐNG, KHOA HỌC CÔNG NGHỆ VÀ TỔ CHỨC SẢN XUẤT"),
    ("1", "Đầu tư xây dựng Trung tâm giống dược liệu tỉnh tại huyện Vân Thạch",
     NN, "Sở Tài chính; UBND huyện Vân Thạch", "2026 - 2028", "Trung tâm giống được đưa vào vận hành"),
    ("2", "Điều tra, đánh giá hiện trạng nguồn gen dược liệu tại các xã có rừng",
     KHCN, "Sở Nông nghiệp và Môi trường; Sở Y tế", "Năm 2027", "Báo cáo điều tra và danh mục nguồn gen"),
    ("3", "Đặt hàng nhiệm vụ khoa học và công nghệ về chọn tạo giống, canh tác và chế biến dược liệu",
     None, "Các viện, trường; doanh nghiệp dược", "Hằng năm", "Quy trình kỹ thuật được công nhận"),
    ("4", "Xây dựng vườn bảo tồn dược liệu quý, hiếm quy mô 25 ha",
     "Ban Quản lý Khu bảo tồn thiên nhiên Pù Lan", "Sở Khoa học và Công nghệ; Sở Nông nghiệp và Môi trường",
     "Quý IV/2028", "Vườn bảo tồn và danh mục loài được lưu giữ"),
    ("5", "Cấp mã số vùng trồng, chứng nhận GACP cho các vùng dược liệu tập trung",
     NN, "Sở Y tế; UBND cấp huyện", "2026 - 2030", "Mã số vùng trồng, giấy chứng nhận GACP"),
    ("6", "Tập huấn kỹ thuật trồng, thu hái, sơ chế dược liệu cho nông dân",
     "Trung tâm Khuyến nông tỉnh", "Hội Nông dân tỉnh; UBND cấp huyện", "Hằng năm",
     "Ít nhất 5.000 lượt người được tập huấn mỗi năm"),
    ("7", "Kiểm nghiệm mẫu dược liệu vùng trồng; kiểm tra chất lượng dược liệu lưu thông trên thị trường",
     "Sở Y tế", "Công an tỉnh; Sở Công Thương", "02 đợt/năm", "Báo cáo kết quả kiểm tra"),
    ("group", "III. CHẾ BIẾN, THỊ TRƯỜNG, DU LỊCH VÀ BẢO VỆ RỪNG"),
    ("1", "Xây dựng nhãn hiệu chứng nhận \"Sâm Lạc Sơn\" và hồ sơ chỉ dẫn địa lý quế Nậm Rạng",
     KHCN, "UBND huyện Nậm Rạng; Sở Nông nghiệp và Môi trường", "Năm 2027", "Văn bằng bảo hộ"),
    ("2", "Tổ chức Hội chợ dược liệu vùng cao Lạc Sơn",
     "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch; Sở Nông nghiệp và Môi trường",
     "Các năm 2026, 2028, 2030", "Hội chợ và hội thảo kết nối cung cầu"),
    ("3", "Xây dựng gian hàng chung \"Dược liệu Lạc Sơn\" trên sàn thương mại điện tử",
     "Sở Công Thương", "Sở Khoa học và Công nghệ; các hợp tác xã dược liệu", "Quý IV/2026",
     "Gian hàng trực tuyến hoạt động"),
    ("4", "Xây dựng sản phẩm du lịch cộng đồng gắn với dược liệu và tắm lá thuốc",
     "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo; UBND cấp huyện", "2027 - 2030",
     "Ít nhất 05 điểm du lịch được công nhận"),
    ("5", "Tuần tra, kiểm soát, xử lý khai thác, vận chuyển trái phép dược liệu tự nhiên",
     "Chi cục Kiểm lâm", "Công an tỉnh; UBND cấp xã", "Thường xuyên", "Báo cáo 6 tháng, hằng năm"),
    ("6", "Hỗ trợ thủ tục đầu tư nhà máy chiết xuất dược liệu tại Khu công nghiệp Đồng Lũy",
     "Ban Quản lý các khu công nghiệp tỉnh", "Sở Tài chính; Sở Nông nghiệp và Môi trường", "Năm 2027",
     "Dự án được chấp thuận chủ trương đầu tư"),
]

FIXED_TIME = _dt.datetime(2026, 4, 8, 8, 0, 0)
ZIP_TIME = (2026, 4, 8, 8, 0, 0)


# -- helpers -----------------------------------------------------------------------------------

def _fmt(par, size: float | None = None, bold=False, italic=False, underline=False, align=None,
         indent_first: float | None = None, space_after: float = 3):
    if align is not None:
        par.alignment = align
    pf = par.paragraph_format
    pf.space_after = Pt(space_after)
    pf.space_before = Pt(0)
    if indent_first is not None:
        pf.first_line_indent = Cm(indent_first)
    for run in par.runs:
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)


def _add_par(container, text: str, **fmt):
    par = container.add_paragraph()
    if text:
        par.add_run(text)
    _fmt(par, **fmt)
    return par


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    anchor = None
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        anchor = tbl_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _set_cell(cell, text: str, bold=False, align=None, size=12) -> None:
    tc = cell._tc
    for p in list(tc.iterchildren(qn("w:p"))):
        tc.remove(p)
    par = cell.add_paragraph()
    if text:
        par.add_run(text)
    _fmt(par, size=size, bold=bold, align=align, space_after=0)


def _layout_table(doc, left, right, widths_cm, left_align, right_align, size_left, size_right) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = tuple(Cm(w) for w in widths_cm)
    for col, width in zip(table.columns, widths):
        col.width = width
    for n, (cell, lines) in enumerate(zip(table.rows[0].cells, (left, right))):
        cell.width = widths[n]
        for p in list(cell._tc.iterchildren(qn("w:p"))):
            cell._tc.remove(p)
        for text, style in lines:
            par = cell.add_paragraph()
            if text:
                par.add_run(text)
            _fmt(par, size=size_left if n == 0 else size_right, bold="b" in style, italic="i" in style,
                 underline="u" in style, align=left_align if n == 0 else right_align, space_after=0)


def _body(doc, rows) -> None:
    for style, text in rows:
        if style == "title":
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        elif style == "italic_c":
            _add_par(doc, text, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style == "rule":
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style in ("part", "item"):
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=1.0)
        elif style in ("point", "p", "dash"):
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                     indent_first=None if text.startswith("\t") else 1.0)
        else:  # pragma: no cover
            raise ValueError(style)


def _task_table(doc) -> None:
    ncols = len(COLUMNS)
    table = doc.add_table(rows=1 + len(TABLE), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table.columns, COL_WIDTHS_CM):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, COL_WIDTHS_CM):
            cell.width = Cm(width)
    header = table.rows[0]
    _repeat_header(header)
    for cell, name in zip(header.cells, COLUMNS):
        _set_cell(cell, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    vmerges: list[tuple[int, int]] = []
    for r, row_data in enumerate(TABLE, start=1):
        row = table.rows[r]
        if row_data[0] == "group":
            _set_cell(row.cells[0], row_data[1], bold=True)
            continue
        for c, value in enumerate(row_data):
            if value is None:
                vmerges.append((r, c))
                _set_cell(row.cells[c], "")
            else:
                center = c in (0, 4)
                _set_cell(row.cells[c], value, align=WD_ALIGN_PARAGRAPH.CENTER if center else None)
    for r, row_data in enumerate(TABLE, start=1):
        if row_data[0] == "group":
            row = table.rows[r]
            merged = row.cells[0].merge(row.cells[ncols - 1])
            _set_cell(merged, row_data[1], bold=True)
    for r, c in vmerges:
        top = table.cell(r - 1, c)
        text = top.text
        merged = top.merge(table.cell(r, c))
        _set_cell(merged, text, align=WD_ALIGN_PARAGRAPH.CENTER if c in (0, 4) else None)


def _landscape_section(doc) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(1.5)
    sec.top_margin = sec.bottom_margin = Cm(2.0)


def _core(doc) -> None:
    cp = doc.core_properties
    cp.author = "Văn phòng UBND tỉnh Lạc Sơn"
    cp.last_modified_by = "Văn phòng UBND tỉnh Lạc Sơn"
    cp.title = "Kế hoạch số 112/KH-UBND"
    cp.subject = "Triển khai thực hiện Nghị quyết số 15-NQ/TU"
    cp.keywords = ""
    cp.comments = "Văn bản hư cấu dùng cho bộ đánh giá (eval/multidoc)."
    cp.category = ""
    cp.revision = 1
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME


def _deterministic_zip(blob: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def make_document():
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), "Times New Roman")
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)

    _layout_table(doc, HEADER_LEFT, HEADER_RIGHT, (6.5, 10.0), WD_ALIGN_PARAGRAPH.CENTER,
                  WD_ALIGN_PARAGRAPH.CENTER, 13, 13)
    _add_par(doc, "")
    _body(doc, BODY)
    _add_par(doc, "")
    _layout_table(doc, RECEIVERS, SIGNATURE, (8.0, 8.5), WD_ALIGN_PARAGRAPH.LEFT,
                  WD_ALIGN_PARAGRAPH.CENTER, 11, 14)
    _landscape_section(doc)
    _body(doc, APPENDIX_HEAD)
    _task_table(doc)
    _core(doc)
    return doc


def build(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    make_document().save(buf)
    path = out_dir / FILE_NAME
    path.write_bytes(_deterministic_zip(buf.getvalue()))
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
