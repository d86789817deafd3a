import PipeQCore
import PipeQStorage
import PipeQTestSupport
import Testing

@testable import PipeQEngine

/// The single passes inside grouping, bucketing and the history verbs (issue 18, item 17) look at the
/// cancellation flag once per 16,384 rows or values, and stop at the look that sees Ctrl-C. Each test counts
/// the looks of one building block on inputs sized so that every loop in it adds looks of its own (a pass over
/// `n` rows looks at rows 0, 16,384, 32,768 and 49,152): removing any one check lowers the count below the
/// figure asserted. Then a Ctrl-C at each look must stop it.
@Suite struct PassCancellationTests {
    /// Four looks per pass over `n` rows.
    static let n = 3 * 16_384 + 5

    /// The looks `body` makes with a fresh flag.
    static func looks(_ body: (CancellationFlag) throws -> Void) rethrows -> Int {
        let flag = CancellationFlag()
        try body(flag)
        return flag.polls
    }

    /// A flag that trips at its `poll`th look.
    static func tripping(at poll: Int) -> CancellationFlag {
        let flag = CancellationFlag()
        flag.cancel(atPoll: poll)
        return flag
    }

    // MARK: - Watched arrays

    @Test func watchedArraysLookEveryBlockAndStop() {
        let source = (0..<Self.n).map { Int32($0) }
        let codes = DictionaryCodes(source.map { UInt32($0) }, dictionaryCount: Self.n)
        let table = [Int32](0..<Int32(Self.n))
        #expect(Self.looks { _ = $0.array(count: Self.n) { $0 } } == 4)
        #expect(Self.looks { _ = $0.array(repeating: 0, count: Self.n) } == 4)
        #expect(Self.looks { _ = $0.map(source) { $0 } } == 4)
        #expect(Self.looks { _ = $0.lookup(codes, table) } == 4)
        #expect(Self.looks { _ = $0.map(codes) { Int64($0) } } == 4)
        for poll in 1...4 {
            #expect(Self.tripping(at: poll).array(count: Self.n) { $0 } == nil)
            #expect(Self.tripping(at: poll).lookup(codes, table) == nil)
        }
    }

    // MARK: - Buckets

    @Test func bucketingLooksInBothPassesAndStopsEmpty() {
        let values = (0..<Self.n).map { Double($0) }
        let bucket = (0..<Self.n).map { Int32($0 % 3) - 1 }  // -1 (left out), 0, 1
        // The counting pass and the filling pass: 4 looks each.
        #expect(Self.looks { _ = Buckets(values: values, bucket: bucket, count: 2, cancellation: $0) } == 8)
        for poll in 1...8 {
            let buckets = Buckets(values: values, bucket: bucket, count: 2, cancellation: Self.tripping(at: poll))
            #expect(buckets.count(0) == 0 && buckets.count(1) == 0, "Ctrl-C at look \(poll)")
        }
    }

    @Test func bucketStatisticsLookEveryBlockAndStop() {
        let values = (0..<Self.n).map { Double($0) }
        let tags = (0..<Self.n).map { Int32($0 % 100) }
        let all = [Int32](repeating: 0, count: Self.n)
        func buckets(_ flag: CancellationFlag) -> Buckets {
            Buckets(values: values, bucket: all, count: 1, tags: tags, cancellation: flag)
        }
        // Bucketing makes 8 looks (above); a sum or a distinct count over the bucket's n values 4 more.
        #expect(Self.looks { _ = buckets($0).sum(0) } == 12)
        var marks = [Int32](repeating: -1, count: 100)
        #expect(Self.looks { _ = buckets($0).distinctTags(0, marks: &marks) } == 12)
        for poll in 9...12 {
            #expect(buckets(Self.tripping(at: poll)).sum(0).isNaN, "Ctrl-C at look \(poll)")
        }
    }

    /// Quickselect looks before each partition of 16,384 values or more, and every 16,384 swaps inside one;
    /// interpolating then scans the values above the rank.
    @Test func quantileSelectionLooksPerPartitionAndPerSwaps() {
        let count = 4 * 16_384 + 1
        let sorted = (0..<count).map { Double($0) }
        let reversed = Array(sorted.reversed())
        func selectLooks(_ values: [Double], _ k: Int) -> Int {
            Self.looks { flag in
                var copy = values
                copy.withUnsafeMutableBufferPointer { _ = Quickselect.select($0, k, cancellation: flag) }
            }
        }
        // Sorted: a swap or two per partition, so the only look is the first partition's own (the pivot is the median).
        #expect(selectLooks(sorted, count / 2) >= 1)
        // Reversed: besides that, the first partition swaps every pair, 32,768 swaps: 2 more looks.
        #expect(selectLooks(reversed, count / 2) >= 3)
        var stopped = reversed
        #expect(
            stopped.withUnsafeMutableBufferPointer {
                Quickselect.select($0, count / 2, cancellation: Self.tripping(at: 2))
            }
                == false)
        // The 0.1 quantile interpolates between ranks 6,553 and 6,554: three partitions of 16,384 values or more
        // (65,537, 32,768, 16,384), then the scan of the values above rank 6,553 (looks at 16,384, 32,768, 49,152).
        let all = [Int32](repeating: 0, count: count)
        let flag = CancellationFlag()
        var buckets = Buckets(values: sorted, bucket: all, count: 1, cancellation: flag)
        let before = flag.polls
        #expect(abs(buckets.quantile(0, 0.1) - 6_553.6) < 1e-6)
        #expect(flag.polls - before >= 6)
        // Bucketing 65,537 values looks 10 times; a Ctrl-C at the scan's second look.
        buckets = Buckets(values: sorted, bucket: all, count: 1, cancellation: Self.tripping(at: 15))
        #expect(buckets.quantile(0, 0.1).isNaN)
    }

    /// A loop over many buckets looks once per 16,384 buckets, and before each bucket that reaches into a new
    /// block of 16,384 values.
    @Test func loopsOverManyBucketsLookPerBlockOfBucketsAndOfValues() {
        let count = 40_000
        let flag = CancellationFlag()
        // Each bucket's median, as stalled and stagetime loop: `shouldStop(before:)` ahead of each bucket.
        func medians(_ buckets: inout Buckets) -> [Double] {
            var out = [Double](repeating: .nan, count: count)
            for k in 0..<count {
                if buckets.shouldStop(before: k) { break }
                out[k] = buckets.quantile(k, 0.5)
            }
            return out
        }
        // Every bucket empty: looks before buckets 0, 16,384 and 32,768 only.
        var empty = Buckets(values: [1], bucket: [-1], count: count, cancellation: flag)
        var before = flag.polls
        _ = medians(&empty)
        #expect(flag.polls - before == 3)
        // One value each: also before buckets 16,383 and 32,767, whose values end a block of 16,384.
        let values = (0..<count).map { Double($0) }
        let own = (0..<count).map { Int32($0) }
        var one = Buckets(values: values, bucket: own, count: count, cancellation: flag)
        before = flag.polls
        _ = medians(&one)
        #expect(flag.polls - before == 5)
        // A Ctrl-C at the second of those looks (after bucketing's 3 + 3): bucket 16,383 and later are left out.
        one = Buckets(values: values, bucket: own, count: count, cancellation: Self.tripping(at: 8))
        let found = medians(&one)
        #expect(found[0] == 0 && found[16_382] == 16_382 && found[16_383].isNaN)
    }

    // MARK: - Deal keys

    /// Deals 1…m; history rows `n2` = 2m, each deal twice.
    static let m = n
    static let historyIDs = (0..<(2 * m)).map { Int64($0 / 2 + 1) }

    @Test func dealPositionsLookInEveryPass() throws {
        let history = Column(.int(Self.historyIDs))
        // Ids in a narrow range: the position table's fill (4), its filling from the back (4), the history rows (7).
        let narrow = Column(.int((1...Int64(Self.m)).map { $0 }))
        #expect(Self.looks { _ = DealKeys.positions(of: history, in: narrow, cancellation: $0) } == 15)
        // Wide ids (a hash index): the deals (4), the history rows (7).
        let wideHistory = Column(.int(Self.historyIDs.map { $0 * 1_000_000 }))
        let wide = Column(.int((1...Int64(Self.m)).map { $0 * 1_000_000 }))
        #expect(Self.looks { _ = DealKeys.positions(of: wideHistory, in: wide, cancellation: $0) } == 11)
        // Text ids: the deals (4), the history's distinct ids (4), the history rows (7).
        let textHistory = TestTables.strings(Self.historyIDs.map { "D\($0)" })
        let text = TestTables.strings((1...Self.m).map { "D\($0)" })
        #expect(Self.looks { _ = DealKeys.positions(of: textHistory, in: text, cancellation: $0) } == 15)
        let expected = try #require(DealKeys.positions(of: history, in: narrow, cancellation: CancellationFlag()))
        #expect(expected[0] == 0 && expected[3] == 1 && expected.last == Int32(Self.m - 1))
        #expect(DealKeys.positions(of: wideHistory, in: wide, cancellation: CancellationFlag()) == expected)
        #expect(DealKeys.positions(of: textHistory, in: text, cancellation: CancellationFlag()) == expected)
        for poll in 1...15 {
            #expect(
                DealKeys.positions(of: history, in: narrow, cancellation: Self.tripping(at: poll)) == nil,
                "Ctrl-C at look \(poll)")
            #expect(
                DealKeys.positions(of: textHistory, in: text, cancellation: Self.tripping(at: poll)) == nil,
                "Ctrl-C at look \(poll)")
        }
        for poll in 1...11 {
            #expect(
                DealKeys.positions(of: wideHistory, in: wide, cancellation: Self.tripping(at: poll)) == nil,
                "Ctrl-C at look \(poll)")
        }
    }

    @Test func denseDealNumbersLookEveryBlock() {
        let rows = 2 * Self.m  // 7 looks a pass
        var nulls = NullBitmap(count: rows)
        nulls.setNull(5)
        var ids = Self.historyIDs
        ids[5] = 1 << 40  // a null row's slot holds anything: never read as an id
        let narrow = Column(.int(ids), nulls: nulls)
        let wide = Column(.int(Self.historyIDs.map { $0 * 1_000_000 }))
        let text = TestTables.strings(Self.historyIDs.map { "D\($0)" })
        for column in [narrow, wide, text] {
            #expect(Self.looks { _ = DealKeys.dense(column, cancellation: $0) } == 7)
            for poll in 1...7 { #expect(DealKeys.dense(column, cancellation: Self.tripping(at: poll)) == nil) }
        }
        // The null row is -1, whatever its slot holds.
        let dense = DealKeys.dense(narrow, cancellation: CancellationFlag())
        #expect(dense?.ids[5] == -1 && dense?.ids[4] == 2 && dense?.count == Self.m)
    }

    // MARK: - Grouping

    /// Runs `Groups.build` with a Ctrl-C at each of its looks: the cancel diagnostic every time.
    static func expectStopsAtEveryLook(_ keys: [Column], _ rows: Int, looks: Int) {
        for poll in 1...looks {
            var message: String?
            do { _ = try Groups.build(keys: keys, rowCount: rows, cancellation: tripping(at: poll)) } catch {
                message = error.message
            }
            #expect(message == "query cancelled", "Ctrl-C at look \(poll) of \(looks)")
        }
    }

    @Test func groupingManyDistinctStringsLooksInEveryPass() throws {
        let names = TestTables.strings((0..<Self.n).map { "name \($0)" })
        // The first-row pass (4) and the look after it (1); codes by rank (4); groups in key order (4, over the
        // codes and the null slot); each row's group (4).
        let looks = try Self.looks { _ = try Groups.build(keys: [names], rowCount: Self.n, cancellation: $0) }
        #expect(looks == 17)
        Self.expectStopsAtEveryLook([names], Self.n, looks: looks)
        let groups = try Groups.build(keys: [names], rowCount: Self.n)
        #expect(groups.count == Self.n)
    }

    @Test func groupingIntegerIdsLooksInEveryPass() throws {
        // n rows of n/2 distinct ids in a narrow range, one null: ranked by a table, grouped by direct indexing.
        var nulls = NullBitmap(count: Self.n)
        nulls.setNull(7)
        var values = (0..<Self.n).map { Int64(1_000 + $0 / 2) }
        values[7] = 0  // a null row's slot holds 0, outside the ids' range: never looked up
        let ids = Column(.int(values), nulls: nulls)
        // Ranking: the rank table's fill (2: it spans n/2), marking the rows (4), numbering the ranks (2), each
        // row's rank (4). The look after the keys (1). Direct: the first-row table's fill (2) and pass (4), the
        // group table's fill (2), numbering the slots (2), each row's group (4).
        let looks = try Self.looks { _ = try Groups.build(keys: [ids], rowCount: Self.n, cancellation: $0) }
        #expect(looks == 27)
        Self.expectStopsAtEveryLook([ids], Self.n, looks: looks)
        let groups = try Groups.build(keys: [ids], rowCount: Self.n)
        #expect(groups.count == Self.n / 2 + 2)  // the ids, and the null row's group
        #expect(
            groups.ids[0] == 0 && groups.ids[7] == Int32(groups.count - 1)
                && groups.ids[Self.n - 1] == Int32(Self.n / 2))
    }

    @Test func groupingTwoKeysLooksInTheSlotPass() throws {
        let a = Column(.int((0..<Self.n).map { Int64($0 % 7) }))
        let b = Column(.int((0..<Self.n).map { Int64($0 % 5) }))
        // Each key: fill (1), marking (4), numbering (1), ranks (4). The look after the keys (1). Direct: the
        // second key's slots (4), the first-row table (1) and pass (4), the group table (1), the slots (1), each row (4).
        let looks = try Self.looks { _ = try Groups.build(keys: [a, b], rowCount: Self.n, cancellation: $0) }
        #expect(looks == 36)
        Self.expectStopsAtEveryLook([a, b], Self.n, looks: looks)
        #expect(try Groups.build(keys: [a, b], rowCount: Self.n).count == 35)
    }
}
