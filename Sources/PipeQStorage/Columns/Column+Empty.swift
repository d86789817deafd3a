extension Column {
    /// A column of `type` with no rows: a table's shape without its data (a database table in the catalog, a
    /// stand-in for a step the compiler only needs the schema of). `strings`: a string column's dictionary.
    public static func empty(_ type: DataType, strings: [String] = []) -> Column {
        switch type {
        case .int: return Column(.int([]))
        case .double: return Column(.double([]))
        case .bool: return Column(.bool([]))
        case .date: return Column(.date([]))
        case .timestamp: return Column(.timestamp([]))
        case .duration: return Column(.duration([]))
        case .string: return Column(.string(codes: [UInt32](), StringDictionary(values: strings)))
        }
    }
}
