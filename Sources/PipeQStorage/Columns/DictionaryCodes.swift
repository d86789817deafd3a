import PipeQCore

/// The integer type of one dictionary code width.
public typealias DictionaryCode = FixedWidthInteger & UnsignedInteger & Sendable

/// A dictionary-encoded column's codes, one per row, in the narrowest width its dictionary needs:
/// one byte up to 256 distinct values, two up to 65,536, else four. A 10M-row column of seven stages
/// is 10 MB, not 40, which is less memory to fill when loading and less to read when scanning.
///
/// Loops that run over every row switch once on the case and then run a loop for that width: a generic
/// function over the code type (`Grouping.byDictionary`, `lookup`), or, where the loop takes a per-row
/// closure, code written out per width (`selectCodes`): a closure made inside generic code stays a call
/// through a pointer. Elsewhere the subscript, `map` and `widened` read any width as `UInt32`.
public enum DictionaryCodes: Sendable {
    case u8([UInt8])
    case u16([UInt16])
    case u32([UInt32])

    /// The narrowest code width for a dictionary of `count` values, in bytes.
    @inlinable
    public static func width(forDictionaryOf count: Int) -> Int {
        count <= 1 << 8 ? 1 : count <= 1 << 16 ? 2 : 4
    }

    /// `codes` (each below `dictionaryCount`) in the narrowest width.
    public init(_ codes: [UInt32], dictionaryCount: Int) {
        switch Self.width(forDictionaryOf: dictionaryCount) {
        case 1: self = .u8(Self.narrowed(codes))
        case 2: self = .u16(Self.narrowed(codes))
        default: self = .u32(codes)
        }
    }

    /// `count` rows of code 0.
    public static func zeros(_ count: Int) -> DictionaryCodes { .u8([UInt8](repeating: 0, count: count)) }

    @inlinable
    public var count: Int {
        switch self {
        case .u8(let a): return a.count
        case .u16(let a): return a.count
        case .u32(let a): return a.count
        }
    }

    /// Bytes per code.
    public var width: Int {
        switch self {
        case .u8: return 1
        case .u16: return 2
        case .u32: return 4
        }
    }

    /// The largest code (0 when there are none).
    public var largest: Int {
        func scan<C: DictionaryCode>(_ codes: [C]) -> Int {
            codes.withUnsafeBufferPointer { c in
                var largest: C = 0
                for code in c { largest = max(largest, code) }
                return Int(largest)
            }
        }
        switch self {
        case .u8(let c): return scan(c)
        case .u16(let c): return scan(c)
        case .u32(let c): return scan(c)
        }
    }

    /// The code of row `i`. Fine outside hot loops; those dispatch once on the case instead.
    @inlinable
    public subscript(i: Int) -> UInt32 {
        switch self {
        case .u8(let a): return UInt32(a[i])
        case .u16(let a): return UInt32(a[i])
        case .u32(let a): return a[i]
        }
    }

    /// Every code as `UInt32` (a copy unless already four bytes wide).
    public var widened: [UInt32] {
        switch self {
        case .u8(let a): return a.map(UInt32.init)
        case .u16(let a): return a.map(UInt32.init)
        case .u32(let a): return a
        }
    }

    /// `f` of every code, in row order.
    @inlinable
    public func map<T>(_ f: (UInt32) throws -> T) rethrows -> [T] {
        switch self {
        case .u8(let a): return try a.map { try f(UInt32($0)) }
        case .u16(let a): return try a.map { try f(UInt32($0)) }
        case .u32(let a): return try a.map(f)
        }
    }

    /// `table[code]` for every row, in row order (a per-row view of a per-value table). Inlinable so
    /// that callers in other modules get it specialised for their element type.
    @inlinable
    public func lookup<T>(_ table: [T]) -> [T] {
        switch self {
        case .u8(let a): return Self.lookup(a, table)
        case .u16(let a): return Self.lookup(a, table)
        case .u32(let a): return Self.lookup(a, table)
        }
    }

    @inlinable
    static func lookup<C: DictionaryCode, T>(_ codes: [C], _ table: [T]) -> [T] {
        table.withUnsafeBufferPointer { t in
            codes.withUnsafeBufferPointer { c in
                [T].uninitialized(capacity: c.count) { out, n in
                    for i in 0..<c.count { out.initializeElement(at: i, to: t[Int(c[i])]) }
                    n = c.count
                }
            }
        }
    }

    /// The codes of the given rows, in order, in the same width.
    public func gathered(_ rows: UnsafeBufferPointer<Int32>) -> DictionaryCodes {
        switch self {
        case .u8(let a): return .u8(Column.gather(a, rows))
        case .u16(let a): return .u16(Column.gather(a, rows))
        case .u32(let a): return .u32(Column.gather(a, rows))
        }
    }

    /// Each code replaced by `table[code]`, in the narrowest width for a dictionary of `dictionaryCount`.
    public func remapped(_ table: [UInt32], dictionaryCount: Int) -> DictionaryCodes {
        switch Self.width(forDictionaryOf: dictionaryCount) {
        case 1: return .u8(remap(table, as: UInt8.self))
        case 2: return .u16(remap(table, as: UInt16.self))
        default: return .u32(remap(table, as: UInt32.self))
        }
    }

    private func remap<Out: DictionaryCode>(_ table: [UInt32], as: Out.Type) -> [Out] {
        func run<In: DictionaryCode>(_ codes: [In]) -> [Out] {
            table.withUnsafeBufferPointer { t in
                codes.withUnsafeBufferPointer { c in
                    [Out].uninitialized(capacity: c.count) { out, n in
                        for i in 0..<c.count { out.initializeElement(at: i, to: Out(truncatingIfNeeded: t[Int(c[i])])) }
                        n = c.count
                    }
                }
            }
        }
        switch self {
        case .u8(let a): return run(a)
        case .u16(let a): return run(a)
        case .u32(let a): return run(a)
        }
    }

    /// `codes`, each of which fits `Out`, as `Out`.
    static func narrowed<Out: DictionaryCode>(_ codes: [UInt32]) -> [Out] {
        codes.withUnsafeBufferPointer { c in
            [Out].uninitialized(capacity: c.count) { out, n in
                for i in 0..<c.count { out.initializeElement(at: i, to: Out(truncatingIfNeeded: c[i])) }
                n = c.count
            }
        }
    }
}
