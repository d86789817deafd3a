#!/usr/bin/env python3
"""Writes the .xlsx fixtures of XLSXReaderTests into Tests/PipeQStorageTests/Fixtures/xlsx/.

The values written here are the tests' oracle: XLSXReaderTests expects exactly them. openpyxl
(`pip install openpyxl msoffcrypto-tool xlwt`) writes the workbooks; a few parts are then edited
by hand, each edit named below, for what openpyxl does not write itself:
  - openpyxl 3.1 writes every string inline (`t="inlineStr"`); pipeline.xlsx moves them into a
    shared-string table (`xl/sharedStrings.xml`), as Excel does, and there adds a phonetic run and
    the `_xHHHH_` escapes Excel writes;
  - openpyxl writes formulas without their cached result; the edits add the `<v>` Excel would;
  - pipeline.xlsx swaps the part names of its first two sheets, so a reader that assumes sheet N
    lives in sheetN.xml gets them wrong.
After writing, every workbook is read back with openpyxl, an independent reader, and the values
checked against what was meant to be written.

Usage: python3 scripts/make-xlsx-fixtures.py            (fixtures)
       python3 scripts/make-xlsx-fixtures.py --bench F   (a 100,000 x 8 sheet for timing, not committed)
"""
import datetime as dt
import io
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "PipeQStorageTests", "Fixtures", "xlsx")
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entry times, so reruns write identical files


def saved(wb):
    buffer = io.BytesIO()
    wb.properties.created = dt.datetime(2024, 1, 1)
    wb.properties.modified = dt.datetime(2024, 1, 1)
    wb.save(buffer)
    parts = read_parts(buffer.getvalue())
    # openpyxl stamps the save time into docProps/core.xml; fix it so reruns write identical files.
    core = parts["docProps/core.xml"].decode()
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>2024-01-01T00:00:00Z", core)
    parts["docProps/core.xml"] = core.encode()
    return parts


def read_parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


def set_cached(parts, sheet, ref, value, text=False):
    """Gives formula cell `ref` the cached result Excel would store (`t="str"` for text results)."""
    xml = parts[sheet].decode()
    pattern = re.compile(r'<c r="%s"([^>]*)><f>(.*?)</f><v\s*/>' % ref)
    found = pattern.search(xml)
    assert found, (sheet, ref)
    attrs = found.group(1) + (' t="str"' if text else "")
    xml = xml[:found.start()] + '<c r="%s"%s><f>%s</f><v>%s</v>' % (ref, attrs, found.group(2), value) + xml[found.end():]
    parts[sheet] = xml.encode()


def to_shared_strings(parts):
    """Moves every inline string of every sheet into one shared-string table, as Excel stores them."""
    items, index = [], {}

    def share(match):
        before, after, body = match.group(1), match.group(2), match.group(3)
        if body not in index:
            index[body] = len(items)
            items.append(body)
        return '<c %s%s t="s"><v>%d</v></c>' % (before, after, index[body])

    for name in list(parts):
        if name.startswith("xl/worksheets/"):
            xml = parts[name].decode()
            xml = re.sub(r'<c ([^>]*?) t="inlineStr"([^>]*)><is>(.*?)</is></c>', share, xml)
            parts[name] = xml.encode()
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sst = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">' % (
        ns, len(items), len(items))
    sst += "".join("<si>%s</si>" % body for body in items) + "</sst>"
    parts["xl/sharedStrings.xml"] = sst.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>",
                        '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace("</Types>",
                          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                          'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()


def edit(parts, name, old, new):
    text = parts[name].decode()
    assert old in text, (name, old)
    parts[name] = text.replace(old, new, 1).encode()


def swap_sheet_parts(parts, a, b):
    """Swaps the zip names of two sheet parts and their relationship targets."""
    parts[a], parts[b] = parts[b], parts[a]
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    short_a, short_b = a[len("xl/"):], b[len("xl/"):]
    rels = rels.replace('"/' + a + '"', '"@A@"').replace('"/' + b + '"', '"/' + a + '"').replace('"@A@"', '"/' + b + '"')
    rels = rels.replace('"' + short_a + '"', '"@A@"').replace('"' + short_b + '"', '"' + short_a + '"').replace('"@A@"', '"' + short_b + '"')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()


# --- pipeline.xlsx: two sheets of typed columns and strings, shared strings, an empty third sheet ----

def pipeline():
    wb = openpyxl.Workbook()
    deals = wb.active
    deals.title = "Deals"
    deals.append(["Deal ID", "Account", "Amount", "Close Date", "Created At", "Win Rate", "Price", "Won", "Total"])
    rows = [
        (1, "Acme, Inc.", 1250.5, dt.date(2024, 3, 15), dt.datetime(2024, 3, 1, 9, 30, 0), 0.25, 1200, True),
        (2, 'Quote "Q" Ltd', 300, dt.date(2024, 12, 31), dt.datetime(2024, 2, 29, 23, 59, 59), 0.5, 99, False),
        (3, "AT&T <Mobility>", 0.1, dt.date(2025, 1, 1), dt.datetime(2025, 1, 1, 0, 0, 0), 1, 5000, True),
    ]
    for k, row in enumerate(rows, start=2):
        deals.append(list(row) + ["=C%d*2" % k])
        deals.cell(k, 4).number_format = "mm-dd-yy"             # built-in format 14
        deals.cell(k, 5).number_format = "yyyy-mm-dd hh:mm:ss"  # a custom date-and-time format
        deals.cell(k, 6).number_format = "0.00%"                # built-in 10: a number, not a date
        deals.cell(k, 7).number_format = '"$"#,##0'             # custom, but a number
    reps = wb.create_sheet("Sales Reps")
    reps.append(["Rep", "Region", "Note"])
    reps.append(["Ana Lima", "West", CellRichText(["Top ", TextBlock(InlineFont(b=True), "seller")])])
    reps.append(["Bo Chen", "East", "Line1\nLine2"])
    reps.append(["Cy Diaz", "  North  ", "漢字"])
    reps.append(["Di Eve", "Tab\tRegion", "_x0041_ literal"])
    notes = wb.create_sheet("Notes")
    notes["B2"].number_format = "0.00"  # a formatted cell with no value: the sheet is still empty
    notes["B2"].value = None
    parts = saved(wb)
    for k, total in ((2, 2501), (3, 600), (4, 0.2)):
        set_cached(parts, "xl/worksheets/sheet1.xml", "I%d" % k, total)
    to_shared_strings(parts)
    sst = "xl/sharedStrings.xml"
    # Excel's escapes: a tab as _x0009_, and a literal "_x0041_" as _x005F_x0041_.
    edit(parts, sst, "Tab\tRegion", "Tab_x0009_Region")
    edit(parts, sst, "_x0041_ literal", "_x005F_x0041_ literal")
    # A phonetic guide (furigana) over 漢字: not part of the value.
    edit(parts, sst, "<t>漢字</t>", '<t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/>')
    swap_sheet_parts(parts, "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml")
    write_zip(os.path.join(OUT, "pipeline.xlsx"), parts)

    wb = openpyxl.load_workbook(os.path.join(OUT, "pipeline.xlsx"))
    assert wb.sheetnames == ["Deals", "Sales Reps", "Notes"]
    got = [[c.value for c in row] for row in wb["Deals"].iter_rows(min_row=2)]
    for row, want in zip(got, rows):
        assert row[:8] == [want[0], want[1], want[2], dt.datetime.combine(want[3], dt.time()), want[4], want[5], want[6], want[7]], row
    assert [[c.value for c in row] for row in wb["Sales Reps"].iter_rows(min_row=2)] == [
        ["Ana Lima", "West", "Top seller"], ["Bo Chen", "East", "Line1\nLine2"], ["Cy Diaz", "  North  ", "漢字"],
        ["Di Eve", "Tab_x0009_Region", "_x0041_ literal"]]  # openpyxl decodes only _x005F_ (ECMA-376 ST_Xstring: all)


# --- cells.xlsx: inline strings, rich text, sparse cells and rows, booleans, errors, formulas ----------

def cells():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cells"
    ws["A1"], ws["B1"], ws["C1"], ws["E1"] = "Name", "Flag", "Score", "Result"   # D1 left empty
    ws["A2"], ws["B2"], ws["C2"], ws["E2"] = "alpha", True, 1.5, "#N/A"           # E2: an error cell
    # row 3: no cells at all
    ws["A4"] = CellRichText([TextBlock(InlineFont(i=True), "x"), "y"])
    ws["B4"], ws["C4"], ws["E4"] = False, 0.1 + 0.2, '=A2&"!"'
    ws["A5"], ws["C5"], ws["F5"] = "R&D <team>", 2.0, "beyond"                   # F5: past the header
    ws["A6"], ws["C6"] = " spaced ", 1e-05
    ws["A10"], ws["C10"] = "big", 2.5e20
    for r in (11, 12, 13):  # formatted but empty: trailing empty rows
        ws.cell(r, 1).number_format = "0.00"
    single = wb.create_sheet("Single")  # one column, an empty row between its values
    single["A1"], single["A2"], single["A4"] = "Only", "x", "y"
    offset = wb.create_sheet("Offset")  # the table starts at B3: rows 1-2 dropped, column A kept empty
    offset["B3"], offset["C3"], offset["B4"], offset["C4"] = "Head", "Second", 1, 2
    parts = saved(wb)
    set_cached(parts, "xl/worksheets/sheet1.xml", "E4", "alpha!", text=True)
    # openpyxl writes floats to 15 digits ("0.3") and 2.0 as "2"; Excel writes 17 digits, other
    # writers "2.0": store those forms.
    edit(parts, "xl/worksheets/sheet1.xml", '<c r="C4" t="n"><v>0.3</v>', '<c r="C4" t="n"><v>0.30000000000000004</v>')
    edit(parts, "xl/worksheets/sheet1.xml", '<c r="C5" t="n"><v>2</v>', '<c r="C5" t="n"><v>2.0</v>')
    write_zip(os.path.join(OUT, "cells.xlsx"), parts)

    wb = openpyxl.load_workbook(os.path.join(OUT, "cells.xlsx"))
    ws = wb["Cells"]
    assert [ws["A2"].value, ws["B2"].value, ws["E2"].value, ws["B4"].value] == ["alpha", True, "#N/A", False]
    assert [ws["A4"].value, ws["A5"].value, ws["F5"].value, ws["C6"].value] == ["xy", "R&D <team>", "beyond", 1e-05]
    assert [ws["C4"].value, ws["C5"].value, ws["C10"].value] == [0.1 + 0.2, 2, 2.5e20]


# --- formats.xlsx: which number formats are dates ----------------------------------------------------

FORMATS = [
    # (label, value, number format, expected text)
    ("dmy", dt.date(2024, 7, 4), "dd/mm/yyyy", "2024-07-04"),
    ("us datetime", dt.datetime(2024, 7, 4, 15, 45), "m/d/yy h:mm AM/PM", "2024-07-04 15:45:00"),
    ("locale long", dt.date(2023, 11, 5), "[$-409]mmmm d, yyyy", "2023-11-05"),
    ("month year", dt.date(2024, 2, 1), "mmm-yy", "2024-02-01"),
    ("builtin 22", dt.datetime(2024, 1, 1, 0, 0), "m/d/yy h:mm", "2024-01-01 00:00:00"),
    ("date with time", dt.datetime(2024, 5, 6, 12, 0), "yyyy-mm-dd", "2024-05-06 12:00:00"),
    ("time", dt.time(13, 30), "h:mm", "13:30:00"),
    ("percent", 0.125, "0.00%", "0.125"),
    ("dollars", 1500, '"$"#,##0', "1500"),
    ("quoted days", 3.5, '#,##0.00 "days"', "3.5"),
    ("escaped d", 7, '0\\d', "7"),
    ("red", -2.5, "[Red]0.00", "-2.5"),
    ("general", 42, "General", "42"),
    ("serial 1", 1, "yyyy-mm-dd", "1900-01-01"),
    ("serial 59", 59, "yyyy-mm-dd", "1900-02-28"),
    ("serial 60", 60, "yyyy-mm-dd", "1900-02-28"),  # Excel's phantom 1900-02-29; openpyxl reads 02-28
    ("serial 61", 61, "yyyy-mm-dd", "1900-03-01"),
]


def formats():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Formats"
    ws.append(["Label", "Value"])
    for label, value, fmt, _ in FORMATS:
        ws.append([label, value])
        ws.cell(ws.max_row, 2).number_format = fmt
    parts = saved(wb)
    write_zip(os.path.join(OUT, "formats.xlsx"), parts)

    wb = openpyxl.load_workbook(os.path.join(OUT, "formats.xlsx"))
    for row, (label, value, fmt, text) in zip(wb["Formats"].iter_rows(min_row=2), FORMATS):
        got = row[1].value
        if isinstance(got, dt.datetime):
            shown = got.strftime("%Y-%m-%d") if text.count(":") == 0 else got.strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(got, dt.time):
            shown = got.strftime("%H:%M:%S")
        else:
            shown = repr(got)
        assert shown == text or repr(float(text)) == shown or text == shown.rstrip("0").rstrip("."), (label, shown, text)


# --- mac1904.xlsx: the 1904 date system --------------------------------------------------------------

def mac1904():
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["Day", "At"])
    ws.append([dt.date(2024, 1, 15), dt.datetime(2024, 1, 15, 8, 0, 0)])
    ws.append([dt.date(1904, 1, 1), dt.datetime(1904, 1, 2, 6, 0, 0)])
    for r in (2, 3):
        ws.cell(r, 1).number_format = "yyyy-mm-dd"
        ws.cell(r, 2).number_format = "yyyy-mm-dd hh:mm:ss"
    parts = saved(wb)
    assert b'date1904="1"' in parts["xl/workbook.xml"], parts["xl/workbook.xml"]
    write_zip(os.path.join(OUT, "mac1904.xlsx"), parts)
    wb = openpyxl.load_workbook(os.path.join(OUT, "mac1904.xlsx"))
    assert b"<v>0</v>" in parts["xl/worksheets/sheet1.xml"]  # 1904-01-01 is serial 0 (openpyxl reads it back as a time)
    assert wb["Mac"]["A2"].value == dt.datetime(2024, 1, 15) and wb["Mac"]["B3"].value == dt.datetime(1904, 1, 2, 6, 0)


# --- files that are not workbooks ---------------------------------------------------------------------

def broken():
    with open(os.path.join(OUT, "not-a-zip.xlsx"), "w") as f:
        f.write("Name,Amount\nAcme,100\n")  # a CSV file renamed
    with zipfile.ZipFile(os.path.join(OUT, "not-a-workbook.xlsx"), "w") as z:
        z.writestr(zipfile.ZipInfo("notes/readme.txt", FIXED_TIME), "just a zip\n")
    # A workbook whose second sheet's part is missing from the zip.
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    wb.active.append([1])
    wb.create_sheet("Lost").append(["b"])
    parts = saved(wb)
    del parts["xl/worksheets/sheet2.xml"]
    write_zip(os.path.join(OUT, "missing-part.xlsx"), parts)
    # A workbook whose sheet was changed after zipping (stored uncompressed, one digit altered), so
    # its CRC-32 no longer matches.
    wb = openpyxl.Workbook()
    wb.active.append(["n"])
    wb.active.append([12345])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in saved(wb).items():
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_STORED)
    data = buffer.getvalue()
    assert data.count(b"<v>12345</v>") == 1
    with open(os.path.join(OUT, "damaged.xlsx"), "wb") as f:
        f.write(data.replace(b"<v>12345</v>", b"<v>12346</v>"))
    # A workbook whose sheet XML stops inside a start tag.
    wb = openpyxl.Workbook()
    wb.active.append(["n"])
    wb.active.append([1])
    parts = saved(wb)
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[:sheet.index(b'<c r="A2"') + 6]
    write_zip(os.path.join(OUT, "malformed.xlsx"), parts)
    # An Excel 97-2003 workbook renamed to .xlsx.
    import xlwt
    book = xlwt.Workbook()
    book.add_sheet("Old").write(0, 0, "legacy")
    buffer = io.BytesIO()
    book.save(buffer)
    with open(os.path.join(OUT, "legacy-xls.xlsx"), "wb") as f:
        f.write(buffer.getvalue())
    # A password-protected workbook (password "secret"): Office wraps it in an OLE file. Its salt is
    # random, so this file differs on every run (the others are byte-identical).
    import msoffcrypto.format.ooxml
    plain = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "secret"
    wb.save(plain)
    plain.seek(0)
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", encrypted)
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as f:
        f.write(encrypted.getvalue())


def bench(path, rows=100_000):
    """100,000 rows x 8 columns: id, name, amount, date, datetime, percent, flag, stage."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Deals")
    ws.append(["Deal ID", "Account", "Amount", "Close Date", "Created At", "Win Rate", "Won", "Stage"])
    stages = ["Prospect", "Qualify", "Propose", "Negotiate", "Won", "Lost"]
    from openpyxl.cell import WriteOnlyCell
    base = dt.datetime(2020, 1, 1)
    for k in range(rows):
        d = WriteOnlyCell(ws, (base + dt.timedelta(days=k % 1500)).date())
        d.number_format = "yyyy-mm-dd"
        t = WriteOnlyCell(ws, base + dt.timedelta(minutes=k * 7))
        t.number_format = "yyyy-mm-dd hh:mm:ss"
        p = WriteOnlyCell(ws, (k % 100) / 100)
        p.number_format = "0%"
        ws.append([k + 1, "Account %d" % (k % 5000), round(1000 + k * 1.37, 2), d, t, p, k % 3 == 0, stages[k % 6]])
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = read_parts(buffer.getvalue())
    to_shared_strings(parts)  # as Excel stores strings
    write_zip(path, parts)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(sys.argv[2])
    else:
        os.makedirs(OUT, exist_ok=True)
        pipeline()
        cells()
        formats()
        mac1904()
        broken()
        print("wrote", sorted(os.listdir(OUT)))
