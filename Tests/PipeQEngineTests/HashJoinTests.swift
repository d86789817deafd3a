import PipeQStorage
import Testing

@testable import PipeQEngine

/// The join kernel's key numbering: equal non-null values share a number on both sides, nulls and left values the
/// right lacks get -1, through the range array (dense ids) and the dictionary (sparse values) alike.
@Suite struct HashJoinTests {
    func check(_ left: [Int64?], _ right: [Int64?]) {
        func column(_ values: [Int64?]) -> Column {
            Column(.int(values.map { $0 ?? 0 }), nulls: NullBitmap.from(count: values.count) { values[$0] == nil })
        }
        let (l, r, count) = HashJoin.commonKeys(column(left), column(right))
        for (i, v) in right.enumerated() {
            if v == nil { #expect(r[i] == -1) } else { #expect(r[i] >= 0 && Int(r[i]) < count) }
            for (j, w) in right.enumerated() where v != nil && w != nil { #expect((r[i] == r[j]) == (v == w)) }
        }
        for (i, v) in left.enumerated() {
            if let v, let j = right.firstIndex(of: v) { #expect(l[i] == r[j]) } else { #expect(l[i] == -1) }
        }
    }

    @Test func denseIdsUseTheRange() {
        check([1, 2, 3, nil, 7, 100], [3, 1, nil, 3, 2, 5])
    }

    @Test func sparseValuesUseTheDictionary() {
        check([Int64.min, 0, 1 << 40, nil, -5], [1 << 40, Int64.min, nil, Int64.max, -5, -5])
    }

    @Test func anEmptyOrAllNullRightMatchesNothing() {
        check([1, 2], [])
        check([1, nil], [nil, nil])
    }
}
