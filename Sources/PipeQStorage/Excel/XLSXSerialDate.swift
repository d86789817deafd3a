import PipeQCore

/// Excel's date serial numbers as ISO text.
///
/// A serial counts days, the fraction being the time of day (rounded here to the nearest second).
/// In the 1900 date system serial 1 is 1900-01-01, but Excel (after Lotus 1-2-3) counts a
/// 1900-02-29 that never was as serial 60, so from serial 61 (1900-03-01) on day 0 is 1899-12-30; the
/// phantom day itself reads as 1900-02-28, as openpyxl and pandas read it. In the 1904 system
/// (`workbookPr date1904`, old Mac workbooks) serial 0 is 1904-01-01.
enum XLSXSerialDate {
    static let epoch1900 = CivilTime.days(year: 1899, month: 12, day: 30)
    static let epoch1904 = CivilTime.days(year: 1904, month: 1, day: 1)
    /// Serials outside this range make years outside 1…9999; such cells stay numbers.
    static let serialRange = -693_000.0...2_958_465.0

    /// Appends `serial` as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS` (see `XLSXDateKind`);
    /// false, appending nothing, when it is out of range.
    static func append(_ serial: Double, kind: XLSXDateKind, date1904: Bool, to out: inout [UInt8]) -> Bool {
        guard serialRange.contains(serial) else { return false }
        let totalSeconds = Int64((serial * 86_400).rounded())
        var day = CivilTime.floorDiv(totalSeconds, 86_400)
        let seconds = totalSeconds - day * 86_400
        if kind == .time && serial >= 0 && day == 0 {
            appendTime(seconds, to: &out)
            return true
        }
        if date1904 {
            day += Int64(epoch1904)
        } else {
            if serial > 0 && serial < 60 { day += 1 }
            day += Int64(epoch1900)
        }
        let (y, m, d) = CivilTime.civil(days: Int(day))
        guard y >= 1 && y <= 9999 else { return false }
        appendDigits(y, 4, to: &out)
        out.append(0x2D)
        appendDigits(m, 2, to: &out)
        out.append(0x2D)
        appendDigits(d, 2, to: &out)
        if kind == .date && seconds == 0 { return true }
        out.append(0x20)
        appendTime(seconds, to: &out)
        return true
    }

    private static func appendTime(_ seconds: Int64, to out: inout [UInt8]) {
        let s = Int(seconds)
        appendDigits(s / 3600, 2, to: &out)
        out.append(0x3A)
        appendDigits(s / 60 % 60, 2, to: &out)
        out.append(0x3A)
        appendDigits(s % 60, 2, to: &out)
    }

    @inline(__always)
    private static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(0x30 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }
}
