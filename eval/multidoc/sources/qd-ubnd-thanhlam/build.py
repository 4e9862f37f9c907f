"""Build qd-ubnd-thanhlam.docx: a fictional UBND district decision with its attached plan.

Everything in it is invented for the held-out eval (huyện Thanh Lâm, tỉnh Vân Lĩnh). Word
features on purpose: the state header and the Nơi nhận / signature block as borderless
2-column tables, stray tabs and non-breaking spaces in some paragraphs, a title split over two
paragraphs, a page break before the attached plan, and a PHỤ LỤC task table with a repeated
header row, group rows merged across all columns and vertically merged "Đơn vị chủ trì" cells.

    python build.py OUT_DIR     → OUT_DIR/qd-ubnd-thanhlam.docx
"""
from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FILE_NAME = "qd-ubnd-thanhlam.docx"
NBSP = "\u00a0"
FIXED_TIME = datetime(2026, 1, 14, 8, 0, 0)

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "HUYỆN THANH LÂM", "-------", f"Số:{NBSP}215/QĐ-UBND"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "---------------",
    "Thanh Lâm, ngày 14 tháng 01 năm 2026",
]

TITLE = [
    "QUYẾT ĐỊNH",
    "Về việc ban hành Kế hoạch phòng, chống thiên tai và",
    "tìm kiếm cứu nạn huyện Thanh Lâm năm 2026",
    "_______",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THANH LÂM",
]

# (style, text). c = centred bold line, h = bold heading paragraph, p = body paragraph.
DECISION: list[tuple[str, str]] = [
    ("p", "\tCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
    ("p", "\tCăn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013; Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020;"),
    ("p", "\tCăn cứ Quyết định số 88/QĐ-UBND ngày 06 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Vân Lĩnh về việc ban hành Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh Vân Lĩnh năm 2026;"),
    ("p", "\tCăn cứ Nghị quyết số 12/NQ-HĐND ngày 18 tháng 12 năm 2025 của Hội đồng nhân dân huyện Thanh Lâm về dự toán thu, chi ngân sách huyện năm 2026;"),
    ("p", "\tTheo đề nghị của Trưởng phòng Nông nghiệp và Môi trường huyện, cơ quan thường trực Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn huyện, tại Tờ trình số 09/TTr-NNMT ngày 09 tháng 01 năm 2026."),
    ("c", "QUYẾT ĐỊNH:"),
    ("p", "\tĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn huyện Thanh Lâm năm 2026 (sau đây gọi tắt là Kế hoạch)."),
    ("p", "1. Kế hoạch là căn cứ để các cơ quan, đơn vị và Ủy ban nhân dân các xã, thị trấn xây dựng, ban hành phương án ứng phó thiên tai theo cấp độ rủi ro tại địa phương, đơn vị mình; thời gian ban hành không quá 30 ngày kể từ ngày Quyết định này có hiệu lực."),
    ("p", f"2. Tổng kinh phí thực hiện Kế hoạch là 6.480{NBSP}triệu đồng, được bảo đảm từ các nguồn sau:"),
    ("p", "a) Ngân sách huyện năm 2026: 4.200 triệu đồng;"),
    ("p", "b) Quỹ phòng, chống thiên tai tỉnh Vân Lĩnh hỗ trợ: 1.530 triệu đồng;"),
    ("p", "c) Ngân sách các xã, thị trấn và nguồn xã hội hóa: 750 triệu đồng."),
    ("p", "\tĐiều 2. Hiệu lực thi hành"),
    ("p", "1. Quyết định này có hiệu lực kể từ ngày ký."),
    ("p", "2. Quyết định số 37/QĐ-UBND ngày 20 tháng 01 năm 2025 của Ủy ban nhân dân huyện ban hành Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2025 hết hiệu lực kể từ ngày Quyết định này có hiệu lực thi hành."),
    ("p", "3. Trong quá trình tổ chức thực hiện, nếu phát sinh khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời phản ánh về Phòng Nông nghiệp và Môi trường để tổng hợp, trình Chủ tịch Ủy ban nhân dân huyện xem xét, điều chỉnh."),
    ("p", "\tĐiều 3.\tChánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện; Chỉ huy trưởng Ban Chỉ huy Quân sự huyện; Trưởng Công an huyện; Trưởng các phòng: Nông nghiệp và Môi trường, Tài chính - Kế hoạch, Kinh tế, Hạ tầng và Đô thị, Văn hóa, Khoa học và Thông tin, Giáo dục và Đào tạo, Y tế; Giám đốc Trung tâm Văn hóa, Thông tin và Thể thao huyện; Chủ tịch Ủy ban nhân dân các xã, thị trấn và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."),
]

NOI_NHAN = [
    "Nơi nhận:",
    "- Như Điều 3;",
    "- UBND tỉnh Vân Lĩnh (b/c);",
    "- Ban Chỉ huy PCTT và TKCN tỉnh (b/c);",
    "- Sở Nông nghiệp và Môi trường tỉnh;",
    "- TT. Huyện ủy, TT. HĐND huyện;",
    "- Chủ tịch, các PCT UBND huyện;",
    "- Ủy ban MTTQ Việt Nam huyện;",
    "- Lưu: VT, NNMT.",
]
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "(Đã ký)", "", "Võ Thành Trung"]

PLAN_TITLE = [
    "KẾ HOẠCH",
    "Phòng, chống thiên tai và tìm kiếm cứu nạn huyện Thanh Lâm năm 2026",
    "(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 14 tháng 01 năm 2026 của Ủy ban nhân dân huyện)",
    "_______",
]

PLAN: list[tuple[str, str]] = [
    ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("h", "1. Mục đích"),
    ("p", "a) Chủ động phòng ngừa, ứng phó kịp thời, khắc phục khẩn trương và có hiệu quả hậu quả thiên tai; giảm đến mức thấp nhất thiệt hại về người, tài sản của Nhà nước và Nhân dân, nhất là ở các xã ven sông Lâm Giang và vùng đồi núi phía tây huyện."),
    ("p", "b) Nâng cao nhận thức, kỹ năng tự phòng tránh thiên tai của người dân, học sinh và người lao động; khuyến khích mỗi gia đình có phương án tự bảo vệ khi có bão, lũ."),
    ("p", "c) Thực hiện có hiệu quả phương châm “bốn tại chỗ” và nguyên tắc phòng ngừa là chính; phát huy vai trò của lực lượng xung kích, dân quân tự vệ ở thôn, tổ dân phố."),
    ("h", "2. Yêu cầu"),
    ("p", "- Các cơ quan, đơn vị, địa phương xác định công tác phòng, chống thiên tai là nhiệm vụ thường xuyên, cấp bách; người đứng đầu chịu trách nhiệm nếu để xảy ra thiệt hại về người do chủ quan, thiếu chuẩn bị."),
    ("p", "- Phương án ứng phó phải sát thực tế từng địa bàn, có danh sách hộ dân cần sơ tán, địa điểm tránh trú, người phụ trách và phương tiện đi kèm; được rà soát, cập nhật ít nhất 01 lần trong năm."),
    ("p", "- Phối hợp chặt chẽ giữa các lực lượng quân sự, công an, y tế và chính quyền cơ sở; thông tin chỉ đạo phải thông suốt, không để chậm trễ khi có tình huống khẩn cấp."),
    ("p", "-\tSử dụng kinh phí đúng mục đích, tiết kiệm; công khai việc tiếp nhận, phân phối tiền, hàng cứu trợ theo quy định."),
    ("h", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("h", "1. Công tác phòng ngừa"),
    ("p", "a) Kiện toàn tổ chức, lực lượng"),
    ("p", "- Kiện toàn Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn cấp huyện và cấp xã trong tháng 02/2026; phân công cụ thể thành viên phụ trách từng xã, thị trấn và từng lĩnh vực."),
    ("p", "- Mỗi xã, thị trấn duy trì 01 đội xung kích phòng, chống thiên tai có từ 30 người trở lên, ưu tiên dân quân, đoàn viên thanh niên trong độ tuổi từ 18 đến 45 tuổi, có sức khỏe và biết bơi."),
    ("p", "b) Rà soát, cập nhật kế hoạch và phương án"),
    ("p", "- Cập nhật phương án ứng phó với bão mạnh, siêu bão, lũ quét, sạt lở đất và ngập úng; lập danh sách hộ dân sống ở vùng có nguy cơ cao cần di dời, hoàn thành trước ngày 31/3/2026."),
    ("p", f"- Rà soát 47 điểm có nguy cơ sạt lở, lũ quét trên địa bàn; cắm biển cảnh báo tại những điểm chưa có biển, tối thiểu 02{NBSP}biển mỗi điểm ở đầu và cuối đoạn nguy hiểm."),
    ("p", "c) Thông tin, truyền thông và nâng cao nhận thức cộng đồng"),
    ("p", "- Phát bản tin cảnh báo, hướng dẫn kỹ năng ứng phó trên hệ thống truyền thanh cơ sở, trang thông tin điện tử và nhóm mạng xã hội của các thôn, tổ dân phố."),
    ("p", "- Tổ chức dạy bơi an toàn cho học sinh từ 8 đến 15 tuổi trong dịp hè, phấn đấu ít nhất 70% học sinh tiểu học và trung học cơ sở được học bơi."),
    ("p", "d) Duy tu, nâng cấp công trình phòng, chống thiên tai"),
    ("p", "- Duy tu, sửa chữa 12,5 km đê bao và kè chống sạt lở bờ sông Lâm Giang; nạo vét kênh tiêu úng ở các cánh đồng trũng thấp; các hạng mục phải xong trước mùa mưa lũ, chậm nhất ngày 30/5/2026."),
    ("p", "- Không để phát sinh công trình xây dựng lấn chiếm hành lang thoát lũ; kiên quyết xử lý dứt điểm các trường hợp vi phạm đã được phát hiện."),
    ("p", "đ) Chuẩn bị vật tư, phương tiện và hậu cần"),
    ("p", "- Dự trữ lương thực, nước uống, thuốc chữa bệnh thiết yếu đủ dùng ít nhất 07 ngày cho các khu vực dễ bị chia cắt khi có lũ, gồm các xã Tân Khê, Suối Ngàn và Đồng Bãi."),
    ("p", "- Bổ sung xuồng cứu hộ, áo phao, phao tròn cho lực lượng tìm kiếm cứu nạn; kiểm tra, bảo dưỡng phương tiện hiện có trước ngày 15/5/2026."),
    ("h", "2. Công tác ứng phó"),
    ("p", "a) Duy trì nghiêm chế độ trực ban 24/24 giờ trong mùa mưa bão, từ ngày 01/6 đến ngày 30/11; theo dõi chặt chẽ bản tin dự báo, cảnh báo để chỉ đạo kịp thời."),
    ("p", "b) Khi có tin bão từ cấp 10 trở lên hoặc mưa lớn trên 200 mm trong 24 giờ, các xã, thị trấn tổ chức sơ tán người dân ra khỏi vùng nguy hiểm, hoàn thành chậm nhất 06 giờ trước khi bão đổ bộ hoặc lũ lên cao."),
    ("p", "c) Ban Chỉ huy Quân sự huyện, Công an huyện huy động lực lượng, phương tiện tìm kiếm cứu nạn; lực lượng cơ động phải có mặt tại hiện trường không quá 02 giờ kể từ khi nhận lệnh."),
    ("p", "d) Tạm dừng hoạt động vận chuyển khách qua sông tại các bến đò ngang khi có cảnh báo lũ từ cấp độ rủi ro 2 trở lên."),
    ("h", "3. Công tác khắc phục hậu quả"),
    ("p", "- Hỗ trợ kịp thời lương thực, nhu yếu phẩm cho hộ bị thiệt hại, không để người dân bị đói, rét; khôi phục điện, nước sạch và thông tin liên lạc trong vòng 72 giờ ở những nơi bị gián đoạn."),
    ("p", "- Thống kê, đánh giá thiệt hại theo quy định; gửi báo cáo nhanh về Ban Chỉ huy huyện chậm nhất 24 giờ sau khi thiên tai xảy ra và báo cáo tổng hợp trong vòng 07 ngày."),
    ("p", "- Tổ chức vệ sinh môi trường, xử lý nguồn nước, phun thuốc khử khuẩn, phòng chống dịch bệnh; sửa chữa trường học, trạm y tế bị hư hỏng để sớm hoạt động trở lại."),
    ("h", "4. Ứng dụng khoa học, công nghệ và chuyển đổi số trong phòng, chống thiên tai"),
    ("p", "- Xây dựng bản đồ số các điểm có nguy cơ sạt lở, ngập sâu và các khu tránh trú an toàn; cập nhật lên hệ thống thông tin địa lý của huyện, hoàn thành trong quý III/2026."),
    ("p", "- Thiết lập kênh nhắn tin cảnh báo đến 100% trưởng thôn, tổ trưởng tổ dân phố và thành viên đội xung kích; thử nghiệm gửi tin cảnh báo ít nhất 02 lần trước mùa mưa bão."),
    ("p", "- Khuyến khích người dân cài đặt, sử dụng ứng dụng tra cứu thông tin thiên tai trên điện thoại di động; hướng dẫn cách gửi tin báo tình huống khẩn cấp kèm vị trí."),
    ("h", "5. Huy động nguồn lực xã hội"),
    ("p", "- Vận động doanh nghiệp, tổ chức và cá nhân hảo tâm ủng hộ phương tiện, vật tư và kinh phí; kết quả tiếp nhận được công khai trên trang thông tin điện tử của huyện trong thời hạn không quá 10 ngày kể từ ngày nhận."),
    ("p", "-\tKhi sơ tán, ưu tiên hỗ trợ người cao tuổi, người khuyết tật, phụ nữ mang thai và trẻ em dưới 6 tuổi; bố trí chỗ ở tạm bảo đảm an toàn, vệ sinh tại trường học, nhà văn hóa thôn."),
    ("h", "III. TỔ CHỨC THỰC HIỆN"),
    ("h", "1. Kinh phí thực hiện"),
    ("p", "- Kinh phí thực hiện Kế hoạch được bảo đảm từ các nguồn nêu tại khoản 2 Điều 1 của Quyết định ban hành Kế hoạch; dự toán chi tiết từng nhiệm vụ tại Phụ lục kèm theo."),
    ("p", "- Giao Phòng Tài chính - Kế hoạch thẩm định, tham mưu phân bổ kinh phí cho các cơ quan, đơn vị, hoàn thành trước ngày 28/02/2026; dành không quá 5% tổng kinh phí làm dự phòng cho các tình huống đột xuất."),
    ("h", "2. Trách nhiệm của các cơ quan, đơn vị"),
    ("p", "a) Phòng Nông nghiệp và Môi trường là cơ quan thường trực, chịu trách nhiệm theo dõi, đôn đốc các cơ quan, địa phương thực hiện Kế hoạch; tham mưu Ban Chỉ huy huyện chỉ đạo ứng phó và tổng hợp thiệt hại."),
    ("p", "b) Ban Chỉ huy Quân sự huyện chủ trì xây dựng kế hoạch huy động lực lượng, phương tiện tìm kiếm cứu nạn; tổ chức diễn tập phòng thủ dân sự tại xã Tân Khê trong tháng 9/2026."),
    ("p", "c) Công an huyện bảo đảm an ninh trật tự, phân luồng giao thông tại các điểm ngập sâu, sạt lở; phối hợp cứu nạn, cứu hộ và bảo vệ tài sản của người dân khi sơ tán."),
    ("p", "d) Phòng Kinh tế, Hạ tầng và Đô thị chủ trì duy tu đê bao, kè sông; kiểm tra an toàn nhà ở, công trình công cộng, cột điện, cây xanh trước mùa mưa bão."),
    ("p", "đ) Phòng Văn hóa, Khoa học và Thông tin phối hợp Trung tâm Văn hóa, Thông tin và Thể thao huyện tuyên truyền, phổ biến kiến thức phòng, chống thiên tai; đưa tin kịp thời, chính xác về diễn biến thiên tai."),
    ("p", "e) Phòng Giáo dục và Đào tạo chỉ đạo các trường tổ chức dạy bơi, lồng ghép nội dung phòng tránh thiên tai vào hoạt động ngoại khóa; Phòng Y tế chuẩn bị cơ số thuốc và đội cấp cứu lưu động."),
    ("p", "g) Ủy ban nhân dân các xã, thị trấn ban hành phương án ứng phó của địa phương; kiện toàn đội xung kích; chủ động sơ tán dân và tổ chức tìm kiếm cứu nạn ban đầu theo phương châm “bốn tại chỗ”."),
    ("p", "h) Phòng Nội vụ tham mưu khen thưởng kịp thời tập thể, cá nhân có thành tích trong phòng, chống thiên tai; xem xét trách nhiệm người đứng đầu để xảy ra thiệt hại do buông lỏng chỉ đạo."),
    ("p", "i) Huyện đoàn huy động đoàn viên, thanh niên tình nguyện tham gia sơ tán dân, dọn dẹp vệ sinh sau bão, lũ; phối hợp tổ chức các lớp dạy bơi trong dịp hè."),
    ("p", "k) Trung tâm Y tế huyện bố trí 02 tổ cấp cứu cơ động thường trực trong mùa mưa bão, sẵn sàng hỗ trợ các trạm y tế xã khi bị chia cắt."),
    ("h", "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội vận động hội viên, đoàn viên tham gia phòng, chống thiên tai; tiếp nhận, phân phối tiền, hàng cứu trợ công khai, đúng đối tượng."),
    ("h", "4. Chế độ báo cáo: các cơ quan, đơn vị, địa phương báo cáo kết quả thực hiện hằng quý, trước ngày 20 của tháng cuối quý; báo cáo tổng kết năm gửi Phòng Nông nghiệp và Môi trường trước ngày 15/12/2026 để tổng hợp, báo cáo Ủy ban nhân dân huyện."),
]

APPENDIX_TITLE = [
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ PHÒNG, CHỐNG THIÊN TAI VÀ TÌM KIẾM CỨU NẠN NĂM 2026",
    "(Kèm theo Kế hoạch ban hành tại Quyết định số 215/QĐ-UBND ngày 14/01/2026 của Ủy ban nhân dân huyện Thanh Lâm)",
]
TABLE_HEAD = ("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Kinh phí (triệu đồng)")
# A 1-tuple is a group row (merged across all columns). None in the "chủ trì" column means
# the cell above it continues (vertically merged).
TABLE_ROWS: list[tuple] = [
    ("I. CÔNG TÁC PHÒNG NGỪA",),
    ("1", "Kiện toàn Ban Chỉ huy PCTT và TKCN huyện, xã; phân công thành viên phụ trách địa bàn", "Phòng Nông nghiệp và Môi trường", "Phòng Nội vụ; UBND các xã, thị trấn", "Tháng 02/2026", "15"),
    ("2", "Cập nhật phương án ứng phó bão mạnh, siêu bão, lũ quét, sạt lở đất; lập danh sách hộ cần di dời", None, "Ban Chỉ huy Quân sự huyện; Công an huyện", "Trước ngày 31/3/2026", "60"),
    ("3", "Duy tu, sửa chữa 12,5 km đê bao, kè chống sạt lở bờ sông Lâm Giang", "Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Nông nghiệp và Môi trường; UBND các xã ven sông", "Chậm nhất ngày 30/5/2026", "3.150"),
    ("4", "Nạo vét kênh tiêu úng tại các cánh đồng trũng thấp", "UBND các xã, thị trấn", "Phòng Nông nghiệp và Môi trường", "Quý I - quý II/2026", "620"),
    ("5", "Lắp đặt 06 trạm đo mưa, đo mực nước tự động tại các điểm có nguy cơ lũ quét", "Phòng Nông nghiệp và Môi trường", "Phòng Văn hóa, Khoa học và Thông tin; doanh nghiệp viễn thông", "Quý III/2026", "480"),
    ("6", "Tuyên truyền kiến thức phòng, chống thiên tai trên truyền thanh cơ sở và mạng xã hội", "Phòng Văn hóa, Khoa học và Thông tin", "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Thường xuyên", "90"),
    ("7", "Dạy bơi an toàn cho học sinh từ 8 đến 15 tuổi", "Phòng Giáo dục và Đào tạo", "Huyện đoàn; Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Tháng 6 - tháng 8/2026", "240"),
    ("II. CÔNG TÁC ỨNG PHÓ VÀ TÌM KIẾM CỨU NẠN",),
    ("8", "Duy trì trực ban 24/24 giờ trong mùa mưa bão", "Văn phòng HĐND và UBND huyện", "Các thành viên Ban Chỉ huy PCTT và TKCN huyện", "Từ 01/6 đến 30/11/2026", "75"),
    ("9", "Dự trữ lương thực, nước uống, thuốc thiết yếu tại các xã dễ bị chia cắt", "UBND các xã Tân Khê, Suối Ngàn, Đồng Bãi", "Phòng Y tế; Hội Chữ thập đỏ huyện", "Trước ngày 15/6/2026", "350"),
    ("10", "Tập huấn nghiệp vụ cứu hộ, cứu nạn cho đội xung kích cấp xã", "Ban Chỉ huy Quân sự huyện", "Hội Chữ thập đỏ huyện; UBND các xã, thị trấn", "Quý II/2026", "180"),
    ("11", "Diễn tập phòng thủ dân sự ứng phó lũ, sạt lở đất tại xã Tân Khê", None, "UBND xã Tân Khê; Công an huyện", "Tháng 9/2026", "420"),
    ("12", "Mua sắm bổ sung xuồng cứu hộ, áo phao, phao tròn", None, "Phòng Tài chính - Kế hoạch", "Quý II/2026", "310"),
    ("III. CÔNG TÁC KHẮC PHỤC HẬU QUẢ",),
    ("13", "Hỗ trợ khẩn cấp lương thực, nhu yếu phẩm cho hộ bị thiệt hại (dự phòng)", "UBND các xã, thị trấn", "Ủy ban MTTQ Việt Nam huyện; Hội Chữ thập đỏ huyện", "Khi có thiên tai", "220"),
    ("14", "Thống kê, đánh giá thiệt hại và đề xuất mức hỗ trợ", "Phòng Nông nghiệp và Môi trường", "Phòng Tài chính - Kế hoạch; UBND các xã, thị trấn", "Trong vòng 07 ngày sau thiên tai", "40"),
    ("15", "Vệ sinh môi trường, phòng chống dịch bệnh sau thiên tai", "Phòng Y tế", "Trung tâm Y tế huyện; UBND các xã, thị trấn", "Ngay sau khi thiên tai kết thúc", "200"),
    ("16", "Sơ kết 6 tháng và tổng kết công tác phòng, chống thiên tai năm 2026", "Phòng Nông nghiệp và Môi trường", "Các thành viên Ban Chỉ huy PCTT và TKCN huyện", "Tháng 7/2026 và tháng 12/2026", "30"),
]


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_lines(cell, lines, bold_idx=(), italic_idx=(), size=13) -> None:
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(line)
        run.bold = i in bold_idx
        run.italic = i in italic_idx
        run.font.size = Pt(size)


def _para(doc, text, bold=False, italic=False, align=None, size=None, indent=True):
    para = doc.add_paragraph()
    run = para.add_run(text)
    run.bold = bold
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        para.alignment = align
    para.paragraph_format.space_after = Pt(4)
    if indent and align is None:
        para.paragraph_format.first_line_indent = Cm(1)
    return para


def _set_cell(cell, text, bold=False, align=None, size=11) -> None:
    cell.text = ""
    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align is not None:
        para.alignment = align


def build(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)

    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    _cell_lines(head.cell(0, 0), HEADER_LEFT, bold_idx=(1,))
    _cell_lines(head.cell(0, 1), HEADER_RIGHT, bold_idx=(0, 1), italic_idx=(3,))

    doc.add_paragraph()
    for i, line in enumerate(TITLE):
        _para(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14 if i in (0, 4) else 13)
    for style, text in DECISION:
        if style == "c":
            _para(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        else:
            _para(doc, text, indent=not text.startswith("\t"))

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    left = sign.cell(0, 0)
    left.paragraphs[0].text = ""
    for i, line in enumerate(NOI_NHAN):
        para = left.paragraphs[0] if i == 0 else left.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(line)
        run.bold = i == 0
        run.italic = i == 0
        run.font.size = Pt(12 if i == 0 else 11)
    _cell_lines(sign.cell(0, 1), SIGNATURE, bold_idx=(0, 1, 5), italic_idx=(3,))

    doc.add_page_break()
    for i, line in enumerate(PLAN_TITLE):
        _para(doc, line, bold=i < 2, italic=i == 2, align=WD_ALIGN_PARAGRAPH.CENTER, size=14 if i == 0 else 13)
    for style, text in PLAN:
        _para(doc, text, bold=style == "h" and len(text) < 90)

    doc.add_page_break()
    for i, line in enumerate(APPENDIX_TITLE):
        _para(doc, line, bold=i < 2, italic=i == 2, align=WD_ALIGN_PARAGRAPH.CENTER)

    table = doc.add_table(rows=1 + len(TABLE_ROWS), cols=len(TABLE_HEAD))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(1.1), Cm(5.0), Cm(3.2), Cm(3.4), Cm(2.6), Cm(1.9))
    for j, text in enumerate(TABLE_HEAD):
        _set_cell(table.cell(0, j), text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tbl_header = OxmlElement("w:tblHeader")
    tbl_header.set(qn("w:val"), "true")
    tr_pr.append(tbl_header)

    merge_start = None
    for i, values in enumerate(TABLE_ROWS, start=1):
        row = table.rows[i]
        if len(values) == 1:
            merged = row.cells[0].merge(row.cells[-1])
            _set_cell(merged, values[0], bold=True)
            merge_start = None
            continue
        for j, value in enumerate(values):
            if j == 2 and value is None:
                continue
            _set_cell(table.cell(i, j), value, align=WD_ALIGN_PARAGRAPH.CENTER if j in (0, 5) else None)
        if values[2] is None:
            top = table.cell(merge_start, 2)
            top.merge(table.cell(i, 2))
        else:
            merge_start = i
    for row in table.rows:
        for j, width in enumerate(widths):
            if j < len(row.cells):
                row.cells[j].width = width

    doc.add_paragraph()

    props = doc.core_properties
    props.author = "UBND huyện Thanh Lâm"
    props.last_modified_by = "UBND huyện Thanh Lâm"
    props.title = "Quyết định số 215/QĐ-UBND"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    # Re-pack with fixed timestamps so the file is byte-for-byte reproducible.
    path = out_dir / FILE_NAME
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
