"""Generated answers (issue 8): prompts, the grounding check, and generation against a fake
OpenAI-compatible server, on real passages of the district plan."""
from __future__ import annotations

import json
import random
import socket
import time

import pytest

from bot import compose, generate as gen
from bot.grounding import (
    MIN_BIGRAM, MIN_UNIGRAM, check_sentence, cited_numbers, precision_recall, split_sentences,
)
from hoi.manifest import load_manifest
from hoi.settings import Settings
from hoi.text import sentences
from ingest.parser import parse_document

from .conftest import CORPUS, PLAN_FILE, PLAN_ID, REPO
from .support.fake_llm import FakeLLM, Reply

QUESTION = "Ai chủ trì tuyên truyền Nghị quyết 45?"
GOOD = (
    "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với các cơ quan có liên quan tuyên truyền, phổ biến "
    "Nghị quyết số 45-NQ/TW đến cán bộ, đảng viên và nhân dân [1]. Mặt trận Tổ quốc và các đoàn thể "
    "chính trị - xã hội thường xuyên vận động Nhân dân tích cực tham gia thực hiện Nghị quyết [2]."
)
REFUSAL = "Các đoạn trích không có thông tin để trả lời câu hỏi này."


# -- real passages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def plan_chunks():
    return parse_document(PLAN_ID, PLAN_FILE.read_text(encoding="utf-8")).chunks


def cite(chunks, wanted: list[tuple[str, int]]) -> list[compose.Citation]:
    """Citations numbered 1..n for (section, para) addresses, built as the engine builds them."""
    doc = {d.id: d for d in load_manifest(CORPUS / "manifest.toml")}[PLAN_ID]
    by_key = {(c.section, c.para): c for c in chunks}
    units = {}
    for c in chunks:
        units[c.section] = units.get(c.section, 0) + 1
    return [compose.make_citation(i + 1, by_key[k], doc, 1.0, units[k[0]]) for i, k in enumerate(wanted)]


@pytest.fixture(scope="module")
def citations(plan_chunks):
    """[1] IV.4 (Ban Tuyên giáo chủ trì), [2] IV.3 (Mặt trận), [3] IV.1 (cơ quan tham mưu)."""
    return cite(plan_chunks, [("IV.4", 1), ("IV.3", 1), ("IV.1", 1)])


@pytest.fixture(scope="module")
def labelled_passages(plan_chunks):
    return cite(plan_chunks, PASSAGE_SECTIONS)


@pytest.fixture()
def idle_llm():
    """A fake server for tests that check nothing is sent: they need no client library."""
    with FakeLLM() as server:
        yield server


@pytest.fixture()
def llm(idle_llm):
    """A fake server the client really talks to (langchain-openai, the optional [llm] extra)."""
    pytest.importorskip("langchain_openai", reason="generation needs: pip install langchain-openai")
    return idle_llm


def llm_settings(server: FakeLLM | None = None, timeout: float = 5.0, **kw) -> Settings:
    values = dict(llm="openai-compatible", llm_base_url=server.url if server else "", llm_model="fake-model",
                  llm_api_key="", llm_timeout=timeout, llm_temperature=0.0)
    values.update(kw)
    return Settings(**values)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


# -- labelled sentences for the grounding check (the measurement in bot/grounding.py) ---------

# Passages [1]..[8] the labelled sentences cite.
PASSAGE_SECTIONS = [("IV.4", 1), ("IV.3", 1), ("IV.2", 1), ("IV.1", 1), ("II.2", 4), ("III.4", 2), ("II.3", 1), ("III.5", 3)]
SUPPORTED = [
    "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với các cơ quan có liên quan giúp Ban Thường vụ Huyện ủy hướng dẫn, tổ chức nghiên cứu, học tập, quán triệt, tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong huyện thường xuyên tuyên truyền, vận động, hướng dẫn đoàn viên, hội viên và Nhân dân tích cực tham gia thực hiện Nghị quyết số 45-NQ/TW [2].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện chỉ đạo các ban ngành có liên quan rà soát, đề xuất sửa đổi, bổ sung các văn bản quy phạm pháp luật [3].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy phối hợp với các đảng bộ, chi bộ trực thuộc Huyện ủy tổ chức nghiên cứu, học tập, quán triệt trong cán bộ, đảng viên và nhân dân [4].",
    "Bố trí phù hợp nguồn ngân sách Nhà nước và các nguồn kinh phí hợp pháp khác để hỗ trợ đội ngũ trí thức [6].",
    "Người đứng đầu cấp ủy của huyện định kỳ gặp gỡ, đối thoại với đội ngũ trí thức [8].",
    "Đến năm 2045, huyện tham gia cùng với tỉnh Hậu Giang xây dựng đội ngũ trí thức tỉnh lớn mạnh, có chất lượng cao, cơ cấu hợp lý [7].",
    "Phấn đấu đến năm 2030, huyện phối hợp cùng với tỉnh hình thành được đội ngũ chuyên gia giỏi, người có tài năng trong hầu hết các lĩnh vực [5].",
    "Ban Tuyên giáo Huyện ủy còn phối hợp báo cáo và tổ chức sơ kết, tổng kết Nghị quyết 45-NQ/TW theo quy định [1].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tăng cường giám sát, phản biện trong quá trình tổ chức, triển khai thực hiện [2].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện phối hợp giám sát việc tổ chức thực hiện theo quy định [3].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy xây dựng kế hoạch thực hiện Nghị quyết số 45-NQ/TW, Chương trình 227-CTr/TU sát hợp với tình hình thực tế của đảng bộ, chi bộ mình [4].",
    "Ban Tuyên giáo Huyện ủy là cơ quan chủ trì việc tuyên truyền, phổ biến Nghị quyết 45-NQ/TW đến cán bộ, đảng viên và nhân dân [1].",
    "Theo Kế hoạch, Ban Tuyên giáo Huyện ủy chủ trì hướng dẫn, tổ chức học tập, quán triệt Nghị quyết số 45-NQ/TW [1].",
    "Việc tuyên truyền, phổ biến Nghị quyết 45 và Kế hoạch này do Ban Tuyên giáo Huyện ủy chủ trì [1].",
    "Ban Tuyên giáo Huyện ủy phối hợp với các cơ quan có liên quan giúp Ban Thường vụ Huyện ủy tổ chức sơ kết, tổng kết Nghị quyết [1].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội của huyện có nhiệm vụ tuyên truyền, vận động đoàn viên, hội viên và Nhân dân tham gia thực hiện Nghị quyết [2].",
    "Mặt trận và các đoàn thể thường xuyên vận động Nhân dân tích cực tham gia thực hiện Nghị quyết số 45-NQ/TW [2].",
    "Ủy ban nhân dân huyện chỉ đạo các ban ngành rà soát, đề xuất sửa đổi, bổ sung văn bản quy phạm pháp luật để tạo cơ sở pháp lý xây dựng đội ngũ trí thức [3].",
    "Hội đồng nhân dân và Ủy ban nhân dân huyện có trách nhiệm chỉ đạo rà soát các văn bản quy phạm pháp luật [3].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy cùng các đảng bộ, chi bộ trực thuộc tổ chức học tập, quán triệt Nghị quyết cho cán bộ, đảng viên và nhân dân [4].",
    "Các đảng bộ, chi bộ trực thuộc Huyện ủy phối hợp tổ chức nghiên cứu, học tập, quán triệt Nghị quyết [4].",
    "Huyện bố trí nguồn ngân sách Nhà nước và các nguồn kinh phí hợp pháp khác để hỗ trợ trí thức tham gia phát triển kinh tế - xã hội tại địa phương [6].",
    "Kinh phí hỗ trợ đội ngũ trí thức được bố trí từ ngân sách Nhà nước và các nguồn kinh phí hợp pháp khác [6].",
    "Người đứng đầu cấp ủy huyện định kỳ đối thoại với trí thức để trí thức đóng góp ý kiến, hiến kế, phản biện [8].",
    "Trí thức được tham gia góp ý, hiến kế, phản biện để xây dựng hệ thống chính trị thông qua các buổi gặp gỡ, đối thoại với người đứng đầu cấp ủy huyện [8].",
    "Tầm nhìn đến năm 2045 là tham gia cùng tỉnh Hậu Giang xây dựng đội ngũ trí thức thuộc tốp đầu khu vực đồng bằng sông Cửu Long [7].",
    "Đến năm 2045, huyện hướng tới có nhà khoa học đạt giải thưởng trên các lĩnh vực và cơ sở giáo dục, đào tạo đạt chuẩn [7].",
    "Mục tiêu đến năm 2030 là hình thành đội ngũ chuyên gia giỏi và thu hút, trọng dụng nhân tài vào bộ máy các cơ quan [5].",
    "Huyện tham gia thực hiện đạt và vượt các mục tiêu về tuyển dụng, đào tạo, bồi dưỡng cán bộ, công chức, viên chức theo Nghị quyết số 05-NQ/TU ngày 01/6/2022 [5].",
    "Các đề tài, nhiệm vụ khoa học gắn với thực tiễn được thực hiện bởi đội ngũ trí thức hoặc do trí thức đồng chủ trì [5].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết 45-NQ/TW, còn Mặt trận Tổ quốc và các đoàn thể vận động Nhân dân tham gia thực hiện [1][2].",
    "Việc học tập, quán triệt Nghị quyết được tổ chức trong cán bộ, đảng viên và nhân dân [1][4].",
    "Ban Tuyên giáo Huyện ủy giúp Ban Thường vụ Huyện ủy hướng dẫn tổ chức nghiên cứu, học tập Nghị quyết [1].",
    "Đối tượng được tuyên truyền gồm cán bộ, đảng viên, đoàn viên, hội viên và nhân dân [1].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện rà soát văn bản nhằm bảo đảm đồng bộ, thống nhất, tạo cơ sở pháp lý [3].",
    "Mặt trận Tổ quốc huyện tăng cường giám sát, phản biện trong quá trình triển khai thực hiện Nghị quyết [2].",
    "Nguồn kinh phí hỗ trợ trí thức gồm ngân sách Nhà nước và các nguồn kinh phí hợp pháp khác [6].",
    "Tầm nhìn đến năm 2045: có tổ chức khoa học và công nghệ, cơ sở giáo dục và đào tạo đạt chuẩn theo quy định [7].",
    "Huyện phấn đấu đến năm 2030 thu hút, trọng dụng nhân tài vào bộ máy các cơ quan [5].",
    "Kế hoạch giao Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].",
    "Theo mục IV.4, Ban Tuyên giáo Huyện ủy chủ trì tổ chức sơ kết, tổng kết Nghị quyết 45-NQ/TW [1].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy xây dựng kế hoạch thực hiện Nghị quyết sát hợp với thực tế đảng bộ, chi bộ [4].",
    "Người đứng đầu cấp ủy của huyện gặp gỡ trí thức định kỳ để lắng nghe ý kiến đóng góp về chủ trương, chính sách phát triển kinh tế - xã hội [8].",
    "Mặt trận Tổ quốc và các đoàn thể hướng dẫn đoàn viên, hội viên tham gia thực hiện Nghị quyết [2].",
    "Đến năm 2030, huyện áp dụng các đề tài, nhiệm vụ khoa học gắn với thực tiễn [5].",
    "Ngân sách Nhà nước được bố trí phù hợp để hỗ trợ trí thức tham gia thúc đẩy phát triển kinh tế - xã hội [6].",
    "Ban Tuyên giáo Huyện ủy phổ biến Kế hoạch này đến cán bộ, đảng viên, đoàn viên, hội viên và nhân dân [1].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện chỉ đạo sửa đổi, bổ sung văn bản quy phạm pháp luật để thực hiện nhiệm vụ xây dựng đội ngũ trí thức [3].",
    "Huyện cùng tỉnh Hậu Giang xây dựng đội ngũ trí thức lớn mạnh, chất lượng cao, cơ cấu hợp lý [7].",
    "Người đứng đầu cấp ủy huyện có trách nhiệm định kỳ gặp gỡ, đối thoại với trí thức [8].",
    "Các ban ngành có liên quan được Ủy ban nhân dân huyện chỉ đạo rà soát văn bản quy phạm pháp luật [3].",
    "Theo Kế hoạch, cơ quan chịu trách nhiệm chủ trì là Ban Tuyên giáo Huyện ủy [1].",
    "Nhiệm vụ của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội là tuyên truyền, vận động Nhân dân tham gia thực hiện Nghị quyết [2].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện được giao chỉ đạo rà soát, sửa đổi, bổ sung văn bản quy phạm pháp luật [3].",
    "Người đứng đầu cấp ủy của huyện chịu trách nhiệm định kỳ gặp gỡ, đối thoại với đội ngũ trí thức [8].",
]
UNSUPPORTED = [
    "Ban Dân vận Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].",
    "Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW đến cán bộ, đảng viên [1].",
    "Ban Tuyên giáo Huyện ủy không chủ trì việc tuyên truyền Nghị quyết số 45-NQ/TW [1].",
    "Ban Tuyên giáo Huyện ủy chưa phối hợp với các cơ quan có liên quan [1].",
    "Ban Tuyên giáo Huyện ủy tổ chức sơ kết, tổng kết Nghị quyết 45-NQ/TW vào năm 2025 [1].",
    "Phấn đấu đến năm 2035, huyện phối hợp cùng với tỉnh hình thành được đội ngũ chuyên gia giỏi [5].",
    "Tầm nhìn đến năm 2050, huyện cùng tỉnh Hậu Giang xây dựng đội ngũ trí thức lớn mạnh [7].",
    "Kế hoạch thực hiện Nghị quyết số 46-NQ/TW do Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền [1].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội thường xuyên tuyên truyền, vận động Nhân dân tham gia thực hiện Nghị quyết số 45-NQ/TW [1].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện chỉ đạo rà soát văn bản quy phạm pháp luật [4].",
    "Bố trí phù hợp nguồn ngân sách Nhà nước để hỗ trợ đội ngũ trí thức [8].",
    "Mỗi xã, thị trấn phải tổ chức ít nhất hai hội nghị quán triệt Nghị quyết mỗi năm [1].",
    "Kinh phí thực hiện Kế hoạch do ngân sách tỉnh bảo đảm toàn bộ [6].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết và báo cáo kết quả lên Ban Thường vụ Tỉnh ủy trước ngày 30/6 hằng năm [1].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết và chịu trách nhiệm kiểm tra, xử lý kỷ luật các tổ chức đảng vi phạm [1].",
    "Người đứng đầu cấp ủy của huyện gặp gỡ, đối thoại với đội ngũ trí thức mỗi quý một lần [8].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW hằng quý [1].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy xây dựng kế hoạch thực hiện Nghị quyết trước ngày 31/12/2024 [4].",
    "Huyện sẽ thành lập Hội đồng khoa học để thẩm định các đề tài của trí thức [5].",
    "Trí thức được hưởng chế độ phụ cấp bằng 50% mức lương cơ sở [6].",
    "Ủy ban nhân dân huyện chủ trì tổ chức sơ kết, tổng kết Nghị quyết 45-NQ/TW [1].",
    "Ban Thường vụ Huyện ủy chủ trì tuyên truyền Nghị quyết, Ban Tuyên giáo Huyện ủy giúp việc [1].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội trong huyện chủ trì sơ kết, tổng kết Nghị quyết số 45-NQ/TW [2].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW đến học sinh, sinh viên các trường trong huyện [1].",
    "Hội đồng nhân dân, Ủy ban nhân dân huyện chỉ đạo ban hành chính sách thu hút trí thức về công tác tại huyện [3].",
    "Người đứng đầu cấp ủy của huyện không tham gia gặp gỡ, đối thoại với đội ngũ trí thức [8].",
    "Huyện chưa bố trí nguồn ngân sách Nhà nước để hỗ trợ đội ngũ trí thức [6].",
    "Đến năm 2045, huyện có nhà khoa học đạt giải Nobel [7].",
    "Đến năm 2045, đội ngũ trí thức của huyện thuộc tốp đầu cả nước [7].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội được giao ban hành văn bản quy phạm pháp luật [2].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy tổ chức học tập, quán triệt Nghị quyết số 45-NQ/TW trong học sinh [4].",
    "Ban Tuyên giáo Huyện ủy tuyên truyền Nghị quyết số 45-NQ/TW qua báo chí, truyền hình và mạng xã hội [1].",
    "Kế hoạch giao Ban Tuyên giáo Huyện ủy chủ trì thực hiện Chương trình số 227-CTr/TU [1].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW ngày 24/11/2023 [1].",
    "Trí thức là kiều bào ở nước ngoài được hỗ trợ kinh phí đi lại [6].",
    "Ủy ban nhân dân huyện được giao tăng cường giám sát, phản biện trong quá trình triển khai thực hiện [2].",
    "Ban Tuyên giáo Huyện ủy phối hợp với Mặt trận Tổ quốc tổ chức sơ kết Nghị quyết [1].",
    "Phấn đấu đến năm 2030, 100% cán bộ chủ chốt cấp huyện có trình độ cao cấp lý luận chính trị [5].",
    "Huyện phấn đấu đến năm 2030 có 50 chuyên gia giỏi [5].",
    "Người đứng đầu cấp ủy của huyện định kỳ hằng tháng gặp gỡ, đối thoại với đội ngũ trí thức [8].",
    "Nguồn kinh phí hỗ trợ trí thức được trích từ quỹ khuyến học của huyện [6].",
    "Hội đồng nhân dân huyện trực tiếp ban hành các văn bản quy phạm pháp luật về trí thức [3].",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội không cần giám sát quá trình triển khai thực hiện [2].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy chưa xây dựng kế hoạch thực hiện Nghị quyết số 45-NQ/TW [4].",
    "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW trong 6 tháng đầu năm 2024 [1].",
    "Tầm nhìn đến năm 2045 là đưa Hậu Giang trở thành trung tâm khoa học của cả nước [7].",
    "Các đề tài, nhiệm vụ khoa học do Sở Khoa học và Công nghệ tỉnh chủ trì thực hiện [5].",
    "Đội ngũ trí thức được miễn thuế thu nhập cá nhân khi tham gia phát triển kinh tế - xã hội [6].",
    "Ban Tuyên giáo Huyện ủy hướng dẫn đoàn viên, hội viên và nhân dân đóng góp kinh phí thực hiện Nghị quyết [1].",
    "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Công an huyện tổ chức tuyên truyền Nghị quyết [1].",
    "Theo Kế hoạch, việc sơ kết Nghị quyết 45-NQ/TW được tổ chức sau 5 năm thực hiện [1].",
    "Ban Thường vụ Huyện ủy trực tiếp tổ chức tuyên truyền Nghị quyết số 45-NQ/TW đến nhân dân [1].",
    "Ban Thường vụ Huyện ủy chịu trách nhiệm chủ trì tuyên truyền Nghị quyết số 45-NQ/TW [1].",
    "Mặt trận Tổ quốc được giao chủ trì xây dựng cơ chế chính sách đặt hàng khoa học [2].",
    "Ban Tuyên giáo Huyện ủy chịu trách nhiệm bố trí ngân sách cho đội ngũ trí thức [1].",
    "Các cơ quan tham mưu, giúp việc Huyện ủy có nhiệm vụ tổ chức hội thảo khoa học về trí thức [4].",
]


# -- prompts ----------------------------------------------------------------------------------

def test_prompt_files_are_plain_text_with_a_version_line():
    for name in ("system", "answer", "refusal"):
        text = (REPO / "prompts" / f"{name}.vi.md").read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith("Phiên bản:")
    assert (REPO / "prompts" / "README.md").is_file()


def test_templates_render_with_the_numbered_passages(citations):
    prompts = gen.load_prompts()
    assert prompts.version == "system.vi@1 answer.vi@1 refusal.vi@1"
    assert prompts.refusal == REFUSAL
    system, user = prompts.render(QUESTION, citations)
    # the rules: numbered passages only, a citation per sentence, the refusal verbatim, short
    assert "[1] đến [3]" in system and REFUSAL in system and "1 đến 3 câu" in system
    assert QUESTION in user
    for c in citations:
        assert f"[{c.n}] {c.doc_title}, {c.label}" in user
        assert c.text in user
    assert "[1] Kế hoạch …-KH/HU (dự thảo) của Huyện ủy Phụng Hiệp, mục IV.4" in user
    assert "{" not in system + user.replace(QUESTION, "")
    assert "Phiên bản" not in system + user


def test_a_question_with_braces_stays_literal(citations):
    _, user = gen.load_prompts().render("Điền {passages} vào {n}?", citations)
    assert "Điền {passages} vào {n}?" in user


def test_broken_prompt_files_are_refused_with_a_reason(tmp_path, citations, idle_llm):
    for name in ("system", "answer", "refusal"):
        (tmp_path / f"{name}.vi.md").write_text((REPO / "prompts" / f"{name}.vi.md").read_text(encoding="utf-8"),
                                                encoding="utf-8")
    (tmp_path / "answer.vi.md").write_text("Phiên bản: 2\nCâu hỏi: {question}\n", encoding="utf-8")
    with pytest.raises(gen.PromptError, match="passages"):
        gen.load_prompts(tmp_path)
    (tmp_path / "answer.vi.md").write_text("Câu hỏi: {question}\n{passages}\n", encoding="utf-8")
    with pytest.raises(gen.PromptError, match="Phiên bản"):
        gen.load_prompts(tmp_path)
    g = gen.generate(QUESTION, citations, llm_settings(idle_llm), prompts=tmp_path)
    assert not g.used and g.status == "prompts" and "prompts/" in g.note
    assert idle_llm.requests == []


def test_edited_prompt_version_is_recorded(tmp_path, citations, llm):
    for name in ("system", "answer", "refusal"):
        text = (REPO / "prompts" / f"{name}.vi.md").read_text(encoding="utf-8")
        if name == "system":
            text = text.replace("Phiên bản: 1", "Phiên bản: 2-thử")
        (tmp_path / f"{name}.vi.md").write_text(text, encoding="utf-8")
    llm.script(GOOD)
    g = gen.generate(QUESTION, citations, llm_settings(llm), prompts=tmp_path)
    assert g.used and g.prompt_version == "system.vi@2-thử answer.vi@1 refusal.vi@1"


# -- the grounding check ----------------------------------------------------------------------

def test_sentence_splitting_follows_the_citations():
    text = ("<think>suy nghĩ…</think>**Trả lời:** Ban Tuyên giáo chủ trì. [1] Mặt trận vận động [2].\n"
            "- các tổ chức có uy tín… để chuyển giao tri thức [3]")
    assert split_sentences(text) == [
        "Ban Tuyên giáo chủ trì [1].", "Mặt trận vận động [2].", "các tổ chức có uy tín… để chuyển giao tri thức [3]",
    ]
    assert cited_numbers("… [1, 2] [3–4] [đoạn 5] [1]") == [1, 2, 3, 4, 5]


def test_threshold_measurement_holds(labelled_passages):
    """The precision/recall reported in bot/grounding.py and prompts/README.md."""
    cases = [(s, True) for s in SUPPORTED] + [(s, False) for s in UNSUPPORTED]
    assert len(SUPPORTED) == len(UNSUPPORTED) == 56
    m = precision_recall(cases, labelled_passages)
    assert (MIN_UNIGRAM, MIN_BIGRAM) == (0.75, 0.7)
    assert m["recall"] == 1.0 and m["fp"] == 4, m
    assert m["precision"] >= 0.93
    # the guards alone are not enough: the overlap thresholds do half the work
    assert precision_recall(cases, labelled_passages, 0.0, 0.0, 99)["fp"] == 22


def test_every_plan_sentence_is_supported_by_its_own_passage_only(plan_chunks):
    body = [c for c in plan_chunks if c.kind == "body"]
    passages = cite(plan_chunks, [(c.section, c.para) for c in body])
    rng = random.Random(7)
    own = wrong = total = 0
    for p in passages:
        for s in sentences(p.text):
            s = s.rstrip(".;…:") + " [{}]."
            total += 1
            own += check_sentence(s.format(p.n), passages).supported
            other = rng.choice([q for q in passages if q.section != p.section])
            wrong += check_sentence(s.format(other.n), passages).supported
    # 47: "… có uy tín… để chuyển giao …" is one sentence (the splitter no longer splits before a
    # lower-case letter)
    assert total == 47 and own == 47 and wrong == 0


@pytest.mark.parametrize("sentence, reason", [
    ("Ban Tuyên giáo Huyện ủy không chủ trì việc tuyên truyền Nghị quyết số 45-NQ/TW [1].", "negation"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tổ chức sơ kết Nghị quyết 45-NQ/TW vào năm 2025 [1].", "number"),
    ("Ban Dân vận Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].", "name"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW hằng quý [1].", "time"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết qua báo chí, truyền hình và mạng xã hội [1].",
     "new_words"),
    ("Mặt trận Tổ quốc và các đoàn thể vận động Nhân dân tham gia thực hiện Nghị quyết [1].", "name"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết [9].", "out_of_range"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết.", "uncited"),
])
def test_unsupported_sentences_are_caught_with_the_reason(citations, sentence, reason):
    check = check_sentence(sentence, citations)
    assert not check.supported and check.reason == reason


def test_the_passage_own_negation_is_not_a_contradiction(plan_chunks):
    [p] = cite(plan_chunks, [("II.1", 1)])
    ok = "Trí thức được động viên nêu cao lòng tự hào dân tộc không ngừng phấn đấu [1]."
    assert check_sentence(ok, [p]).supported


# -- generation against the fake server -------------------------------------------------------

def test_grounded_answer_is_used_with_its_citations(citations, llm):
    llm.script(GOOD)
    before = [c.to_json() for c in citations]
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert g.used and g.status == "ok" and g.note == ""
    assert g.text.startswith("Ban Tuyên giáo Huyện ủy chủ trì") and "[1]" in g.text and "[2]" in g.text
    assert [s.cites for s in g.sentences] == [[1], [2]] and all(s.supported for s in g.sentences)
    assert g.prompt_version == gen.load_prompts().version and g.model == "fake-model"
    assert g.latency_ms > 0
    assert [c.to_json() for c in citations] == before  # the caller's citations are untouched
    [req] = llm.requests
    assert req["model"] == "fake-model" and req["temperature"] == 0.0 and not req.get("stream")
    system, user = req["messages"][0]["content"], req["messages"][1]["content"]
    assert REFUSAL in system and citations[0].text in user and QUESTION in user
    json.dumps(g.to_json(), ensure_ascii=False)


def test_answer_is_rebuilt_in_the_house_citation_style(citations):
    listed = ("Theo Kế hoạch:\n- Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1]\n"
              "- Mặt trận Tổ quốc và các đoàn thể vận động Nhân dân tham gia thực hiện Nghị quyết. [2]")
    g = gen.validate(listed, citations, gen.load_prompts())
    assert g.used and g.removed == 0  # the lead-in "Theo Kế hoạch:" is not a claim
    assert g.text == ("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW. [1] "
                      "Mặt trận Tổ quốc và các đoàn thể vận động Nhân dân tham gia thực hiện Nghị quyết. [2]")


def test_citing_a_passage_that_was_not_given_is_caught(citations, llm):
    llm.script("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW [9].")
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.status == "ungrounded" and "trích nguyên văn" in g.note
    assert g.sentences[0].reason == "out_of_range" and g.sentences[0].detail == "9"


def test_a_bad_sentence_next_to_a_good_one_is_removed_and_counted(citations, llm):
    llm.script("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1]. "
               "Ban Tuyên giáo Huyện ủy báo cáo kết quả lên Tỉnh ủy [9].")
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert g.used and "[9]" not in g.text and g.removed == 1
    assert g.note == "Đã bỏ 1 câu không có căn cứ trong các đoạn trích."


def test_an_uncited_claim_is_caught(citations, llm):
    llm.script("Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Nghị quyết số 45-NQ/TW [1]. "
               "Kinh phí do ngân sách tỉnh bảo đảm. Việc tuyên truyền phải xong trong quý III.")
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.status == "ungrounded"
    assert [s.reason for s in g.sentences] == ["ok", "uncited", "uncited"]
    assert "(1/3 câu có căn cứ)" in g.note


@pytest.mark.parametrize("answer, reason", [
    ("Ban Tuyên giáo Huyện ủy không chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].", "negation"),
    ("Ban Tuyên giáo Huyện ủy chủ trì tổng kết Nghị quyết 45-NQ/TW vào năm 2025 [1].", "number"),
    ("Mặt trận Tổ quốc chủ trì tuyên truyền, phổ biến Nghị quyết số 45-NQ/TW [1].", "name"),
])
def test_an_answer_that_contradicts_its_passage_is_caught(citations, llm, answer, reason):
    llm.script(answer)
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.text == "" and g.sentences[0].reason == reason


def test_timeout_falls_back_with_the_note(citations, llm):
    llm.script(Reply(GOOD, delay=5))
    t0 = time.perf_counter()
    g = gen.generate(QUESTION, citations, llm_settings(llm, timeout=0.5))
    assert time.perf_counter() - t0 < 3
    assert not g.used and g.status == "timeout"
    assert g.note == "Mô hình tạo câu trả lời phản hồi quá chậm (quá 0,5 giây); hiển thị câu trả lời trích nguyên văn."


def test_http_500_falls_back(citations, llm):
    llm.script(Reply(status=500))
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.status == "http_error" and "(mã 500)" in g.note and len(llm.requests) == 1  # no retry


@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b'{"id": "x", "object": "chat.completion"}',
                                  b'{"choices": [{"message": {"role": "assistant", "content": 42}}]}'])
def test_garbage_falls_back(citations, llm, body):
    llm.script(Reply(body=body))
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.status in {"garbage", "empty"} and g.note.endswith("hiển thị câu trả lời trích nguyên văn.")


def test_nonsense_text_falls_back(citations, llm):
    llm.script("asdkj qwe zzz lorem ipsum [1].")
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert not g.used and g.status == "ungrounded"


def test_server_down_falls_back(citations):
    pytest.importorskip("langchain_openai")
    g = gen.generate(QUESTION, citations, llm_settings(llm_base_url=closed_port_url()))
    assert not g.used and g.status == "down"
    assert g.note == "Mô hình tạo câu trả lời không phản hồi; hiển thị câu trả lời trích nguyên văn."


def test_empty_reply_and_refusal_fall_back(citations, llm):
    llm.script("", REFUSAL)
    empty = gen.generate(QUESTION, citations, llm_settings(llm))
    refused = gen.generate(QUESTION, citations, llm_settings(llm))
    assert (empty.used, empty.status) == (False, "empty")
    assert (refused.used, refused.status) == (False, "refused") and "không tìm thấy" in refused.note


def test_unset_llm_makes_no_call(citations, idle_llm):
    idle_llm.script(GOOD)
    off = llm_settings(idle_llm, llm="")
    assert not gen.enabled(off) and gen.check_config(off) == ""
    g = gen.generate(QUESTION, citations, off)
    assert (g.used, g.status, g.note) == (False, "disabled", "")
    assert idle_llm.requests == []


def test_no_passages_or_bad_config_make_no_call(citations, idle_llm):
    assert gen.generate(QUESTION, [], llm_settings(idle_llm)).status == "no_passages"
    missing = llm_settings(idle_llm, llm_model="")
    assert gen.generate(QUESTION, citations, missing).status == "config"
    assert "HOI_LLM_MODEL" in gen.check_config(missing)
    assert gen.generate(QUESTION, citations, llm_settings(idle_llm, llm="gpt-magic")).status == "config"
    assert idle_llm.requests == []


def test_missing_client_library_falls_back_without_a_call(citations, idle_llm, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "langchain_openai", None)  # import now fails
    g = gen.generate(QUESTION, citations, llm_settings(idle_llm))
    assert (g.used, g.status) == (False, "config") and "langchain-openai" in g.note
    assert "langchain-openai" in gen.check_config(llm_settings(idle_llm))
    assert idle_llm.requests == []


def test_provider_aliases_and_base_url():
    assert gen.enabled(llm_settings(llm="ollama")) and gen.enabled(llm_settings(llm="vllm"))
    assert gen.base_url("http://localhost:11434") == "http://localhost:11434/v1"
    assert gen.base_url("http://localhost:8000/v1/") == "http://localhost:8000/v1"


async def test_async_generation(citations, llm):
    llm.script(GOOD)
    g = await gen.agenerate(QUESTION, citations, llm_settings(llm))
    assert g.used and g.text.startswith("Ban Tuyên giáo")


async def test_sync_generate_works_inside_a_running_loop(citations, llm):
    llm.script(GOOD)
    g = gen.generate(QUESTION, citations, llm_settings(llm))
    assert g.used


# -- streaming --------------------------------------------------------------------------------

BAD_TAIL = " Ban Tuyên giáo Huyện ủy không chủ trì việc sơ kết Nghị quyết [1]. Mặt trận báo cáo Tỉnh ủy [2]."


async def test_stream_yields_partials_and_validates_the_final(citations, llm):
    llm.script(Reply(GOOD + BAD_TAIL, chunk_delay=0.005))
    s = gen.stream(QUESTION, citations, llm_settings(llm))
    partials = [p async for p in s]
    assert len(partials) > 5
    assert partials[0] and all(len(a) <= len(b) + 80 for a, b in zip(partials, partials[1:]))
    assert llm.requests[0]["stream"] is True
    g = s.result
    assert g.used and g.status == "ok" and g.removed == 2
    assert "không chủ trì" not in g.text and "Tỉnh ủy" not in g.text
    assert partials[-1] == g.text


async def test_stream_without_tail_shows_only_checked_sentences(citations, llm):
    llm.script(Reply(GOOD + BAD_TAIL, chunk_delay=0.002))
    s = gen.stream(QUESTION, citations, llm_settings(llm), show_tail=False)
    partials = [p async for p in s]
    assert partials and all("không chủ trì" not in p and "Tỉnh ủy" not in p for p in partials)
    assert partials[0].startswith("Ban Tuyên giáo") and partials[0].endswith("[1]")
    assert s.result.used and partials[-1] == s.result.text


async def test_stream_timeout_falls_back(citations, llm):
    llm.script(Reply(GOOD, chunk_delay=0.2))
    s = gen.stream(QUESTION, citations, llm_settings(llm, timeout=0.6))
    t0 = time.perf_counter()
    partials = [p async for p in s]
    assert time.perf_counter() - t0 < 2.5
    assert partials  # something was shown before the deadline
    assert not s.result.used and s.result.status == "timeout" and "quá chậm" in s.result.note


async def test_stream_errors_fall_back(citations, llm):
    llm.script(Reply(status=500), Reply(body=b"data: {not json\n\n"))
    for expected in ("http_error", "garbage"):
        s = gen.stream(QUESTION, citations, llm_settings(llm))
        assert [p async for p in s] == []
        assert not s.result.used and s.result.status == expected


async def test_stream_with_llm_unset_makes_no_call(citations, idle_llm):
    s = gen.stream(QUESTION, citations, llm_settings(idle_llm, llm=""))
    assert [p async for p in s] == [] and s.result.status == "disabled" and idle_llm.requests == []


async def test_leaving_a_stream_early_stops_the_request(citations, llm):
    llm.script(Reply(GOOD, chunk_delay=0.05))
    s = gen.stream(QUESTION, citations, llm_settings(llm))
    agen = s.__aiter__()
    first = await agen.__anext__()
    await agen.aclose()
    assert first and s.result is None


# -- evaluation -------------------------------------------------------------------------------

def test_faithfulness_counts_sentences_before_filtering(citations):
    prompts = gen.load_prompts()
    a = gen.validate(GOOD, citations, prompts)  # 2 supported
    b = gen.validate(GOOD + BAD_TAIL, citations, prompts)  # 2 of 4 supported
    c = gen.validate("", citations, prompts)  # nothing said
    assert gen.faithfulness([a, b, c]) == pytest.approx(4 / 6)
    report = gen.faithfulness_report([a, b, c])
    assert report["sentences"] == 6 and report["used"] == 2
    assert report["unsupported_by_reason"] == {"negation": 1, "name": 1}
    assert gen.faithfulness([]) == 0.0
