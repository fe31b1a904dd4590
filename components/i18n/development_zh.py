"""Simplified Chinese text of the development part, key for key with `components.i18n.development_en`."""

from __future__ import annotations

DEVELOPMENT_ZH: dict[str, str] = {
    "dev.chart": "各进展期的个别进展因子",
    "dev.chart.caption": "每个事故期间一个点（悬停可见其名称）；红色叉号为已排除、不参与任何平均值的因子。",
    "dev.chart.y": "进展因子",
    "dev.chart.kept": "个别进展因子",
    "dev.chart.left_out": "已排除",
    "dev.chart.selected": "选定进展因子",
    "dev.chart.volume": "加权平均（按赔款量），全部期间",
    "dev.chart.simple": "简单平均，全部期间",
    "dev.chart.chosen": "所选平均：{average}，{periods}",
    "dev.chart.periods_all": "全部期间",
    "dev.chart.periods_latest": "最近 {n} 期",
    "dev.chart.dropped": "剔除最高 {high} 个和最低 {low} 个",
    "grid.compact": "紧凑视图",
    "grid.compact_help": (
        "窄列、小字号、进展因子保留 3 位小数并显示全部行，使大三角形可在一屏内显示。CSV 下载保留全部位数。"
    ),
    "meth.benktander_steps": "BF 之后的 Benktander 迭代步数（1 = Benktander 法，0 = B-F 法）",
    "meth.benktander_steps_help": (
        "每一步都对上一步的最终赔款再用一次 B-F 法，使其向链梯法靠拢：0 即 B-F 法的结果，1 即 Benktander 法。"
    ),
    "meth.clark_form": "Clark 形式",
    "meth.clark_form.ldf": "LDF 形式",
    "meth.clark_form.cape_cod": "Cape Cod 形式（需要保费）",
    "meth.clark_form.by_data": "按第 2 版之前的保存方式：有保费时用 Cape Cod 形式，否则用 LDF 形式",
    "meth.clark_form_help": (
        "LDF 形式：最终赔款 = 最新赔款 / 增长曲线。"
        "Cape Cod 形式：准备金 = 预期赔付率 × 保费 × 尚未发生的进展；需要保费。"
    ),
    "meth.clark_truncation": "Clark 增长曲线截断于（月）；留空 = 不截断",
    "meth.clark_truncation_none": "不截断",
    "meth.clark_truncation_help": (
        "超过此进展月数的进展不再预测；须晚于三角形的最后一个进展期。留空则预测至无穷进展期，即 Clark 未截断的方法。"
    ),
    "tail.factor_help": "须大于 0。小于 1 的尾部因子表示尚待收回的残值和代位追偿（赔款会下降）。",
}
