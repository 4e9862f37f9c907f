"""Build the eval document `qc-tanphu.docx` (fictional: UBND tỉnh Tân Phú, QĐ 23/2026/QĐ-UBND).

A provincial UBND decision that issues an attached regulation: the decision's own three
articles (Điều 1–3), "Nơi nhận" and the signature side by side in a borderless table (as Word
users lay them out), then, on a new page, the attached "QUY CHẾ … (Ban hành kèm theo Quyết
định số …)" with its own header block, six chapters and 42 articles numbered from Điều 1 again.

The whole text lives in this script.

    python build.py OUT_DIR          # writes OUT_DIR/qc-tanphu.docx

Output is byte-for-byte deterministic: fixed core properties and fixed zip timestamps.
Everything here is invented (province, bodies, numbers, names); the laws in the preamble are
cited only by name and date, and the two provincial texts it cites (Nghị quyết 14/2025/NQ-HĐND,
Quyết định 09/2024/QĐ-UBND) exist only as not-loaded manifest entries.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FILE_NAME = "qc-tanphu.docx"
NBSP = "\u00a0"
UB = "Ủy ban nhân dân"
VP = "Văn phòng Ủy ban nhân dân tỉnh"
TT = "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh"

# -- header blocks (layout tables) ------------------------------------------------------------

HEADER_LEFT = [
    ("ỦY BAN NHÂN DÂN", "b"),
    ("TỈNH TÂN PHÚ", "b"),
    ("-------", ""),
    ("Số: 23/2026/QĐ-UBND", "n"),
]
HEADER_RIGHT = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
    ("Độc lập - Tự do - Hạnh phúc", "b"),
    ("---------------", ""),
    ("Tân Phú, ngày 12 tháng 6 năm 2026", "i"),
]
QC_HEADER_LEFT = [
    ("ỦY BAN NHÂN DÂN", "b"),
    ("TỈNH TÂN PHÚ", "b"),
    ("-------", ""),
]
QC_HEADER_RIGHT = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
    ("Độc lập - Tự do - Hạnh phúc", "b"),
    ("---------------", ""),
]

# -- the decision ------------------------------------------------------------------------------
# styles: title (centred bold), rule (centred short line), issuer (centred bold), cc (căn cứ:
# italic, justified), decide ("QUYẾT ĐỊNH:" centred bold), art (whole heading bold),
# art_inline ("Điều N." bold, the rest plain), p (justified paragraph), chap / chap_t (centred
# bold chapter line and chapter title), italic_c (centred italic).

DECISION: list[tuple[str, str]] = [
    ("title", "QUYẾT ĐỊNH"),
    ("title", "Ban hành Quy chế phối hợp tiếp nhận, xử lý và trả lời phản ánh, kiến nghị"),
    ("title", "của người dân, doanh nghiệp trên địa bàn tỉnh Tân Phú"),
    ("rule", "-----------"),
    ("issuer", "ỦY BAN NHÂN DÂN TỈNH TÂN PHÚ"),
    ("cc", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
    ("cc", "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;"),
    ("cc", "Căn cứ Luật Giao dịch điện tử ngày 22 tháng 6 năm 2023;"),
    ("cc", "Căn cứ Luật Bảo vệ dữ liệu cá nhân ngày 26 tháng 6 năm 2025;"),
    ("cc", "Căn cứ Nghị quyết số 14/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội đồng nhân dân tỉnh "
           "Tân Phú quy định mức chi bảo đảm cho công tác tiếp nhận, xử lý phản ánh, kiến nghị của người "
           "dân, doanh nghiệp trên địa bàn tỉnh;"),
    ("cc", "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh tại Tờ trình số 86/TTr-VPUBND ngày 28 "
           "tháng 5 năm 2026."),
    ("decide", "QUYẾT ĐỊNH:"),
    ("art_inline", "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp tiếp nhận, xử lý và trả lời "
                   "phản ánh, kiến nghị của người dân, doanh nghiệp trên địa bàn tỉnh Tân Phú."),
    ("art", "Điều 2. Hiệu lực thi hành và quy định chuyển tiếp"),
    ("p", "1. Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026."),
    ("p", "2. Phản ánh, kiến nghị đã tiếp nhận trước ngày Quyết định này có hiệu lực mà chưa xử lý xong "
          "thì tiếp tục xử lý theo Quy chế ban hành kèm theo Quyết định này; thời hạn xử lý còn lại được "
          "tính từ ngày 01 tháng 7 năm 2026."),
    ("p", "3. Trong thời hạn 30 ngày kể từ ngày Quyết định này có hiệu lực, các sở, ban, ngành tỉnh và "
          "Ủy ban nhân dân các xã, phường cử công chức đầu mối, gửi danh sách (họ tên, chức vụ, số điện "
          "thoại) về Văn phòng Ủy ban nhân dân tỉnh và Sở Khoa học và Công nghệ."),
    ("art_inline", "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các sở, Thủ trưởng các ban, "
                   "ngành tỉnh; Giám đốc Công an tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường; Giám đốc "
                   "các doanh nghiệp cung ứng dịch vụ điện, nước sạch, viễn thông, thu gom chất thải trên "
                   "địa bàn tỉnh và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
                   "này./."),
]

RECEIVERS = [
    "- Như Điều 3;",
    "- Văn phòng Chính phủ (Cục Kiểm soát thủ tục hành chính);",
    "- Bộ Tư pháp (Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính);",
    "- Thường trực Tỉnh ủy;",
    "- Thường trực HĐND tỉnh;",
    "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "- Ủy ban MTTQ Việt Nam tỉnh;",
    "- Báo và Phát thanh, Truyền hình Tân Phú;",
    "- Cổng Thông tin điện tử tỉnh;",
    "- Lưu: VT, KSTT (Hg, 60b).",
]
SIGNATURE = [
    ("TM. ỦY BAN NHÂN DÂN", "b"),
    ("KT. CHỦ TỊCH", "b"),
    ("PHÓ CHỦ TỊCH", "b"),
    ("", ""),
    ("", ""),
    ("", ""),
    ("Đinh Quang Tuyến", "b"),
]

# -- the attached regulation -------------------------------------------------------------------

QC_TITLE: list[tuple[str, str]] = [
    ("title", "QUY CHẾ"),
    ("title", "Phối hợp tiếp nhận, xử lý và trả lời phản ánh, kiến nghị của người dân,"),
    ("title", "doanh nghiệp trên địa bàn tỉnh Tân Phú"),
    ("italic_c", "(Ban hành kèm theo Quyết định số 23/2026/QĐ-UBND ngày 12 tháng 6 năm 2026"
                 " của Ủy ban nhân dân tỉnh Tân Phú)"),
    ("rule", "-----------"),
]

QC: list[tuple[str, str]] = [
    ("chap", "Chương I"),
    ("chap_t", "QUY ĐỊNH CHUNG"),

    ("art", "Điều 1. Phạm vi điều chỉnh"),
    ("p", "1. Quy chế này quy định nguyên tắc, nội dung, trách nhiệm và quy trình phối hợp giữa các cơ "
          "quan, đơn vị trong việc tiếp nhận, phân loại, chuyển xử lý, xử lý, trả lời và công khai kết "
          "quả xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về kinh tế - xã hội, trật tự đô thị, "
          "môi trường, hạ tầng và dịch vụ công trên địa bàn tỉnh Tân Phú."),
    ("p", "2. Quy chế này không điều chỉnh việc tiếp công dân, giải quyết khiếu nại, tố cáo và xử lý đơn "
          "thư theo pháp luật về khiếu nại, tố cáo, tiếp công dân; việc tiếp nhận, xử lý phản ánh, kiến "
          "nghị về quy định hành chính thực hiện theo quy định của Chính phủ."),

    ("art", "Điều 2. Đối tượng áp dụng"),
    ("p", "Quy chế này áp dụng đối với:"),
    ("p", "1. Văn phòng Ủy ban nhân dân tỉnh; các sở, ban, ngành tỉnh; Công an tỉnh; Ủy ban nhân dân "
          "các xã, phường (sau đây gọi chung là cơ quan, đơn vị)."),
    ("p", "2. Các doanh nghiệp cung ứng dịch vụ điện, nước sạch, viễn thông, thu gom và xử lý chất thải, "
          "vận tải hành khách công cộng bằng xe buýt trên địa bàn tỉnh (sau đây gọi chung là đơn vị cung "
          "ứng dịch vụ)."),
    ("p", "3. Cá nhân, tổ chức, doanh nghiệp gửi phản ánh, kiến nghị và các tổ chức, cá nhân khác có "
          "liên quan."),

    ("art", "Điều 3. Giải thích từ ngữ"),
    ("p", "Trong Quy chế này, các từ ngữ dưới đây được hiểu như sau:"),
    ("p", "1. Phản ánh là việc người dân, doanh nghiệp cung cấp thông tin cho cơ quan nhà nước về sự "
          "việc, hiện tượng, hành vi xảy ra trên địa bàn tỉnh gây ảnh hưởng hoặc có nguy cơ ảnh hưởng "
          "đến lợi ích công cộng, trật tự, an toàn xã hội."),
    ("p", "2. Kiến nghị là việc người dân, doanh nghiệp đề xuất với cơ quan nhà nước giải pháp, sáng "
          "kiến để tháo gỡ vướng mắc, nâng cao chất lượng quản lý và cung ứng dịch vụ công."),
    ("p", "3. Hệ thống Tân Phú Lắng nghe (sau đây gọi là Hệ thống) là hệ thống thông tin dùng chung của "
          "tỉnh để tiếp nhận, chuyển xử lý, theo dõi và công khai kết quả xử lý phản ánh, kiến nghị, gồm "
          "Tổng đài 1022, ứng dụng di động \"Tân Phú Số\", chuyên trang trên Cổng Thông tin điện tử tỉnh "
          "và phần mềm quản lý nghiệp vụ."),
    ("p", "4. Cơ quan đầu mối là " + TT + " thuộc Sở Khoa học và Công nghệ, làm nhiệm vụ tiếp nhận "
          "tập trung, phân loại và chuyển phản ánh, kiến nghị đến cơ quan xử lý."),
    ("p", "5. Cơ quan xử lý là cơ quan, đơn vị hoặc đơn vị cung ứng dịch vụ được giao xử lý phản ánh, "
          "kiến nghị theo chức năng, nhiệm vụ, thẩm quyền hoặc theo phân công tại Quy chế này."),
    ("p", "6. Phản ánh khẩn cấp là phản ánh về sự việc đang xảy ra hoặc có nguy cơ xảy ra ngay, đe dọa "
          "trực tiếp tính mạng, sức khỏe, tài sản của người dân hoặc an ninh, trật tự, như cháy, nổ, tai "
          "nạn giao thông, sạt lở, ngập úng cục bộ, ngộ độc thực phẩm tập thể, cây xanh đổ gãy."),
    ("p", "7. Phản ánh liên ngành là phản ánh, kiến nghị có nội dung liên quan đến chức năng, nhiệm vụ "
          "của từ 02 cơ quan xử lý trở lên mà không thể tách riêng từng phần để xử lý."),
    ("p", "8. Phản ánh quá hạn là phản ánh, kiến nghị mà cơ quan xử lý chưa cập nhật kết quả lên Hệ "
          "thống khi đã hết thời hạn xử lý theo Quy chế này, kể cả thời gian được gia hạn (nếu có)."),
    ("p", "9. Ngày làm việc là các ngày từ thứ Hai đến thứ Sáu hằng tuần, trừ ngày nghỉ lễ, Tết theo "
          "pháp luật về lao động; giờ làm việc tính theo giờ hành chính của cơ quan nhà nước trên địa "
          "bàn tỉnh."),

    ("art", "Điều 4. Nguyên tắc phối hợp"),
    ("p", "1. Mọi phản ánh, kiến nghị đủ điều kiện đều được tiếp nhận, cập nhật lên Hệ thống và xử lý đến "
          "cùng; không để phản ánh bị bỏ sót hoặc chuyển vòng giữa các cơ quan."),
    ("p", "2. Việc xử lý bảo đảm đúng thẩm quyền, đúng thời hạn, công khai, minh bạch; cơ quan chủ trì "
          "chịu trách nhiệm chính về kết quả xử lý, cơ quan phối hợp chịu trách nhiệm về phần việc được "
          "giao."),
    ("p", "3. Phản ánh khẩn cấp được ưu tiên xử lý trước; người cao tuổi, người khuyết tật, phụ nữ mang "
          "thai được hỗ trợ gửi phản ánh trực tiếp và hướng dẫn đầy đủ."),
    ("p", "4. Giữ bí mật thông tin cá nhân của người phản ánh; không tiết lộ họ tên, số điện thoại, địa "
          "chỉ của người phản ánh khi chưa được người đó đồng ý."),
    ("p", "5. Việc phối hợp chủ yếu thực hiện trên môi trường điện tử thông qua Hệ thống; văn bản giấy "
          "chỉ sử dụng khi Hệ thống gặp sự cố hoặc nội dung thuộc phạm vi bí mật nhà nước."),

    ("art", "Điều 5. Phản ánh, kiến nghị không được tiếp nhận, xử lý"),
    ("p", "Cơ quan đầu mối từ chối tiếp nhận hoặc dừng xử lý và thông báo lý do cho người gửi (nếu có "
          "thông tin liên lạc) trong các trường hợp sau:"),
    ("p", "1. Nội dung là khiếu nại, tố cáo hoặc vụ việc đã được cơ quan có thẩm quyền thụ lý theo thủ "
          "tục tố tụng, thi hành án."),
    ("p", "2. Nội dung có tính chất bôi nhọ, xúc phạm danh dự, nhân phẩm của cá nhân, tổ chức hoặc trái "
          "thuần phong mỹ tục."),
    ("p", "3. Không rõ địa điểm, thời gian hoặc sự việc cụ thể mà người gửi không bổ sung trong thời hạn "
          "02 ngày làm việc kể từ khi được đề nghị bổ sung."),
    ("p", "4. Trùng hoàn toàn với phản ánh, kiến nghị đã được xử lý và công khai kết quả trong vòng 30 "
          "ngày trước đó mà không có tình tiết mới."),
    ("p", "5. Nội dung thuộc phạm vi bí mật nhà nước hoặc sự việc xảy ra ngoài địa giới hành chính tỉnh "
          "Tân Phú."),

    ("art", "Điều 6. Kênh tiếp nhận phản ánh, kiến nghị"),
    ("p", "Người dân, doanh nghiệp gửi phản ánh, kiến nghị qua một trong các kênh sau:"),
    ("p", "1. Tổng đài" + NBSP + "1022 của tỉnh (gọi điện thoại hoặc nhắn tin)."),
    ("p", "2. Ứng dụng di động \"Tân Phú Số\" cài trên thiết bị chạy hệ điều hành iOS hoặc Android."),
    ("p", "3. Chuyên trang \"Tân Phú Lắng nghe\" trên Cổng Thông tin điện tử tỉnh."),
    ("p", "4. Tài khoản Zalo chính thức của " + TT + "."),
    ("p", "5. Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh hoặc bộ phận một cửa của Ủy ban nhân "
          "dân các xã, phường; phản ánh nhận trực tiếp phải được công chức tiếp nhận nhập lên Hệ thống "
          "ngay trong ngày."),

    ("art", "Điều 7. Những hành vi bị nghiêm cấm"),
    ("p", "1. Cố ý trì hoãn, đùn đẩy, né tránh việc xử lý phản ánh, kiến nghị thuộc trách nhiệm của mình."),
    ("p", "2. Cập nhật kết quả xử lý không đúng thực tế hoặc đóng phản ánh trên Hệ thống khi chưa xử lý "
          "xong."),
    ("p", "3. Tiết lộ thông tin của người phản ánh trái quy định; trù dập, gây khó khăn cho người phản ánh."),
    ("p", "4. Lợi dụng việc phản ánh, kiến nghị để đưa thông tin sai sự thật, gây rối hoặc cố ý làm quá "
          "tải Hệ thống."),

    ("chap", "Chương II"),
    ("chap_t", "TIẾP NHẬN, PHÂN LOẠI VÀ CHUYỂN XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ"),

    ("art", "Điều 8. Thời gian tiếp nhận"),
    ("p", "1. Tổng đài 1022 tiếp nhận phản ánh, kiến nghị 24 giờ/ngày và 07 ngày/tuần, kể cả ngày nghỉ, "
          "ngày lễ, Tết."),
    ("p", "2. Ứng dụng \"Tân Phú Số\", chuyên trang trên Cổng Thông tin điện tử tỉnh và tài khoản Zalo "
          "nhận phản ánh liên tục; phản ánh gửi ngoài giờ làm việc được tính là tiếp nhận vào đầu giờ "
          "của ngày làm việc kế tiếp, trừ phản ánh khẩn cấp."),
    ("p", "3. Việc tiếp nhận trực tiếp thực hiện trong giờ làm việc."),

    ("art", "Điều 9. Tiếp nhận qua Tổng đài 1022"),
    ("p", "1. Điện thoại viên ghi nhận đầy đủ nội dung, địa điểm, thời điểm xảy ra sự việc và thông tin "
          "liên lạc của người phản ánh; cấp mã số phản ánh và gửi tin nhắn báo mã số cho người phản ánh "
          "trong thời hạn 15 phút kể từ khi kết thúc cuộc gọi."),
    ("p", "2. Mọi cuộc gọi đến Tổng đài được ghi âm và lưu trữ trên Hệ thống tối thiểu 12 tháng; việc "
          "trích xuất tệp ghi âm phải được Giám đốc " + TT + " đồng ý bằng văn bản."),
    ("p", "3. Tổng đài bố trí tối thiểu 06 điện thoại viên trực trong giờ làm việc và 02 điện thoại viên "
          "trực ngoài giờ làm việc; tỷ lệ cuộc gọi nhỡ không vượt quá 5% tổng số cuộc gọi đến trong tháng."),

    ("art", "Điều 10. Tiếp nhận qua ứng dụng, Cổng Thông tin điện tử và Zalo"),
    ("p", "1. Người phản ánh đăng nhập bằng tài khoản định danh điện tử hoặc số điện thoại đã xác thực; "
          "mỗi phản ánh được đính kèm tối đa 05 hình ảnh và 01 đoạn video dung lượng không quá 50 MB."),
    ("p", "2. Hệ thống tự động cấp mã số và gửi thông báo xác nhận cho người phản ánh ngay khi phản ánh "
          "được gửi thành công."),
    ("p", "3. Phản ánh gửi qua tài khoản Zalo được điện thoại viên chuyển thành phiếu tiếp nhận trên Hệ "
          "thống trong thời hạn 30 phút, nếu gửi trong giờ làm việc."),

    ("art", "Điều 11. Phân loại phản ánh, kiến nghị"),
    ("p", "1. Trong thời hạn 02 giờ làm việc kể từ khi tiếp nhận, Cơ quan đầu mối kiểm tra, phân loại "
          "phản ánh, kiến nghị theo các nhóm sau:"),
    ("p", "a) Phản ánh khẩn cấp;"),
    ("p", "b) Phản ánh, kiến nghị thông thường thuộc thẩm quyền của một cơ quan xử lý;"),
    ("p", "c) Phản ánh liên ngành;"),
    ("p", "d) Phản ánh, kiến nghị thuộc trường hợp không tiếp nhận quy định tại Điều 5 Quy chế này."),
    ("p", "2. Phản ánh khẩn cấp được phân loại và chuyển xử lý ngay, không chờ hết thời hạn nêu tại "
          "khoản 1 Điều này."),
    ("p", "3. Cơ quan đầu mối xây dựng danh mục lĩnh vực và cơ quan xử lý tương ứng, gửi Văn phòng Ủy "
          "ban nhân dân tỉnh thẩm định trước khi áp dụng; rà soát, cập nhật danh mục ít nhất 06 tháng "
          "một lần."),

    ("art", "Điều 12. Chuyển phản ánh, kiến nghị đến cơ quan xử lý"),
    ("p", "1. Phản ánh, kiến nghị thông thường được chuyển đến cơ quan xử lý trên Hệ thống trong thời hạn "
          "04 giờ làm việc kể từ khi tiếp nhận."),
    ("p", "2. Phản ánh khẩn cấp được chuyển trong thời hạn 15 phút kể từ khi tiếp nhận; đồng thời điện "
          "thoại viên gọi trực tiếp cho đầu mối trực của cơ quan xử lý và Công an tỉnh (qua số 113 hoặc "
          "114 tùy tính chất vụ việc)."),
    ("p", "3. Phản ánh liên ngành được chuyển cùng lúc đến cơ quan chủ trì và các cơ quan phối hợp theo "
          "danh mục quy định tại khoản 3 Điều 11 Quy chế này; trường hợp danh mục chưa xác định cơ quan "
          "chủ trì, Cơ quan đầu mối báo cáo Văn phòng Ủy ban nhân dân tỉnh để trình Chủ tịch Ủy ban nhân "
          "dân tỉnh giao trong thời hạn 01 ngày làm việc."),
    ("p", "4. Phản ánh về sự cố cung cấp điện, nước sạch, viễn thông, thu gom rác được chuyển thẳng đến "
          "đơn vị cung ứng dịch vụ, đồng thời gửi sở quản lý ngành, lĩnh vực để theo dõi."),

    ("art", "Điều 13. Chuyển trả phản ánh không đúng thẩm quyền"),
    ("p", "1. Phản ánh, kiến nghị không thuộc thẩm quyền thì cơ quan xử lý chuyển trả Cơ quan đầu mối trên "
          "Hệ thống trong thời hạn 01 ngày làm việc kể từ khi nhận, nêu rõ lý do và đề xuất cơ quan có "
          "thẩm quyền."),
    ("p", "2. Mỗi phản ánh chỉ được chuyển trả tối đa 01 lần; quá thời hạn nêu tại khoản 1 Điều này mà "
          "không chuyển trả thì cơ quan đã nhận phải xử lý hoặc chủ trì phối hợp xử lý."),
    ("p", "3. Thời gian chuyển trả không tính vào thời hạn xử lý của cơ quan được chuyển đến sau."),

    ("art", "Điều 14. Phản ánh, kiến nghị trùng lặp"),
    ("p", "1. Phản ánh có cùng địa điểm và nội dung với một phản ánh đang được xử lý thì Cơ quan đầu mối "
          "gộp vào hồ sơ đang xử lý và báo mã số hồ sơ cho người phản ánh."),
    ("p", "2. Một sự việc có từ 10 phản ánh trở lên trong vòng 24 giờ thì Cơ quan đầu mối báo cáo ngay "
          "lãnh đạo Văn phòng Ủy ban nhân dân tỉnh để theo dõi, chỉ đạo."),

    ("chap", "Chương III"),
    ("chap_t", "XỬ LÝ, TRẢ LỜI VÀ CÔNG KHAI KẾT QUẢ XỬ LÝ"),

    ("art", "Điều 15. Thời hạn xử lý"),
    ("p", "Thời hạn xử lý tính từ khi cơ quan xử lý nhận được phản ánh, kiến nghị trên Hệ thống, cụ thể:"),
    ("p", "1. Phản ánh, kiến nghị thông thường: không quá 05 ngày làm việc."),
    ("p", "2. Phản ánh, kiến nghị cần kiểm tra, xác minh tại hiện trường: không quá 10 ngày làm việc."),
    ("p", "3. Phản ánh liên ngành: không quá 15 ngày làm việc."),
    ("p", "4. Phản ánh về sự cố cung cấp điện, nước sạch, viễn thông: đơn vị cung ứng dịch vụ khắc phục "
          "hoặc thông báo phương án khắc phục trong thời hạn 24 giờ."),
    ("p", "5. Phản ánh khẩn cấp: thực hiện theo Điều 16 Quy chế này."),

    ("art", "Điều 16. Xử lý phản ánh khẩn cấp"),
    ("p", "1. Cơ quan xử lý cử lực lượng có mặt tại hiện trường trong thời hạn 30 phút đối với địa bàn "
          "phường và 60 phút đối với địa bàn xã kể từ khi nhận thông tin, trừ trường hợp bất khả kháng."),
    ("p", "2. Công an tỉnh chủ trì xử lý phản ánh khẩn cấp về cháy, nổ, cứu nạn, cứu hộ, tai nạn giao "
          "thông và an ninh, trật tự; Sở Y tế chủ trì đối với ngộ độc thực phẩm tập thể và dịch bệnh; Sở "
          "Xây dựng chủ trì đối với sự cố công trình, cây xanh, chiếu sáng đô thị; Sở Nông nghiệp và Môi "
          "trường chủ trì đối với sạt lở bờ sông, sự cố đê điều, ô nhiễm môi trường đột xuất."),
    ("p", "3. Ủy ban nhân dân xã, phường nơi xảy ra sự việc phối hợp, huy động lực lượng tại chỗ và báo "
          "cáo kết quả ban đầu cho Cơ quan đầu mối trong thời hạn 02 giờ kể từ khi lực lượng có mặt tại "
          "hiện trường."),
    ("p", "4. Kết quả xử lý cuối cùng được cập nhật lên Hệ thống chậm nhất 24 giờ sau khi sự việc được "
          "khắc phục."),

    ("art", "Điều 17. Phối hợp xử lý phản ánh liên ngành"),
    ("p", "1. Cơ quan chủ trì xây dựng phương án xử lý, phân công phần việc cho cơ quan phối hợp; khi cần "
          "thiết tổ chức họp hoặc kiểm tra thực tế trong thời hạn 03 ngày làm việc kể từ khi nhận phản ánh."),
    ("p", "2. Cơ quan phối hợp gửi ý kiến, kết quả phần việc được giao cho cơ quan chủ trì trên Hệ thống "
          "trong thời hạn 05 ngày làm việc kể từ ngày nhận đề nghị; quá thời hạn mà không có ý kiến thì "
          "được coi là thống nhất với phương án của cơ quan chủ trì."),
    ("p", "3. Trường hợp các cơ quan không thống nhất, cơ quan chủ trì báo cáo Văn phòng Ủy ban nhân dân "
          "tỉnh tổng hợp, trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định."),

    ("art", "Điều 18. Gia hạn xử lý"),
    ("p", "1. Trường hợp không thể hoàn thành đúng hạn, cơ quan xử lý gửi đề nghị gia hạn trên Hệ thống "
          "chậm nhất 01 ngày làm việc trước khi hết hạn, nêu rõ lý do và thời gian xin gia hạn."),
    ("p", "2. Mỗi phản ánh chỉ được gia hạn 01 lần; thời gian gia hạn không dài hơn thời hạn xử lý ban "
          "đầu và tối đa không quá 10 ngày làm việc."),
    ("p", "3. Cơ quan đầu mối xem xét, chấp thuận hoặc không chấp thuận đề nghị gia hạn trong thời hạn 04 "
          "giờ làm việc và thông báo thời hạn mới cho người phản ánh."),

    ("art", "Điều 19. Nội dung và hình thức trả lời"),
    ("p", "1. Văn bản trả lời nêu rõ nội dung phản ánh, kết quả kiểm tra, biện pháp đã xử lý hoặc lý do "
          "chưa xử lý, thời gian dự kiến hoàn thành (nếu có), tên cơ quan và họ tên, số điện thoại của "
          "người phụ trách."),
    ("p", "2. Đối với phản ánh về hạ tầng, vệ sinh môi trường, trật tự đô thị, kết quả xử lý được cập "
          "nhật lên Hệ thống kèm hình ảnh trước và sau khi xử lý."),
    ("p", "3. Người đứng đầu cơ quan xử lý hoặc cấp phó được phân công duyệt kết quả trả lời trên Hệ thống "
          "bằng chữ ký số; không giao công chức đầu mối tự phê duyệt."),

    ("art", "Điều 20. Công khai kết quả xử lý"),
    ("p", "1. Kết quả xử lý được công khai trên ứng dụng \"Tân Phú Số\" và chuyên trang trên Cổng Thông "
          "tin điện tử tỉnh trong thời hạn 01 ngày làm việc kể từ khi cơ quan xử lý cập nhật kết quả, trừ "
          "thông tin không được công khai theo quy định của pháp luật."),
    ("p", "2. Khi công khai phải che thông tin cá nhân của người phản ánh và của cá nhân bị phản ánh; tên "
          "tổ chức, doanh nghiệp vi phạm đã bị xử lý thì được công khai."),
    ("p", "3. Hằng tháng, Báo và Phát thanh, Truyền hình Tân Phú chọn ít nhất 04 phản ánh tiêu biểu để "
          "đưa tin về quá trình và kết quả xử lý."),

    ("art", "Điều 21. Đánh giá mức độ hài lòng"),
    ("p", "1. Trong thời hạn 03 ngày làm việc kể từ khi kết quả được công khai, người phản ánh đánh giá "
          "kết quả xử lý trên Hệ thống theo 04 mức: rất hài lòng, hài lòng, chưa hài lòng, không hài lòng."),
    ("p", "2. Quá thời hạn nêu tại khoản 1 Điều này mà người phản ánh không đánh giá thì kết quả được ghi "
          "nhận ở mức hài lòng."),
    ("p", "3. Tổng đài 1022 gọi điện khảo sát ngẫu nhiên tối thiểu 10% số phản ánh đã xử lý xong trong "
          "tháng để kiểm chứng kết quả."),

    ("art", "Điều 22. Xem xét lại kết quả xử lý"),
    ("p", "1. Phản ánh bị đánh giá ở mức không hài lòng, có nêu lý do cụ thể, được Cơ quan đầu mối chuyển "
          "lại cơ quan xử lý để xem xét lại."),
    ("p", "2. Cơ quan xử lý xem xét lại và trả lời trong thời hạn 05 ngày làm việc kể từ ngày nhận lại; "
          "trường hợp giữ nguyên kết quả phải giải thích rõ căn cứ."),
    ("p", "3. Mỗi phản ánh chỉ được xem xét lại 01 lần; sau đó nếu người phản ánh vẫn không đồng ý thì "
          "Văn phòng Ủy ban nhân dân tỉnh chủ trì kiểm tra, báo cáo Chủ tịch Ủy ban nhân dân tỉnh đối với "
          "vụ việc phức tạp, kéo dài."),

    ("art", "Điều 23. Bảo vệ thông tin của người phản ánh"),
    ("p", "1. Thông tin cá nhân của người phản ánh chỉ được dùng cho việc xử lý phản ánh; cán bộ, công "
          "chức, viên chức được phân quyền truy cập phải giữ bí mật và chịu trách nhiệm nếu để lộ thông tin."),
    ("p", "2. Sở Khoa học và Công nghệ phân quyền truy cập Hệ thống theo nguyên tắc tối thiểu cần thiết; "
          "nhật ký truy cập, khai thác dữ liệu được lưu giữ tối thiểu 24 tháng."),

    ("chap", "Chương IV"),
    ("chap_t", "TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ"),

    ("art", "Điều 24. Trách nhiệm của Văn phòng Ủy ban nhân dân tỉnh"),
    ("p", "1. Là cơ quan thường trực giúp Ủy ban nhân dân tỉnh theo dõi, đôn đốc, kiểm tra việc thực hiện "
          "Quy chế này; chủ trì thẩm định danh mục lĩnh vực và cơ quan xử lý do Cơ quan đầu mối gửi."),
    ("p", "2. Hằng tuần tổng hợp danh sách phản ánh quá hạn, gửi thông báo đôn đốc đến người đứng đầu cơ "
          "quan xử lý vào thứ Hai của tuần kế tiếp."),
    ("p", "3. Tham mưu Chủ tịch Ủy ban nhân dân tỉnh tổ chức hội nghị đánh giá công tác tiếp nhận, xử lý "
          "phản ánh, kiến nghị mỗi năm 02 lần, vào tháng 7 và tháng 12."),
    ("p", "4. Chủ trì, phối hợp với Sở Nội vụ đưa kết quả xử lý phản ánh, kiến nghị vào tiêu chí đánh "
          "giá, xếp loại chất lượng hằng năm của cơ quan, đơn vị và người đứng đầu."),

    ("art", "Điều 25. Trách nhiệm của Sở Khoa học và Công nghệ"),
    ("p", "1. Chủ trì xây dựng, quản lý, vận hành và nâng cấp Hệ thống; bảo đảm Hệ thống hoạt động ổn "
          "định với thời gian sẵn sàng không thấp hơn 99,5% mỗi tháng."),
    ("p", "2. Kết nối, tích hợp Hệ thống với Cổng Dịch vụ công quốc gia, Hệ thống thông tin giải quyết "
          "thủ tục hành chính của tỉnh và nền tảng định danh điện tử; hoàn thành trước ngày 31 tháng 12 "
          "năm 2026."),
    ("p", "3. Bảo đảm an toàn thông tin cho Hệ thống theo cấp độ 3; tổ chức kiểm tra, đánh giá an toàn "
          "thông tin ít nhất 01 lần mỗi năm."),
    ("p", "4. Tập huấn sử dụng Hệ thống cho công chức đầu mối của các cơ quan, đơn vị trong quý III năm "
          "2026 và bồi dưỡng lại hằng năm."),
    ("p", "5. Chỉ đạo " + TT + " thực hiện nhiệm vụ của Cơ quan đầu mối theo Quy chế này."),

    ("art", "Điều 26. Trách nhiệm của " + TT),
    ("p", "1. Thực hiện nhiệm vụ Cơ quan đầu mối: vận hành Tổng đài 1022; tiếp nhận, phân loại, chuyển "
          "xử lý, theo dõi và đôn đốc xử lý phản ánh, kiến nghị trên Hệ thống."),
    ("p", "2. Thiết lập cảnh báo tự động trên Hệ thống gửi cơ quan xử lý khi phản ánh chỉ còn 01 ngày làm "
          "việc là hết hạn; nhắn tin cho người đứng đầu cơ quan xử lý khi phản ánh đã quá hạn."),
    ("p", "3. Tổng hợp số liệu, lập báo cáo định kỳ gửi Sở Khoa học và Công nghệ và Văn phòng Ủy ban nhân "
          "dân tỉnh theo Điều 37 Quy chế này."),
    ("p", "4. Tổ chức bộ máy, bố trí nhân sự và chế độ làm việc của Trung tâm thực hiện theo Quyết định "
          "số 09/2024/QĐ-UBND ngày 12 tháng 4 năm 2024 của Ủy ban nhân dân tỉnh ban hành Quy chế tổ chức "
          "và hoạt động của " + TT + " Tân Phú."),

    ("art", "Điều 27. Trách nhiệm của Công an tỉnh"),
    ("p", "1. Chủ trì xử lý phản ánh khẩn cấp theo khoản 2 Điều 16 Quy chế này và phản ánh về an ninh, "
          "trật tự, an toàn giao thông, phòng cháy, chữa cháy."),
    ("p", "2. Chỉ đạo Công an các xã, phường xác minh, xử lý phản ánh về tụ tập gây rối, gây tiếng ồn sau "
          "22 giờ, lấn chiếm lòng đường, vỉa hè; bố trí 01 cán bộ đầu mối trực 24/24 giờ để liên lạc với "
          "Tổng đài 1022."),
    ("p", "3. Phối hợp với Sở Khoa học và Công nghệ xác thực thông tin người phản ánh qua nền tảng định "
          "danh điện tử; điều tra, xử lý hành vi lợi dụng Hệ thống để phát tán thông tin sai sự thật."),

    ("art", "Điều 28. Trách nhiệm của Sở Nông nghiệp và Môi trường"),
    ("p", "1. Chủ trì xử lý phản ánh về ô nhiễm môi trường, xả thải trái phép, khai thác khoáng sản, cát "
          "sỏi lòng sông trái phép, đất đai, an toàn đê điều và thủy lợi."),
    ("p", "2. Chủ trì, phối hợp với Ủy ban nhân dân các xã, phường kiểm tra hiện trường đối với phản ánh "
          "về ô nhiễm tại cơ sở sản xuất, kinh doanh trong thời hạn 03 ngày làm việc kể từ khi nhận phản "
          "ánh; lấy mẫu, quan trắc khi cần thiết."),
    ("p", "3. Theo dõi việc xử lý phản ánh về thu gom, vận chuyển chất thải rắn sinh hoạt của đơn vị cung "
          "ứng dịch vụ."),

    ("art", "Điều 29. Trách nhiệm của Sở Xây dựng"),
    ("p", "1. Chủ trì xử lý phản ánh về trật tự xây dựng, chất lượng công trình, hư hỏng đường, cầu, hệ "
          "thống chiếu sáng, cây xanh và thoát nước đô thị."),
    ("p", "2. Phối hợp với Ủy ban nhân dân các xã, phường xử lý phản ánh về công trình xây dựng không "
          "phép, sai phép; đối với ổ gà, sụt lún mặt đường trên quốc lộ, đường tỉnh thì tổ chức rào chắn, "
          "cảnh báo trong thời hạn 24 giờ kể từ khi nhận phản ánh."),
    ("p", "3. Theo dõi việc xử lý phản ánh về vận tải hành khách công cộng bằng xe buýt."),

    ("art", "Điều 30. Trách nhiệm của các sở, ban, ngành khác"),
    ("p", "1. Sở Y tế chủ trì xử lý phản ánh về an toàn thực phẩm, chất lượng khám bệnh, chữa bệnh, thái "
          "độ phục vụ của nhân viên y tế, hành nghề y, dược không phép."),
    ("p", "2. Sở Công Thương chủ trì xử lý phản ánh về hàng giả, hàng kém chất lượng, giá cả, cung ứng "
          "điện và thương mại điện tử; theo dõi việc khắc phục sự cố điện của đơn vị cung ứng."),
    ("p", "3. Sở Giáo dục và Đào tạo chủ trì xử lý phản ánh về dạy thêm, học thêm, thu các khoản ngoài "
          "quy định và an toàn trường học."),
    ("p", "4. Sở Văn hóa, Thể thao và Du lịch chủ trì xử lý phản ánh về quảng cáo ngoài trời, kinh doanh "
          "karaoke, lễ hội và chất lượng dịch vụ du lịch."),
    ("p", "5. Sở Nội vụ chủ trì xử lý phản ánh về thái độ, tác phong của cán bộ, công chức, viên chức; "
          "chính sách đối với người có công và bảo trợ xã hội; tham mưu khen thưởng theo Điều 39 Quy chế "
          "này."),
    ("p", "6. Các sở, ban, ngành khác xử lý phản ánh, kiến nghị thuộc ngành, lĩnh vực quản lý theo danh "
          "mục quy định tại khoản 3 Điều 11 Quy chế này."),

    ("art", "Điều 31. Trách nhiệm của Sở Tài chính"),
    ("p", "1. Chủ trì, phối hợp với Sở Khoa học và Công nghệ và Văn phòng Ủy ban nhân dân tỉnh tham mưu "
          "bố trí kinh phí vận hành, duy trì Hệ thống và Tổng đài 1022 trong dự toán ngân sách hằng năm."),
    ("p", "2. Hướng dẫn các cơ quan, đơn vị chi hỗ trợ cho công chức đầu mối và điện thoại viên trực ngoài "
          "giờ theo mức chi quy định tại Nghị quyết số 14/2025/NQ-HĐND ngày 10 tháng 12 năm 2025 của Hội "
          "đồng nhân dân tỉnh."),
    ("p", "3. Chủ trì xử lý phản ánh, kiến nghị của doanh nghiệp về thủ tục đầu tư, đăng ký doanh nghiệp "
          "và giải ngân vốn đầu tư công."),

    ("art", "Điều 32. Trách nhiệm của Thanh tra tỉnh"),
    ("p", "1. Nhận các phản ánh có nội dung khiếu nại, tố cáo do Cơ quan đầu mối chuyển đến và hướng dẫn "
          "người gửi thực hiện theo trình tự pháp luật quy định trong thời hạn 05 ngày làm việc."),
    ("p", "2. Đưa việc thực hiện Quy chế này vào nội dung thanh tra trách nhiệm người đứng đầu khi thanh "
          "tra các cơ quan, đơn vị theo kế hoạch."),

    ("art", "Điều 33. Trách nhiệm của Báo và Phát thanh, Truyền hình Tân Phú"),
    ("p", "1. Duy trì chuyên mục \"Tân Phú Lắng nghe\" phát sóng ít nhất 01 kỳ mỗi tuần trên kênh truyền "
          "hình của tỉnh."),
    ("p", "2. Tuyên truyền, hướng dẫn người dân, doanh nghiệp sử dụng các kênh tiếp nhận quy định tại "
          "Điều 6 Quy chế này."),

    ("art", "Điều 34. Trách nhiệm của Ủy ban nhân dân các xã, phường"),
    ("p", "1. Chủ trì xử lý phản ánh, kiến nghị về trật tự đô thị, vệ sinh môi trường khu dân cư, lấn "
          "chiếm đất công, mâu thuẫn nhỏ trong cộng đồng và các nội dung khác thuộc thẩm quyền cấp xã."),
    ("p", "2. Phân công 01 lãnh đạo Ủy ban nhân dân phụ trách và ít nhất 01 công chức đầu mối theo dõi "
          "Hệ thống; kiểm tra Hệ thống tối thiểu 02 lần mỗi ngày làm việc, vào đầu buổi sáng và đầu buổi "
          "chiều."),
    ("p", "3. Phối hợp với các sở, ngành xác minh, xử lý phản ánh xảy ra trên địa bàn khi được đề nghị; "
          "hỗ trợ người cao tuổi, người khuyết tật gửi phản ánh tại bộ phận một cửa."),

    ("art", "Điều 35. Trách nhiệm của các đơn vị cung ứng dịch vụ"),
    ("p", "1. Kết nối tổng đài chăm sóc khách hàng hoặc phần mềm quản lý sự cố của đơn vị với Hệ thống "
          "theo hướng dẫn của Sở Khoa học và Công nghệ, hoàn thành trước ngày 30 tháng 9 năm 2026."),
    ("p", "2. Khắc phục sự cố và trả lời theo thời hạn tại khoản 4 Điều 15 Quy chế này; khi mất điện, "
          "mất nước diện rộng trên 500 hộ phải thông báo trên Hệ thống thời gian dự kiến khôi phục trong "
          "thời hạn 02 giờ kể từ khi xảy ra sự cố."),
    ("p", "3. Cử 01 người đầu mối và báo số điện thoại liên lạc cho Cơ quan đầu mối; khi thay người đầu "
          "mối phải thông báo trong thời hạn 03 ngày làm việc."),

    ("art", "Điều 36. Trách nhiệm của công chức đầu mối"),
    ("p", "1. Công chức đầu mối của cơ quan, đơn vị nhận phản ánh trên Hệ thống, trình lãnh đạo phân công "
          "xử lý ngay trong ngày làm việc và theo dõi tiến độ đến khi có kết quả."),
    ("p", "2. Khi vắng mặt từ 02 ngày làm việc trở lên, công chức đầu mối báo cáo lãnh đạo cơ quan cử "
          "người thay thế và cập nhật người thay thế trên Hệ thống."),

    ("chap", "Chương V"),
    ("chap_t", "CHẾ ĐỘ BÁO CÁO, ĐÁNH GIÁ, KHEN THƯỞNG VÀ XỬ LÝ VI PHẠM"),

    ("art", "Điều 37. Chế độ báo cáo"),
    ("p", "1. Cơ quan đầu mối gửi báo cáo nhanh tình hình tiếp nhận, xử lý phản ánh, kiến nghị về Văn "
          "phòng Ủy ban nhân dân tỉnh trước 16 giờ thứ Sáu hằng tuần."),
    ("p", "2. Các cơ quan xử lý gửi báo cáo quý về Văn phòng Ủy ban nhân dân tỉnh trước ngày 20 của "
          "tháng cuối quý; báo cáo năm gửi trước ngày 18 tháng 12."),
    ("p", "3. Số liệu báo cáo quý được chốt từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng "
          "cuối quý; số liệu báo cáo năm chốt từ ngày 15 tháng 12 năm trước đến ngày 14 tháng 12 năm báo "
          "cáo."),
    ("p", "4. Văn phòng Ủy ban nhân dân tỉnh tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 25 của "
          "tháng cuối quý."),

    ("art", "Điều 38. Đánh giá, xếp loại"),
    ("p", "1. Kết quả thực hiện của cơ quan xử lý được đánh giá hằng quý theo 04 chỉ tiêu sau:"),
    ("p", "a) Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn đạt từ 95% trở lên;"),
    ("p", "b) Tỷ lệ người phản ánh đánh giá từ mức hài lòng trở lên đạt từ 85% trở lên;"),
    ("p", "c) Tỷ lệ phản ánh bị cơ quan xử lý chuyển trả không đúng quy định không quá 2%;"),
    ("p", "d) Không có phản ánh quá hạn trên 10 ngày làm việc."),
    ("p", "2. Cơ quan xử lý đạt cả 04 chỉ tiêu được xếp loại \"Hoàn thành tốt\"; đạt 02 hoặc 03 chỉ tiêu "
          "xếp loại \"Hoàn thành\"; đạt dưới 02 chỉ tiêu xếp loại \"Chưa hoàn thành\"."),
    ("p", "3. Kết quả xếp loại được công khai trên Cổng Thông tin điện tử tỉnh và là căn cứ đánh giá mức "
          "độ hoàn thành nhiệm vụ của người đứng đầu."),

    ("art", "Điều 39. Khen thưởng và xử lý vi phạm"),
    ("p", "1. Cơ quan, đơn vị xếp loại \"Hoàn thành tốt\" đủ 04 quý trong năm được xem xét, đề nghị Chủ "
          "tịch Ủy ban nhân dân tỉnh tặng Bằng khen."),
    ("p", "2. Cơ quan xử lý có từ 05 phản ánh quá hạn trở lên trong một quý thì người đứng đầu phải giải "
          "trình bằng văn bản với Chủ tịch Ủy ban nhân dân tỉnh; bị xếp loại \"Chưa hoàn thành\" 02 quý "
          "liên tiếp thì người đứng đầu bị phê bình tại hội nghị quy định tại khoản 3 Điều 24 Quy chế này."),
    ("p", "3. Cán bộ, công chức, viên chức có hành vi quy định tại Điều 7 Quy chế này thì tùy tính chất, "
          "mức độ bị xử lý kỷ luật theo quy định của pháp luật."),

    ("art", "Điều 40. Kinh phí thực hiện"),
    ("p", "1. Kinh phí xây dựng, vận hành Hệ thống và Tổng đài 1022 do ngân sách tỉnh bảo đảm, bố trí "
          "trong dự toán của Sở Khoa học và Công nghệ; năm 2026 dự kiến 4,2 tỷ đồng."),
    ("p", "2. Kinh phí xử lý phản ánh, kiến nghị của cơ quan, đơn vị bố trí trong dự toán chi thường "
          "xuyên của cơ quan, đơn vị; đơn vị cung ứng dịch vụ tự bảo đảm kinh phí kết nối và xử lý phản "
          "ánh thuộc trách nhiệm của mình."),

    ("chap", "Chương VI"),
    ("chap_t", "TỔ CHỨC THỰC HIỆN"),

    ("art", "Điều 41. Trách nhiệm thi hành"),
    ("p", "1. Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch Ủy ban nhân dân các xã, phường và người đứng "
          "đầu đơn vị cung ứng dịch vụ tổ chức thực hiện Quy chế này; ban hành quy trình nội bộ xử lý phản "
          "ánh, kiến nghị của cơ quan, đơn vị mình trong thời hạn 45 ngày kể từ ngày Quy chế có hiệu lực."),
    ("p", "2. Văn phòng Ủy ban nhân dân tỉnh chủ trì, phối hợp với Sở Khoa học và Công nghệ hướng dẫn, "
          "kiểm tra việc thực hiện; tổ chức sơ kết 01 năm thực hiện Quy chế vào quý III năm 2027."),

    ("art", "Điều 42. Sửa đổi, bổ sung Quy chế"),
    ("p", "Trong quá trình thực hiện, nếu có vướng mắc hoặc cần sửa đổi, bổ sung, các cơ quan, đơn vị "
          "phản ánh về Văn phòng Ủy ban nhân dân tỉnh để tổng hợp, trình Ủy ban nhân dân tỉnh xem xét, "
          "quyết định./."),
]

FIXED_TIME = _dt.datetime(2026, 6, 12, 8, 0, 0)
ZIP_TIME = (2026, 6, 12, 8, 0, 0)


# -- helpers -----------------------------------------------------------------------------------

def _fmt(par, size: float | None = None, bold=False, italic=False, align=None,
         indent_first: float | None = None, space_after: float = 4):
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


def _layout_table(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for col, width in zip(table.columns, widths_cm):
        col.width = Cm(width)
    for cell, width in zip(table.rows[0].cells, widths_cm):
        cell.width = Cm(width)
        for p in list(cell._tc.iterchildren(qn("w:p"))):
            cell._tc.remove(p)
    return table


def _header_block(doc, left, right) -> None:
    table = _layout_table(doc, (6.5, 10.0))
    for cell, lines in zip(table.rows[0].cells, (left, right)):
        for text, style in lines:
            par = cell.add_paragraph()
            if text:
                par.add_run(text)
            _fmt(par, size=13, bold="b" in style, italic="i" in style,
                 align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _receivers_and_signature(doc) -> None:
    table = _layout_table(doc, (8.0, 8.5))
    left, right = table.rows[0].cells
    head = left.add_paragraph()
    head.add_run("Nơi nhận:")
    _fmt(head, size=12, bold=True, italic=True, space_after=0)
    for line in RECEIVERS:
        _fmt(_add_par(left, line), size=11, space_after=0)
    for text, style in SIGNATURE:
        par = right.add_paragraph()
        if text:
            par.add_run(text)
        _fmt(par, size=14, bold="b" in style, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


_ART = re.compile(r"^(Điều \d+\.)\s(.*)$")


def _body(doc, rows) -> None:
    J = WD_ALIGN_PARAGRAPH.JUSTIFY
    C = WD_ALIGN_PARAGRAPH.CENTER
    for style, text in rows:
        if style == "title":
            _add_par(doc, text, bold=True, align=C, space_after=0)
        elif style == "rule":
            _add_par(doc, text, align=C, space_after=8)
        elif style == "italic_c":
            _add_par(doc, text, italic=True, align=C, space_after=0)
        elif style == "issuer":
            _add_par(doc, text, bold=True, align=C, space_after=8)
        elif style == "cc":
            _add_par(doc, text, italic=True, align=J, indent_first=1.27)
        elif style == "decide":
            _add_par(doc, text, bold=True, align=C, space_after=8)
        elif style in ("chap", "chap_t"):
            par = _add_par(doc, text, bold=True, align=C, space_after=0 if style == "chap" else 8)
            if style == "chap":
                par.paragraph_format.space_before = Pt(6)
        elif style == "art":
            _add_par(doc, text, bold=True, align=J, indent_first=1.27)
        elif style == "art_inline":
            m = _ART.match(text)
            par = doc.add_paragraph()
            par.add_run(m.group(1) + " ")
            par.add_run(m.group(2))
            _fmt(par, align=J, indent_first=1.27)
            par.runs[0].bold = True
        elif style == "p":
            _add_par(doc, text, align=J, indent_first=1.27)
        else:  # pragma: no cover
            raise ValueError(style)


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _core(doc) -> None:
    cp = doc.core_properties
    cp.author = "Văn phòng UBND tỉnh Tân Phú"
    cp.last_modified_by = "Văn phòng UBND tỉnh Tân Phú"
    cp.title = "Quyết định số 23/2026/QĐ-UBND"
    cp.subject = "Quy chế phối hợp tiếp nhận, xử lý phản ánh, kiến nghị"
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

    _header_block(doc, HEADER_LEFT, HEADER_RIGHT)
    _add_par(doc, "")
    _body(doc, DECISION)
    _add_par(doc, "")
    _receivers_and_signature(doc)
    _page_break(doc)
    _header_block(doc, QC_HEADER_LEFT, QC_HEADER_RIGHT)
    _add_par(doc, "")
    _body(doc, QC_TITLE)
    _body(doc, QC)
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
