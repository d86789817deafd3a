import Foundation
import PipeQCore
import Testing

@testable import PipeQStorage

/// The hand-written exports under Fixtures/locale/, loaded as `pipeq FILE` loads them; every expected value
/// is worked out by hand from the fixture text in the comments.
@Suite struct LocaleFixtureTests {
    /// A Salesforce report export: quoted fields, M/D/YYYY dates, 12-hour datetimes, `10%`, a `""` amount,
    /// `Amount Currency` beside `Amount`, and a 8-line footer after the data (lines 6–13).
    @Test func salesforceReport() throws {
        let (table, notes) = try loadTyped(try localeFixture("salesforce_report.csv"))
        #expect(table.rowCount == 4)
        // "12,500.00", "8,000.00", "" (null), "1,200.50"
        #expect(columnCells(table, "amount") == ["12500.0", "8000.0", nil, "1200.5"])
        #expect(table.field(named: "amount")?.type == .double)
        // 10% 90% 100% 0% → fractions
        #expect(columnCells(table, "probability") == ["0.1", "0.9", "1.0", "0.0"])
        // 1/13/2025 is month first (13 cannot be a month), so 2/28/2025 is Feb 28 and 3/1/2025 is March 1.
        #expect(columnCells(table, "close_date") == ["2025-01-13", "2025-02-28", "2025-03-01", "2025-03-15"])
        // 1/20/2025 decides month first; 12/2/2024 9:15 AM is December 2nd; 2:30 PM is 14:30; 12:00 PM is noon.
        #expect(
            columnCells(table, "created_date") == [
                "2024-12-02 09:15:00", "2025-01-05 14:30:00",
                "2025-01-20 11:05:00", "2025-02-01 12:00:00",
            ])
        #expect(columnCells(table, "amount_currency") == ["USD", "USD", "USD", "USD"])
        #expect(
            notes.contains(
                "salesforce_report.csv: skipped 8 footer lines after the data (lines 6–13: \"Opportunity Pipeline\", \"Copyright (c) 2000-2024 …\", \"Confidential Information …\", …)"
            ))
        #expect(
            notes.contains(
                "salesforce_report: close_date read as M/D/YYYY dates (1/13/2025 in row 1 decides month first)"))
        #expect(
            notes.contains(
                "salesforce_report: created_date read as M/D/YYYY datetimes (1/20/2025 11:05 AM in row 3 decides month first)"
            ))
        #expect(notes.contains("salesforce_report: probability read as percentages (10% in row 1 → 0.1)"))
        #expect(notes.contains("salesforce_report: amount read as numbers (\"\" in row 3 read as null)"))
    }

    /// A `;` file as German Excel writes it: `12.500,50`, `1.250` (thousands), D.M.YYYY, `5,5 %`, `1 234,5`, `99,90 €`.
    @Test func europeanSemicolonFile() throws {
        let (table, notes) = try loadTyped(try localeFixture("european.csv"))
        // 12.500,50 → 12500.5; 1.250 → 1250 (dot groups thousands: a ;-file's comma is the decimal); 980,00 → 980
        #expect(columnCells(table, "betrag") == ["12500.5", "1250.0", "980.0"])
        #expect(columnCells(table, "datum") == ["2024-03-05", "2024-02-28", "2023-12-01"])
        // 10% → 0.1; 5,5 % → 0.055; 0% → 0
        #expect(columnCells(table, "rabatt") == ["0.1", "0.055", "0.0"])
        // 1 234,5 → 1234.5; 2,25 → 2.25; 10 → 10
        #expect(columnCells(table, "menge") == ["1234.5", "2.25", "10.0"])
        // 1.200,00 € → 1200; 99,90 € → 99.9; 5 € → 5
        #expect(columnCells(table, "preis") == ["1200.0", "99.9", "5.0"])
        #expect(
            notes.contains {
                $0.hasPrefix("european: betrag read as numbers with a decimal comma (12.500,50 in row 1 → 12500.5")
            })
        #expect(notes.contains("european: datum read as D.M.YYYY dates (05.03.2024 in row 1 → 2024-03-05)"))
        #expect(
            notes.contains {
                $0.hasPrefix("european: preis read as money with a decimal comma (1.200,00 € in row 1 → 1200.0")
            })
    }

    /// Written by: python3 -c 'open("windows1252.csv","wb").write("name,city,amount\nRené Dupont,Genève,€1200\nZoë Smith,Köln,€80\n".encode("cp1252"))'
    /// é is 0xE9 (line 2, the 4th character of "René"); € is 0x80.
    @Test func windows1252File() throws {
        let (table, notes) = try loadTyped(try localeFixture("windows1252.csv"))
        #expect(columnCells(table, "name") == ["René Dupont", "Zoë Smith"])
        #expect(columnCells(table, "city") == ["Genève", "Köln"])
        #expect(columnCells(table, "amount") == ["1200.0", "80.0"])
        #expect(notes == ["windows1252.csv: read as Windows-1252 (not UTF-8: byte 0xE9 at line 2, column 4)"])
    }

    /// Every date reads either way and no other column decides: text, with the fix in the note and the reason.
    @Test func ambiguousDatesStayText() throws {
        let (table, notes) = try loadTyped(try localeFixture("ambiguous_dates.csv"))
        #expect(table.field(named: "signed_on")?.type == .string)
        #expect(table.field(named: "renewal_on")?.type == .string)
        #expect(
            notes.contains(
                "ambiguous_dates: signed_on stays text because its dates read as M/D/YYYY or D/M/YYYY and no value decides which (e.g. 3/4/2025 in row 1); load with --date-format %m/%d/%Y or %d/%m/%Y"
            ))
        #expect(
            table.field(named: "signed_on")?.info.textReason?.contains("--date-format %m/%d/%Y or %d/%m/%Y") == true)
        // With the format given, 3/4/2025 is March 4th.
        let (fixed, _) = try loadTyped(
            try localeFixture("ambiguous_dates.csv"),
            options: .init(valueFormat: ValueFormatOptions(dateFormat: "%m/%d/%Y")))
        #expect(columnCells(fixed, "signed_on") == ["2025-03-04", "2025-01-02"])
        #expect(columnCells(fixed, "renewal_on") == ["2025-05-06", "2025-07-08"])
    }

    /// `closed` decides day first (13/4/2025); `created` cannot decide alone and borrows it; `mixed` holds
    /// both orders (1/13/2025 month first, 13/1/2025 day first) and stays text.
    @Test func dateOrderLentByAnotherColumn() throws {
        let (table, notes) = try loadTyped(try localeFixture("lent_order.csv"))
        #expect(columnCells(table, "closed") == ["2025-04-13", "2025-06-20"])
        #expect(columnCells(table, "created") == ["2025-04-03", "2025-06-05"])
        #expect(table.field(named: "mixed")?.type == .string)
        #expect(
            notes.contains(
                "lent_order: created read as D/M/YYYY dates (no value decides the order alone; read like closed)"))
        #expect(
            notes.contains {
                $0.hasPrefix(
                    "lent_order: mixed stays text because 1/13/2025 (row 1) is month first but 13/1/2025 (row 2) is day first"
                )
            })
    }
}
