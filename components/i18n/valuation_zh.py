"""Simplified Chinese text of the valuation part, key for key with `components.i18n.valuation_en`."""

from __future__ import annotations

VALUATION_ZH: dict[str, str] = {
    "val.aggregate": "全部评估单元的评估方式",
    "val.aggregate.sum": "各评估单元相加",
    "val.aggregate.summed_triangle": "汇总三角形进展",
    "val.aggregate.help": (
        "公司合计为各评估单元按各自假设评估后相加。汇总三角形进展会按各评估单元的规模混合其进展模式，"
        "得到另一个合计。该选择随评估一并保存。"
    ),
    "val.note.sum": "全部评估单元：{count} 个评估单元按各自假设评估后相加（可在侧边栏改为汇总三角形进展）。",
    "val.note.summed_triangle": (
        "全部评估单元：{count} 个评估单元汇总后的三角形，按此处设定的假设进展（可在侧边栏改为各评估单元相加）。"
    ),
    "val.applies": "在全部评估单元下设定的假设适用于 {count} 个评估单元（以及其汇总三角形）。",
    "val.several": "多种",
    "unc.summed_note": (
        "全部细分按 {count} 个细分之和评估，而各细分之间没有联合模型："
        "以下标准误、自助法和区间均针对汇总三角形，其最优估计与各细分之和不同。请选择某一细分查看其自身结果。"
    ),
    "meth.warnings": "各方法对本数据所作的处理：\n{lines}",
}
