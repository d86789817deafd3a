extension LogicalPlan {
    /// The plans a relational node reads besides its input: a join's right side, the rows an append adds.
    /// (A verb's side inputs belong to the verb, see `children`.)
    public var sidePlans: [LogicalPlan] {
        switch self {
        case .join(_, let node): return [node.right]
        case .append(_, let node): return [node.other]
        default: return []
        }
    }

    /// The same node with its side plans replaced, in `sidePlans` order (the optimizer rewrites them like inputs).
    public func replacingSidePlans(_ plans: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .join(let input, var node):
            node.right = plans[0]
            return .join(input, node)
        case .append(let input, var node):
            node.other = plans[0]
            return .append(input, node)
        default:
            return self
        }
    }
}
