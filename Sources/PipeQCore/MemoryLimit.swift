import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The most memory one result or input may take (like DuckDB's `memory_limit`): operators that can
/// explode (a join repeating rows) estimate their output first and refuse above it, and inputs that are
/// not regular files (pipes) are read up to it. Set with `.limit memory SIZE`; by default 80% of the
/// machine's physical memory. A check against it, not an allocator: small allocations are not counted.
public enum MemoryLimit {
    private static let limit = Atomic<Int>(defaultBytes)

    /// The limit in bytes.
    public static var bytes: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(max(1, newValue), ordering: .relaxed) }
    }

    /// The machine's physical memory (5 GB when it cannot be told).
    public static let physicalBytes: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return 5 << 30 }
        let (total, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? .max / 2 : total
    }()

    /// 80% of physical memory.
    public static let defaultBytes = physicalBytes / 5 * 4

    /// `SIZE` as the user writes it: a number with an optional unit (B, KB, MB, GB, TB; powers of 1024;
    /// `2GB`, `512 MB`, `1.5gb`), or a percentage of physical memory (`50%`). Nil when it does not read.
    public static func parse(_ text: String) -> Int? {
        var digits = text.trimmedOfSpaces.lowercased()
        if digits.hasSuffix("%") {
            guard let percent = Double(digits.dropLast()), percent > 0, percent <= 100 else { return nil }
            return max(1, Int(Double(physicalBytes) * percent / 100))
        }
        let units: [(String, Double)] = [
            ("tib", 0x1p40), ("gib", 0x1p30), ("mib", 0x1p20), ("kib", 0x1p10),
            ("tb", 0x1p40), ("gb", 0x1p30), ("mb", 0x1p20), ("kb", 0x1p10),
            ("t", 0x1p40), ("g", 0x1p30), ("m", 0x1p20), ("k", 0x1p10), ("b", 1),
        ]
        var scale = 1.0
        if let (unit, factor) = units.first(where: { digits.hasSuffix($0.0) }) {
            digits = String(digits.dropLast(unit.count)).trimmedOfSpaces
            scale = factor
        }
        guard let value = Double(digits), value.isFinite, value > 0, value * scale < 0x1p62 else { return nil }
        return max(1, Int(value * scale))
    }

    /// Bytes for people: `1.5 GB`, `800 MB`, `12 KB`.
    public static func describe(_ bytes: Int) -> String {
        let units: [(String, Double)] = [("TB", 0x1p40), ("GB", 0x1p30), ("MB", 0x1p20), ("KB", 0x1p10)]
        for (name, size) in units where Double(bytes) >= size {
            let value = Double(bytes) / size
            let text =
                value >= 100 || value.rounded() == value
                ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
            return text + " " + name
        }
        return "\(bytes) bytes"
    }
}

extension String {
    fileprivate var trimmedOfSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
