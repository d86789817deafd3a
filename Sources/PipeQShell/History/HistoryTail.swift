import Foundation

/// The last entries of a history file, read backwards from its end: start-up reads only what it keeps
/// (at most `limit` entries and `byteCap` bytes of them), however large the file has grown.
/// Lines are decoded one by one: a damaged line (a write cut by a full disk) or an oversized one is skipped
/// and counted, and every complete entry around it is kept.
public struct HistoryTail: Sendable {
    /// The entries kept, oldest first.
    public var entries: [String] = []
    /// Lines skipped because they are not valid text.
    public var damaged = 0
    /// Lines skipped because they are longer than `HistoryTail.maxEntryBytes`.
    public var oversized = 0
    /// True when the whole file was read (nothing before the kept entries).
    public var reachedStart = true

    /// The longest entry stored (encoded). Longer entries are not written, and are dropped when read.
    public static let maxEntryBytes = 64 * 1024
    /// The most bytes of entries kept at start-up.
    public static let byteCap = 16 * 1024 * 1024
    /// How much is read at a time, from the end backwards.
    static let chunkSize = 256 * 1024

    /// True when the file holds more than is kept, or lines that were skipped: a rewrite would shrink or mend it.
    public var needsRewrite: Bool { !reachedStart || damaged > 0 || oversized > 0 }

    public init() {}

    /// Reads the last `limit` entries of the open file `fd` (any position; reads with pread).
    public init(fd: Int32, limit: Int, byteCap: Int = HistoryTail.byteCap) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var end = Int(info.st_size)
        var keptBytes = 0
        var reversed: [String] = []
        // The end of a line whose start lies in an earlier chunk; dropped once it is known to be oversized.
        var carry: [UInt8] = []
        var carryOversized = false
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        var full: Bool { reversed.count >= limit || keptBytes >= byteCap }

        func take(_ line: [UInt8], oversized tooLong: Bool) {
            if line.isEmpty && !tooLong { return }
            if tooLong || line.count > Self.maxEntryBytes {
                oversized += 1
            } else if let entry = HistoryCodec.decode(bytes: line) {
                reversed.append(entry)
                keptBytes += line.count
            } else {
                damaged += 1
            }
        }

        while end > 0 && !full {
            let start = max(0, end - Self.chunkSize)
            let count = end - start
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
            guard got == count else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            var lineEnd = count
            while let index = Self.lastNewline(in: buffer, before: lineEnd) {
                if carryOversized || lineEnd - (index + 1) + carry.count > Self.maxEntryBytes {
                    take([], oversized: true)
                } else {
                    take(Array(buffer[(index + 1)..<lineEnd]) + carry, oversized: false)
                }
                carry = []
                carryOversized = false
                lineEnd = index
                if full {
                    reachedStart = false
                    break
                }
            }
            if full && !reachedStart { break }
            // The bytes before the first newline of this chunk belong to a line that starts earlier.
            if !carryOversized {
                if lineEnd + carry.count > Self.maxEntryBytes {
                    carryOversized = true
                    carry = []
                } else {
                    carry = Array(buffer[0..<lineEnd]) + carry
                }
            }
            end = start
        }
        if end > 0 {
            reachedStart = false
        } else if reachedStart {
            take(carry, oversized: carryOversized)
        }
        entries = reversed.reversed()
    }

    /// The position of the last newline before `end`. A plain pointer loop (no per-byte bounds checks or
    /// copies): skipping a 100 MB entry costs a scan of its bytes, not their decoding.
    static func lastNewline(in buffer: [UInt8], before end: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var index = end - 1
            while index >= 0 {
                if bytes[index] == 0x0A { return index }
                index -= 1
            }
            return nil
        }
    }

    /// The one-line warning about skipped lines, or nil when none were.
    public func warning(path: String) -> String? {
        var parts: [String] = []
        if damaged > 0 {
            parts.append("skipped \(damaged) damaged \(damaged == 1 ? "entry" : "entries") (not valid text)")
        }
        if oversized > 0 {
            parts.append(
                "skipped \(oversized) \(oversized == 1 ? "entry" : "entries") over \(Self.maxEntryBytes / 1024) KiB")
        }
        guard !parts.isEmpty else { return nil }
        return "history file \(path): " + parts.joined(separator: "; ") + "; the other entries are kept"
    }
}
