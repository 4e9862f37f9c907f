"""Build the eval document `ct-kimson.docx` (fictional: Tỉnh ủy Kim Sơn, Chỉ thị 07-CT/TU).

The whole text lives in this script. The file imitates a Party directive drafted in Word: the
header block is a borderless two-column table; the part numerals "I.", "II.", the item numbers
"1.", "2." and the point letters "a)", "b)" are Word AUTOMATIC numbering (w:numPr on the
paragraphs, one w:abstractNum with levels 0 upperRoman "%1.", 1 decimal "%2.", 2 lowerLetter
"%3)"), so they are NOT in the paragraph text; items restart under each part and points under
each item because a higher level advanced (Word's default lvlRestart). Dash bullets are typed.
"Nơi nhận" and the signature stand in a borderless two-column table; the appendix task table
(typed STT) follows on a new page.

    python build.py OUT_DIR          # writes OUT_DIR/ct-kimson.docx

Output is byte-for-byte deterministic: fixed core properties and fixed zip timestamps.
Nothing here is copied from a real document; the cited Chỉ thị 51-CT/TW and Nghị quyết
09-NQ/TU are fictional too and only cited by number, date, issuer and title.
"""
from __future__ import annotations

import datetime as _dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FILE_NAME = "ct-kimson.docx"
NUM_ID = "1"          # the one list of the document
ABSTRACT_ID = "0"

# -- header block (layout table) -------------------------------------------------------------

HEADER_LEFT = [
    ("ĐẢNG BỘ TỈNH KIM SƠN", ""),
    ("TỈNH ỦY", "b"),
    ("*", ""),
    ("Số 07-CT/TU", ""),
]
HEADER_RIGHT = [
    ("ĐẢNG CỘNG SẢN VIỆT NAM", "bu"),
    ("", ""),
    ("", ""),
    ("Kim Sơn, ngày 18 tháng 4 năm 2025", "i"),
]

# -- body ------------------------------------------------------------------------------------
# (style, text): title = centred bold; rule = short line under the title; p = paragraph;
# part / item / point = automatically numbered paragraph of level 0 / 1 / 2 (the numeral is
# NOT in the text); dash = typed dash bullet.

BODY: list[tuple[str, str]] = [
    ("title", "CHỈ THỊ"),
    ("title", "về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống thiên tai"),
    ("title", "và thích ứng với biến đổi khí hậu trên địa bàn tỉnh đến năm 2030"),
    ("rule", "-----"),
    ("p", "Thực hiện Chỉ thị số 51-CT/TW ngày 12/3/2025 của Ban Bí thư về tăng cường sự lãnh đạo của "
          "Đảng đối với công tác phòng ngừa, ứng phó, khắc phục hậu quả thiên tai trong tình hình mới "
          "(sau đây gọi tắt là Chỉ thị số 51-CT/TW) và Nghị quyết số 09-NQ/TU ngày 26/8/2024 của Ban "
          "Chấp hành Đảng bộ tỉnh về phát triển bền vững vùng ven biển và miền núi phía Tây tỉnh Kim "
          "Sơn thích ứng với biến đổi khí hậu, Ban Thường vụ Tỉnh ủy chỉ thị như sau:"),

    ("part", "TÌNH HÌNH VÀ NGUYÊN NHÂN"),
    ("p", "Kim Sơn là tỉnh có địa hình dốc, bị chia cắt mạnh, có 86 km bờ biển và hệ thống sông ngắn, "
          "dốc, trong đó lưu vực sông Ngàn Kim chiếm gần một nửa diện tích tự nhiên; thiên tai ngày "
          "càng cực đoan, khó lường. Giai đoạn 2020 - 2024, trên địa bàn tỉnh xảy ra 9 cơn bão, áp thấp "
          "nhiệt đới và 23 đợt mưa lớn, lũ, lũ quét, sạt lở đất, làm 41 người chết và mất tích, thiệt "
          "hại về tài sản ước khoảng 5.300 tỷ đồng."),
    ("p", "Thời gian qua, các cấp ủy, chính quyền đã quan tâm lãnh đạo công tác phòng, chống thiên tai; "
          "nhiều công trình đê, kè, hồ chứa nước được đầu tư, nâng cấp; việc sơ tán dân và cứu hộ, cứu "
          "nạn được tổ chức kịp thời."),
    ("p", "Tuy nhiên, công tác phòng, chống thiên tai còn một số hạn chế: một bộ phận cán bộ, đảng viên "
          "và người dân còn chủ quan, trông chờ vào sự hỗ trợ của Nhà nước; còn khoảng 21% số xã chưa "
          "cập nhật phương án ứng phó thiên tai theo cấp độ rủi ro; hệ thống quan trắc, cảnh báo sớm lũ "
          "quét, sạt lở đất ở vùng núi còn thiếu; vẫn còn 4.600 hộ dân sinh sống trong vùng có nguy cơ "
          "cao về sạt lở đất, lũ quét; tình trạng xây dựng lấn chiếm hành lang thoát lũ, khai thác cát, "
          "sỏi trái phép trên sông chưa được xử lý dứt điểm; việc thu Quỹ phòng, chống thiên tai ở một "
          "số địa phương đạt thấp."),
    ("p", "Nguyên nhân chủ yếu là một số cấp ủy, người đứng đầu còn coi nhẹ công tác phòng ngừa; nguồn "
          "lực đầu tư còn hạn chế, phân tán; sự phối hợp giữa các cơ quan có lúc chưa chặt chẽ."),

    ("part", "NHIỆM VỤ, GIẢI PHÁP"),
    ("p", "Để chủ động phòng ngừa, ứng phó hiệu quả với thiên tai, giảm thiểu thiệt hại về người và tài "
          "sản, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc "
          "và các tổ chức chính trị - xã hội các cấp tập trung lãnh đạo, chỉ đạo thực hiện tốt các "
          "nhiệm vụ, giải pháp sau:"),
    ("item", "Nâng cao nhận thức, trách nhiệm của cấp ủy, tổ chức đảng, chính quyền và người đứng đầu"),
    ("point", "Tổ chức quán triệt sâu rộng Chỉ thị số 51-CT/TW và Chỉ thị này đến cán bộ, đảng viên và "
              "Nhân dân, hoàn thành trong tháng 6/2025; xác định phòng ngừa là chính."),
    ("point", "Người đứng đầu cấp ủy, chính quyền các cấp trực tiếp chỉ đạo và chịu trách nhiệm trước cấp "
              "ủy cấp trên về công tác phòng, chống thiên tai ở địa phương; kết quả thực hiện là một tiêu "
              "chí đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên cuối năm. Xem xét, xử lý nghiêm "
              "tập thể, cá nhân thiếu trách nhiệm, chủ quan, lơ là để xảy ra thiệt hại về người có thể "
              "tránh được."),
    ("point", "Đổi mới công tác thông tin, tuyên truyền:"),
    ("dash", "- Phổ biến kiến thức, kỹ năng phòng tránh phù hợp từng vùng, từng loại hình thiên tai; phấn "
             "đấu đến năm 2030 có trên 95% dân cư ở vùng thường xuyên chịu ảnh hưởng của thiên tai được "
             "tiếp cận thông tin và được hướng dẫn kỹ năng ứng phó."),
    ("dash", "- Đưa nội dung phòng, chống thiên tai vào sinh hoạt chi bộ, họp thôn, tổ dân phố trước mùa "
             "mưa bão hằng năm; phát huy vai trò già làng, trưởng bản."),
    ("item", "Kiện toàn tổ chức, nâng cao năng lực chỉ huy, điều hành và lực lượng tại chỗ"),
    ("point", "Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn các cấp, hoàn thành trước "
              "ngày 30/6/2025; phân công thành viên phụ trách từng địa bàn, từng công trình trọng điểm; duy "
              "trì nghiêm chế độ trực ban trong mùa mưa bão từ ngày 01/8 đến ngày 15/12 hằng năm."),
    ("point", "Củng cố đội xung kích phòng, chống thiên tai cấp xã, bảo đảm 100% xã, phường, thị trấn có "
              "đội xung kích, mỗi đội có không dưới 25 thành viên, nòng cốt là dân quân, công an xã và "
              "đoàn viên thanh niên; tập huấn nghiệp vụ cho đội xung kích ít nhất 01 lần/năm."),
    ("point", "Tổ chức diễn tập ứng phó thiên tai và tìm kiếm cứu nạn:"),
    ("dash", "- Cấp tỉnh tổ chức 01 cuộc diễn tập ứng phó bão mạnh kết hợp lũ lớn trong năm 2026;"),
    ("dash", "- Mỗi huyện, thị xã, thành phố tổ chức ít nhất 01 cuộc diễn tập trong 2 năm;"),
    ("dash", "- Các xã trọng điểm về lũ quét, sạt lở đất tổ chức diễn tập sơ tán dân trước mùa mưa bão "
             "hằng năm."),
    ("item", "Chủ động phòng ngừa, giảm thiểu rủi ro thiên tai"),
    ("point", "Lồng ghép nội dung phòng, chống thiên tai vào quy hoạch, kế hoạch phát triển kinh tế - xã "
              "hội, quy hoạch xây dựng; không bố trí khu dân cư, khu tái định cư "
              "mới trong vùng có nguy cơ cao; kiên quyết xử lý các trường hợp lấn chiếm hành lang thoát "
              "lũ, xây dựng trái phép trên bãi sông, khai thác cát, sỏi trái phép."),
    ("point", "Sắp xếp, bố trí ổn định 1.850 hộ dân ra khỏi vùng có nguy cơ cao về sạt lở đất, lũ quét, "
              "ngập lụt giai đoạn 2025 - 2030, trong đó năm 2025 hoàn thành ít nhất 320 hộ; ưu tiên các "
              "huyện miền núi phía Tây và các hộ nghèo, hộ có hoàn cảnh khó khăn."),
    ("point", "Đầu tư, bảo đảm an toàn công trình phòng, chống thiên tai:"),
    ("dash", "- Đến năm 2030 sửa chữa, nâng cấp 27 hồ chứa nước xung yếu; 100% hồ chứa có phương án bảo vệ "
             "đập và phương án ứng phó tình huống khẩn cấp được phê duyệt;"),
    ("dash", "- Hoàn thành nâng cấp 04 khu neo đậu tránh trú bão, đáp ứng chỗ neo đậu cho khoảng 2.600 "
             "tàu cá;"),
    ("dash", "- Xây dựng 35 nhà cộng đồng tránh lũ kết hợp trường học, nhà văn hóa ở các xã thường xuyên "
             "bị ngập sâu."),
    ("item", "Nâng cao năng lực dự báo, cảnh báo sớm và ứng dụng khoa học, công nghệ"),
    ("point", "Phát triển mạng lưới quan trắc khí tượng thủy văn chuyên dùng; lắp đặt bổ sung 45 trạm đo "
              "mưa tự động và 12 trạm đo mực nước trên các sông chính, bảo đảm cảnh báo lũ quét, sạt lở "
              "đất đến từng thôn, bản."),
    ("point", "Hoàn thành bản đồ phân vùng rủi ro thiên tai đến cấp xã; xây dựng cơ sở dữ liệu về thiên "
              "tai của tỉnh, công khai trên Cổng thông tin điện tử tỉnh để người dân, doanh nghiệp tra cứu."),
    ("point", "Đa dạng hóa hình thức truyền tin cảnh báo qua tin nhắn điện thoại di động, mạng xã hội và hệ "
              "thống truyền thanh cơ sở; bảo đảm 100% thôn, bản, tổ dân phố trong vùng có nguy cơ có cụm "
              "loa truyền thanh hoạt động thường xuyên."),
    ("item", "Tổ chức ứng phó kịp thời, hiệu quả; khắc phục nhanh hậu quả thiên tai"),
    ("point", "Thực hiện hiệu quả phương châm \"bốn tại chỗ\" (chỉ huy tại chỗ, lực lượng tại chỗ, phương "
              "tiện, vật tư tại chỗ, hậu cần tại chỗ); chủ động sơ tán dân ra khỏi khu vực nguy hiểm, kiên "
              "quyết cưỡng chế sơ tán khi cần thiết."),
    ("point", "Sau thiên tai, tập trung khắc phục hậu quả, không để người dân bị đói, rét, không có chỗ ở; "
              "hỗ trợ lương thực, nước uống, thuốc men cho hộ bị thiệt hại trong vòng 72 giờ; khôi phục sản "
              "xuất, sửa chữa trường học, cơ sở y tế, giao thông thiết yếu."),
    ("point", "Tiếp nhận, phân bổ tiền, hàng cứu trợ đúng đối tượng, công khai, minh bạch; nghiêm cấm lợi "
              "dụng thiên tai để trục lợi, tham nhũng, lãng phí."),
    ("item", "Thích ứng với biến đổi khí hậu, bảo vệ và phát triển rừng"),
    ("point", "Trồng mới 1.200 ha rừng phòng hộ ven biển và 350 ha rừng ngập mặn giai đoạn 2025 - 2030; duy "
              "trì độ che phủ rừng ổn định ở mức 58%; không chuyển đổi mục đích sử dụng rừng phòng hộ đầu "
              "nguồn sang mục đích khác, trừ dự án quan trọng quốc gia."),
    ("point", "Chuyển đổi cơ cấu cây trồng, vật nuôi và lịch thời vụ thích ứng với hạn hán, xâm nhập mặn; "
              "chuyển khoảng 6.000 ha đất lúa kém hiệu quả sang cây trồng chịu hạn hoặc nuôi trồng thủy "
              "sản; bảo đảm nước sinh hoạt cho người dân vùng khô hạn trong mùa khô."),
    ("point", "Phát triển kinh tế xanh, năng lượng tái tạo, giảm phát thải khí nhà kính."),
    ("item", "Huy động, quản lý và sử dụng hiệu quả nguồn lực"),
    ("point", "Ngân sách các cấp bố trí kinh phí cho công tác phòng, chống thiên tai trong dự toán hằng "
              "năm; sử dụng dự phòng ngân sách đúng quy định để kịp thời ứng phó, khắc phục hậu quả."),
    ("point", "Tăng cường quản lý Quỹ phòng, chống thiên tai của tỉnh; phấn đấu số thu Quỹ đạt trên 90% kế "
              "hoạch hằng năm; công khai kết quả thu, chi của Quỹ theo quy định."),
    ("point", "Đẩy mạnh xã hội hóa; khuyến khích phát triển bảo hiểm rủi ro thiên tai trong nông nghiệp."),

    ("part", "TỔ CHỨC THỰC HIỆN"),
    ("item", "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn quán triệt, "
             "triển khai Chỉ thị; định hướng báo chí, hệ thống thông tin cơ sở tuyên truyền về phòng, chống "
             "thiên tai."),
    ("item", "Ban Tổ chức Tỉnh ủy tham mưu bổ sung tiêu chí về lãnh đạo công tác phòng, chống thiên tai vào "
             "việc đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên, cán bộ thuộc diện Ban Thường vụ "
             "Tỉnh ủy quản lý."),
    ("item", "Ủy ban Kiểm tra Tỉnh ủy đưa việc lãnh đạo, chỉ đạo thực hiện Chỉ thị vào chương trình kiểm "
             "tra, giám sát năm 2026 và các năm tiếp theo; kiểm tra khi tổ chức đảng, đảng viên có dấu hiệu "
             "vi phạm trong quản lý, sử dụng kinh phí, tiền, hàng cứu trợ."),
    ("item", "Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tỉnh ban hành nghị quyết về chính "
             "sách hỗ trợ sắp xếp, ổn định dân cư vùng thiên tai trong năm 2025; tổ chức 01 cuộc giám sát "
             "chuyên đề về công tác phòng, chống thiên tai trong năm 2027."),
    ("item", "Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh ban hành kế hoạch thực "
             "hiện Chỉ thị, hoàn thành trước ngày 31/5/2025; cụ thể hóa các nhiệm vụ tại Phụ lục kèm theo; "
             "bố trí nguồn lực; chỉ đạo Sở Nông nghiệp và Môi trường là cơ quan thường trực, theo dõi, tổng "
             "hợp tình hình thực hiện của các sở, ngành, địa phương."),
    ("item", "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh vận "
             "động đoàn viên, hội viên và Nhân dân chủ động phòng tránh thiên tai, tham gia ủng hộ đồng bào "
             "vùng bị thiệt hại; giám sát việc tiếp nhận, phân phối tiền, hàng cứu trợ và việc thực hiện "
             "chính sách hỗ trợ di dời dân cư."),
    ("item", "Đảng ủy Quân sự tỉnh, Đảng ủy Công an tỉnh và Đảng ủy Bộ đội Biên phòng tỉnh lãnh đạo lực "
             "lượng vũ trang sẵn sàng lực lượng, phương tiện tham gia ứng phó thiên tai, tìm kiếm cứu nạn."),
    ("item", "Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy tổ chức quán triệt, xây dựng kế "
             "hoạch thực hiện Chỉ thị phù hợp với đặc điểm địa phương, đơn vị, gửi về Ban Thường vụ Tỉnh ủy "
             "(qua Văn phòng Tỉnh ủy) trước ngày 15/6/2025; định kỳ 6 tháng, hằng năm báo cáo kết quả thực "
             "hiện trước ngày 10/6 và 10/12."),
    ("item", "Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban cán sự đảng Ủy ban nhân dân tỉnh theo dõi, đôn "
             "đốc, tổng hợp tình hình thực hiện, báo cáo Ban Thường vụ Tỉnh ủy; tham mưu sơ kết 3 năm thực "
             "hiện Chỉ thị vào quý II/2028 và tổng kết vào năm 2030."),
    ("p", "Chỉ thị này được phổ biến đến chi bộ."),
]

RECIPIENTS = [
    ("recv_head", "Nơi nhận:"),
    ("recv", "- Ban Bí thư (để báo cáo),"),
    ("recv", "- Văn phòng Trung ương Đảng,"),
    ("recv", "- Các đồng chí Tỉnh ủy viên,"),
    ("recv", "- Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh,"),
    ("recv", "- Các ban đảng, Văn phòng Tỉnh ủy,"),
    ("recv", "- Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy,"),
    ("recv", "- Lưu Văn phòng Tỉnh ủy."),
]
SIGNATURE = [
    ("sign_b", "T/M BAN THƯỜNG VỤ"),
    ("sign_b", "PHÓ BÍ THƯ THƯỜNG TRỰC"),
    ("sign_i", "(Đã ký)"),
    ("sign_b", "Trịnh Quang Vĩnh"),
]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_HEAD = [
    ("title", "PHỤ LỤC"),
    ("title", "DANH MỤC NHIỆM VỤ CỤ THỂ THỰC HIỆN CHỈ THỊ SỐ 07-CT/TU"),
    ("italic_c", "(Kèm theo Chỉ thị số 07-CT/TU ngày 18/4/2025 của Ban Thường vụ Tỉnh ủy)"),
]

COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
COL_WIDTHS_CM = [1.1, 6.4, 3.2, 3.9, 2.4]

NNMT = "Sở Nông nghiệp và Môi trường"
TABLE: list[tuple[str, str, str, str, str]] = [
    ("1", "Xây dựng, ban hành Kế hoạch của Ủy ban nhân dân tỉnh thực hiện Chỉ thị số 07-CT/TU",
     NNMT, "Văn phòng UBND tỉnh; các sở, ban, ngành tỉnh", "Tháng 5/2025"),
    ("2", "Biên soạn, phát hành sổ tay hỏi - đáp về kỹ năng phòng tránh bão, lũ, sạt lở đất cho hộ gia đình",
     "Ban Tuyên giáo Tỉnh ủy", "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Kim Sơn",
     "Quý III/2025"),
    ("3", "Đưa nội dung giáo dục phòng tránh thiên tai, kỹ năng bơi an toàn vào hoạt động trải nghiệm "
          "của học sinh",
     "Sở Giáo dục và Đào tạo", "Tỉnh Đoàn; Sở Văn hóa, Thể thao và Du lịch", "Năm học 2025 - 2026"),
    ("4", "Lập bản đồ cảnh báo nguy cơ lũ quét, sạt lở đất tỷ lệ lớn cho 62 xã miền núi",
     NNMT, "Đài Khí tượng thủy văn tỉnh; UBND các huyện miền núi", "Quý IV/2025"),
    ("5", "Đầu tư hệ thống trạm đo mưa tự động, trạm đo mực nước và phần mềm cảnh báo sớm",
     NNMT, "Sở Khoa học và Công nghệ; Sở Tài chính", "2025 - 2027"),
    ("6", "Đề án sắp xếp, ổn định dân cư vùng có nguy cơ cao về thiên tai giai đoạn 2025 - 2030",
     NNMT, "Sở Xây dựng; Sở Tài chính; UBND các huyện, thị xã, thành phố", "Tháng 9/2025"),
    ("7", "Kiểm tra an toàn đập thủy điện, rà soát quy trình vận hành liên hồ chứa trên lưu vực sông "
          "Ngàn Kim",
     "Sở Công Thương", "Sở Nông nghiệp và Môi trường; Công an tỉnh; các chủ đập thủy điện",
     "Trước ngày 31/8 hằng năm"),
    ("8", "Rà soát quy hoạch xây dựng, ban hành hướng dẫn thiết kế nhà ở an toàn chống bão, lũ cho vùng "
          "thường xuyên bị thiên tai",
     "Sở Xây dựng", "Sở Nông nghiệp và Môi trường; UBND cấp huyện", "Năm 2026"),
    ("9", "Bố trí kinh phí phòng, chống thiên tai trong dự toán ngân sách tỉnh; hướng dẫn việc chi dự "
          "phòng ngân sách cho khắc phục hậu quả",
     "Sở Tài chính", "Sở Nông nghiệp và Môi trường; Kho bạc Nhà nước khu vực", "Hằng năm"),
    ("10", "Kiểm tra, giám sát việc lãnh đạo, chỉ đạo công tác phòng, chống thiên tai của các cấp ủy, "
           "tổ chức đảng",
     "Ủy ban Kiểm tra Tỉnh ủy", "Các ban đảng Tỉnh ủy; Văn phòng Tỉnh ủy", "Năm 2026"),
    ("11", "Diễn tập ứng phó bão mạnh kết hợp lũ lớn và tìm kiếm cứu nạn cấp tỉnh",
     "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh; Bộ Chỉ huy Bộ đội Biên phòng tỉnh; Sở Y tế", "Quý II/2026"),
    ("12", "Quản lý tàu cá ra khơi; kiểm tra thiết bị thông tin liên lạc, hướng dẫn tàu thuyền neo đậu "
           "tránh trú bão",
     "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Sở Nông nghiệp và Môi trường; UBND các huyện ven biển",
     "Thường xuyên"),
    ("13", "Trồng rừng phòng hộ ven biển, rừng ngập mặn và xây dựng kè chống sạt lở bờ biển tại các điểm "
           "xung yếu",
     NNMT, "Sở Tài chính; UBND các huyện ven biển", "2025 - 2030"),
    ("14", "Vận động ủng hộ đồng bào bị thiệt hại do thiên tai; giám sát việc phân phối tiền, hàng cứu trợ",
     "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức chính trị - xã hội tỉnh; Hội Chữ thập đỏ tỉnh",
     "Hằng năm"),
]

FIXED_TIME = _dt.datetime(2025, 4, 18, 8, 0, 0)
ZIP_TIME = (2025, 4, 18, 8, 0, 0)


# -- automatic numbering -----------------------------------------------------------------------

LEVELS = [  # (ilvl, numFmt, lvlText, bold)
    (0, "upperRoman", "%1.", True),
    (1, "decimal", "%2.", True),
    (2, "lowerLetter", "%3)", False),
]


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _numbering(doc) -> None:
    """Replace the template's lists with the one multi-level list of this document."""
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    abstract = _el("w:abstractNum", abstractNumId=ABSTRACT_ID)
    abstract.append(_el("w:nsid", val="4B1E07A2"))
    abstract.append(_el("w:multiLevelType", val="multilevel"))
    abstract.append(_el("w:tmpl", val="0C1A2E44"))
    for ilvl in range(9):
        if ilvl < len(LEVELS):
            _, fmt, text, bold = LEVELS[ilvl]
        else:
            fmt, bold = "decimal", False
            text = "".join(f"%{k}." for k in range(1, ilvl + 2))
        lvl = _el("w:lvl", ilvl=str(ilvl))
        lvl.append(_el("w:start", val="1"))
        lvl.append(_el("w:numFmt", val=fmt))
        lvl.append(_el("w:suff", val="space"))
        lvl.append(_el("w:lvlText", val=text))
        lvl.append(_el("w:lvlJc", val="left"))
        ppr = _el("w:pPr")
        ppr.append(_el("w:ind", left="0", firstLine="567"))
        lvl.append(ppr)
        if bold:
            rpr = _el("w:rPr")
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
            lvl.append(rpr)
        abstract.append(lvl)
    numbering.append(abstract)
    num = _el("w:num", numId=NUM_ID)
    num.append(_el("w:abstractNumId", val=ABSTRACT_ID))
    numbering.append(num)
    # template styles that pointed at the removed lists lose their numbering
    for style_el in doc.styles.element.iter(qn("w:style")):
        ppr = style_el.find(qn("w:pPr"))
        if ppr is not None:
            for num_pr in ppr.findall(qn("w:numPr")):
                ppr.remove(num_pr)


def _set_num(par, ilvl: int) -> None:
    ppr = par._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", val=str(ilvl)))
    num_pr.append(_el("w:numId", val=NUM_ID))
    # schema order: pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl, numPr, ...
    anchor = None
    for tag in ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(num_pr)
    else:
        ppr.append(num_pr)


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
        borders.append(_el(f"w:{edge}", val="nil"))
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
    row._tr.get_or_add_trPr().append(_el("w:tblHeader", val="true"))


def _clear(cell) -> None:
    for p in list(cell._tc.iterchildren(qn("w:p"))):
        cell._tc.remove(p)


def _set_cell(cell, text: str, bold=False, align=None, size=12) -> None:
    _clear(cell)
    par = cell.add_paragraph()
    if text:
        par.add_run(text)
    _fmt(par, size=size, bold=bold, align=align, space_after=0)


def _layout_table(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for col, width in zip(table.columns, widths_cm):
        col.width = Cm(width)
    for cell, width in zip(table.rows[0].cells, widths_cm):
        cell.width = Cm(width)
        _clear(cell)
    return table


def _header_block(doc) -> None:
    table = _layout_table(doc, (7.0, 9.0))
    for cell, lines in zip(table.rows[0].cells, (HEADER_LEFT, HEADER_RIGHT)):
        for text, style in lines:
            par = cell.add_paragraph()
            if text:
                par.add_run(text)
            _fmt(par, size=14 if style else 13, bold="b" in style, italic="i" in style,
                 underline="u" in style, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _closing_block(doc) -> None:
    table = _layout_table(doc, (7.5, 8.5))
    left, right = table.rows[0].cells
    for style, text in RECIPIENTS:
        par = left.add_paragraph()
        par.add_run(text)
        if style == "recv_head":
            _fmt(par, size=12, bold=True, italic=True, space_after=0)
        else:
            _fmt(par, size=11, space_after=0)
    for style, text in SIGNATURE:
        par = right.add_paragraph()
        par.add_run(text)
        _fmt(par, size=14, bold=style == "sign_b", italic=style == "sign_i",
             align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _body(doc, rows) -> None:
    for style, text in rows:
        if style == "title":
            _add_par(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
        elif style == "italic_c":
            _add_par(doc, text, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style == "rule":
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
        elif style in ("part", "item", "point"):
            ilvl = {"part": 0, "item": 1, "point": 2}[style]
            par = _add_par(doc, text, bold=ilvl < 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            _set_num(par, ilvl)
        elif style in ("p", "dash"):
            _add_par(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=1.0)
        else:  # pragma: no cover
            raise ValueError(style)


def _task_table(doc) -> None:
    table = doc.add_table(rows=1 + len(TABLE), cols=len(COLUMNS))
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
    for r, row_data in enumerate(TABLE, start=1):
        for c, value in enumerate(row_data):
            center = c in (0, 4)
            _set_cell(table.rows[r].cells[c], value, align=WD_ALIGN_PARAGRAPH.CENTER if center else None)


def _core(doc) -> None:
    cp = doc.core_properties
    cp.author = "Văn phòng Tỉnh ủy Kim Sơn"
    cp.last_modified_by = "Văn phòng Tỉnh ủy Kim Sơn"
    cp.title = "Chỉ thị số 07-CT/TU"
    cp.subject = "Phòng, chống thiên tai và thích ứng với biến đổi khí hậu"
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

    _numbering(doc)
    _header_block(doc)
    _add_par(doc, "")
    _body(doc, BODY)
    _add_par(doc, "")
    _closing_block(doc)
    doc.add_section(WD_SECTION.NEW_PAGE)
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
