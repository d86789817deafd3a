import PipeQCore

/// Appends plain values and whole typed arrays to a byte buffer (little-endian, as the machine stores them).
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ text: String) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A count, then the elements' raw bytes.
    mutating func appendArray<T>(_ values: [T]) {
        append(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
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

/// FNV-1a over 8-byte words (then the tail): a fast checksum that catches damaged cache files.
func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var i = 0
    while i + 8 <= bytes.count {
        h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
        i += 8
    }
    while i < bytes.count {
        h = (h ^ UInt64(bytes[i])) &* prime
        i += 1
    }
    return h
}
