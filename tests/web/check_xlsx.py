"""Reads the web service's and districtctl's Excel exports back with openpyxl, an independent
reader: sheet names, Chinese headers, row counts, and real numbers where amounts are.
Usage: check_xlsx.py PROJECTS.xlsx LEADS.xlsx OVERVIEW.xlsx BULLETIN.xlsx BULLETIN_CTL.xlsx"""
import sys

import openpyxl


def rows(path, sheet):
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [sheet], f"{path}: sheets {wb.sheetnames}, want [{sheet}]"
    return list(wb[sheet].iter_rows(values_only=True))


projects = rows(sys.argv[1], "重点项目")
header = projects[0]
assert header[:3] == ("编号", "项目名称", "建设单位"), header
assert len(projects) == 5, f"4 projects and a header, got {len(projects)} rows"
linde = next(r for r in projects if r[1] == "林德液压精密智驱动系列产品项目")
total = header.index("总投资(万元)")
land = header.index("用地(亩)")
assert linde[total] == 100000 and isinstance(linde[total], (int, float)), linde
assert linde[land] == 240, linde
safety = next(r for r in projects if r[1] == "安全产业区域总部项目")
assert safety[land] is None, f"an unknown land area is an empty cell, not 0: {safety}"

leads = rows(sys.argv[2], "招商项目")
assert len(leads) == 5, f"4 leads and a header, got {len(leads)} rows"
investors = sorted(r[leads[0].index("投资方")] for r in leads[1:])
assert investors == sorted(["苏宁易购", "招商蛇口", "猪八戒网", "北京凡喜"]), investors
intended = leads[0].index("意向投资(万元)")
assert all(r[intended] is None for r in leads[1:]), "unknown intended investments are empty cells"
tier = leads[0].index("梯次")
assert all(r[tier] == "即签约" for r in leads[1:]), "enums are Chinese labels"
overview = openpyxl.load_workbook(sys.argv[3])
assert overview.sheetnames == ["目标", "项目阶段", "行业分布", "层级分布", "招商梯次", "园区税收"], overview.sheetnames
targets = list(overview["目标"].iter_rows(values_only=True))
assert targets[0] == ("目标", "单位", "目标值", "完成", "完成率", "状态"), targets[0]
by_name = {r[0]: r for r in targets[1:]}
land = next(r for n, r in by_name.items() if n.startswith("拿地即开工"))
assert land[3] is None and land[5] == "暂无数据", f"a target with nothing reported: {land}"
first = next(r for n, r in by_name.items() if n.startswith("年度重点项目开工"))
assert first[2] == 115 and isinstance(first[3], (int, float)), first
stages = {r[0]: r for r in overview["项目阶段"].iter_rows(min_row=2, values_only=True)}
assert stages["谋划"][1] == 3 and stages["在建"][2] == 100000, stages
tiers = list(overview["招商梯次"].iter_rows(min_row=2, values_only=True))
assert tiers == [("即签约", 4, None, 4)], tiers

# The monthly bulletin of June 2020, from the page and from districtctl: the same workbook.
for path in sys.argv[4:6]:
    bulletin = openpyxl.load_workbook(path)
    assert bulletin.sheetnames == ["概要", "拿地即开工", "红灯项目", "项目排名", "单位排名", "领导排名", "新开工"], \
        bulletin.sheetnames
    summary = list(bulletin["概要"].iter_rows(values_only=True))
    assert summary == [("绿灯", "黄灯", "红灯", "无计划"), (0, 2, 1, 1)], summary
    red = list(bulletin["红灯项目"].iter_rows(values_only=True))
    assert len(red) == 2 and red[1][0] == "大拖片区·城市综合体" and "逾期 61 天" in red[1][3], red
    ranked = list(bulletin["项目排名"].iter_rows(values_only=True))
    status = ranked[0].index("状态")
    assert all(r[status] in ("红灯", "黄灯", "绿灯", "无计划") for r in ranked[1:]), ranked
    planned = ranked[0].index("计划投资(万元)")
    assert all(isinstance(r[planned], (int, float)) for r in ranked[1:]), ranked
    units = list(bulletin["单位排名"].iter_rows(values_only=True))
    assert len(units) >= 2 and units[0][0] == "名称", units
print("ok   exports read back by openpyxl: 重点项目 (4 rows), 招商项目 (4 rows), 驾驶舱 (6 sheets), 月通报 (7 sheets, twice)")
