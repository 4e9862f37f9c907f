"""Build the eval document `qd-ubnd-kimdong.pdf` (fictional: UBND huyện Kim Đông, tỉnh Hà Lâm, QĐ 426/QĐ-UBND).

The whole text lives in this script. The file imitates a district People's Committee decision
sent out as a PDF: page 1 carries the two-column header block (issuer and number on the left,
quốc hiệu and date on the right), the title, the Căn cứ lines, "QUYẾT ĐỊNH:", three articles
(Điều 1-3) and the "Nơi nhận" list beside the signature block. On a new page follows the
attached plan "KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)" with parts I-V, items 1., points
a), dash bullets, and then on another new page "PHỤ LỤC" with a task table (STT | Nội dung công
việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện) that runs over two pages with its
header row repeated. A running header (from page 2) and "Trang n" in the footer (from page 2).

    python build.py OUT_DIR          # writes OUT_DIR/qd-ubnd-kimdong.pdf

Output is deterministic: fixed creation date and metadata, no random ids.
Nothing here is copied from a real document: the province, district, communes, bodies, numbers
and names are invented. Quyết định 19/2025/QĐ-UBND of UBND tỉnh Hà Lâm (giá dịch vụ thu gom) and
Chỉ thị 12-CT/HU of Ban Thường vụ Huyện ủy Kim Đông are cited only (number, date, issuer,
subject): their text is not part of the corpus.
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FILE_NAME = "qd-ubnd-kimdong.pdf"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 20.0, 20.0
INDENT = 10.0
BODY_SIZE = 11.5

NUMBER = "426/QĐ-UBND"
RUNNING_HEADER = "UBND huyện Kim Đông - Kế hoạch phân loại chất thải rắn sinh hoạt tại nguồn năm 2026"
NN = "Phòng Nông nghiệp và Môi trường"
CTY = "Công ty cổ phần Môi trường đô thị Kim Đông"

# -- the decision ------------------------------------------------------------------------------

HEADER_LEFT = [("ỦY BAN NHÂN DÂN", "B"), ("HUYỆN KIM ĐÔNG", "B"), ("", ""), ("Số: 426/QĐ-UBND", "")]
HEADER_RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B"), ("Độc lập - Tự do - Hạnh phúc", "B"),
                ("", ""), ("Kim Đông, ngày 16 tháng 3 năm 2026", "I")]
PLAN_HEADER_LEFT = [("ỦY BAN NHÂN DÂN", "B"), ("HUYỆN KIM ĐÔNG", "B")]
PLAN_HEADER_RIGHT = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "B"), ("Độc lập - Tự do - Hạnh phúc", "B")]

TITLE = "QUYẾT ĐỊNH"
SUBTITLE = ("Về việc ban hành Kế hoạch triển khai phân loại chất thải rắn sinh hoạt tại nguồn "
            "trên địa bàn huyện Kim Đông năm 2026")
ISSUER = "ỦY BAN NHÂN DÂN HUYỆN KIM ĐÔNG"

# (style, text) or ("art", "Điều N.", rest). cc = Căn cứ line (italic), decide = "QUYẾT ĐỊNH:".
DECISION: list[tuple[str, ...]] = [
    ("cc", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
    ("cc", "Căn cứ Luật Bảo vệ môi trường ngày 17 tháng 11 năm 2020;"),
    ("cc", "Căn cứ Quyết định số 57/QĐ-UBND ngày 20 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Hà Lâm "
           "ban hành Kế hoạch triển khai phân loại chất thải rắn sinh hoạt tại nguồn trên địa bàn tỉnh "
           "năm 2026;"),
    ("cc", "Căn cứ Chỉ thị số 12-CT/HU ngày 15 tháng 12 năm 2025 của Ban Thường vụ Huyện ủy Kim Đông về "
           "tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác thu gom, phân loại và xử lý chất "
           "thải rắn sinh hoạt;"),
    ("cc", "Theo đề nghị của Trưởng phòng Nông nghiệp và Môi trường huyện tại Tờ trình số 41/TTr-NNMT "
           "ngày 09 tháng 3 năm 2026."),
    ("decide", "QUYẾT ĐỊNH:"),
    ("art", "Điều 1.", " Ban hành kèm theo Quyết định này Kế hoạch triển khai phân loại chất thải rắn sinh "
                       "hoạt tại nguồn trên địa bàn huyện Kim Đông năm 2026."),
    ("art", "Điều 2.", " Quyết định này có hiệu lực kể từ ngày ký."),
    ("art", "Điều 3.", " Chánh Văn phòng HĐND và UBND huyện; Trưởng các phòng: Nông nghiệp và Môi "
                       "trường, Tài chính - Kế hoạch, Kinh tế, Hạ tầng và Đô thị, Văn hóa, Khoa học và "
                       "Thông tin, Giáo dục và Đào tạo, Nội vụ; Giám đốc Trung tâm Văn hóa, Thông tin và "
                       "Thể thao huyện; Giám đốc " + CTY + "; Chủ tịch UBND các xã, thị trấn và các cơ "
                       "quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."),
]

RECIPIENTS = [
    "- Như Điều 3;",
    "- UBND tỉnh Hà Lâm (để b/c);",
    "- Sở Nông nghiệp và Môi trường tỉnh;",
    "- TT Huyện ủy, TT HĐND huyện;",
    "- Chủ tịch, các PCT UBND huyện;",
    "- UBMTTQ Việt Nam huyện;",
    "- Cổng Thông tin điện tử huyện;",
    "- Lưu: VT, NNMT.",
]
SIGNATURE = [("TM. ỦY BAN NHÂN DÂN", "B"), ("CHỦ TỊCH", "B"), ("", ""), ("(Đã ký)", "I"), ("", ""),
             ("Nông Đức Khiêm", "B")]

# -- the attached plan -------------------------------------------------------------------------

PLAN_TITLE = "KẾ HOẠCH"
PLAN_SUBTITLE = ("Triển khai phân loại chất thải rắn sinh hoạt tại nguồn trên địa bàn "
                 "huyện Kim Đông năm 2026")
PLAN_ISSUED = ("(Ban hành kèm theo Quyết định số 426/QĐ-UBND ngày 16/3/2026 "
               "của Ủy ban nhân dân huyện Kim Đông)")

# part / item = bold heading; point = italic lead + text; p = paragraph; dash = dash bullet.
PLAN: list[tuple[str, ...]] = [
    ("part", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("item", "1. Mục đích"),
    ("dash", "- Nâng cao nhận thức, trách nhiệm của cơ quan, đơn vị, doanh nghiệp, hộ gia đình và cá nhân "
             "trên địa bàn huyện trong việc giảm thiểu, phân loại, tái sử dụng và tái chế chất thải rắn "
             "sinh hoạt ngay tại nơi phát sinh."),
    ("dash", "- Giảm khối lượng chất thải phải chôn lấp, tiết kiệm chi phí vận chuyển, xử lý; góp phần nâng "
             "cao chất lượng tiêu chí môi trường trong xây dựng nông thôn mới."),
    ("item", "2. Yêu cầu"),
    ("dash", "- Triển khai có lộ trình, làm điểm trước, nhân rộng sau; lấy thôn, tổ dân phố làm địa bàn và "
             "hộ gia đình làm đối tượng trọng tâm."),
    ("dash", "- Phân công rõ cơ quan chủ trì, phối hợp và thời hạn hoàn thành; người đứng đầu chịu trách "
             "nhiệm trước Chủ tịch Ủy ban nhân dân huyện về kết quả thực hiện."),
    ("dash", "- Kết quả phân loại rác tại nguồn là một tiêu chí bình xét danh hiệu \"Gia đình văn hóa\", "
             "\"Thôn, tổ dân phố văn hóa\" và đánh giá mức độ hoàn thành nhiệm vụ của các xã, thị trấn năm "
             "2026."),

    ("part", "II. MỤC TIÊU"),
    ("item", "1. Mục tiêu chung"),
    ("p", "Hình thành thói quen phân loại chất thải rắn sinh hoạt tại nguồn trong cộng đồng; giảm chôn "
          "lấp, tăng tái chế, hướng tới môi trường sống xanh, sạch, đẹp trên địa bàn 16 xã và thị trấn Kim Đông."),
    ("item", "2. Mục tiêu cụ thể đến ngày 31/12/2026"),
    ("point", "a)", " 100% cơ quan nhà nước, đơn vị sự nghiệp công lập, trường học và trạm y tế trên địa "
                    "bàn huyện thực hiện phân loại chất thải rắn sinh hoạt tại nguồn."),
    ("point", "b)", " Tỷ lệ hộ gia đình thực hiện phân loại tại nguồn đạt ít nhất 70% tại thị trấn Kim "
                    "Đông và ít nhất 50% tại các xã."),
    ("point", "c)", " Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt 98% ở khu vực đô thị và 85% ở "
                    "khu vực nông thôn."),
    ("point", "d)", " Giảm ít nhất 15% khối lượng chất thải rắn sinh hoạt đưa về chôn lấp tại Khu xử lý "
                    "chất thải rắn tập trung xã Tân Hòa so với năm 2025."),
    ("point", "đ)", " Mỗi xã, thị trấn có ít nhất 01 mô hình \"Khu dân cư phân loại rác tại nguồn\" hoạt "
                    "động hiệu quả; toàn huyện có từ 20 mô hình trở lên."),
    ("point", "e)", " 100% chợ do Nhà nước quản lý bố trí khu vực tập kết riêng cho chất thải thực phẩm."),

    ("part", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("item", "1. Tuyên truyền, nâng cao nhận thức"),
    ("point", "a)", " Hướng dẫn người dân phân loại chất thải rắn sinh hoạt thành 03 nhóm: chất thải có "
                    "khả năng tái sử dụng, tái chế (giấy, nhựa, kim loại, thủy tinh); chất thải thực phẩm "
                    "(thức ăn thừa, rau, củ, quả hỏng); chất thải rắn sinh hoạt khác."),
    ("point", "b)", " Đài truyền thanh cơ sở phát tin, bài về phân loại rác ít nhất 02 lần mỗi tuần trong "
                    "6 tháng đầu triển khai."),
    ("point", "c)", " Duy trì phong trào \"Ngày Chủ nhật xanh\" vào Chủ nhật cuối cùng của tháng; huy động "
                    "đoàn viên, hội viên ra quân thu gom rác thải nhựa tại khu dân cư, kênh mương."),
    ("item", "2. Trang bị phương tiện và điểm tập kết"),
    ("point", "a)", " Mỗi hộ gia đình tham gia mô hình điểm được cấp miễn phí 01 bộ thùng gồm 02 thùng có "
                    "nắp (thùng màu xanh lá đựng chất thải thực phẩm, thùng màu xám đựng chất thải khác) "
                    "và 01 túi đựng chất thải tái chế."),
    ("point", "b)", " Mỗi thôn, tổ dân phố bố trí ít nhất 01 điểm tập kết chất thải tái chế tại nhà văn hóa "
                    "hoặc vị trí thuận tiện, có mái che và biển chỉ dẫn."),
    ("point", "c)", " Ở khu vực nông thôn, khuyến khích hộ gia đình có vườn tự xử lý chất thải thực phẩm "
                    "bằng hố ủ hoặc thùng ủ phân hữu cơ."),
    ("item", "3. Thu gom, vận chuyển theo từng loại chất thải"),
    ("dash", "- Chất thải thực phẩm ở thị trấn Kim Đông được thu gom hằng ngày; ở các xã thu gom tối thiểu "
             "03 lần mỗi tuần."),
    ("dash", "- Chất thải tái chế được thu gom theo lịch cố định tối thiểu 01 lần mỗi tuần hoặc chuyển giao "
             "cho tổ chức, cá nhân thu mua phế liệu."),
    ("dash", "- Từ ngày 01/10/2026, sau khi đã nhắc nhở, đơn vị thu gom được từ chối tiếp nhận chất thải "
             "chưa phân loại của cơ quan, trường học và của hộ gia đình ở khu dân cư đã được công nhận mô "
             "hình điểm."),
    ("item", "4. Xây dựng và nhân rộng mô hình"),
    ("point", "a)", " Giai đoạn 1, từ tháng 4 đến hết tháng 6/2026: thực hiện điểm tại thị trấn Kim Đông "
                    "và 03 xã Tân Hòa, Phú Lễ, Đồng Cao."),
    ("point", "b)", " Giai đoạn 2, từ tháng 7 đến hết tháng 11/2026: nhân rộng ra 13 xã còn lại trên cơ sở "
                    "kết quả sơ kết giai đoạn 1."),
    ("point", "c)", " Mỗi thôn, tổ dân phố thành lập tổ tự quản về môi trường từ 05 đến 07 thành viên, do "
                    "trưởng thôn hoặc tổ trưởng tổ dân phố làm tổ trưởng."),
    ("item", "5. Kiểm tra, giám sát"),
    ("dash", "- Tổ công tác liên ngành của huyện kiểm tra việc phân loại, thu gom mỗi quý ít nhất 01 lần; "
             "kết quả kiểm tra được thông báo công khai trên Cổng Thông tin điện tử huyện."),

    ("part", "IV. KINH PHÍ"),
    ("p", "1. Ngân sách huyện bố trí 1,85 tỷ đồng cho năm 2026, trong đó: mua sắm thùng rác cho mô hình "
             "điểm 1,2 tỷ đồng; tuyên truyền, in tài liệu 350 triệu đồng; tập huấn, kiểm tra, sơ kết, tổng "
             "kết 300 triệu đồng."),
    ("p", "2. Ngân sách xã, thị trấn bảo đảm kinh phí tuyên truyền ở cơ sở, xây dựng và duy trì điểm tập "
             "kết chất thải tái chế."),
    ("p", "3. Giá dịch vụ thu gom, vận chuyển chất thải rắn sinh hoạt thực hiện theo Quyết định số "
             "19/2025/QĐ-UBND ngày 18/6/2025 của Ủy ban nhân dân tỉnh Hà Lâm; không thu thêm bất kỳ khoản "
             "nào khác của hộ gia đình."),

    ("part", "V. TỔ CHỨC THỰC HIỆN"),
    ("item", "1. " + NN + " huyện"),
    ("dash", "- Là cơ quan thường trực, giúp Ủy ban nhân dân huyện theo dõi, đôn đốc thực hiện Kế hoạch; "
             "biên soạn tài liệu hướng dẫn kỹ thuật phân loại, hoàn thành trước ngày 10/4/2026."),
    ("dash", "- Chủ trì tập huấn cho cán bộ xã, trưởng thôn, tổ trưởng tổ dân phố; chủ trì mua sắm, cấp "
             "phát thùng rác cho các hộ tham gia mô hình điểm."),
    ("dash", "- Tham mưu thành lập Tổ công tác liên ngành và làm thường trực Tổ công tác."),
    ("dash", "- Tổng hợp tình hình, báo cáo Ủy ban nhân dân huyện trước ngày 25 hằng tháng; tham mưu báo "
             "cáo kết quả năm 2026 gửi Ủy ban nhân dân tỉnh và Sở Nông nghiệp và Môi trường trước ngày "
             "10/12/2026."),
    ("item", "2. Phòng Tài chính - Kế hoạch"),
    ("dash", "- Chủ trì thẩm định, tham mưu bố trí kinh phí theo mục IV Kế hoạch này; hướng dẫn thanh "
             "quyết toán kinh phí đúng quy định."),
    ("dash", "- Hướng dẫn trình tự mua sắm thùng rác; phối hợp hoàn thành việc lựa chọn nhà thầu trước ngày "
             "30/4/2026."),
    ("item", "3. Ủy ban nhân dân các xã, thị trấn"),
    ("dash", "- Ban hành kế hoạch của địa phương trước ngày 05/4/2026; phân công 01 lãnh đạo "
             "trực tiếp chỉ đạo."),
    ("dash", "- Thành lập tổ tự quản về môi trường ở từng thôn, tổ dân phố; bố trí điểm tập kết chất thải "
             "tái chế; vận động hộ gia đình ký cam kết thực hiện phân loại rác."),
    ("dash", "- Kiểm tra, nhắc nhở hộ gia đình, cơ sở kinh doanh chưa phân loại; xử lý vi phạm về vệ sinh "
             "môi trường theo thẩm quyền."),
    ("dash", "- Gửi báo cáo tiến độ về " + NN + " trước ngày 20 hằng tháng; báo cáo kết quả cả năm trước "
             "ngày 30/11/2026."),
    ("item", "4. Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("dash", "- Chỉ đạo ban quản lý các chợ phân loại chất thải, bố trí khu tập kết chất thải thực phẩm riêng "
             "trong quý III/2026."),
    ("item", "5. Phòng Văn hóa, Khoa học và Thông tin; Trung tâm Văn hóa, Thông tin và Thể thao huyện"),
    ("dash", "- Phòng Văn hóa, Khoa học và Thông tin duy trì chuyên mục \"Kim Đông xanh\" trên Cổng Thông "
             "tin điện tử huyện, cập nhật tin, bài ít nhất 02 lần mỗi tháng."),
    ("dash", "- Trung tâm Văn hóa, Thông tin và Thể thao huyện sản xuất phóng sự, tin bài phát trên đài "
             "truyền thanh; in và cấp phát tờ rơi, sổ tay hướng dẫn trong tháng 4/2026."),
    ("item", "6. Phòng Giáo dục và Đào tạo"),
    ("dash", "- Chỉ đạo 100% trường mầm non, tiểu học, trung học cơ sở lắp đặt thùng phân loại rác tại lớp "
             "học, sân trường trước ngày 05/9/2026."),
    ("item", "7. " + CTY),
    ("dash", "- Điều chỉnh tuyến, lịch thu gom riêng theo từng loại chất thải và công khai lịch thu gom tại "
             "khu dân cư trước ngày 01/5/2026."),
    ("dash", "- Cân, ghi sổ theo dõi khối lượng chất thải của từng xã, thị trấn và gửi số liệu về " + NN +
             " trước ngày 05 hằng tháng."),
    ("item", "8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện"),
    ("dash", "- Hội Liên hiệp Phụ nữ huyện vận động mỗi chi hội xây dựng ít nhất 01 mô hình \"Phân loại rác "
             "- Nhà sạch, ngõ đẹp\"; Huyện đoàn tổ chức ra quân tình nguyện vào \"Ngày Chủ nhật xanh\"."),
    ("p", "Trong quá trình triển khai, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Ủy ban nhân dân huyện (qua " + NN + ") để xem xét, giải quyết./."),
]

# -- appendix ----------------------------------------------------------------------------------

APPENDIX_TITLE = [
    ("PHỤ LỤC", "B", 12),
    ("DANH MỤC NHIỆM VỤ TRIỂN KHAI PHÂN LOẠI CHẤT THẢI RẮN SINH HOẠT", "B", 11),
    ("TẠI NGUỒN TRÊN ĐỊA BÀN HUYỆN KIM ĐÔNG NĂM 2026", "B", 11),
    ("(Kèm theo Kế hoạch ban hành theo Quyết định số 426/QĐ-UBND ngày 16/3/2026", "I", 10),
    ("của UBND huyện Kim Đông)", "I", 10),
]
TABLE_HEAD = ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện")
TABLE_WIDTHS = (11, 59, 35, 37, 28)
TABLE_ROWS = [
    ("1", "Ban hành kế hoạch triển khai phân loại rác tại nguồn của từng xã, thị trấn",
     "UBND các xã, thị trấn", NN, "Trước ngày 05/4/2026"),
    ("2", "Biên soạn tài liệu hướng dẫn kỹ thuật phân loại và sổ tay cho hộ gia đình",
     NN, "Phòng Văn hóa, Khoa học và Thông tin", "Trước ngày 10/4/2026"),
    ("3", "In, cấp phát 12.500 tờ rơi và 3.000 cuốn sổ tay hướng dẫn đến các thôn, tổ dân phố",
     "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "UBND các xã, thị trấn", "Tháng 4/2026"),
    ("4", "Hội nghị tập huấn cho cán bộ xã, trưởng thôn, tổ trưởng tổ dân phố và thành viên tổ tự quản "
          "về môi trường",
     NN, CTY, "Trước ngày 20/4/2026"),
    ("5", "Mua sắm, cấp phát thùng rác cho hộ gia đình tham gia mô hình điểm (khoảng 2.400 bộ)",
     NN, "Phòng Tài chính - Kế hoạch; UBND thị trấn và các xã làm điểm",
     "Hoàn thành trước ngày 15/5/2026"),
    ("6", "Bố trí điểm tập kết chất thải tái chế tại nhà văn hóa thôn, tổ dân phố",
     "UBND các xã, thị trấn", "Phòng Kinh tế, Hạ tầng và Đô thị", "Quý II/2026"),
    ("7", "Triển khai mô hình điểm giai đoạn 1 tại thị trấn Kim Đông và 03 xã",
     "UBND thị trấn Kim Đông, UBND các xã Tân Hòa, Phú Lễ, Đồng Cao",
     NN + "; Hội Liên hiệp Phụ nữ huyện", "Từ tháng 4 đến hết tháng 6/2026"),
    ("8", "Điều chỉnh tuyến, lịch thu gom riêng chất thải thực phẩm và chất thải khác; niêm yết lịch thu "
          "gom tại khu dân cư",
     CTY, "UBND các xã, thị trấn", "Trước ngày 01/5/2026"),
    ("9", "Sơ kết mô hình điểm giai đoạn 1, rút kinh nghiệm trước khi nhân rộng",
     NN, "UBND thị trấn và các xã làm điểm", "Trước ngày 15/7/2026"),
    ("10", "Nhân rộng mô hình ra 13 xã còn lại (giai đoạn 2)",
     "UBND các xã", NN + "; Ủy ban MTTQ Việt Nam huyện", "Từ tháng 7 đến hết tháng 11/2026"),
    ("11", "Lắp đặt thùng phân loại rác, tổ chức hoạt động \"Trường học xanh\" tại các trường mầm non, "
           "tiểu học, trung học cơ sở",
     "Phòng Giáo dục và Đào tạo", "Các trường học; Huyện đoàn",
     "Trước ngày 05/9/2026 (khai giảng năm học 2026 - 2027)"),
    ("12", "Phân loại chất thải tại các chợ, bố trí khu tập kết riêng cho chất thải thực phẩm",
     "Phòng Kinh tế, Hạ tầng và Đô thị", "Ban quản lý các chợ; UBND các xã, thị trấn", "Quý III/2026"),
    ("13", "Kiểm tra liên ngành việc phân loại, thu gom chất thải tại các xã, thị trấn",
     "Tổ công tác liên ngành (" + NN + " là thường trực)", "Các phòng, đơn vị liên quan",
     "Mỗi quý 01 lần"),
    ("14", "Chuyên mục \"Kim Đông xanh\" trên Cổng Thông tin điện tử huyện và đài truyền thanh",
     "Phòng Văn hóa, Khoa học và Thông tin", "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
     "Từ tháng 4 đến hết tháng 12/2026"),
    ("15", "Tổng kết, đánh giá kết quả năm 2026; đề xuất khen thưởng và xây dựng kế hoạch năm 2027",
     NN, "Phòng Nội vụ; UBND các xã, thị trấn", "Trước ngày 10/12/2026"),
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
        if self.page_no() < 2:
            return
        self.set_y(-13)
        self.set_font(FONT, "", 9)
        self.cell(0, 5, f"Trang {self.page_no()}", align="C")


def _header_block(pdf: FPDF, left, right, y0: float) -> None:
    ys = [y0 + d for d in (0, 6, 11, 17)]
    for (text, style), y in zip(left, ys):
        if text:
            pdf.set_font(FONT, style, 11)
            pdf.set_xy(15, y)
            pdf.cell(85, 6, text, align="C")
    for (text, style), y in zip(right, ys):
        if text:
            pdf.set_font(FONT, style, 11.5 if style == "B" else 11)
            pdf.set_xy(100, y)
            pdf.cell(100, 6, text, align="C")
    pdf.set_line_width(0.3)
    pdf.line(47, y0 + 12.5, 68, y0 + 12.5)     # rule under HUYỆN KIM ĐÔNG
    pdf.line(126, y0 + 12.5, 174, y0 + 12.5)   # rule under Độc lập - Tự do - Hạnh phúc


def _centred_title(pdf: FPDF, title: str, subtitle: str, y: float, note: str = "") -> None:
    pdf.set_xy(LEFT, y)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    pdf.set_x(LEFT + 4)
    pdf.multi_cell(pdf.w - LEFT - RIGHT - 8, 6, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    if note:
        pdf.set_font(FONT, "I", 11)
        pdf.set_x(LEFT + 6)
        pdf.multi_cell(pdf.w - LEFT - RIGHT - 12, 5.5, note, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 2
    mid = LEFT + (pdf.w - LEFT - RIGHT) / 2
    pdf.line(mid - 15, y, mid + 15, y)
    pdf.set_y(y + 5)


def _paragraphs(pdf: FPDF, rows) -> None:
    with pdf.text_columns(text_align="J", line_height=1.3) as cols:
        for entry in rows:
            style = entry[0]
            if style == "decide":
                continue
            with cols.paragraph(first_line_indent=INDENT, bottom_margin=1.5) as par:
                if style in ("part", "item"):
                    pdf.set_font(FONT, "B", BODY_SIZE)
                    par.write(entry[1])
                elif style == "point":
                    pdf.set_font(FONT, "I", BODY_SIZE)
                    par.write(entry[1])
                    pdf.set_font(FONT, "", BODY_SIZE)
                    par.write(entry[2])
                elif style == "art":
                    pdf.set_font(FONT, "B", BODY_SIZE)
                    par.write(entry[1])
                    pdf.set_font(FONT, "", BODY_SIZE)
                    par.write(entry[2])
                elif style == "cc":
                    pdf.set_font(FONT, "I", BODY_SIZE)
                    par.write(entry[1])
                else:
                    pdf.set_font(FONT, "", BODY_SIZE)
                    par.write(entry[1])


def _decision_body(pdf: FPDF) -> None:
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, ISSUER, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    cut = next(i for i, e in enumerate(DECISION) if e[0] == "decide")
    _paragraphs(pdf, DECISION[:cut])
    pdf.ln(1)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, DECISION[cut][1], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _paragraphs(pdf, DECISION[cut + 1:])


def _closing(pdf: FPDF) -> None:
    if pdf.get_y() > pdf.h - BOTTOM - 50:
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


def _plan(pdf: FPDF) -> None:
    pdf.add_page()
    _header_block(pdf, PLAN_HEADER_LEFT, PLAN_HEADER_RIGHT, 20)
    _centred_title(pdf, PLAN_TITLE, PLAN_SUBTITLE, 40, PLAN_ISSUED)
    _paragraphs(pdf, PLAN)


def _appendix(pdf: FPDF) -> None:
    pdf.add_page()
    for text, style, size in APPENDIX_TITLE:
        pdf.set_font(FONT, style, size)
        pdf.cell(0, 6.5 if style == "B" else 5.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9.5)
    with pdf.table(col_widths=TABLE_WIDTHS, width=sum(TABLE_WIDTHS), align="L", line_height=4.8,
                   text_align=("CENTER", "LEFT", "LEFT", "LEFT", "LEFT"), v_align="TOP",
                   repeat_headings=1, padding=1.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230))) as table:
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
    pdf.set_title("Quyết định số 426/QĐ-UBND ban hành Kế hoạch phân loại chất thải rắn sinh hoạt tại nguồn năm 2026")
    pdf.set_author("Ủy ban nhân dân huyện Kim Đông")
    pdf.set_subject(NUMBER)
    pdf.set_creator("Văn phòng HĐND và UBND huyện Kim Đông")
    pdf.set_producer("qd-ubnd-kimdong build.py")
    pdf.set_lang("vi")
    pdf.set_creation_date(_dt.datetime(2026, 3, 16, 9, 0, 0, tzinfo=_dt.timezone.utc))
    pdf.add_page()
    _header_block(pdf, HEADER_LEFT, HEADER_RIGHT, 14)
    _centred_title(pdf, TITLE, SUBTITLE, 42)
    _decision_body(pdf)
    _closing(pdf)
    _plan(pdf)
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
