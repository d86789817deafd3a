import PipeQCore
import PipeQStorage

/// `int`, `number`, `text`, `bool`, `date` of text; `replace`, `trim`, `split_part`. A value that does not convert is null.
extension Evaluator {
    func conversion(_ function: ScalarFunction, _ args: [Vector], type: DataType, count: Int) -> Vector {
        let v = args[0]
        switch (function, v.type) {
        case (.int, .string):
            return fromStrings(
                v, count: count, type: .int, zero: Int64(0), { $0.map(TextValueReader.integer) }, wrap: { .int($0) },
                scalar: { .int($0) })
        case (.number, .string):
            return fromStrings(
                v, count: count, type: .double, zero: 0.0, { $0.map(TextValueReader.number) }, wrap: { .double($0) },
                scalar: { .double($0) })
        case (.bool, .string):
            return fromStrings(
                v, count: count, type: .bool, zero: false, { $0.map(TextValueReader.bool) }, wrap: { .bool($0) },
                scalar: { .bool($0) })
        case (.date, .string):
            var format: String?
            if args.count > 1, case .constant(.string(let f), _) = args[1] { format = f }
            return fromStrings(
                v, count: count, type: .date, zero: Int32(0), { TextValueReader.days($0, format: format) },
                wrap: { .date($0) }, scalar: { .date($0) })
        case (.int, .double):
            let x = double(v)
            if x.mask == 0 {
                return .constant(
                    v.isNullConstant ? .null : TextValueReader.rounded(x.values[0]).map { .int($0) } ?? .null, .int)
            }
            return .column(mapUnary(x.values, nulls: x.nulls, zero: Int64(0)) { TextValueReader.rounded($0) })
        case (.int, .bool), (.number, .bool):
            let asInt: Vector = boolNumbers(v, count: count)
            return function == .int ? asInt : cast(asInt, to: .double, count: count)
        case (.number, .int):
            return cast(v, to: .double, count: count)
        case (.bool, .int), (.bool, .double):
            let x = function == .bool && v.type == .int ? double(cast(v, to: .double, count: count)) : double(v)
            if x.mask == 0 { return .constant(v.isNullConstant ? .null : .bool(x.values[0] != 0), .bool) }
            return .column(mapUnary(x.values, nulls: x.nulls, zero: false) { $0 != 0 })
        case (.text, _):
            return text(v)
        case (.replace, _):
            guard case .constant(.string(let from), _) = args[1], case .constant(.string(let to), _) = args[2] else {
                return v
            }
            return mapStrings(v) { $0.replacingAll(from, with: to) }
        case (.trim, _):
            return mapStrings(v) { String($0.trimmingSpaces) }
        case (.splitPart, _):
            guard case .constant(.string(let separator), _) = args[1], case .constant(.int(let n), _) = args[2] else {
                return v
            }
            return mapStrings(v) { s in
                let parts = s.components(separatedBy: separator)
                let i = n > 0 ? Int(n) - 1 : parts.count + Int(n)
                return i >= 0 && i < parts.count ? parts[i] : ""
            }
        default:
            return v
        }
    }

    private func boolNumbers(_ v: Vector, count: Int) -> Vector {
        switch v {
        case .constant(.bool(let b), _): return .constant(.int(b ? 1 : 0), .int)
        case .constant: return .constant(.null, .int)
        case .column(let c):
            guard case .bool(let a) = c.values else { return .constant(.null, .int) }
            return .column(Column(.int(a.map { $0 ? 1 : 0 }), nulls: c.nulls))
        }
    }

    private func text(_ v: Vector) -> Vector {
        switch v {
        case .constant(let s, _): return .constant(s.isNull ? .null : .string(s.plainText), .string)
        case .column(let c):
            switch c.values {
            case .int(let a): return .column(textColumn(a, nulls: c.nulls) { .int($0) })
            case .double(let a): return .column(textColumn(a, nulls: c.nulls) { .double($0) })
            case .bool(let a): return .column(textColumn(a, nulls: c.nulls) { .bool($0) })
            case .date(let a): return .column(textColumn(a, nulls: c.nulls) { .date($0) })
            case .timestamp(let a): return .column(textColumn(a, nulls: c.nulls) { .timestamp($0) })
            case .duration(let a): return .column(textColumn(a, nulls: c.nulls) { .duration($0) })
            case .string: return v
            }
        }
    }
}

extension Vector {
    var isNullConstant: Bool {
        if case .constant(.null, _) = self { return true }
        return false
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation bridging per call).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }

    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: Substring {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        return self[start...lastIndex(where: { !$0.isWhitespace })!]
    }
}
