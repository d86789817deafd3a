"""Writes Tests/PipeQGoldenTests/Data/excel-crm/pipeline.xlsx: a CRM export saved from Excel, with an Opportunities
sheet (dates as serial numbers with date formats, amounts with a currency format) and a Stage History sheet
(datetimes). The values here are the oracle of import-excel.test. Needs openpyxl (pip install openpyxl)."""
import datetime as dt
import os

import openpyxl

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "PipeQGoldenTests", "Data", "excel-crm", "pipeline.xlsx")

wb = openpyxl.Workbook()
opps = wb.active
opps.title = "Opportunities"
opps.append(["Opportunity ID", "Opportunity Name", "Owner", "Stage", "Amount", "Created Date", "Close Date"])
rows = [
    (101, "Acme expansion", "Ana Ruiz", "Closed Won", 12000.5, dt.date(2024, 1, 8), dt.date(2024, 3, 1)),
    (102, "Globex pilot", "Li Wei", "Negotiation", 4500, dt.date(2024, 2, 1), dt.date(2024, 7, 31)),
    (103, "Initech renewal", "Ana Ruiz", "Prospecting", 800, dt.date(2024, 4, 15), dt.date(2024, 9, 30)),
]
for r in rows:
    opps.append(list(r))
for row in opps.iter_rows(min_row=2):
    row[4].number_format = '"$"#,##0.00'
    row[5].number_format = "m/d/yyyy"
    row[6].number_format = "dd.mm.yyyy"
history = wb.create_sheet("Stage History")
history.append(["Opportunity ID", "Stage", "Entered"])
for r in [
    (101, "Prospecting", dt.datetime(2024, 1, 8, 9, 0)),
    (101, "Negotiation", dt.datetime(2024, 2, 7, 9, 0)),
    (101, "Closed Won", dt.datetime(2024, 3, 1, 12, 0)),
    (102, "Prospecting", dt.datetime(2024, 2, 1, 0, 0)),
    (102, "Negotiation", dt.datetime(2024, 3, 2, 0, 0)),
    (103, "Prospecting", dt.datetime(2024, 4, 15, 0, 0)),
]:
    history.append(list(r))
for row in history.iter_rows(min_row=2):
    row[2].number_format = "yyyy-mm-dd hh:mm"
wb.save(OUT)
