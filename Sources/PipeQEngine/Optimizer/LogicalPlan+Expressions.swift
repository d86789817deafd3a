extension LogicalPlan {
    /// The node with `f` applied to each of its own expressions (not its inputs'); nil when `f` changed none.
    /// Verbs are opaque: their expressions are theirs.
    func mappingExpressions(_ f: (BoundExpr) -> BoundExpr?) -> LogicalPlan? {
        var changed = false
        func map(_ e: BoundExpr) -> BoundExpr {
            guard let r = f(e) else { return e }
            changed = true
            return r
        }
        func named(_ items: [NamedBoundExpr]) -> [NamedBoundExpr] {
            items.map {
                var item = $0
                item.expr = map(item.expr)
                return item
            }
        }
        func sortKeys(_ keys: [BoundSortKey]) -> [BoundSortKey] {
            keys.map {
                var key = $0
                key.expr = map(key.expr)
                return key
            }
        }
        let out: LogicalPlan
        switch self {
        case .scan(var scan):
            scan.filter = scan.filter.map(map)
            out = .scan(scan)
        case .filter(let input, let predicate): out = .filter(input, map(predicate))
        case .extend(let input, let items): out = .extend(input, named(items))
        case .project(let input, let items): out = .project(input, named(items))
        case .aggregate(let input, let keys, let aggregates):
            let mapped = aggregates.map { a -> BoundAggregate in
                var a = a
                a.argument = a.argument.map(map)
                a.filter = a.filter.map(map)
                return a
            }
            out = .aggregate(input, keys: named(keys), aggregates: mapped)
        case .sort(let input, let keys): out = .sort(input, sortKeys(keys))
        case .top(let input, let n, let keys): out = .top(input, n, sortKeys(keys))
        case .window(let input, let items, let partition):
            let mapped = items.map { item -> WindowItem in
                var item = item
                item.argument = item.argument.map(map)
                item.order = sortKeys(item.order)
                if var period = item.period {
                    period.key = map(period.key)
                    item.period = period
                }
                return item
            }
            out = .window(input, mapped, partition: partition.map(map))
        case .limit, .verb, .join, .append, .pivot, .fill: return nil
        }
        return changed ? out : nil
    }
}
