#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files whose line breaks are lone carriage returns (classic Mac OS, and Excel's "CSV (Macintosh)"): no line
/// feed anywhere, and a CR outside quotes with more text after it. The reader splits rows on line feeds only
/// (a CRLF's CR is dropped with it), so such a file is copied with those CRs turned into line feeds first; CRs
/// inside quoted fields stay as written. LF and CRLF files pay one `memchr` that stops at the first line's end.
enum CSVLineEndings {
    /// True when `buffer` from `start` breaks its lines with lone CRs.
    static func isCROnly(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard start < buffer.count, let base = buffer.baseAddress else { return false }
        if memchr(base + start, Int32(CSVReader.lf), buffer.count - start) != nil { return false }
        var inQuotes = false
        var i = start
        while i < buffer.count {
            let c = buffer[i]
            if c == CSVReader.quote {
                inQuotes.toggle()
            } else if c == CSVReader.cr && !inQuotes {
                // More than line breaks after it: a second line, not just a trailing CR.
                return buffer[(i + 1)...].contains { $0 != CSVReader.cr }
            }
            i += 1
        }
        return false
    }

    /// A copy of `buffer` with every CR outside quotes turned into a line feed.
    static func translatingCRToLF(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = Array(buffer)
        var inQuotes = false
        for i in out.indices {
            let c = out[i]
            if c == CSVReader.quote {
                inQuotes.toggle()
            } else if c == CSVReader.cr && !inQuotes {
                out[i] = CSVReader.lf
            }
        }
        return out
    }

    /// The load note for such a file.
    static func note(file: String) -> String {
        "\(file): line breaks are carriage returns only (classic Mac/Excel); each CR read as a line break"
    }
}
