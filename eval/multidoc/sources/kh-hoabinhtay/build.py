"""Build kh-hoabinhtay.pdf: a fictional district Party plan (Huyện ủy Hòa Bình Tây, tỉnh Đồng Xuyên).

Everything in it is invented for the held-out eval. The PDF has a running page header on every
page after the first, a "Trang n/N" footer on every page and a task table (PHỤ LỤC) drawn with
fpdf2's table API, whose header row repeats when it crosses a page.

    python build.py OUT_DIR     → OUT_DIR/kh-hoabinhtay.pdf
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FILE_NAME = "kh-hoabinhtay.pdf"
RUNNING_HEADER = "Kế hoạch số 27-KH/HU ngày 08/5/2025 của Ban Thường vụ Huyện ủy Hòa Bình Tây"

HEADER_LEFT = ["ĐẢNG BỘ TỈNH ĐỒNG XUYÊN", "HUYỆN ỦY HÒA BÌNH TÂY", "*", "Số 27-KH/HU"]
HEADER_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Hòa Bình Tây, ngày 08 tháng 5 năm 2025"]

TITLE = [
    "KẾ HOẠCH",
    "thực hiện Chương trình hành động số 18-CTr/TU ngày 15/3/2025",
    "của Ban Chấp hành Đảng bộ tỉnh Đồng Xuyên về phát triển",
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "-----",
]

# (style, text): h1 = part heading, h2 = item heading, h3 = point heading, p = paragraph,
# b = dash bullet.
BODY: list[tuple[str, str]] = [
    ("p", "Thực hiện Chương trình hành động số 18-CTr/TU ngày 15/3/2025 của Ban Chấp hành Đảng bộ tỉnh Đồng Xuyên thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia (sau đây gọi là Chương trình số 18-CTr/TU); căn cứ tình hình thực tế của địa phương, Ban Thường vụ Huyện ủy Hòa Bình Tây ban hành Kế hoạch thực hiện trên địa bàn huyện với các nội dung sau:"),
    ("h1", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("h2", "1. Mục đích"),
    ("b", "Cụ thể hóa những nhiệm vụ mà Chương trình số 18-CTr/TU đặt ra cho cấp huyện thành các việc làm rõ người, rõ việc, rõ thời gian và rõ kết quả; tạo chuyển biến thực chất trong lãnh đạo, chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số ở Hòa Bình Tây."),
    ("b", "Khơi dậy tinh thần chủ động của cán bộ, đảng viên, doanh nghiệp, hợp tác xã và người dân trong việc tiếp cận, làm chủ công nghệ; coi dữ liệu số là nguồn lực mới để nâng cao năng suất lao động và chất lượng phục vụ Nhân dân."),
    ("b", "Gắn việc thực hiện Kế hoạch với các chương trình phát triển kinh tế - xã hội, xây dựng nông thôn mới nâng cao và cải cách hành chính của huyện giai đoạn 2025 - 2030."),
    ("h2", "2. Yêu cầu"),
    ("b", "Các cấp ủy, tổ chức đảng, cơ quan, đơn vị xác định đây là nhiệm vụ trọng tâm, xuyên suốt; người đứng đầu trực tiếp lãnh đạo và chịu trách nhiệm trước Ban Thường vụ Huyện ủy về kết quả chuyển đổi số tại đơn vị mình."),
    ("b", "Việc triển khai phải đồng bộ, có trọng tâm, trọng điểm, tránh hình thức; ưu tiên giải pháp dùng chung, tận dụng hạ tầng và nền tảng do tỉnh đầu tư, không mua sắm trùng lặp giữa các cơ quan."),
    ("b", "Thường xuyên kiểm tra, đánh giá, kịp thời biểu dương cách làm hay; xem xét trách nhiệm tập thể, cá nhân chậm trễ, né tránh hoặc thực hiện không đạt chỉ tiêu được giao."),
    ("h1", "II. MỤC TIÊU"),
    ("h2", "1. Mục tiêu chung"),
    ("p", "Đến năm 2030, huyện Hòa Bình Tây cơ bản hình thành chính quyền số vận hành trên nền tảng dữ liệu liên thông; khoa học, công nghệ và đổi mới sáng tạo trở thành động lực chính để phát triển nông nghiệp công nghệ cao, thương mại và dịch vụ; người dân, doanh nghiệp được thụ hưởng dịch vụ công thuận tiện, an toàn, mọi lúc, mọi nơi."),
    ("h2", "2. Mục tiêu cụ thể"),
    ("h3", "a) Đến hết năm 2025"),
    ("b", "100% cơ quan đảng, Mặt trận Tổ quốc, đoàn thể và chính quyền từ huyện đến xã, thị trấn xử lý văn bản trên môi trường mạng, có chữ ký số (trừ văn bản mật)."),
    ("b", "Có ít nhất 85% hồ sơ thủ tục hành chính của cấp huyện và cấp xã được tiếp nhận, giải quyết trực tuyến toàn trình."),
    ("b", "100% xã, thị trấn duy trì hoạt động thường xuyên của tổ công nghệ số cộng đồng, mỗi ấp, khóm có ít nhất 03 thành viên."),
    ("h3", "b) Đến năm 2027"),
    ("b", "Ít nhất 80% người dân trong độ tuổi từ 16 đến 60 tuổi được hướng dẫn kỹ năng số cơ bản; tỷ lệ hộ gia đình sử dụng internet cáp quang đạt trên 90%."),
    ("b", "Mỗi năm nghiệm thu tối thiểu 03 đề tài, sáng kiến ứng dụng khoa học, công nghệ cấp huyện; ít nhất 40% hợp tác xã nông nghiệp áp dụng truy xuất nguồn gốc điện tử."),
    ("b", "Tỷ lệ thanh toán không dùng tiền mặt trong giao dịch dịch vụ công và tại chợ trung tâm các xã đạt từ 70% trở lên."),
    ("h3", "c) Đến năm 2030"),
    ("b", "Kinh tế số đóng góp khoảng 15% giá trị tăng thêm của huyện; mỗi xã, thị trấn có ít nhất 02 sản phẩm OCOP được bán trên sàn thương mại điện tử."),
    ("b", "Ngân sách huyện dành không dưới 3% tổng chi thường xuyên hằng năm cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số."),
    ("b", "100% cán bộ, công chức cấp huyện, cấp xã được bồi dưỡng kỹ năng số và an toàn thông tin ít nhất 01 lần mỗi năm."),
    ("h1", "III. NHIỆM VỤ, GIẢI PHÁP"),
    ("h2", "1. Đổi mới tư duy, tăng cường sự lãnh đạo của cấp ủy đối với khoa học, công nghệ và chuyển đổi số"),
    ("b", "Các cấp ủy tổ chức quán triệt Chương trình số 18-CTr/TU và Kế hoạch này trong tháng 6/2025; đưa chỉ tiêu chuyển đổi số vào nghị quyết hằng năm và làm một tiêu chí đánh giá, xếp loại tổ chức đảng, đảng viên cuối năm."),
    ("b", "Đổi mới hình thức tuyên truyền: mỗi xã, thị trấn mở ít nhất 01 chuyên mục \"Chuyển đổi số vì cuộc sống\" trên hệ thống truyền thanh cơ sở, phát sóng tối thiểu 02 lần mỗi tháng."),
    ("b", "Kịp thời tôn vinh, khen thưởng tập thể, cá nhân có sáng kiến ứng dụng công nghệ đem lại hiệu quả thiết thực; lấy kết quả chuyển đổi số làm căn cứ bình xét thi đua cuối năm."),
    ("h2", "2. Phát triển hạ tầng số, xây dựng và khai thác dữ liệu"),
    ("b", "Phối hợp với các doanh nghiệp viễn thông phủ sóng di động 4G, 5G đến các ấp, khóm còn vùng lõm; hoàn thành xóa vùng lõm sóng chậm nhất ngày 30/9/2026."),
    ("b", "Xây dựng kho dữ liệu dùng chung của huyện về đất đai, dân cư, hộ nghèo và sản xuất nông nghiệp; kết nối với nền tảng tích hợp, chia sẻ dữ liệu của tỉnh trong quý III/2026."),
    ("b", "Đưa Trung tâm giám sát, điều hành thông minh cấp huyện vào vận hành thử nghiệm trong tháng 10/2026, ưu tiên các phân hệ giám sát an ninh trật tự, tiếp nhận phản ánh hiện trường và cảnh báo sạt lở, xâm nhập mặn."),
    ("h2", "3. Xây dựng chính quyền số, cải cách hành chính gắn với chuyển đổi số"),
    ("b", "Rà soát, tái cấu trúc quy trình nội bộ giải quyết thủ tục hành chính; thời gian xử lý hồ sơ trực tuyến không quá 15 ngày làm việc đối với các thủ tục thuộc thẩm quyền cấp huyện, trừ trường hợp pháp luật quy định thời hạn ngắn hơn."),
    ("b", "Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực; phấn đấu hoàn thành số hóa sổ hộ tịch lưu trữ tại các xã, thị trấn trong 6 tháng đầu năm 2026."),
    ("b", "Triển khai hệ thống họp trực tuyến từ huyện đến 100% xã, thị trấn; hạn chế tối đa việc in ấn tài liệu giấy tại các hội nghị của Huyện ủy và Ủy ban nhân dân huyện."),
    ("h2", "4. Ứng dụng khoa học, công nghệ trong sản xuất và phát triển kinh tế số"),
    ("b", "Hỗ trợ hợp tác xã, tổ hợp tác cấp mã số vùng trồng, lập nhật ký sản xuất điện tử đối với cây ăn trái và lúa chất lượng cao; chuyển giao ít nhất 05 mô hình tưới tiết kiệm gắn cảm biến đo độ mặn cho vùng ven sông."),
    ("b", "Hướng dẫn hộ kinh doanh, chủ thể OCOP mở gian hàng trên các sàn thương mại điện tử; tổ chức tối thiểu 02 phiên bán hàng trực tuyến quảng bá nông sản của huyện mỗi quý."),
    ("b", "Khuyến khích doanh nghiệp nhỏ và vừa đổi mới công nghệ, đăng ký bảo hộ nhãn hiệu; huyện hỗ trợ tối đa 50 triệu đồng cho mỗi nhãn hiệu tập thể được cấp văn bằng bảo hộ."),
    ("h2", "5. Phát triển nguồn nhân lực cho khoa học, công nghệ và chuyển đổi số"),
    ("b", "Mỗi cơ quan, đơn vị cấp huyện và mỗi xã, thị trấn phân công 01 cán bộ, công chức kiêm nhiệm phụ trách chuyển đổi số, có quyết định phân công trước ngày 30/7/2025."),
    ("b", "Mở lớp bồi dưỡng kỹ năng số cho thành viên tổ công nghệ số cộng đồng và đoàn viên thanh niên; đưa chuyên đề kỹ năng số vào chương trình bồi dưỡng của Trung tâm Chính trị huyện từ năm 2026; gắn với việc thực hiện Đề án số 03-ĐA/HU ngày 12/9/2024 của Ban Chấp hành Đảng bộ huyện về phát triển nguồn nhân lực chất lượng cao giai đoạn 2024 - 2030."),
    ("b", "Có chính sách thu hút sinh viên tốt nghiệp chuyên ngành công nghệ thông tin về công tác tại huyện; hỗ trợ một lần 30 triệu đồng đối với người có trình độ thạc sĩ trở lên cam kết làm việc từ 05 năm."),
    ("h2", "6. Bảo đảm an toàn thông tin, an ninh mạng"),
    ("b", "100% hệ thống thông tin của cơ quan đảng, chính quyền cấp huyện được phê duyệt hồ sơ đề xuất cấp độ an toàn; diễn tập ứng cứu sự cố an toàn thông tin ít nhất 01 lần mỗi năm."),
    ("b", "Tăng cường đấu tranh với thông tin xấu, độc trên không gian mạng; kịp thời phát hiện, cảnh báo các thủ đoạn lừa đảo trực tuyến nhắm vào người cao tuổi và học sinh."),
    ("h2", "7. Huy động và sử dụng hiệu quả nguồn lực"),
    ("b", "Dành 2,5 tỷ đồng từ ngân sách huyện giai đoạn 2025 - 2027 cho các nhiệm vụ chuyển đổi số trọng điểm; lồng ghép nguồn vốn của chương trình mục tiêu quốc gia xây dựng nông thôn mới."),
    ("b", "Vận động doanh nghiệp viễn thông, ngân hàng thương mại tài trợ thiết bị, phần mềm cho các điểm hỗ trợ dịch vụ công tại xã theo hình thức xã hội hóa."),
    ("h2", "8. Mở rộng hợp tác, liên kết trong nghiên cứu và chuyển giao công nghệ"),
    ("b", "Chủ động ký kết thỏa thuận hợp tác với các viện nghiên cứu, trường đại học trong và ngoài tỉnh về giống cây trồng chịu mặn, chế biến sau thu hoạch và quản lý tài nguyên nước; mỗi năm đặt hàng ít nhất 01 nhiệm vụ nghiên cứu phục vụ trực tiếp sản xuất của huyện."),
    ("b", "Tạo điều kiện cho trí thức, chuyên gia là người con của huyện đang công tác ở nơi khác tham gia tư vấn, phản biện các dự án, đề án lớn; định kỳ hằng năm tổ chức diễn đàn kết nối giữa nhà khoa học, doanh nghiệp và hợp tác xã."),
    ("b", "Phát triển không gian đổi mới sáng tạo tại Trung tâm Văn hóa - Thể thao huyện, làm nơi ươm tạo ý tưởng khởi nghiệp của thanh niên, học sinh trung học phổ thông; phấn đấu đến năm 2027 hỗ trợ ít nhất 10 dự án khởi nghiệp đi vào hoạt động."),
    ("h1", "IV. TỔ CHỨC THỰC HIỆN"),
    ("h2", "1. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Trung tâm Chính trị huyện hướng dẫn các tổ chức cơ sở đảng quán triệt, tuyên truyền Chương trình số 18-CTr/TU và Kế hoạch này; định hướng thông tin trên mạng xã hội, nhân rộng các mô hình chuyển đổi số tiêu biểu ở cơ sở."),
    ("h2", "2. Văn phòng Huyện ủy có trách nhiệm triển khai các phần mềm dùng chung trong khối đảng, bảo đảm an toàn mạng thông tin diện rộng của Đảng tại huyện; theo dõi, đôn đốc việc thực hiện và tổng hợp báo cáo kết quả cho Ban Thường vụ Huyện ủy."),
    ("h2", "3. Ban Tổ chức Huyện ủy tham mưu đưa tiêu chí chuyển đổi số vào đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên; rà soát, đề xuất bố trí cán bộ có năng lực công nghệ vào các vị trí phù hợp."),
    ("h2", "4. Ủy ban Kiểm tra Huyện ủy đưa nội dung lãnh đạo thực hiện Kế hoạch vào chương trình kiểm tra, giám sát hằng năm; chú trọng giám sát trách nhiệm của người đứng đầu."),
    ("h2", "5. Đề nghị Thường trực Hội đồng nhân dân huyện xem xét, quyết định bố trí kinh phí theo mục tiêu của Kế hoạch; tăng cường giám sát chuyên đề về xây dựng chính quyền số."),
    ("h2", "6. Ủy ban nhân dân huyện xây dựng kế hoạch thực hiện trước ngày 20/6/2025, phân kỳ nhiệm vụ và kinh phí từng năm; chỉ đạo các cơ quan chuyên môn:"),
    ("b", "Phòng Văn hóa và Thông tin là cơ quan thường trực, tham mưu triển khai chính quyền số, kho dữ liệu dùng chung và bảo đảm an toàn thông tin; hướng dẫn hoạt động của tổ công nghệ số cộng đồng."),
    ("b", "Phòng Tài chính - Kế hoạch cân đối, bố trí kinh phí hằng năm; Phòng Nông nghiệp và Môi trường chủ trì các mô hình ứng dụng công nghệ trong sản xuất và truy xuất nguồn gốc nông sản."),
    ("b", "Phòng Nội vụ tham mưu chính sách thu hút nhân lực công nghệ thông tin và theo dõi chỉ số cải cách hành chính của huyện."),
    ("b", "Công an huyện phối hợp làm sạch dữ liệu dân cư, phòng ngừa, xử lý tội phạm sử dụng công nghệ cao."),
    ("h2", "7. Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các đoàn thể chính trị - xã hội vận động đoàn viên, hội viên học kỹ năng số, sử dụng dịch vụ công trực tuyến; Huyện đoàn phát huy vai trò xung kích trong các tổ công nghệ số cộng đồng."),
    ("h2", "8. Đảng ủy các xã, thị trấn ban hành kế hoạch thực hiện của cấp mình, hoàn thành trước ngày 30/6/2025; lãnh đạo chính quyền xã kiện toàn tổ công nghệ số cộng đồng và phân công 01 cấp ủy viên phụ trách."),
    ("h2", "9. Chế độ báo cáo: các tổ chức cơ sở đảng, cơ quan, đơn vị gửi báo cáo kết quả định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 10/12) về Ban Thường vụ Huyện ủy (qua Văn phòng Huyện ủy). Sơ kết 3 năm thực hiện Kế hoạch vào quý IV/2027 và tổng kết vào năm 2030."),
]

NOI_NHAN = [
    "Nơi nhận:",
    "- Ban Thường vụ Tỉnh ủy Đồng Xuyên (b/c),",
    "- Ban Tuyên giáo Tỉnh ủy (b/c),",
    "- Sở Khoa học và Công nghệ tỉnh,",
    "- Các đồng chí Huyện ủy viên,",
    "- Các tổ chức cơ sở đảng trực thuộc,",
    "- Các phòng, ban, ngành, đoàn thể huyện,",
    "- Lưu Văn phòng Huyện ủy.",
]
SIGNATURE = ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "", "(đã ký)", "", "Phạm Thị Hồng Loan"]

APPENDIX_TITLE = [
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ TRỌNG TÂM VÀ PHÂN CÔNG THỰC HIỆN",
    "(Kèm theo Kế hoạch số 27-KH/HU ngày 08/5/2025 của Ban Thường vụ Huyện ủy Hòa Bình Tây)",
]
TABLE_HEAD = ("STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn")
TABLE_ROWS = [
    ("1", "Quán triệt Chương trình số 18-CTr/TU và Kế hoạch này đến chi bộ, đảng viên", "Ban Tuyên giáo Huyện ủy; Đảng ủy các xã, thị trấn", "Tháng 6/2025"),
    ("2", "Ban hành quyết định phân công cán bộ kiêm nhiệm phụ trách chuyển đổi số tại từng cơ quan, đơn vị", "Các cơ quan, đơn vị cấp huyện; Ủy ban nhân dân các xã, thị trấn", "Trước ngày 30/7/2025"),
    ("3", "Xây dựng Đề án Trung tâm giám sát, điều hành thông minh cấp huyện", "Ủy ban nhân dân huyện (Phòng Văn hóa và Thông tin tham mưu)", "Quý IV/2025"),
    ("4", "Hoàn thiện kho dữ liệu dùng chung về đất đai, dân cư và sản xuất nông nghiệp", "Phòng Văn hóa và Thông tin; Phòng Nông nghiệp và Môi trường; Công an huyện", "Quý III/2026"),
    ("5", "Số hóa sổ hộ tịch lưu trữ tại các xã, thị trấn", "Phòng Tư pháp; Ủy ban nhân dân các xã, thị trấn", "6 tháng đầu năm 2026"),
    ("6", "Xóa vùng lõm sóng di động tại các ấp, khóm", "Phòng Văn hóa và Thông tin phối hợp với doanh nghiệp viễn thông", "Chậm nhất ngày 30/9/2026"),
    ("7", "Diễn tập ứng cứu sự cố an toàn thông tin khối đảng và chính quyền", "Văn phòng Huyện ủy; Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "Hằng năm, trong quý III"),
    ("8", "Kiểm tra, giám sát việc thực hiện Kế hoạch tại một số tổ chức cơ sở đảng", "Ủy ban Kiểm tra Huyện ủy", "Từ nay đến hết năm 2027"),
    ("9", "Tổ chức diễn đàn kết nối nhà khoa học, doanh nghiệp và hợp tác xã", "Ủy ban nhân dân huyện; Huyện đoàn; Hội Nông dân huyện", "Hằng năm"),
    ("10", "Sơ kết 3 năm thực hiện Kế hoạch, đề xuất điều chỉnh chỉ tiêu giai đoạn 2028 - 2030", "Văn phòng Huyện ủy chủ trì, Ban Tuyên giáo Huyện ủy phối hợp", "Quý IV/2027"),
]


class PlanPDF(FPDF):
    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("DejaVu", "", 8.5)
            self.cell(0, 5, RUNNING_HEADER, align="C", new_x="LMARGIN", new_y="NEXT")
            y = self.get_y()
            self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.ln(4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 9)
        self.cell(0, 8, f"Trang {self.page_no()}/{{nb}}", align="C")


def build(out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = PlanPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 5, 8, 8, 0, 0, tzinfo=timezone.utc))
    pdf.set_title("Kế hoạch số 27-KH/HU")
    pdf.set_author("Ban Thường vụ Huyện ủy Hòa Bình Tây")
    pdf.set_creator("eval/multidoc build.py")
    pdf.set_producer("fpdf2")
    pdf.set_margins(22, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.alias_nb_pages("{nb}")
    pdf.add_page()

    # Header block: issuer on the left, party name and date on the right.
    top = pdf.get_y()
    col = 80
    pdf.set_font("DejaVu", "", 10)
    for i, line in enumerate(HEADER_LEFT):
        pdf.set_font("DejaVu", "B" if i == 1 else "", 10)
        pdf.cell(col, 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.w - pdf.r_margin - 90, top)
    for i, line in enumerate(HEADER_RIGHT):
        pdf.set_font("DejaVu", "I" if i == 2 else "B", 10 if i == 2 else 10.5)
        pdf.set_x(pdf.w - pdf.r_margin - 90)
        pdf.cell(90, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)

    for i, line in enumerate(TITLE):
        pdf.set_font("DejaVu", "B", 14 if i == 0 else 11)
        pdf.multi_cell(0, 6.5 if i == 0 else 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    width = pdf.w - pdf.l_margin - pdf.r_margin
    for style, text in BODY:
        if style == "h1":
            pdf.ln(1.5)
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(width, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif style in ("h2", "h3"):
            # An item heading is bold; an item that is a whole sentence (IV) is plain.
            bold = style == "h3" or len(text) < 120
            pdf.set_font("DejaVu", "B" if bold else "", 10.5)
            pdf.multi_cell(width, 5.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif style == "b":
            pdf.set_font("DejaVu", "", 10.5)
            pdf.multi_cell(width, 5.6, "- " + text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 10.5)
            pdf.multi_cell(width, 5.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)

    # Nơi nhận (left) and signature (right), side by side.
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    top = pdf.get_y()
    for i, line in enumerate(NOI_NHAN):
        pdf.set_font("DejaVu", "B" if i == 0 else "", 9 if i else 10)
        pdf.cell(85, 4.8, line, align="L", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_y(top)
    for i, line in enumerate(SIGNATURE):
        pdf.set_font("DejaVu", "B" if i in (0, 1, 5) else "I", 10.5)
        pdf.set_x(pdf.w - pdf.r_margin - 80)
        pdf.cell(80, 5.5, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 10)

    # PHỤ LỤC: the task table.
    for i, line in enumerate(APPENDIX_TITLE):
        pdf.set_font("DejaVu", "I" if i == 2 else "B", 10 if i == 2 else 11)
        pdf.multi_cell(width, 5.6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 9.5)
    with pdf.table(
        col_widths=(10, 58, 52, 50),
        text_align=("CENTER", "LEFT", "LEFT", "LEFT"),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
        padding=1.2,
        repeat_headings=1,
        v_align="TOP",
    ) as table:
        row = table.row()
        for head in TABLE_HEAD:
            row.cell(head, align="CENTER")
        for values in TABLE_ROWS:
            row = table.row()
            for value in values:
                row.cell(value)

    path = out_dir / FILE_NAME
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python build.py OUT_DIR")
    print(build(Path(sys.argv[1])))
