import CPlatform
import PipeQCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes plain values and whole typed arrays to a file (little-endian, as the machine stores them):
/// small values go through a buffer, arrays straight from their own memory, so a snapshot never needs
/// a second copy of the table in memory. The checksum is kept as the bytes go by.
final class BinaryFileWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var sum = Checksum()
    /// A write failed (disk full, …); the file must be thrown away.
    private(set) var failed = false
    /// Told the bytes written, when set.
    private let progress: LoadProgress?

    init(fd: Int32, progress: LoadProgress? = nil) {
        self.fd = fd
        self.progress = progress
        buffer.reserveCapacity(1 << 16)
    }

    func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { flush() }
    }

    func append(_ value: Double) { append(value.bitPattern) }

    func append(_ text: String) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count))
        buffer.append(contentsOf: utf8)
    }

    /// A count, then the elements' raw bytes.
    func appendArray<T>(_ values: [T]) {
        append(UInt64(values.count))
        flush()
        values.withUnsafeBytes { write($0) }
    }

    /// Writes what is buffered, then the checksum of everything written (not itself checksummed).
    func finish() {
        flush()
        withUnsafeBytes(of: sum.finish().littleEndian) { writeAll($0) }
    }

    private func flush() {
        buffer.withUnsafeBytes { write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes`, adding them to the checksum.
    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, !bytes.isEmpty else { return }
        sum.update(bytes)
        writeAll(bytes)
    }

    /// Writes all of `bytes` (retrying short writes and interruptions); a failure marks the file failed.
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty && !failed {
            let n = Glibc.write(fd, rest.baseAddress!, min(rest.count, 1 << 30))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failed = true
                return
            }
            progress?.advance(bytes: n, rows: 0)
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against the buffer: a short or damaged file
/// is an error, never a crash or a wild read.
struct BinaryReader {
    enum Failure: Error { case truncated, invalid }

    private let base: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.base = buffer
    }

    var remaining: Int { base.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(Failure) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated }
        let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readString() throws(Failure) -> String {
        let count = Int(try read(UInt32.self))
        guard remaining >= count else { throw .truncated }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count)]), as: UTF8.self)
        offset += count
        return text
    }

    mutating func readArray<T>(_: T.Type, expected: Int? = nil) throws(Failure) -> [T] {
        let count64 = try read(UInt64.self)
        let stride = MemoryLayout<T>.stride
        guard count64 <= UInt64(remaining / max(1, stride)) else { throw .truncated }
        let count = Int(count64)
        if let expected, count != expected { throw .invalid }
        let source = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + count * stride)])
        let values = [T].uninitialized(capacity: count) { out, n in
            source.copyBytes(to: UnsafeMutableRawBufferPointer(out))
            n = count
        }
        offset += count * stride
        return values
    }
}

/// The checksum of `bytes` (what `Checksum` computes as they stream by): super-blocks on all cores, their
/// CRCs then joined in order, so the result never depends on the thread count.
func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let superBlocks = (bytes.count + Checksum.superBlock - 1) / Checksum.superBlock
    var partial = [UInt32](repeating: 0, count: superBlocks)
    partial.withUnsafeMutableBufferPointer { out in
        Parallel.forEach(superBlocks, threads: superBlocks >= 2 ? Parallel.coreCount : 1) { k in
            let start = k * Checksum.superBlock
            let end = min(bytes.count, start + Checksum.superBlock)
            out[k] = pipeq_crc32c_extend(0, bytes.baseAddress! + start, end - start)
        }
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for (k, part) in partial.enumerated() {
        let length = min(Checksum.superBlock, bytes.count - k * Checksum.superBlock)
        crc = pipeq_crc32c_shift(crc, UInt64(length)) ^ part
    }
    return UInt64(~crc)
}

/// CRC-32C (Castagnoli) of a stream, in the low 32 bits of the stored 64: every error of one or two bits, and
/// every burst up to 32 bits, is caught within 256 MiB, and other damage passes with odds of 1 in 4 billion.
/// (It replaced four-lane FNV-style mixing that missed flips of the top bit of two words in one lane.)
/// Hardware instructions make it as fast as reading the file (see `pipeq_crc32c_extend`). Catches damaged
/// cache files; not cryptographic.
struct Checksum {
    /// The piece of a mapped file one thread checks.
    static let superBlock = 1 << 25

    private var crc: UInt32 = 0xFFFF_FFFF

    /// Adds the next bytes of the stream.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        crc = pipeq_crc32c_extend(crc, base, bytes.count)
    }

    /// The checksum of everything added.
    func finish() -> UInt64 { UInt64(~crc) }
}
