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
}
