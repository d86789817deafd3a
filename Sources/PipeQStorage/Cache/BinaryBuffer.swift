#if canImport(Glibc)
import Glibc
#endif
import PipeQCore

/// Writes plain values and whole typed arrays to a file (little-endian, as the machine stores them):
/// small values go through a buffer, arrays straight from their own memory, so a snapshot never needs
/// a second copy of the table in memory. The checksum is kept as the bytes go by.
final class BinaryFileWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var sum = Checksum()
    /// A write failed (disk full, …); the file must be thrown away.
    private(set) var failed = false

    init(fd: Int32) {
        self.fd = fd
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
            if n <= 0 { failed = true; return }
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

    mutating func readDouble() throws(Failure) -> Double { Double(bitPattern: try read(UInt64.self)) }

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

/// The checksum of `bytes` (what `Checksum` computes as they stream by), super-blocks in parallel.
func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let superBlocks = (bytes.count + Checksum.superBlock - 1) / Checksum.superBlock
    var partial = [UInt64](repeating: 0, count: superBlocks)
    partial.withUnsafeMutableBufferPointer { out in
        Parallel.forEach(superBlocks, threads: superBlocks >= 2 ? Parallel.coreCount : 1) { k in
            let start = k * Checksum.superBlock
            out[k] = Checksum.superBlockSum(UnsafeRawBufferPointer(rebasing: bytes[start..<min(bytes.count, start + Checksum.superBlock)]))
        }
    }
    return Checksum.combine(partial, length: bytes.count)
}

/// FNV-1a-style mixing over 8-byte words in four independent lanes (one multiply chain runs at a
/// quarter of the speed: each step waits for the last). The stream is cut into 32 MiB super-blocks,
/// each summed on its own (so a mapped file is checked on all cores, and the result never depends
/// on the thread count), then folded in order with the length. Catches damaged cache files; not
/// cryptographic.
struct Checksum {
    static let superBlock = 1 << 25
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    private var partials: [UInt64] = []
    private var current: [UInt8] = []
    private var length = 0

    /// Adds the next bytes of the stream.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length += bytes.count
        var rest = bytes
        while !rest.isEmpty {
            if current.isEmpty && rest.count >= Self.superBlock {
                partials.append(Self.superBlockSum(UnsafeRawBufferPointer(rebasing: rest[..<Self.superBlock])))
                rest = UnsafeRawBufferPointer(rebasing: rest[Self.superBlock...])
                continue
            }
            let take = min(rest.count, Self.superBlock - current.count)
            current.append(contentsOf: rest[..<take])
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            if current.count == Self.superBlock {
                partials.append(current.withUnsafeBytes { Self.superBlockSum($0) })
                current.removeAll(keepingCapacity: true)
            }
        }
    }

    /// The checksum of everything added.
    func finish() -> UInt64 {
        var all = partials
        if !current.isEmpty { all.append(current.withUnsafeBytes { Self.superBlockSum($0) }) }
        return Self.combine(all, length: length)
    }

    static func combine(_ partials: [UInt64], length: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: length) &* prime
        for p in partials { h = (h ^ p) &* prime }
        return h
    }

    /// One super-block: four lanes over its whole 32-byte blocks, then its last bytes one by one.
    static func superBlockSum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var a: UInt64 = 0xCBF2_9CE4_8422_2325, b = a ^ 1, c = a ^ 2, d = a ^ 3
        var offset = 0
        while offset + 32 <= bytes.count {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
            b = (b ^ bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* prime
            c = (c ^ bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* prime
            d = (d ^ bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* prime
            offset += 32
        }
        var h = ((a &* 31 ^ b) &* 31 ^ c) &* 31 ^ d
        while offset < bytes.count {
            h = (h ^ UInt64(bytes[offset])) &* prime
            offset += 1
        }
        return h
    }
}
