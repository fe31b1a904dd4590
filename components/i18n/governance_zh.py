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
}
