extension Array {
    /// An array whose elements `body` writes straight into uninitialised memory, setting how many it
    /// initialised. A capacity of zero never reaches `Array(unsafeUninitializedCapacity:)`: there the
    /// runtime writes the count into the shared empty-array storage, which ThreadSanitizer reports as a
    /// race when two threads do it.
    @inlinable
    public static func uninitialized(
        capacity: Int, _ body: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void
    ) rethrows -> [Element] {
        if capacity == 0 { return [] }
        return try [Element](unsafeUninitializedCapacity: capacity, initializingWith: body)
    }
}
