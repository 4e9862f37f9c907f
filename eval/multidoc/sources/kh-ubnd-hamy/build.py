"""Build the eval document `kh-ubnd-hamy.docx` (fictional: UBND tỉnh Hà My, Kế hoạch 147/KH-UBND).

The whole text lives in this script. The file imitates what a provincial People's Committee
office sends out of Word (state-administration style, not Party style):

- the header block is a borderless two-column layout table (issuing body and number on the
  left, national motto and place/date on the right);
- title "KẾ HOẠCH" plus a subject line, a preamble of "Căn cứ …;" lines;
- parts I. … V. with items 1., 2. …, points a), b) … and dash bullets, all typed as text
  (no Word automatic numbering); part V's items are headed by a body's name alone;
- "Nơi nhận" and the signature block side by side in a borderless two-column table;
- the appendix in a LANDSCAPE section: "Phụ lục" + "DANH MỤC …" + "(Kèm theo …)" and a task
  table (repeating header row; group rows I, II, III with the STT cell alone and the group
  title merged across the other five cells by gridSpan; STT restarting 1, 2 … under each
  group; vertically merged "Cơ quan chủ trì" cells over 2-3 rows).

    python build.py OUT_DIR          # writes OUT_DIR/kh-ubnd-hamy.docx

Output is byte-for-byte deterministic: fixed core properties and fixed zip timestamps.
Everything is invented: the province, districts, people and every cited document.
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

FILE_NAME = "kh-ubnd-hamy.docx"
NBSP = "\u00a0"

# -- header block (layout table) -------------------------------------------------------------
# (text, style): b = bold, i = italic, u = underline

HEADER_LEFT = [
    ("ỦY BAN NHÂN DÂN", "b"),
    ("TỈNH HÀ MY", "b"),
    ("", ""),
    ("Số: 147/KH-UBND", ""),
]
HEADER_RIGHT = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
    ("Độc lập - Tự do - Hạnh phúc", "bu"),
    ("", ""),
    ("Hà My, ngày 18 tháng 9 năm 2026", "i"),
]

# -- body ------------------------------------------------------------------------------------
# (style, text): title = centred bold; rule = the short line under the title; part = Roman
# heading; item = numbered item (bold); point = a) b) lead; p = paragraph; dash = dash bullet.

BODY: list[tuple[str, str]] = [
    ("title", "KẾ HOẠCH"),
    ("title", "Phát triển du lịch nông thôn gắn với xây dựng nông thôn mới"),
    ("title", "trên địa bàn tỉnh Hà My giai đoạn 2026 - 2030"),
    ("rule", "__________"),
    ("p", "\tCăn cứ Luật Du lịch số 24/2026/QH16 ngày 24 tháng 6 năm 2026;"),
    ("p", "\tCăn cứ Nghị định số 61/2026/NĐ-CP ngày 05 tháng 8 năm 2026 của Chính phủ quy định chi tiết "
          "về phát triển du lịch nông thôn, du lịch cộng đồng;"),
    ("p", "\tCăn cứ Nghị quyết số 11-NQ/TU ngày 15 tháng 4 năm 2026 của Ban Thường vụ Tỉnh ủy về phát "
          "triển du lịch nông thôn gắn với xây dựng nông thôn mới giai đoạn 2026 - 2030, định hướng đến "
          "năm 2035;"),
    ("p", "\tCăn cứ Nghị quyết số 19/2026/NQ-HĐND ngày 10 tháng 7 năm 2026 của Hội đồng nhân dân tỉnh "
          "quy định một số chính sách hỗ trợ phát triển du lịch nông thôn trên địa bàn tỉnh giai đoạn "
          "2026 - 2030;"),
    ("p", "\tTheo đề nghị của Giám đốc Sở Nông nghiệp và Môi trường;"),
    ("p", "\tỦy ban nhân dân tỉnh ban hành Kế hoạch phát triển du lịch nông thôn gắn với xây dựng nông "
          "thôn mới giai đoạn 2026 - 2030 như sau:"),

    ("part", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("item", "1. Mục đích"),
    ("dash", "- Cụ thể hóa chủ trương của Ban Thường vụ Tỉnh ủy và chính sách hỗ trợ của Hội đồng nhân dân "
             "tỉnh về du lịch nông thôn; xác định rõ nhiệm vụ và trách nhiệm của từng sở, ngành, địa phương."),
    ("dash", "- Khai thác hiệu quả cảnh quan ruộng bậc thang, đồi chè, vườn cây ăn trái, làng nghề và bản "
             "sắc văn hóa các dân tộc; đưa du lịch nông thôn thành một hướng sinh kế bền vững, tăng thu "
             "nhập cho người dân, góp phần nâng cao chất lượng xây dựng nông thôn mới."),
    ("item", "2. Yêu cầu"),
    ("dash", "- Phát triển du lịch nông thôn dựa vào cộng đồng, lấy người dân làm chủ thể; hài hòa lợi ích "
             "giữa người dân, hợp tác xã, doanh nghiệp và Nhà nước."),
    ("dash", "- Không bê tông hóa cảnh quan, không làm biến dạng kiến trúc nhà ở truyền thống và không gian "
             "làng, bản."),
    ("dash", "- Nhiệm vụ giao cho từng cơ quan phải cụ thể, có thời hạn và sản phẩm đầu ra; thường xuyên "
             "kiểm tra, đánh giá kết quả thực hiện."),

    ("part", "II. MỤC TIÊU"),
    ("p", "Năm 2025, toàn tỉnh có 17 điểm du lịch nông thôn đang hoạt động, đón khoảng 410.000 lượt khách, "
          "doanh thu ước đạt 236 tỷ đồng; phần lớn các điểm có quy mô nhỏ, sản phẩm còn đơn điệu, hạ tầng "
          "chưa đồng bộ."),
    ("item", "1. Mục tiêu chung"),
    ("p", "Phát triển du lịch nông thôn theo hướng xanh, bền vững, dựa trên giá trị sản xuất nông nghiệp, "
          "cảnh quan sinh thái và văn hóa truyền thống của từng địa phương; hình thành các sản phẩm đặc "
          "trưng mang thương hiệu \"Hà My - miền quê xanh\"; góp phần tạo việc làm, tăng thu nhập và giảm "
          "nghèo bền vững cho cư dân nông thôn."),
    ("item", "2. Mục tiêu cụ thể đến năm 2030"),
    ("dash", "- Toàn tỉnh có ít nhất 45 điểm du lịch nông thôn được công nhận, trong đó mỗi huyện có tối "
             "thiểu 04 điểm; hình thành 04 cụm du lịch nông thôn trọng điểm và 12 làng du lịch cộng đồng."),
    ("dash", "- Lượng khách du lịch nông thôn tăng bình quân 15%/năm; năm 2030 đón khoảng 1,1 triệu lượt "
             "khách, trong đó khách quốc tế chiếm khoảng" + NBSP + "8%; doanh thu từ du lịch nông thôn đạt "
             "khoảng 780 tỷ đồng."),
    ("dash", "- Có ít nhất 60 sản phẩm OCOP được trưng bày, giới thiệu và bán tại các điểm du lịch nông thôn."),
    ("dash", "- 100% điểm du lịch nông thôn được công nhận có nhà vệ sinh đạt chuẩn phục vụ khách, bãi đỗ xe "
             "và biển chỉ dẫn song ngữ Việt - Anh."),
    ("dash", "- Đào tạo, bồi dưỡng kỹ năng làm du lịch cho ít nhất 3.500 lượt người; tạo việc làm mới cho "
             "khoảng 5.000 lao động nông thôn."),
    ("item", "3. Định hướng đến năm 2035"),
    ("p", "Du lịch nông thôn phát triển chuyên nghiệp, có sản phẩm đa dạng theo bốn mùa; có ít nhất 02 làng "
          "du lịch của tỉnh được ghi nhận là điểm đến tiêu biểu trong nước."),

    ("part", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("item", "1.\tHoàn thiện quy hoạch, cơ chế, chính sách phát triển du lịch nông thôn"),
    ("point", "a) Tích hợp không gian du lịch nông thôn vào quy hoạch chung xã; xác định 04 cụm du lịch nông "
              "thôn trọng điểm: cụm ruộng bậc thang Nậm Khiêu, cụm đồi chè Đồi Mây, cụm vườn cây ăn trái "
              "Thạch Vọng và cụm làng nghề ven sông Khê Lãng."),
    ("point", "b) Thực hiện kịp thời, đúng đối tượng các chính sách hỗ trợ tại Nghị quyết số 19/2026/NQ-HĐND, "
              "tập trung vào:"),
    ("dash", "- Hỗ trợ một lần 150 triệu đồng cho mỗi điểm du lịch nông thôn được công nhận mới;"),
    ("dash", "- Hỗ trợ 50% kinh phí xây dựng, cải tạo nhà vệ sinh đạt chuẩn phục vụ khách du lịch, tối đa "
             "không quá 60 triệu đồng/công trình;"),
    ("dash", "- Hỗ trợ lãi suất vốn vay cho hộ gia đình cải tạo nhà ở truyền thống để kinh doanh lưu trú tại "
             "nhà dân (homestay), thời gian hỗ trợ tối đa 24 tháng."),
    ("point", "c) Ban hành Bộ tiêu chí công nhận điểm du lịch nông thôn tỉnh Hà My; định kỳ 2 năm đánh giá "
              "lại các điểm đã được công nhận."),
    ("item", "2.\tPhát triển sản phẩm du lịch nông thôn đặc trưng"),
    ("point", "a) Du lịch trải nghiệm nông nghiệp"),
    ("dash", "- Xây dựng sản phẩm trải nghiệm theo mùa vụ: cấy, gặt lúa trên ruộng bậc thang; hái chè, sao "
             "chè; thu hoạch cam, bưởi; tham quan mô hình nông nghiệp hữu cơ, tuần hoàn."),
    ("point", "b) Du lịch văn hóa, cộng đồng"),
    ("dash", "- Phục dựng một số lễ hội truyền thống, nghề dệt thổ cẩm, đan lát; "
             "mỗi làng du lịch cộng đồng xây dựng một câu chuyện sản phẩm riêng."),
    ("point", "c) Du lịch sinh thái, nghỉ dưỡng nông thôn"),
    ("dash", "- Phát triển tuyến đi bộ, đạp xe, cắm trại ven hồ, suối, rừng cộng đồng, có quy định sức chứa; "
             "đến năm 2030 có khoảng 300 cơ sở homestay được cấp biển hiệu đạt chuẩn."),
    ("point", "d) Gắn sản phẩm OCOP với du lịch: mỗi điểm du lịch nông thôn có không gian trưng bày sản phẩm "
              "OCOP và đặc sản địa phương."),
    ("item", "3.\tĐầu tư hạ tầng, cải thiện cảnh quan, môi trường nông thôn phục vụ du lịch"),
    ("point", "a) Ưu tiên vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới và vốn đầu tư công để "
              "nâng cấp đường đến các cụm du lịch trọng điểm, điểm dừng chân, bãi đỗ xe."),
    ("point", "b) Thực hiện phong trào \"Đường làng xanh - sạch - đẹp\"; nhân rộng mô hình phân loại, thu gom, "
              "xử lý rác thải tại các làng du lịch cộng đồng."),
    ("point", "c) Hướng dẫn người dân cải tạo nhà ở theo kiến trúc truyền thống; hạn chế xây mới công trình "
              "bê tông cao tầng trong không gian làng, bản."),
    ("item", "4.\tPhát triển nguồn nhân lực, nâng cao vai trò của cộng đồng"),
    ("point", "a) Mở các lớp tập huấn kỹ năng đón tiếp khách, nấu món ăn địa phương, thuyết minh và ngoại ngữ "
              "giao tiếp cho hộ dân làm du lịch; mỗi năm tổ chức ít nhất 20 lớp."),
    ("point", "b) Hỗ trợ thành lập, nâng cao năng lực hợp tác xã du lịch cộng đồng; khuyến khích doanh nghiệp "
              "lữ hành ký hợp đồng liên kết với hộ dân, hợp tác xã."),
    ("item", "5.\tĐẩy mạnh xúc tiến, quảng bá và liên kết phát triển du lịch nông thôn"),
    ("point", "a) Quảng bá thương hiệu \"Hà My - miền quê xanh\"; tổ chức định kỳ 2 năm một lần Festival "
              "\"Mùa vàng Hà My\" vào mùa lúa chín."),
    ("point", "b) Giới thiệu điểm đến trên trang thông tin du lịch của tỉnh và các hội chợ du lịch."),
    ("point", "c) Liên kết với các tỉnh trong vùng và doanh nghiệp lữ hành xây dựng tour, tuyến; hình thành ít "
              "nhất 08 tour du lịch nông thôn liên huyện."),
    ("item", "6.\tBảo tồn giá trị văn hóa, bảo vệ môi trường và bảo đảm an ninh, an toàn"),
    ("point", "a) Kiểm kê, lập hồ sơ di sản văn hóa phi vật thể, nghề truyền thống có giá trị khai thác du "
              "lịch; hỗ trợ nghệ nhân truyền dạy cho thế hệ trẻ."),
    ("point", "b) Kiểm soát chặt chẽ hoạt động du lịch tại khu vực rừng đặc dụng, rừng phòng hộ và nguồn nước "
              "sinh hoạt."),
    ("point", "c) Bảo đảm an ninh trật tự, phòng cháy, chữa cháy và an toàn thực phẩm tại các điểm du lịch; "
              "kiên quyết xử lý tình trạng chèo kéo, ép giá khách."),

    ("part", "IV. KINH PHÍ THỰC HIỆN"),
    ("p", "1. Kinh phí được bảo đảm từ ngân sách nhà nước theo phân cấp, lồng ghép các chương trình mục tiêu "
          "quốc gia và huy động hợp pháp từ xã hội."),
    ("p", "2. Tổng kinh phí dự kiến giai đoạn 2026 - 2030 khoảng 386 tỷ đồng, gồm:"),
    ("dash", "- Ngân sách tỉnh: 95 tỷ đồng;"),
    ("dash", "- Ngân sách huyện, thành phố: 61 tỷ đồng;"),
    ("dash", "- Lồng ghép vốn các chương trình mục tiêu quốc gia: 120 tỷ đồng;"),
    ("dash", "- Vốn huy động hợp pháp từ doanh nghiệp, hợp tác xã và cộng đồng: 110 tỷ đồng."),
    ("p", "3. Hằng năm, các sở, ngành và Ủy ban nhân dân các huyện, thành phố lập dự toán kinh phí thực hiện "
          "cùng thời điểm lập dự toán ngân sách nhà nước."),

    ("part", "V. TỔ CHỨC THỰC HIỆN"),
    ("p", "Các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thành phố căn cứ nhiệm vụ được giao tại Kế "
          "hoạch này và Phụ lục kèm theo, chủ động triển khai; định kỳ 6 tháng, hằng năm báo cáo kết quả "
          "thực hiện về Ủy ban nhân dân tỉnh (qua Sở Nông nghiệp và Môi trường) trước ngày 15/6 và 15/12."),
    ("item", "1. Sở Nông nghiệp và Môi trường"),
    ("dash", "- Là cơ quan thường trực, chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch theo dõi, đôn "
             "đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 25/6 và 25/12 "
             "hằng năm."),
    ("dash", "- Lồng ghép nội dung du lịch nông thôn vào kế hoạch thực hiện Chương trình mục tiêu quốc gia "
             "xây dựng nông thôn mới và Chương trình OCOP hằng năm."),
    ("dash", "- Tham mưu Ủy ban nhân dân tỉnh sơ kết giữa kỳ vào quý IV/2028 và tổng kết việc thực hiện Kế "
             "hoạch vào quý IV/2030."),
    ("item", "2. Sở Tài chính"),
    ("dash", "- Tham mưu Ủy ban nhân dân tỉnh cân đối, bố trí kinh phí sự nghiệp hằng năm để thực hiện Kế "
             "hoạch trong khả năng của ngân sách tỉnh."),
    ("dash", "- Tổng hợp, tham mưu đưa các dự án hạ tầng phục vụ du lịch nông thôn vào kế hoạch đầu tư công "
             "trung hạn; theo dõi tiến độ giải ngân."),
    ("dash", "- Hướng dẫn thanh toán, quyết toán kinh phí hỗ trợ theo Nghị quyết số 19/2026/NQ-HĐND đúng "
             "quy định."),
    ("item", "3. Sở Văn hóa, Thể thao và Du lịch"),
    ("dash", "- Chủ trì xây dựng Bộ tiêu chí công nhận điểm du lịch nông thôn; thẩm định hồ sơ, tham mưu công "
             "nhận điểm du lịch nông thôn."),
    ("dash", "- Chủ trì phát triển sản phẩm, xúc tiến, quảng bá du lịch nông thôn; kết nối doanh nghiệp lữ "
             "hành với các làng du lịch cộng đồng."),
    ("dash", "- Chủ trì đào tạo, bồi dưỡng nguồn nhân lực du lịch nông thôn; hướng dẫn bảo tồn di sản văn "
             "hóa tại các điểm du lịch."),
    ("item", "4. Sở Xây dựng"),
    ("dash", "- Hướng dẫn tích hợp không gian du lịch nông thôn trong quy hoạch chung xã; ban hành hướng dẫn "
             "mẫu kiến trúc nhà ở nông thôn truyền thống, hoàn thành trong quý II/2027."),
    ("item", "5. Ủy ban nhân dân các huyện, thành phố"),
    ("dash", "- Ban hành kế hoạch phát triển du lịch nông thôn của địa phương giai đoạn 2026 - 2030, hoàn thành "
             "trước ngày 31/10/2026."),
    ("dash", "- Chỉ đạo Ủy ban nhân dân các xã lựa chọn điểm, hỗ trợ hộ dân, hợp tác xã hoàn thiện hồ sơ đề "
             "nghị công nhận; bố trí ngân sách địa phương, huy động nguồn lực xã hội đầu tư hạ tầng."),
    ("dash", "- Quản lý vệ sinh môi trường, an ninh trật tự tại các điểm du lịch trên địa bàn; xử lý nghiêm "
             "các trường hợp xây dựng trái phép làm phá vỡ cảnh quan."),
    ("item", "6. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh"),
    ("dash", "- Đề nghị phối hợp tuyên truyền, vận động đoàn viên, hội viên và Nhân dân tham gia phát triển "
             "du lịch nông thôn, giữ gìn nếp sống văn minh tại các làng du lịch."),
    ("dash", "- Đề nghị Hội Nông dân tỉnh, Hội Liên hiệp Phụ nữ tỉnh hướng dẫn hội viên phát triển sinh kế "
             "từ du lịch nông thôn."),
    ("item", "7. Công an tỉnh"),
    ("dash", "- Chỉ đạo công an cấp xã bảo đảm an ninh trật tự tại các điểm du lịch nông thôn; hướng dẫn, "
             "kiểm tra an toàn phòng cháy, chữa cháy đối với cơ sở lưu trú tại nhà dân."),
    ("item", "8. Báo và Phát thanh, Truyền hình Hà My"),
    ("dash", "- Mở chuyên mục \"Về miền quê xanh\" phát sóng hằng tháng, giới thiệu các mô hình du lịch nông "
             "thôn hiệu quả."),
]

# Nơi nhận (left cell) and signature (right cell) of the closing layout table.
RECEIVERS = [
    ("Nơi nhận:", "bi"),
    ("- Bộ Nông nghiệp và Môi trường;", ""),
    ("- Bộ Văn hóa, Thể thao và Du lịch;", ""),
    ("- TT Tỉnh ủy, TT HĐND tỉnh;", ""),
    ("- Ủy ban MTTQ Việt Nam tỉnh;", ""),
    ("- Các sở, ban, ngành tỉnh;", ""),
    ("- UBND các huyện, thành phố;", ""),
    ("- Lưu: VT, KTN.", ""),
]
SIGNATURE = [
    ("TM. ỦY BAN NHÂN DÂN", "b"),
    ("KT. CHỦ TỊCH", "b"),
    ("PHÓ CHỦ TỊCH", "b"),
    ("", ""),
    ("(Đã ký)", "i"),
    ("", ""),
    ("Hoàng Minh Thuyên", "b"),
]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_HEAD = [
    ("title", "Phụ lục"),
    ("title", "DANH MỤC NHIỆM VỤ TRỌNG TÂM PHÁT TRIỂN DU LỊCH NÔNG THÔN GIAI ĐOẠN 2026 - 2030"),
    ("italic_c", "(Kèm theo Kế hoạch số 147/KH-UBND ngày 18/9/2026 của UBND tỉnh)"),
]

COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
COL_WIDTHS_CM = [1.2, 9.0, 4.0, 5.5, 3.0, 4.0]

VHTTDL = "Sở Văn hóa, Thể thao và Du lịch"
NNMT = "Sở Nông nghiệp và Môi trường"
UBNDH = "UBND các huyện, thành phố"
# A row is ("group", numeral, title) or a 6-tuple. None in a cell = continuation of a vertical
# merge with the cell above (the text is held by the first cell of the merge).
TABLE: list[tuple] = [
    ("group", "I", "Hoàn thiện quy hoạch, cơ chế, chính sách"),
    ("1", "Xây dựng, trình ban hành Bộ tiêu chí công nhận điểm du lịch nông thôn tỉnh Hà My",
     VHTTDL, "Sở Nông nghiệp và Môi trường, Sở Tư pháp", "Quý IV/2026", "Quyết định của UBND tỉnh"),
    ("2", "Hướng dẫn thủ tục, hồ sơ đề nghị hỗ trợ theo Nghị quyết số 19/2026/NQ-HĐND",
     "Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch; Sở Nông nghiệp và Môi trường", "Tháng 11/2026",
     "Văn bản hướng dẫn"),
    ("3", "Đưa các dự án hạ tầng du lịch nông thôn vào kế hoạch đầu tư công trung hạn của tỉnh",
     None, "Sở Xây dựng; UBND các huyện, thành phố", "Tháng 12/2026", "Danh mục dự án được phê duyệt"),
    ("4", "Điều chỉnh quy hoạch chung các xã có tiềm năng để tích hợp không gian du lịch nông thôn",
     UBNDH, "Sở Xây dựng, Sở Nông nghiệp và Môi trường", "Năm 2027", "Quy hoạch điều chỉnh được phê duyệt"),
    ("5", "Đề án phát triển 04 cụm du lịch nông thôn trọng điểm của tỉnh",
     VHTTDL, "Sở Nông nghiệp và Môi trường, Sở Xây dựng, Sở Tài chính", "Quý II/2027", "Đề án trình UBND tỉnh"),
    ("group", "II", "Phát triển sản phẩm, nguồn nhân lực và xúc tiến du lịch"),
    ("1", "Hỗ trợ xây dựng, công nhận điểm du lịch nông thôn mới, bảo đảm đến năm 2030 toàn tỉnh có ít "
          "nhất 45 điểm",
     UBNDH, "Sở Văn hóa, Thể thao và Du lịch, Sở Nông nghiệp và Môi trường", "2026 - 2030",
     "Quyết định công nhận"),
    ("2", "Trưng bày, bán sản phẩm OCOP tại các điểm du lịch nông thôn; chọn quà tặng du lịch đặc trưng",
     NNMT, "Sở Công Thương, Sở Văn hóa, Thể thao và Du lịch", "Hằng năm", "Báo cáo kết quả"),
    ("3", "Tập huấn kỹ năng phục vụ khách, thuyết minh và ngoại ngữ giao tiếp cho hộ dân làm du lịch",
     VHTTDL, "Hội Nông dân tỉnh, Hội Liên hiệp Phụ nữ tỉnh; UBND các huyện, thành phố", "Hằng năm",
     "Lớp tập huấn"),
    ("4", "Tổ chức Festival \"Mùa vàng Hà My\" lần thứ nhất tại cụm ruộng bậc thang Nậm Khiêu",
     None, "UBND huyện Nậm Khiêu, các doanh nghiệp lữ hành", "Tháng 10/2027", "Festival"),
    ("5", "Biên soạn bản đồ, cẩm nang và video giới thiệu du lịch nông thôn song ngữ Việt - Anh",
     None, "Báo và Phát thanh, Truyền hình Hà My; UBND các huyện, thành phố", "Quý II/2027",
     "Bản đồ, cẩm nang, video"),
    ("group", "III", "Đầu tư hạ tầng, bảo vệ môi trường và bảo đảm an ninh, an toàn"),
    ("1", "Nâng cấp đường giao thông kết nối 04 cụm du lịch nông thôn trọng điểm",
     UBNDH, "Sở Xây dựng, Sở Tài chính", "2026 - 2028", "Công trình hoàn thành"),
    ("2", "Xây dựng nhà vệ sinh đạt chuẩn, bãi đỗ xe, biển chỉ dẫn tại các điểm du lịch nông thôn",
     None, "Sở Văn hóa, Thể thao và Du lịch, Sở Xây dựng", "Năm 2028", "Công trình hoàn thành"),
    ("3", "Xây dựng mô hình phân loại, thu gom, xử lý rác thải sinh hoạt tại 12 làng du lịch cộng đồng",
     NNMT, "UBND các huyện, thành phố; Hội Liên hiệp Phụ nữ tỉnh", "Năm 2027", "Mô hình được nhân rộng"),
    ("4", "Kiểm tra an ninh trật tự, phòng cháy, chữa cháy tại cơ sở homestay và điểm du lịch",
     "Công an tỉnh", "UBND các huyện, thành phố; Sở Văn hóa, Thể thao và Du lịch", "Hằng năm", "Báo cáo"),
]

FIXED_TIME = _dt.datetime(2026, 9, 18, 8, 0, 0)
ZIP_TIME = (2026, 9, 18, 8, 0, 0)


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


def _clear(cell) -> None:
    for p in list(cell._tc.iterchildren(qn("w:p"))):
        cell._tc.remove(p)


def _set_cell(cell, text: str, bold=False, align=None, size=12) -> None:
    _clear(cell)
    par = cell.add_paragraph()
    if text:
        par.add_run(text)
    _fmt(par, size=size, bold=bold, align=align, space_after=0)


def _layout_table(doc, left, right, widths_cm, align_left=WD_ALIGN_PARAGRAPH.CENTER, sizes=(13, 14)):
    """A borderless 1-row, 2-column table; `left`/`right` are lists of (text, style)."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = tuple(Cm(w) for w in widths_cm)
    for col, width in zip(table.columns, widths):
        col.width = width
    for cell, lines, width, align in zip(table.rows[0].cells, (left, right), widths,
                                         (align_left, WD_ALIGN_PARAGRAPH.CENTER)):
        cell.width = width
        _clear(cell)
        for text, style in lines:
            par = cell.add_paragraph()
            if text:
                par.add_run(text)
            _fmt(par, size=sizes[1] if "b" in style else sizes[0], bold="b" in style,
                 italic="i" in style, underline="u" in style, align=align, space_after=0)
    return table


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
    # texts first, merges after (python-docx moves the content of merged cells together)
    spans: list[tuple[int, int, int]] = []  # (first row, last row, column) of vertical merges
    for r, row_data in enumerate(TABLE, start=1):
        row = table.rows[r]
        if row_data[0] == "group":
            continue
        for c, value in enumerate(row_data):
            if value is None:
                if spans and spans[-1][2] == c and spans[-1][1] == r - 1:
                    spans[-1] = (spans[-1][0], r, c)
                else:
                    spans.append((r - 1, r, c))
                _set_cell(row.cells[c], "")
            else:
                center = c in (0, 4)
                _set_cell(row.cells[c], value, align=WD_ALIGN_PARAGRAPH.CENTER if center else None)
    for r, row_data in enumerate(TABLE, start=1):
        if row_data[0] == "group":
            row = table.rows[r]
            _set_cell(row.cells[0], row_data[1], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            merged = row.cells[1].merge(row.cells[ncols - 1])  # gridSpan over columns 2..6
            _set_cell(merged, row_data[2], bold=True)
    for first, last, c in spans:
        top = table.cell(first, c)
        text = top.text
        merged = top.merge(table.cell(last, c))
        _set_cell(merged, text, align=WD_ALIGN_PARAGRAPH.CENTER if c in (0, 4) else None)


def _landscape_section(doc) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(1.5)
    sec.top_margin = sec.bottom_margin = Cm(2.0)


def _core(doc) -> None:
    cp = doc.core_properties
    cp.author = "Văn phòng UBND tỉnh Hà My"
    cp.last_modified_by = "Văn phòng UBND tỉnh Hà My"
    cp.title = "Kế hoạch số 147/KH-UBND"
    cp.subject = "Phát triển du lịch nông thôn gắn với xây dựng nông thôn mới giai đoạn 2026 - 2030"
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

    _layout_table(doc, HEADER_LEFT, HEADER_RIGHT, (6.5, 9.5))
    _add_par(doc, "")
    _body(doc, BODY)
    _add_par(doc, "")
    _layout_table(doc, RECEIVERS, SIGNATURE, (8.0, 8.0), align_left=WD_ALIGN_PARAGRAPH.LEFT,
                  sizes=(11, 14))
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
