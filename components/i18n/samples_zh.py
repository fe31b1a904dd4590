"""Chinese title, description and source of each bundled sample, by sample id.

The domain package keeps the English metadata (`reserving.samples.SampleInfo`); the text a
Chinese-speaking user reads lives here, in the Streamlit layer, next to the other catalogues.
Authors, data sets and programs keep their own names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleText:
    """Title, description and source of a bundled sample in one language."""

    title: str
    description: str
    source: str


SAMPLES_ZH: dict[str, SampleText] = {
    "raa": SampleText(
        "RAA（Mack 1994）",
        "美国再保险协会（RAA）已报案赔款，事故年 1981-1990，10×10 三角形。",
        "chainladder 示例数据 “raa”；Mack（1993、1994），R 包 ChainLadder 的 RAA 数据。",
    ),
    "genins": SampleText(
        "Taylor-Ashe（GenIns）",
        "一般保险累计已决赔款，10 个事故年 × 10 个进展年。",
        "chainladder 示例数据 “genins”；Taylor 与 Ashe（1983），Mack（1993），R 包 ChainLadder 的 GenIns 数据。",
    ),
    "clrd": SampleText(
        "CAS 附表 P 公司数据，评估日 2007-12-31",
        "九组美国公司 × 业务线，事故年 1998-2007，截至 2007-12-31：净已决赔款、已报案赔款（已报案减去整体 IBNR）"
        "与净已赚保费。",
        "chainladder 示例数据 “clrd2025”（CAS 准备金数据库，NAIC 附表 P，Meyers 与 Shi）。",
    ),
    "clrd_runoff": SampleText(
        "CAS 附表 P 公司数据，实际赔付至 2016 年",
        "与 “clrd” 相同的公司和业务线，但为完整的 10×10 数据（评估至 2016 年），用于检验 2007 年的估计与实际结果。",
        "chainladder 示例数据 “clrd2025”（CAS 准备金数据库，NAIC 附表 P，Meyers 与 Shi）。",
    ),
    "xyz": SampleText(
        "Friedland XYZ 机动车人身伤害",
        "XYZ 保险公司机动车人身伤害险，事故年 1998-2008：已决赔款、已报案赔款、未决赔款、"
        "报案件数与结案件数、已赚保费。",
        "chainladder 示例数据 “friedland_xyz_auto_bi”；Friedland，《用基础方法估计未付赔款》（CAS 2010），第 6-12 章。",
    ),
    "china": SampleText(
        "中国市场（模拟），评估日 2024-12-31",
        "模拟公司：3 家分公司 × 3 条业务线（车险、企财险、责任险），事故季度 2019Q1-2024Q4，已决赔款、已报案赔款、"
        "未决赔款、赔案件数、已赚保费（万元）。",
        "由 data/make_china_market.py 生成（固定随机种子）；见 data/README.md。",
    ),
    "china_prior": SampleText(
        "中国市场（模拟），2023-12-31 报告时数据",
        "“china” 在 2023-12-31 最初报告时的快照，部分单元格尚未重述；用作变动分析的上期评估。",
        "由 data/make_china_market.py 生成（固定随机种子）；见 data/README.md。",
    ),
    "mcl": SampleText(
        "Munich 链梯法（Quarg-Mack）",
        "已决与已报案赔款三角形，事故年 2001-2007，用于 Munich 链梯法。",
        "chainladder 示例数据 “mcl”；Quarg 与 Mack（2004），R 包 ChainLadder 的 MCLpaid/MCLincurred 数据。",
    ),
    "quarterly": SampleText(
        "季度进展数据",
        "已决与已报案赔款，事故年 1995-2006，按季度进展。",
        "chainladder 示例数据 “quarterly”。",
    ),
}
"""Chinese metadata by sample id; a sample missing here shows its English metadata."""
