import PipeQCore
import PipeQStorage

/// A pivot's `with totals`: a `total` column adding up each row's cells, and a last row adding up each column
/// (its first key "total" when that key is text, else null; its other keys null). Nulls are skipped; a total
/// of only nulls is null. Whole numbers add up exactly; the binder allows totals over numbers only. Without keys
/// there is one row, already the columns' totals, so only the total column is added.
struct PivotTotals {
    let keyCount: Int
    let valueType: DataType

    func adding(to fields: [RelationField], cells: [Column], rowCount: Int, taken: Set<String>) -> Relation {
        // Row sums, then the totals row (column sums and the grand total), as doubles or exact integers.
        var rowSums = [Double](repeating: 0, count: rowCount)
        var rowInts = [Int64](repeating: 0, count: rowCount)
        var rowSeen = [Bool](repeating: false, count: rowCount)
        var columnSums: [Double] = []
        var columnInts: [Int64] = []
        var columnSeen: [Bool] = []
        for column in cells {
            var sum = 0.0
            var sumInt: Int64 = 0
            var seen = false
            for r in 0..<rowCount where !column.isNull(r) {
                switch column.values {
                case .int(let a):
                    rowInts[r] &+= a[r]
                    sumInt &+= a[r]
                case .double(let a):
                    rowSums[r] += a[r]
                    sum += a[r]
                default: break
                }
                rowSeen[r] = true
                seen = true
            }
            columnSums.append(sum)
            columnInts.append(sumInt)
            columnSeen.append(seen)
        }
        let grandSeen = columnSeen.contains(true)
        let grand = columnSums.reduce(0, +)
        let grandInt = columnInts.reduce(0, &+)
        func column(_ doubles: [Double], _ ints: [Int64], _ seen: [Bool]) -> Column {
            let nulls = NullBitmap.from(count: seen.count) { !seen[$0] }
            return valueType == .int ? Column(.int(ints), nulls: nulls) : Column(.double(doubles), nulls: nulls)
        }
        let name = UniqueName.make("total", taken: taken)
        // Without keys the one row is already the column totals: only the total column is added.
        guard keyCount > 0 else {
            return Relation(
                fields: fields + [
                    RelationField(name: name, info: ColumnInfo(name: name), column: column(rowSums, rowInts, rowSeen))
                ],
                count: rowCount)
        }
        var out: [RelationField] = []
        for (i, field) in fields.enumerated() {
            let last: Column
            if i < keyCount {
                last =
                    i == 0 && field.type == .string
                    ? Vector.broadcast(.string("total"), type: .string, count: 1)
                    : Vector.broadcast(.null, type: field.type, count: 1)
            } else {
                let c = i - keyCount
                last = column([columnSums[c]], [columnInts[c]], [columnSeen[c]])
            }
            let whole = ColumnConcatenation.concatenated([(field.column, rowCount), (last, 1)], type: field.type)
            out.append(RelationField(name: field.name, info: field.info, column: whole))
        }
        out.append(
            RelationField(
                name: name, info: ColumnInfo(name: name),
                column: column(rowSums + [grand], rowInts + [grandInt], rowSeen + [grandSeen])))
        return Relation(fields: out, count: rowCount + 1)
    }
}
