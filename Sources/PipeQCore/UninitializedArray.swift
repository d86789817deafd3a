extension Array {
    /// An array whose elements `body` writes straight into uninitialised memory, setting how many it
    /// initialised. A capacity of zero never reaches `Array(unsafeUninitializedCapacity:)`: there the
    /// runtime writes the count into the shared empty-array storage, which ThreadSanitizer reports as a
    /// race when two threads do it. Large arrays are backed by huge pages where the kernel has them
    /// (see `HugePages`).
    @inlinable
    public static func uninitialized(
        capacity: Int, _ body: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void
    ) rethrows -> [Element] {
        if capacity == 0 { return [] }
        return try [Element](unsafeUninitializedCapacity: capacity) { buffer, count in
            HugePages.advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: capacity * MemoryLayout<Element>.stride)
            try body(&buffer, &count)
        }
    }

    /// `reserveCapacity`, with the new storage backed by huge pages where the kernel has them.
    public mutating func reserveCapacityInHugePages(_ capacity: Int) {
        reserveCapacity(capacity)
        let bytes = self.capacity * MemoryLayout<Element>.stride
        guard bytes >= HugePages.threshold else { return }
        withUnsafeMutableBufferPointer { HugePages.advise(UnsafeMutableRawPointer($0.baseAddress), bytes: bytes) }
    }
}
