/// The one LIKE loop, over bytes (`BytePattern`) or characters (`TextPattern`): a whole-text match, greedy with
/// backtracking to the last `%` (linear for the usual patterns).
enum LikeMatcher {
    /// - Parameters:
    ///   - count: the text's length; `steps`: the pattern's.
    ///   - isAny: whether pattern step `j` is `%`.
    ///   - matches: whether pattern step `j` (`_` or a literal, never `%`) takes the text's item `i`.
    @inline(__always)
    static func matches(
        count n: Int, steps m: Int, isAny: (_ j: Int) -> Bool, matches: (_ i: Int, _ j: Int) -> Bool
    ) -> Bool {
        var i = 0
        var j = 0
        var star = -1
        var mark = 0
        while i < n {
            if j < m, matches(i, j) {
                i += 1
                j += 1
            } else if j < m, isAny(j) {
                star = j
                mark = i
                j += 1
            } else if star >= 0 {
                j = star + 1
                mark += 1
                i = mark
            } else {
                return false
            }
        }
        while j < m, isAny(j) { j += 1 }
        return j == m
    }
}
