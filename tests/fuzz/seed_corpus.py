"""Writes the seeds of the fuzz targets that come from the repository's own inputs: the monthly
returns the web tests upload (tests/web/make_returns.py, openpyxl), the CSV cases of
web_unit_test, the projects of the Kuiwen data set (deploy/seed) as update patches, and districtctl
command lines from the README. The page and resume tokens were made with the library's own
EncodePageToken and ResumeToken (tests/fuzz/README.md), not by this script. Run from anywhere
with Debian's python3 (openpyxl): existing files are overwritten, others kept.
Usage: /usr/bin/python3 tests/fuzz/seed_corpus.py"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

FUZZ = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(FUZZ))
CORPUS = os.path.join(FUZZ, "corpus")


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


# Returns as staff save them: the web tests' workbooks and CSV file.
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/web/make_returns.py"), tmp], check=True)
    for name in sorted(os.listdir(tmp)):
        with open(os.path.join(tmp, name), "rb") as f:
            data = f.read()
        write("xlsx" if name.endswith(".xlsx") else "csv", name, data)
        if name.endswith(".xlsx"):  # the sheet's XML, after the shared strings and a NUL
            with zipfile.ZipFile(os.path.join(tmp, name)) as z:
                members = z.namelist()
                shared = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in members else b""
                sheet = z.read("xl/worksheets/sheet1.xml")
            write("xlsx_sheet", name[: -len(".xlsx")] + ".xml", shared + b"\0" + sheet)

write("csv", "excel-csv-quotes.csv",
      "\ufeff楼宇编号,月份,来源\r\nB1,2020-03,\"楼宇月报, 3月\"\r\nB2,2020-04,\"say \"\"hi\"\"\"\r\n")
write("csv", "no-final-break.csv", "a,b\nc,d")
write("xlsx", "not-a-zip.xlsx", b"PK\x03\x04 not really a zip")
write("xlsx_sheet", "inline-strings.xml",
      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe9\xa1\xb9\xe7\x9b\xae\xe7\xbc\x96\xe5\x8f\xb7'
      b'</t></is></c><c r="B1" t="n"><v>43922</v></c></row><row><c><v>1.5</v></c></row>'
      b"</sheetData></worksheet>")

# Update patches: each project of the data set, with an empty mask, one naming fields, and one
# naming a field that may not be updated.
with open(os.path.join(ROOT, "deploy/seed/kuiwen-2020.json"), encoding="utf-8") as f:
    dataset = json.load(f)
masks = ["", "name,owner,plans", "id"]
for i, record in enumerate(dataset["projects"]):
    patch = json.dumps(record["project"], ensure_ascii=False)
    write("update_mask", f"{record['key']}.txt", masks[i % len(masks)] + "\n" + patch)
write("update_mask", "clear-land-area.txt", "land_area_mu,tags\n{}")

# districtctl arguments, one per line (README, "districtctl").
write("request_json", "date.txt", "2020-06-01")
write("request_json", "filters.txt", "leader=王书记\nstage=STAGE_UNDER_CONSTRUCTION\nyear=2020\noverdue_only=true")
write("request_json", "lead.txt",
      '{"name": "…", "investor": "…", "field": "FIELD_PLATFORM_ECONOMY"}')
write("request_json", "call.txt", '{"year": 2020}')
