"""Simplified Chinese text of the governance part, key for key with `components.i18n.governance_en`."""

from __future__ import annotations

GOVERNANCE_ZH: dict[str, str] = {
    "gov.val.acting_on": "以下按钮作用于**评估 {id}，版本 {version}**。",
    "gov.val.done.submit": "评估 {id} 版本 {version} 已提交审批。",
    "gov.val.done.approve": "评估 {id} 版本 {version} 已批准并锁定。",
    "gov.val.done.return": "评估 {id} 版本 {version} 已退回编制人。",
    "gov.val.done.new_version": "已由已批准的评估 {parent} 版本 {parent_version} "
    "创建评估 {id} 版本 {version}，为可编辑的草稿。",
    "gov.val.opened": "已打开评估 {id} 版本 {version}：其数据集和假设已成为分析页面的当前内容。",
    "gov.val.stale": "评估 {id} 版本 {version} 在本页显示后已被更改（其他用户操作过）：请重新查看后再执行操作。",
    "gov.exp.title": "评估 {id}，版本 {version} 的导出文件",
    "gov.exp.files": "文件：{files}",
    "gov.cmp.total.ultimate": "最终赔款合计，评估 {b}（较评估 {a} 的变动）",
    "gov.cmp.total.ibnr": "IBNR 合计，评估 {b}（较评估 {a} 的变动）",
    "gov.cmp.total_of_a": "评估 {id}：{value}",
    "gov.cmp.by_origin": "按事故年的最终赔款与 IBNR",
    "gov.cmp.chart_field": "图表",
    "gov.cmp.field.ultimate": "最终赔款",
    "gov.cmp.field.ibnr": "IBNR 准备金",
    "gov.cmp.by_name": "各项按其名称而非位置列出：`methods[clark]` 即 Clark 方法，`segments[line=motor]` 即该评估单元，"
    "`selection.by_origin[1990]` 即该事故年的选择。",
    "col.ultimate_a": "最终赔款 A",
    "col.ultimate_b": "最终赔款 B",
    "col.ultimate_change": "最终赔款变动（B - A）",
    "col.ibnr_a": "评估 A 的 IBNR",
    "col.ibnr_b": "评估 B 的 IBNR",
    "col.ibnr_change": "IBNR 变动（B - A）",
    "chg.prior_data.valuation": "已保存的评估",
    "gov.prior.valuation": "上期评估",
    "gov.prior.valuation_label": "评估 {id} v{version}（{status}），评估日 {date}，编制人 {by}",
    "gov.prior.uses": "上期为评估 {id} 版本 {version}（评估日 {date}）：使用其保存的数据及其自身的假设。",
    "gov.prior.sum_differs": "评估 {id} 版本 {version} 汇总了 {count} 个假设不同的评估单元，"
    "无法作为每个评估单元的上期：请在侧边栏选择一个评估单元，并选择该评估单元的评估。",
    "gov.prior.kind": "上期",
    "gov.prior.kind.date": "数据中的某个评估日",
    "gov.prior.kind.valuation": "已保存的评估",
    "gov.prior.booked": "评估 {id} 版本 {version} 于 {date} 计提的 IBNR 为 {ibnr}。",
    # 总览中相对已保存评估计提 IBNR 的变动
    "ov.ibnr_booked": "评估 {id} v{version} 计提的 IBNR",
    "ov.saved.against": "变动相对于评估 {id} 版本 {version}（{status}，评估日 {date}）：即其计提的 IBNR（保存的结果），"
    "而非用当前数据和假设重建。下方的实际与预期及偏差标记按 {date} 重建。",
    "ov.saved.no_segments": "评估 {id} 版本 {version} 将全部评估单元作为一个汇总三角形评估，未按评估单元计提 IBNR："
    "只有合计相对其变动。",
    "ov.saved.segments_differ": "评估 {id} 版本 {version} 的评估单元与当前范围不同（评估中没有：{missing}；"
    "仅评估中有：{extra}），因此只列出两者共有的评估单元的变动，不给出合计变动。",
    "ov.saved.was_sum": "评估 {id} 版本 {version} 将各评估单元按其自身假设分别评估后相加；"
    "全部评估单元现按汇总三角形评估，因此变动包含这一口径变化。",
}
