import CPlatform

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fresh memory is expensive on virtual machines: every 4 KiB page costs a fault, and the host's own
/// bookkeeping, on first touch (about 1 GB/s measured on this project's VMs, slower than parsing CSV).
/// Transparent huge pages map 2 MiB per fault. The kernel only uses them where asked (`madvise` mode,
/// the common default), so large buffers ask; where it has none to give, nothing changes.
public enum HugePages {
    /// Smaller buffers are not worth a system call.
    public static let threshold = 4 << 20

    @inlinable
    public static func advise(_ pointer: UnsafeMutableRawPointer?, bytes: Int) {
        guard bytes >= threshold, let pointer else { return }
        let page = 4096
        let start = (Int(bitPattern: pointer) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        #if os(Linux)
            _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
