import CPlatform

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
