"""Writes the monthly returns the import tests upload, as staff would save them from Excel:
investment returns as .xlsx (one with bad cells, one naming a project that does not exist, one
good) and a building return as CSV UTF-8 with a byte-order mark.
Usage: make_returns.py DIR"""
import datetime
import os
import sys

import openpyxl

out = sys.argv[1]
header = ["项目编号", "项目名称", "月份", "本月完成投资（万元）", "说明"]


def workbook(name, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "投资月报"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(os.path.join(out, name))


good = [
    ["P00000002", "安全产业区域总部项目", "2020-04", 3000, "一季度后首报"],
    ["P00000002", "安全产业区域总部项目", datetime.date(2020, 5, 1), 1500.5, None],
    ["P00000003", "大拖片区·城市综合体", "2020年4月", "2,000", None],
]
workbook("investment-bad-cells.xlsx", good[:2] + [["P00000003", "大拖片区", "四月", "两千", None]])
workbook("investment-no-project.xlsx", good + [["P00000099", "不存在的项目", "2020-04", 10, None]])
workbook("investment-good.xlsx", good)

with open(os.path.join(out, "buildings.csv"), "w", encoding="utf-8-sig", newline="") as f:
    f.write("楼宇编号,月份,税收(万元),入驻率(%),入驻企业数,从业人员数,来源\r\n")
    f.write('B00000001,2020-03,6000,95,12,800,"楼宇月报, 2020年3月"\r\n')
