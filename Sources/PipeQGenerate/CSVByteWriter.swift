import Foundation
import PipeQCore

/// Accumulates CSV bytes for one file and flushes them to disk in large blocks.
/// Formatting is hand-rolled (no `String(format:)`) so a million rows take well under a second.
///
/// The bytes go to a temporary file beside `path` (`NAME.pipeq-tmp-PID`, which no `.csv` glob picks
/// up); `commit()` renames it into place, so an interrupted run never leaves a truncated CSV under the
/// real name, and `discard()` removes it.
struct CSVByteWriter {
    private(set) var bytes: [UInt8] = []
    private let handle: FileHandle
    private let flushThreshold: Int
    /// Bytes written so far, including those still buffered.
    private(set) var totalBytes = 0
    let path: String
    let temporaryPath: String

    init(path: String, flushThreshold: Int = 32 << 20) throws {
        self.path = path
        self.temporaryPath = path + ".pipeq-tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        guard let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        self.flushThreshold = flushThreshold
        bytes.reserveCapacity(flushThreshold + (1 << 16))
    }

    /// Ends a row; writes the buffer out once it is large.
    mutating func endRow() throws {
        bytes.append(0x0A)
        if bytes.count >= flushThreshold { try flush() }
    }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        totalBytes += bytes.count
        try handle.write(contentsOf: Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }

    /// Moves the finished file to its real name (after `close()`).
    func commit() throws {
        guard rename(temporaryPath, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Removes the temporary file (after a failure).
    func discard() {
        try? handle.close()
        unlink(temporaryPath)
    }

    @inline(__always) mutating func comma() { bytes.append(0x2C) }

    @inline(__always) mutating func space() { bytes.append(0x20) }

    @inline(__always) mutating func append(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A non-negative or negative integer in decimal.
    mutating func append(int value: Int) {
        if value < 0 {
            bytes.append(0x2D)
            append(int: -value)
            return
        }
        if value < 10 {
            bytes.append(UInt8(0x30 + value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[n] = UInt8(0x30 + v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }

    /// Two digits, zero-padded.
    @inline(__always) mutating func append(twoDigits value: Int) {
        bytes.append(UInt8(0x30 + value / 10))
        bytes.append(UInt8(0x30 + value % 10))
    }

    /// Cents as `units.cc`.
    mutating func append(cents: Int) {
        append(int: cents / 100)
        bytes.append(0x2E)
        append(twoDigits: cents % 100)
    }

    /// A day number as `YYYY-MM-DD`.
    mutating func append(day: Int, table: DateTable) {
        table.append(day: day, to: &bytes)
    }

    /// Microseconds as `YYYY-MM-DD HH:MM:SS` (whole seconds).
    mutating func append(timestamp micros: Int64, table: DateTable) {
        let day = CivilTime.floorDiv(micros, CivilTime.microsPerDay)
        let seconds = Int((micros - day * CivilTime.microsPerDay) / CivilTime.microsPerSecond)
        table.append(day: Int(day), to: &bytes)
        bytes.append(0x20)
        append(twoDigits: seconds / 3600)
        bytes.append(0x3A)
        append(twoDigits: seconds / 60 % 60)
        bytes.append(0x3A)
        append(twoDigits: seconds % 60)
    }
}

/// Pre-formatted `YYYY-MM-DD` text for a range of days, with a slow path outside it.
struct DateTable {
    let firstDay: Int
    private let text: [UInt8]
    private let count: Int

    init(firstDay: Int, lastDay: Int) {
        self.firstDay = firstDay
        count = max(0, lastDay - firstDay + 1)
        var text: [UInt8] = []
        text.reserveCapacity(count * 10)
        for d in firstDay..<(firstDay + count) { text.append(contentsOf: CivilTime.formatDate(d).utf8) }
        self.text = text
    }

    @inline(__always)
    func append(day: Int, to bytes: inout [UInt8]) {
        let i = day - firstDay
        if i >= 0 && i < count {
            text.withUnsafeBufferPointer { bytes.append(contentsOf: $0[(i * 10)..<(i * 10 + 10)]) }
        } else {
            bytes.append(contentsOf: CivilTime.formatDate(day).utf8)
        }
    }
}
