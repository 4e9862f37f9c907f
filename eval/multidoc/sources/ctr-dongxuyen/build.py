"""Build the eval document `ctr-dongxuyen.docx` (fictional: Tỉnh ủy Đồng Xuyên, CTr 18-CTr/TU).

The whole text lives in this script. The file imitates what a provincial Party office sends
out of Word: the header block is a borderless two-column table, the title runs over two
paragraphs, some paragraphs carry stray tabs and non-breaking spaces, and the appendix is a
real table (repeating header row, group rows merged across all columns, vertically merged
cells) in a landscape section.

    python build.py OUT_DIR          # writes OUT_DIR/ctr-dongxuyen.docx

Output is byte-for-byte deterministic: fixed core properties and fixed zip timestamps.
Nothing here is copied from a real document; Nghị quyết 57-NQ/TW is only cited by its
number, date, issuer and title.
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

FILE_NAME = "ctr-dongxuyen.docx"
NBSP = "\u00a0"

# -- header block (layout table) -------------------------------------------------------------

HEADER_LEFT = [
    ("ĐẢNG BỘ TỈNH ĐỒNG XUYÊN", ""),
    ("TỈNH ỦY", "b"),
    ("*", ""),
    ("Số 18-CTr/TU", ""),
]
HEADER_RIGHT = [
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "bu"),
    ("", ""),
    ("", ""),
    ("Đồng Xuyên, ngày 15 tháng 3 năm 2025", "i"),
]

# -- body ------------------------------------------------------------------------------------
# (style, text): title = centred bold; part = Roman heading; item = numbered item (bold);
# point = a) b) lead; p = paragraph; dash = dash bullet; rule = the short line under the title;
# recv = "Nơi nhận" block (small, left); sign = signature block (centred on the right).

BODY: list[tuple[str, str]] = [
    ("title", "CHƯƠNG TRÌNH HÀNH ĐỘNG"),
    ("title", "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển"),
    ("title", "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    ("rule", "-----"),
    ("p", "\tThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
          "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia (sau đây gọi tắt là Nghị "
          "quyết số 57-NQ/TW), Ban Chấp hành Đảng bộ tỉnh" + NBSP + "Đồng Xuyên ban hành Chương trình "
          "hành động thực hiện Nghị quyết trên địa bàn tỉnh như sau:"),
    ("p", "\tThời gian qua, hoạt động khoa học, công nghệ và chuyển đổi số của tỉnh có bước tiến bộ: "
          "hệ thống thông tin giải quyết thủ tục hành chính được vận hành thống nhất từ tỉnh đến xã, "
          "nhiều mô hình ứng dụng công nghệ trong sản xuất lúa, cây ăn trái và nuôi trồng thủy sản "
          "mang lại hiệu quả. Tuy vậy, tiềm lực khoa học và công nghệ của tỉnh còn mỏng; chi ngân sách "
          "địa phương cho khoa học, công nghệ mới đạt khoảng 0,6% tổng chi; toàn tỉnh mới có 14 doanh "
          "nghiệp khoa học và công nghệ; hạ tầng số ở các xã vùng sâu, vùng ven biên giới còn nhiều "
          "\"vùng lõm\" sóng; nhận thức của một bộ phận cán bộ, đảng viên về chuyển đổi số chưa đầy đủ, "
          "còn tâm lý ngại thay đổi."),

    ("part", "I. MỤC TIÊU"),
    ("item", "1. Mục tiêu chung"),
    ("p", "Tạo chuyển biến mạnh mẽ trong nhận thức và hành động của các cấp ủy, tổ chức đảng, chính "
          "quyền, Mặt trận Tổ quốc, các tổ chức chính trị - xã hội, cán bộ, đảng viên, doanh nghiệp và "
          "Nhân dân trong tỉnh về vai trò của khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số. "
          "Đưa khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trở thành động lực chính để tăng "
          "năng suất lao động, nâng cao sức cạnh tranh của nền kinh tế tỉnh, đổi mới phương thức lãnh "
          "đạo của Đảng, quản lý của chính quyền và phục vụ người dân, doanh nghiệp; phấn đấu đến năm "
          "2030 Đồng Xuyên thuộc nhóm 15 tỉnh, thành phố dẫn đầu cả nước về chỉ số chuyển đổi số cấp tỉnh."),
    ("item", "2. Mục tiêu cụ thể đến năm 2030"),
    ("dash", "- Chi cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số đạt tối thiểu 2,5% tổng chi "
             "ngân sách địa phương hằng năm; nguồn lực xã hội đầu tư cho nghiên cứu và phát triển đạt "
             "khoảng 0,8% GRDP của tỉnh."),
    ("dash", "- Kinh tế số chiếm tỷ trọng tối thiểu" + NBSP + "22% GRDP của tỉnh; tỷ trọng kinh tế số trong "
             "từng ngành, lĩnh vực chủ lực đạt tối thiểu 15%."),
    ("dash", "- 100% thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công trực tuyến "
             "toàn trình; tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến đạt trên "
             "85%; 100% hồ sơ công việc ở cấp tỉnh, 90% ở cấp huyện và 70% ở cấp xã được xử lý trên môi "
             "trường mạng (trừ hồ sơ thuộc phạm vi bí mật nhà nước)."),
    ("dash", "- 100% thôn, ấp, khu phố được phủ sóng di động băng rộng; 95% hộ gia đình có kết nối cáp "
             "quang; hoàn thành phủ sóng 5G tại các khu công nghiệp, khu đô thị và trung tâm các huyện."),
    ("dash", "- Có ít nhất 60 doanh nghiệp khoa học và công nghệ và 300 doanh nghiệp công nghệ số hoạt động "
             "trên địa bàn; 70% doanh nghiệp nhỏ và vừa sử dụng nền tảng số trong quản trị, sản xuất, "
             "kinh doanh."),
    ("dash", "- Số đơn đăng ký sáng chế, giải pháp hữu ích và văn bằng bảo hộ giống cây trồng của tổ chức, "
             "cá nhân trong tỉnh tăng bình quân 12%/năm; ít nhất 25 sản phẩm chủ lực, sản phẩm OCOP được "
             "gắn mã truy xuất nguồn gốc."),
    ("dash", "- 100% cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số cơ bản; nhân lực công nghệ "
             "thông tin, công nghệ số chiếm tối thiểu 3% lực lượng lao động của tỉnh."),
    ("dash", "- Hình thành 01 Trung tâm Đổi mới sáng tạo tỉnh và ít nhất 03 cơ sở ươm tạo doanh nghiệp "
             "khởi nghiệp sáng tạo đặt tại trường học, viện nghiên cứu, khu công nghiệp."),
    ("item", "3. Tầm nhìn đến năm 2045"),
    ("p", "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh phát triển vững chắc, là nền "
          "tảng của mô hình tăng trưởng; chính quyền số, kinh tế số và xã hội số của tỉnh vận hành đầy "
          "đủ; Đồng Xuyên trở thành một trung tâm đổi mới sáng tạo của vùng về nông nghiệp công nghệ "
          "cao và kinh tế biên mậu."),

    ("part", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("item", "1.\tNâng cao nhận thức, đổi mới tư duy của các cấp ủy, tổ chức đảng, chính quyền; phát huy "
             "vai trò người đứng đầu"),
    ("point", "a) Tổ chức quán triệt, tuyên truyền"),
    ("dash", "- Tổ chức học tập, quán triệt Nghị quyết số 57-NQ/TW và Chương trình hành động này đến toàn "
             "thể cán bộ, đảng viên, xong trong quý II/2025; đưa nội dung Nghị quyết vào sinh hoạt chi bộ "
             "thường kỳ."),
    ("dash", "- Đổi mới hình thức tuyên truyền, ưu tiên nền tảng số và mạng xã hội; mở chuyên mục "
             "\"Đồng Xuyên số\" trên báo, đài của tỉnh và trang thông tin điện tử của các huyện."),
    ("dash", "- Kịp thời biểu dương, khen thưởng tập thể, cá nhân có sáng kiến, mô hình hay; phê phán biểu "
             "hiện trì trệ, né tránh, ngại đổi mới."),
    ("point", "b) Phát huy vai trò người đứng đầu"),
    ("dash", "- Người đứng đầu cấp ủy, chính quyền các cấp trực tiếp chỉ đạo và chịu trách nhiệm về kết quả "
             "chuyển đổi số ở địa phương, cơ quan, đơn vị mình; kết quả này là một tiêu chí đánh giá, xếp "
             "loại tổ chức đảng, đảng viên và cán bộ cuối năm."),
    ("dash", "- Mỗi cơ quan, đơn vị, địa phương chọn ít nhất một việc đột phá về chuyển đổi số trong năm, "
             "đăng ký với cấp ủy cấp trên trước ngày 31/3 hằng năm.\t"),
    ("item", "2.\tHoàn thiện cơ chế, chính sách; tháo gỡ điểm nghẽn cho phát triển khoa học, công nghệ, "
             "đổi mới sáng tạo và chuyển đổi số"),
    ("point", "a) Rà soát các văn bản quy phạm pháp luật và văn bản hành chính do tỉnh ban hành có liên "
              "quan; sửa đổi, bổ sung hoặc bãi bỏ quy định không còn phù hợp, hoàn thành trong năm 2025."),
    ("point", "b) Xây dựng chính sách đặc thù của tỉnh:"),
    ("dash", "- Hỗ trợ tổ chức, doanh nghiệp nghiên cứu, ứng dụng, chuyển giao công nghệ và đăng ký bảo hộ "
             "quyền sở hữu trí tuệ;"),
    ("dash", "- Áp dụng cơ chế khoán chi đến sản phẩm cuối cùng đối với nhiệm vụ khoa học và công nghệ dùng "
             "ngân sách tỉnh; chấp nhận rủi ro và độ trễ trong nghiên cứu;"),
    ("dash", "- Thu hút, trọng dụng chuyên gia, nhà khoa học, nhân lực công nghệ số giỏi về công tác tại tỉnh."),
    ("point", "c) Cải cách thủ tục quản lý nhiệm vụ khoa học và công nghệ theo hướng giảm hồ sơ, giấy tờ; "
              "thực hiện trực tuyến toàn bộ quy trình từ đề xuất, tuyển chọn, giao trực tiếp đến nghiệm "
              "thu, công bố kết quả."),
    ("item", "3.\tPhát triển hạ tầng số, hạ tầng khoa học và công nghệ"),
    ("point", "a) Hạ tầng số"),
    ("dash", "- Phát triển hạ tầng viễn thông băng rộng, xóa \"vùng lõm\" sóng di động tại các xã vùng sâu, "
             "vùng ven biên giới; ưu tiên huy động vốn của doanh nghiệp viễn thông."),
    ("dash", "- Xây dựng Trung tâm dữ liệu tỉnh theo hướng dùng chung; kết nối, chia sẻ dữ liệu với cơ sở dữ "
             "liệu quốc gia về dân cư và các cơ sở dữ liệu chuyên ngành."),
    ("dash", "- Hình thành kho dữ liệu mở của tỉnh, công khai danh mục để tổ chức, doanh nghiệp, người dân "
             "khai thác, tạo ra sản phẩm, dịch vụ mới."),
    ("point", "b) Hạ tầng khoa học và công nghệ"),
    ("dash", "- Đầu tư nâng cấp Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh, các phòng thí nghiệm, "
             "phòng thử nghiệm, đo lường, kiểm định chất lượng sản phẩm, hàng hóa."),
    ("dash", "- Khuyến khích doanh nghiệp đầu tư phòng thí nghiệm, trung tâm nghiên cứu và phát triển; dành "
             "quỹ đất trong khu công nghiệp cho cơ sở nghiên cứu, ươm tạo công nghệ."),
    ("item", "4.\tPhát triển nguồn nhân lực chất lượng cao cho khoa học, công nghệ và chuyển đổi số"),
    ("point", "a) Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức và người lao động; đưa nội "
              "dung chuyển đổi số vào chương trình bồi dưỡng lý luận chính trị tại Trường Chính trị tỉnh và "
              "trung tâm chính trị cấp huyện."),
    ("point", "b) Đẩy mạnh giáo dục STEM, tin học, ngoại ngữ trong các cơ sở giáo dục phổ thông; mỗi huyện, "
              "thị xã, thành phố có ít nhất 01 trường trung học phổ thông đạt chuẩn giáo dục STEM vào năm 2027."),
    ("point", "c) Hợp tác với các trường đại học, viện nghiên cứu trong và ngoài nước đào tạo theo đặt hàng "
              "nhân lực công nghệ thông tin, trí tuệ nhân tạo, tự động hóa; hằng năm cử ít nhất 20 cán bộ "
              "trẻ có triển vọng đi đào tạo chuyên sâu về công nghệ số."),
    ("item", "5.\tĐẩy mạnh chuyển đổi số trong hoạt động của các cơ quan đảng, chính quyền, Mặt trận Tổ quốc "
             "và các tổ chức chính trị - xã hội"),
    ("point", "a) Đối với các cơ quan đảng"),
    ("dash", "- Hoàn thành triển khai phần mềm quản lý văn bản và hồ sơ công việc liên thông từ Tỉnh ủy đến "
             "đảng ủy cơ sở; thực hiện ký số văn bản trong các cơ quan đảng."),
    ("dash", "- Số hóa hồ sơ đảng viên, xây dựng cơ sở dữ liệu tổ chức đảng và đảng viên của Đảng bộ tỉnh, "
             "kết nối với cơ sở dữ liệu của Trung ương."),
    ("point", "b) Đối với chính quyền các cấp"),
    ("dash", "- Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh; tái cấu trúc quy trình nghiệp "
             "vụ để cung cấp dịch vụ công trực tuyến toàn trình."),
    ("dash", "- Tổ chức họp, hội nghị trực tuyến và không giấy tờ; từng bước chỉ đạo, điều hành dựa trên dữ "
             "liệu số."),
    ("point", "c) Mặt trận Tổ quốc và các tổ chức chính trị - xã hội ứng dụng nền tảng số trong quản lý đoàn "
              "viên, hội viên, tiếp nhận ý kiến, kiến nghị của Nhân dân; phát huy vai trò tổ công nghệ số "
              "cộng đồng ở thôn, ấp, khu phố."),
    ("item", "6.\tThúc đẩy đổi mới sáng tạo, phát triển kinh tế số và doanh nghiệp công nghệ"),
    ("point", "a) Thành lập Trung tâm Đổi mới sáng tạo tỉnh, kết nối với mạng lưới đổi mới sáng tạo trong "
              "nước; tổ chức hằng năm Ngày hội khởi nghiệp đổi mới sáng tạo tỉnh Đồng Xuyên."),
    ("point", "b) Hỗ trợ doanh nghiệp nhỏ và vừa, hợp tác xã, hộ kinh doanh chuyển đổi số, bán hàng trên "
              "sàn thương mại điện tử; phát triển sàn giao dịch nông sản của tỉnh."),
    ("point", "c) Ứng dụng công nghệ số trong nông nghiệp, du lịch, logistics; nhân rộng mô hình nông nghiệp "
              "thông minh, vùng nguyên liệu có mã số vùng trồng và truy xuất nguồn gốc."),
    ("item", "7.\tBảo đảm an ninh mạng, an toàn thông tin và bảo vệ dữ liệu"),
    ("point", "a) Bảo đảm an toàn hệ thống thông tin theo cấp độ; 100% hệ thống thông tin của các cơ quan "
              "đảng, nhà nước được phê duyệt cấp độ và đưa vào giám sát an toàn thông tin tập trung."),
    ("point", "b) Nâng cao năng lực đội ứng cứu sự cố an toàn thông tin mạng của tỉnh; tổ chức diễn tập ứng "
              "cứu sự cố ít nhất 01 lần/năm."),
    ("point", "c) Bảo vệ bí mật nhà nước và dữ liệu cá nhân; chủ động đấu tranh với hoạt động lợi dụng "
              "không gian mạng để xuyên tạc chủ trương của Đảng, chính sách của Nhà nước."),
    ("item", "8.\tHuy động và sử dụng hiệu quả các nguồn lực"),
    ("point", "a) Ngân sách tỉnh bố trí riêng khoản chi cho khoa học, công nghệ, đổi mới sáng tạo và chuyển "
              "đổi số trong dự toán hằng năm; lồng ghép với các chương trình mục tiêu quốc gia trên địa bàn."),
    ("point", "b) Đa dạng hóa nguồn vốn, đẩy mạnh hợp tác công tư; khuyến khích doanh nghiệp trích lập và "
              "sử dụng quỹ phát triển khoa học và công nghệ của doanh nghiệp."),

    ("part", "III. TỔ CHỨC THỰC HIỆN"),
    ("item", "1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn việc học tập, "
             "quán triệt Nghị quyết số 57-NQ/TW và Chương trình hành động này; định hướng công tác tuyên "
             "truyền trên báo chí, hệ thống thông tin cơ sở và mạng xã hội; biên soạn tài liệu hỏi - đáp về "
             "chuyển đổi số dành cho đảng viên, hoàn thành trong tháng 5/2025."),
    ("item", "2. Ban Tổ chức Tỉnh ủy tham mưu bổ sung tiêu chí về chuyển đổi số vào việc đánh giá, xếp loại "
             "chất lượng tổ chức đảng, đảng viên và cán bộ hằng năm; tham mưu quy hoạch, đào tạo, bố trí "
             "cán bộ chuyên trách chuyển đổi số trong các cơ quan đảng, đoàn thể; phối hợp với Văn phòng "
             "Tỉnh ủy xây dựng cơ sở dữ liệu đảng viên."),
    ("item", "3. Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tỉnh xem xét, ban hành các "
             "nghị quyết về cơ chế, chính sách đặc thù và bố trí ngân sách cho khoa học, công nghệ, đổi mới "
             "sáng tạo và chuyển đổi số; tăng cường giám sát việc thực hiện, tổ chức ít nhất 01 cuộc giám "
             "sát chuyên đề trong năm 2026."),
    ("item", "4. Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh xây dựng kế hoạch triển "
             "khai Chương trình hành động, hoàn thành trước ngày 30/4/2025; cụ thể hóa các nhiệm vụ tại Phụ "
             "lục kèm theo thành đề án, kế hoạch, dự án có lộ trình, nguồn lực rõ ràng; chỉ đạo Sở Khoa "
             "học và Công nghệ là cơ quan thường trực, theo dõi, tổng hợp tình hình thực hiện của các sở, "
             "ngành, địa phương."),
    ("item", "5. Ủy ban Kiểm tra Tỉnh ủy đưa việc lãnh đạo, chỉ đạo thực hiện Nghị quyết số 57-NQ/TW vào "
             "chương trình kiểm tra, giám sát hằng năm; kiểm tra khi tổ chức đảng, đảng viên có dấu hiệu vi "
             "phạm trong quản lý, sử dụng kinh phí khoa học, công nghệ và chuyển đổi số."),
    ("item", "6. Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh "
             "tuyên truyền, vận động đoàn viên, hội viên và Nhân dân tham gia chuyển đổi số, sử dụng dịch vụ "
             "công trực tuyến và thanh toán không dùng tiền mặt; thực hiện giám sát, phản biện xã hội đối "
             "với việc xây dựng, thực thi chính sách về khoa học, công nghệ và chuyển đổi số."),
    ("item", "7. Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức quán triệt, xây dựng kế "
             "hoạch thực hiện Chương trình hành động sát với tình hình địa phương, cơ quan, đơn vị, gửi về "
             "Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 30/4/2025."),
    ("p", "Định kỳ 6 tháng, hằng năm báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Văn phòng "
          "Tỉnh ủy) trước ngày 15/6 và 15/12."),
    ("item", "8. Văn phòng Tỉnh ủy chủ trì, phối hợp với Sở Khoa học và Công nghệ theo dõi, đôn đốc, tổng "
             "hợp tình hình thực hiện, báo cáo Ban Thường vụ Tỉnh ủy; tham mưu sơ kết 3 năm vào quý IV/2027 "
             "và tổng kết việc thực hiện Chương trình hành động vào năm 2030."),
    ("p", "\tChương trình hành động này được phổ biến đến chi bộ và cán bộ, đảng viên trong Đảng bộ tỉnh."),

    ("recv_head", "Nơi nhận:"),
    ("recv", "- Bộ Chính trị, Ban Bí thư (để báo cáo),"),
    ("recv", "- Văn phòng Trung ương Đảng,"),
    ("recv", "- Các ban đảng Trung ương,"),
    ("recv", "- Các đồng chí Tỉnh ủy viên,"),
    ("recv", "- Các ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Tỉnh ủy,"),
    ("recv", "- Các ban đảng, Văn phòng Tỉnh ủy,"),
    ("recv", "- Các huyện ủy, thị ủy, thành ủy,"),
    ("recv", "- Lưu Văn phòng Tỉnh ủy."),
    ("sign_b", "T/M TỈNH ỦY"),
    ("sign_b", "BÍ THƯ"),
    ("sign_i", "(Đã ký)"),
    ("sign_b", "Lương Văn Thạch"),
]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_HEAD = [
    ("title", "PHỤ LỤC"),
    ("title", "DANH MỤC NHIỆM VỤ TRỌNG TÂM THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 18-CTr/TU"),
    ("italic_c", "(Kèm theo Chương trình hành động số 18-CTr/TU ngày 15/3/2025 của Ban Chấp hành Đảng bộ tỉnh)"),
]

COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
COL_WIDTHS_CM = [1.2, 8.6, 3.6, 5.0, 2.8, 3.6]

KHCN = "Sở Khoa học và Công nghệ"
# A row is either ("group", title) or a 6-tuple. None in a cell = continuation of a vertical
# merge with the cell above (the text is held by the first cell of the merge).
TABLE: list[tuple] = [
    ("group", "I. Hoàn thiện thể chế, chính sách"),
    ("1", "Xây dựng chính sách hỗ trợ nghiên cứu, ứng dụng, chuyển giao công nghệ và bảo hộ quyền sở hữu "
          "trí tuệ trên địa bàn tỉnh",
     KHCN, "Sở Tài chính, Sở Tư pháp", "Quý III/2025", "Nghị quyết của HĐND tỉnh"),
    ("2", "Quy định cơ chế khoán chi đến sản phẩm cuối cùng đối với nhiệm vụ khoa học và công nghệ sử dụng "
          "ngân sách tỉnh",
     None, "Sở Tài chính, Kho bạc Nhà nước khu vực", "Tháng 9/2025", "Quyết định của UBND tỉnh"),
    ("3", "Ban hành chính sách thu hút, đãi ngộ chuyên gia, nhà khoa học và nhân lực công nghệ số chất "
          "lượng cao về làm việc tại tỉnh",
     "Sở Nội vụ", "Ban Tổ chức Tỉnh ủy, Sở Tài chính", "Năm 2026", "Nghị quyết của HĐND tỉnh"),
    ("4", "Rà soát, sửa đổi, bãi bỏ văn bản do tỉnh ban hành gây cản trở phát triển khoa học, công nghệ "
          "và chuyển đổi số",
     "Sở Tư pháp", "Các sở, ban, ngành tỉnh", "Tháng 12/2025", "Báo cáo"),
    ("group", "II. Phát triển hạ tầng số, hạ tầng khoa học và công nghệ"),
    ("5", "Đề án xây dựng Trung tâm dữ liệu tỉnh Đồng Xuyên dùng chung cho các cơ quan đảng, nhà nước",
     KHCN, "Công an tỉnh, Văn phòng Tỉnh ủy, Sở Tài chính", "Quý II/2026", "Đề án"),
    ("6", "Xóa \"vùng lõm\" sóng, phủ sóng di động băng rộng đến 100% thôn, ấp, khu phố",
     KHCN, "Các doanh nghiệp viễn thông; UBND các huyện, thị xã, thành phố", "2025 - 2027", "Báo cáo"),
    ("7", "Bố trí vốn đầu tư công nâng cấp Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh và hệ "
          "thống phòng thử nghiệm",
     "Sở Tài chính", KHCN, "Năm 2026", "Quyết định của UBND tỉnh"),
    ("8", "Xây dựng danh mục dữ liệu mở và quy định khai thác, chia sẻ dữ liệu của tỉnh",
     "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ, Công an tỉnh", "Quý IV/2025", "Quyết định của UBND tỉnh"),
    ("group", "III. Phát triển nguồn nhân lực"),
    ("9", "Đề án đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức tỉnh giai đoạn 2025 - 2030",
     "Sở Nội vụ", "Trường Chính trị tỉnh, Sở Khoa học và Công nghệ", "Quý III/2025", "Đề án"),
    ("10", "Kế hoạch phát triển giáo dục STEM trong các trường phổ thông, xây dựng trường trung học phổ "
           "thông đạt chuẩn STEM ở mỗi huyện",
     "Sở Giáo dục và Đào tạo", "UBND các huyện, thị xã, thành phố", "Quý II/2025", "Kế hoạch của UBND tỉnh"),
    ("11", "Rà soát, bố trí biên chế chuyên trách chuyển đổi số trong các cơ quan đảng, Mặt trận Tổ quốc "
           "và các tổ chức chính trị - xã hội tỉnh",
     "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy, Sở Nội vụ", "Tháng 10/2025", "Báo cáo"),
    ("12", "Ký kết và thực hiện thỏa thuận đào tạo theo đặt hàng nhân lực công nghệ thông tin, trí tuệ "
           "nhân tạo với các trường đại học",
     "Sở Giáo dục và Đào tạo", "Sở Nội vụ, các trường đại học, viện nghiên cứu", "Hằng năm", "Thỏa thuận hợp tác"),
    ("group", "IV. Chuyển đổi số trong hoạt động của hệ thống chính trị"),
    ("13", "Triển khai phần mềm quản lý văn bản, hồ sơ công việc liên thông đến đảng ủy cơ sở và ký số "
           "văn bản của các cơ quan đảng",
     "Văn phòng Tỉnh ủy", "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "Tháng 6/2025", "Báo cáo"),
    ("14", "Số hóa hồ sơ, xây dựng cơ sở dữ liệu tổ chức đảng và đảng viên của Đảng bộ tỉnh",
     "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy, các huyện ủy, thị ủy, thành ủy", "Năm 2026", "Cơ sở dữ liệu"),
    ("15", "Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình cho 100% thủ tục hành "
           "chính đủ điều kiện",
     "Văn phòng UBND tỉnh", "Các sở, ngành; UBND cấp huyện", "Quý IV/2025", "Quyết định của UBND tỉnh"),
    ("16", "Đánh giá, công bố chỉ số chuyển đổi số của các sở, ngành và UBND cấp huyện",
     KHCN, "Sở Nội vụ", "Hằng năm", "Báo cáo"),
    ("group", "V. Đổi mới sáng tạo, kinh tế số và an ninh mạng"),
    ("17", "Đề án thành lập Trung tâm Đổi mới sáng tạo tỉnh Đồng Xuyên",
     KHCN, "Sở Nội vụ, Sở Tài chính", "Năm 2026", "Đề án"),
    ("18", "Chương trình hỗ trợ doanh nghiệp nhỏ và vừa, hợp tác xã chuyển đổi số và tham gia thương mại "
           "điện tử",
     "Sở Công Thương", "Sở Khoa học và Công nghệ, Hiệp hội Doanh nghiệp tỉnh", "2025 - 2030",
     "Kế hoạch của UBND tỉnh"),
    ("19", "Ứng dụng công nghệ số trong sản xuất nông nghiệp; truy xuất nguồn gốc lúa gạo, trái cây, thủy "
           "sản chủ lực",
     "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ, Sở Công Thương", None, "Báo cáo"),
    ("20", "Kiểm tra, đánh giá an toàn thông tin, an ninh mạng các hệ thống thông tin của cơ quan đảng, "
           "nhà nước; diễn tập ứng cứu sự cố",
     "Công an tỉnh", "Sở Khoa học và Công nghệ, Văn phòng Tỉnh ủy", "Hằng năm", "Báo cáo"),
]

FIXED_TIME = _dt.datetime(2025, 3, 15, 8, 0, 0)
ZIP_TIME = (2025, 3, 15, 8, 0, 0)


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
    # schema order: ... jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
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


def _header_block(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = (Cm(7.0), Cm(9.5))
    for col, width in zip(table.columns, widths):
        col.width = width
    for cell, lines in zip(table.rows[0].cells, (HEADER_LEFT, HEADER_RIGHT)):
        cell.width = widths[0] if lines is HEADER_LEFT else widths[1]
        for p in list(cell._tc.iterchildren(qn("w:p"))):
            cell._tc.remove(p)
        for text, style in lines:
            par = cell.add_paragraph()
            if text:
                par.add_run(text)
            _fmt(par, size=14 if style else 13, bold="b" in style, italic="i" in style,
                 underline="u" in style, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _body(doc, rows) -> None:
    for style, text in rows:
        if style == "title":
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        elif style == "italic_c":
            _add_par(doc, text, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style == "rule":
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style == "part":
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=1.0)
        elif style == "item":
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=1.0)
        elif style == "point":
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=1.0)
        elif style in ("p", "dash"):
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=None if text.startswith("\t") else 1.0)
        elif style == "recv_head":
            _add_par(doc, text, size=12, bold=True, italic=True, space_after=0)
        elif style == "recv":
            _add_par(doc, text, size=11, space_after=0)
        elif style in ("sign_b", "sign_i"):
            par = _add_par(doc, text, bold=style == "sign_b", italic=style == "sign_i",
                           align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
            par.paragraph_format.left_indent = Cm(8.5)
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
    # texts first, merges after (python-docx moves the content of merged cells together)
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
            text = row_data[1]
            merged = row.cells[0].merge(row.cells[ncols - 1])
            _set_cell(merged, text, bold=True)
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
    cp.author = "Văn phòng Tỉnh ủy Đồng Xuyên"
    cp.last_modified_by = "Văn phòng Tỉnh ủy Đồng Xuyên"
    cp.title = "Chương trình hành động số 18-CTr/TU"
    cp.subject = "Thực hiện Nghị quyết số 57-NQ/TW"
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
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)

    _header_block(doc)
    _add_par(doc, "")
    _body(doc, BODY)
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
