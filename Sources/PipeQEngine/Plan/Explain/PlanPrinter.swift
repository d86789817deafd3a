import PipeQCore
import PipeQLanguage
import PipeQStorage

/// A logical plan as an indented tree, one node per line, the root first and each input indented under it.
/// A node whose output columns differ from its input's shows them on the next line (`→ name type, …`).
public enum PlanPrinter {
    public static func text(_ plan: LogicalPlan) -> String {
        var lines: [String] = []
        write(plan, depth: 0, label: nil, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func write(_ plan: LogicalPlan, depth: Int, label: String?, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        lines.append(indent + (label.map { $0 + ": " } ?? "") + describe(plan))
        let schema = plan.schema
        if plan.input.map({ !sameColumns($0.schema, schema) }) ?? true {
            lines.append(indent + "  → " + columns(schema))
        }
        if let input = plan.input { write(input, depth: depth + 1, label: nil, into: &lines) }
        if case .verb(_, let verb) = plan {
            for side in verb.sideInputs { write(side, depth: depth + 1, label: "reads", into: &lines) }
        }
        for side in plan.sidePlans { write(side, depth: depth + 1, label: sideLabel(plan), into: &lines) }
        for query in plan.scalarQueries {
            write(query.plan, depth: depth + 1, label: "value " + BoundExprText.quotedName(query.name), into: &lines)
        }
    }

    /// One node's line: its operator and arguments, written as the query language would.
    static func describe(_ plan: LogicalPlan) -> String {
        let names = plan.input?.schema.fields.map(\.name) ?? []
        func e(_ x: BoundExpr) -> String { BoundExprText.text(x, names) }
        func named(_ items: [NamedBoundExpr]) -> String {
            items.map { item in
                if case .column(let i, _) = item.expr, i < names.count, names[i] == item.name {
                    return BoundExprText.quotedName(item.name)
                }
                return BoundExprText.quotedName(item.name) + " = " + e(item.expr)
            }.joined(separator: ", ")
        }
        func keys(_ keys: [BoundSortKey]) -> String {
            keys.map { e($0.expr) + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        }
        switch plan {
        case .scan(let scan):
            var line = "Scan " + BoundExprText.quotedName(scan.table.name)
            if let read = scan.asOf { line += " as of " + CivilTime.formatDate(Int(read.day)) }
            if let filter = scan.filter {
                line += " where " + BoundExprText.text(filter, scan.table.fields.map(\.name))
            }
            return line
        case .filter(_, let predicate): return "Filter " + e(predicate)
        case .extend(_, let items): return "Extend " + named(items)
        case .project(_, let items): return "Project " + named(items)
        case .aggregate(_, let keys, let aggregates):
            if aggregates.isEmpty { return "Distinct " + named(keys) }
            let list = aggregates.map { aggregate(names, $0) }.joined(separator: ", ")
            return "Aggregate " + list + (keys.isEmpty ? "" : " by " + named(keys))
        case .sort(_, let k): return "Sort " + keys(k)
        case .top(_, let n, let k): return "Top \(n) by " + keys(k)
        case .limit(_, let n): return "Limit \(n)"
        case .verb(_, let verb): return "Verb " + verb.explanation
        case .join(_, let node):
            return "Join \(node.kind.rawValue) " + BoundExprText.quotedName(node.rightName) + " on "
                + node.conditionText(leftNames: names, rightNames: node.right.schema.fields.map(\.name))
        case .append(_, let node): return "Append " + BoundExprText.quotedName(node.otherName)
        case .pivot(_, let node): return node.explanation(names)
        case .fill(_, let node): return node.explanation(names)
        case .window(_, let items, let partition):
            let list = items.map { BoundExprText.quotedName($0.name) + " = " + window(names, $0) }.joined(
                separator: ", ")
            return "Window " + list + (partition.isEmpty ? "" : " per " + partition.map(e).joined(separator: ", "))
        }
    }

    /// How a side plan is introduced under its node: `right:` for a join's other side, `appends:` for an append's rows.
    static func sideLabel(_ plan: LogicalPlan) -> String {
        if case .append = plan { return "appends" }
        return "right"
    }

    /// `name = fn [distinct] [argument] [where filter]`, as an aggregate list writes it.
    static func aggregate(_ names: [String], _ a: BoundAggregate) -> String {
        var call = a.function.name + (a.distinct ? " distinct" : "")
        if let argument = a.argument { call += " " + BoundExprText.text(argument, names) }
        if let filter = a.filter { call += " where " + BoundExprText.text(filter, names) }
        return BoundExprText.quotedName(a.name) + " = " + call
    }

    /// `cumsum(x)`, `lag(x, 2)`, `rank(x desc)`: a window function as `extend` writes it.
    static func window(_ names: [String], _ item: WindowItem) -> String {
        var arguments: [String] = item.order.map { BoundExprText.text($0.expr, names) + ($0.descending ? " desc" : "") }
        if let argument = item.argument { arguments.append(BoundExprText.text(argument, names)) }
        switch item.function {
        case .lag, .lead:
            if let period = item.period {
                arguments.append(
                    "\(item.count) \(period.unit.rawValue)\(item.count == 1 ? "" : "s") of "
                        + BoundExprText.text(period.key, names))
            } else if item.count != 1 {
                arguments.append(String(item.count))
            }
        case .movingAvg: arguments.append(String(item.count))
        default: break
        }
        return item.function.rawValue + "(" + arguments.joined(separator: ", ") + ")"
    }

    static func columns(_ schema: RelationSchema) -> String {
        schema.fields.map { BoundExprText.quotedName($0.name) + " " + $0.type.displayName }.joined(separator: ", ")
    }

    static func sameColumns(_ a: RelationSchema, _ b: RelationSchema) -> Bool {
        a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.type == $1.type }
    }
}
