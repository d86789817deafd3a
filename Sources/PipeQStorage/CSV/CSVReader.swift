import CPlatform
import PipeQCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One field of the current row, as a byte range into the buffer being read.
struct CSVField {
    /// First content byte (after the opening quote when quoted).
    var start: Int
    /// One past the last content byte (before the closing quote when quoted).
    var end: Int
    /// The field was written in quotes (so `""` is an empty string, not a null).
    var quoted: Bool
    /// The content holds doubled quotes (`""`) that must be collapsed before use.
    var escaped: Bool
}

/// A structural problem found while reading, as byte offsets; `CSVErrors` turns it into a `Diagnostic`.
enum CSVFailure: Error {
    /// A quoted field with no closing quote; the offset is the opening quote.
    case unterminatedQuote(openedAt: Int)
    /// Something other than a delimiter or line end right after a closing quote.
    case textAfterQuote(at: Int)
    /// A row whose field count differs from the header's. `at` is the first extra field or the row's end.
    case fieldCount(found: Int, expected: Int, at: Int, blankLine: Bool)
    /// Invalid UTF-8 at the offset.
    case invalidUTF8(at: Int)
    /// A NUL byte at the offset.
    case nulByte(at: Int)
}

/// RFC 4180 row reader over raw bytes: quoted fields, doubled quotes, delimiters and line breaks
/// inside quotes, LF and CRLF (mixed freely), no final newline, trailing blank lines ignored.
///
/// It only finds field boundaries; it never copies or decodes field bytes. A `"` inside an
/// unquoted field is kept literally (common in real exports, e.g. `37°36'37.8"N`). A lone CR
/// that is not followed by LF is data, except right before the end of the file.
struct CSVReader {
    private let base: UnsafePointer<UInt8>
    /// End of the range this reader may read (a chunk end or the file end).
    private let end: Int
    /// End of the whole file; bytes after `end` are only looked at to decide "trailing blank lines".
    private let fileEnd: Int
    private let delimiter: UInt8
    /// Offset of the next unread byte.
    private(set) var position: Int
    /// Offset where the last row returned starts.
    private(set) var rowStart: Int = 0
    /// The 64-byte block `nextDelimiterOrLineFeed` classified last (offset, a multiple of 64), and its bits.
    private var blockStart = -64
    private var blockMask: UInt64 = 0

    static let quote: UInt8 = 0x22
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    /// - Parameters:
    ///   - buffer: the whole file.
    ///   - range: the part to read; must start at a row boundary.
    init(buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, delimiter: UInt8) {
        self.base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.end = range.upperBound
        self.fileEnd = buffer.count
        self.delimiter = delimiter
        self.position = range.lowerBound
    }

    /// True when everything from `offset` to the end of the file is CR/LF.
    private func onlyLineBreaksRemain(from offset: Int) -> Bool {
        var p = offset
        while p < fileEnd {
            let c = base[p]
            if c != Self.lf && c != Self.cr { return false }
            p += 1
        }
        return true
    }

    /// Reads the next row. Fields beyond `capacity` are counted but not stored.
    /// - Returns: the number of fields in the row, or nil at the end of the input.
    /// - Throws: `.unterminatedQuote` or `.textAfterQuote`. The first extra field's offset (when the
    ///   row has more than `capacity` fields) is written to `firstExtra`, the row end to `rowEnd`.
    @inline(__always)
    mutating func nextRow(
        into fields: UnsafeMutablePointer<CSVField>, capacity: Int,
        firstExtra: inout Int, rowEnd: inout Int
    ) throws(CSVFailure) -> Int? {
        var p = position
        guard p < end else { return nil }
        let first = base[p]
        if (first == Self.lf || first == Self.cr) && onlyLineBreaksRemain(from: p) {
            position = end
            return nil
        }
        rowStart = p
        let delimiter = self.delimiter
        var count = 0
        while true {
            var field: CSVField
            var atRowEnd = false
            if p < end && base[p] == Self.quote {
                let open = p
                var q = p + 1
                var escaped = false
                var close = 0
                while true {
                    guard q < end, let hit = memchr(base + q, Int32(Self.quote), end - q) else {
                        throw .unterminatedQuote(openedAt: open)
                    }
                    let r = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if r + 1 < end && base[r + 1] == Self.quote {
                        escaped = true
                        q = r + 2
                        continue
                    }
                    close = r
                    break
                }
                field = CSVField(start: open + 1, end: close, quoted: true, escaped: escaped)
                p = close + 1
                if p >= end {
                    rowEnd = p
                    atRowEnd = true
                } else {
                    let c = base[p]
                    if c == delimiter {
                        p += 1
                    } else if c == Self.lf {
                        rowEnd = p
                        p += 1
                        atRowEnd = true
                    } else if c == Self.cr && p + 1 < end && base[p + 1] == Self.lf {
                        rowEnd = p
                        p += 2
                        atRowEnd = true
                    } else if c == Self.cr && p + 1 == fileEnd {
                        rowEnd = p
                        p += 1
                        atRowEnd = true
                    } else {
                        throw .textAfterQuote(at: p)
                    }
                }
            } else {
                let start = p
                p = nextDelimiterOrLineFeed(from: p)
                var stop = p
                if p < end && base[p] == delimiter {
                    p += 1
                } else {
                    // Line feed or end of input.
                    if stop > start && base[stop - 1] == Self.cr && (p < end || p == fileEnd) { stop -= 1 }
                    rowEnd = stop
                    if p < end { p += 1 }
                    atRowEnd = true
                }
                field = CSVField(start: start, end: stop, quoted: false, escaped: false)
            }
            if count < capacity {
                fields[count] = field
            } else if count == capacity {
                firstExtra = field.quoted ? field.start - 1 : field.start
            }
            count += 1
            if atRowEnd { break }
            if p >= end {
                // A delimiter was the last byte: one more, empty field.
                if count < capacity {
                    fields[count] = CSVField(start: p, end: p, quoted: false, escaped: false)
                } else if count == capacity {
                    firstExtra = p
                }
                count += 1
                rowEnd = p
                break
            }
        }
        position = p
        return count
    }

    /// The first offset from `start` holding `delimiter` or LF, or `end`. The 64-byte block holding `start` is
    /// classified once (`pipeq_match_mask64`: a bit per delimiter or line feed) and kept, so each field's end
    /// costs a bit scan, not a test per byte. Unquoted fields are most of a CRM export's bytes.
    @inline(__always)
    mutating func nextDelimiterOrLineFeed(from start: Int) -> Int {
        var p = start
        while p < end {
            let block = p & ~63
            if block != blockStart {
                blockStart = block
                blockMask =
                    block &+ 64 <= fileEnd
                    ? pipeq_match_mask64(base + block, delimiter, Self.lf)
                    : Self.tailMask(base, from: block, to: fileEnd, delimiter: delimiter)
            }
            let hits = blockMask & (~0 << UInt64(p & 63))
            if hits != 0 { return min(block &+ hits.trailingZeroBitCount, end) }
            p = block &+ 64
        }
        return end
    }

    /// `pipeq_match_mask64` for the last, partial block of the file (`from` up to `to`, fewer than 64 bytes).
    private static func tailMask(_ base: UnsafePointer<UInt8>, from: Int, to: Int, delimiter: UInt8) -> UInt64 {
        var mask: UInt64 = 0
        for i in from..<to where base[i] == delimiter || base[i] == lf { mask |= 1 << UInt64(i - from) }
        return mask
    }

    /// Collapses the doubled quotes of an escaped field into `out`.
    static func unescape(_ field: CSVField, in base: UnsafePointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = field.start
        while i < field.end {
            let c = base[i]
            out.append(c)
            i += (c == quote) ? 2 : 1
        }
    }
}
