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
            HugePages.advise(
                UnsafeMutableRawPointer(buffer.baseAddress), bytes: capacity * MemoryLayout<Element>.stride)
            try body(&buffer, &count)
        }
    }

    /// `count` copies of `value` (`Array(repeating:count:)`), backed by huge pages when large: a table of
    /// 10M counters then takes 40 page faults to fill, not 20,000 (tens of milliseconds on this project's VMs).
    @inlinable
    public static func filled(with value: Element, count: Int) -> [Element] {
        uninitialized(capacity: count) { out, initialized in
            out.initialize(repeating: value)
            initialized = count
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
