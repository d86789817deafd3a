#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPlatform

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

/// Keeps freed buffers for reuse instead of handing them back to the kernel at once. A query's
/// temporary arrays (positions, group codes, partial sums) are megabytes each; glibc returns blocks
/// that big to the kernel when freed, so the next query pays for fresh zeroed pages again (on this
/// project's VMs that can cost more than the query's own work). Serving blocks up to the largest
/// heap size from the heap, and not trimming the heap, lets repeated queries reuse warm memory.
public enum AllocatorTuning {
    /// Call once at start-up, before large allocations.
    public static func apply() {
        pipeq_tune_allocator(32 << 20, 512 << 20)
    }
}
