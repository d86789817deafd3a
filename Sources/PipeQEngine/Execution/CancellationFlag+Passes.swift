import PipeQCore
import PipeQStorage

extension CancellationFlag {
    /// Calls `body` with consecutive blocks of `range`, cut at multiples of 16,384, looking at the flag before
    /// each block that starts at one (the looks `shouldStop(i)` makes row by row): the rows inside a block run
    /// with no check at all, so a simple loop stays as fast as without cancellation. False when the flag
    /// tripped; the blocks after it are skipped.
    @inline(__always)
    func forEachBlock(_ range: Range<Int>, _ body: (Range<Int>) -> Void) -> Bool {
        var start = range.lowerBound
        while start < range.upperBound {
            if start & 0x3FFF == 0, isCancelled { return false }
            let end = Swift.min(range.upperBound, (start | 0x3FFF) + 1)
            body(start..<end)
            start = end
        }
        return true
    }

    /// `element(i)` for every `i` in `0..<count`, in order, looking at the flag every 16,384 elements (a pass
    /// over 38M history rows takes ~0.1 s); nil when it trips. The result is written straight into
    /// uninitialised memory, so the page faults of a row-sized array are spread over the watched loop too.
    func array<U>(count: Int, _ element: (Int) -> U) -> [U]? {
        var completed = true
        let out = [U].uninitialized(capacity: count) { out, initialized in
            var done = 0
            completed = forEachBlock(0..<count) { block in
                for i in block { out.initializeElement(at: i, to: element(i)) }
                done = block.upperBound
            }
            initialized = done
        }
        return completed ? out : nil
    }

    /// `count` copies of `value`, written a block at a time between looks: a row-sized table (80 MB at 10M
    /// rows) takes tens of milliseconds to fill on a loaded machine, too long between two looks. Nil when
    /// the flag trips.
    func array<U>(repeating value: U, count: Int) -> [U]? {
        var completed = true
        let out = [U].uninitialized(capacity: count) { out, initialized in
            var done = 0
            completed = forEachBlock(0..<count) { block in
                UnsafeMutableBufferPointer(rebasing: out[block]).initialize(repeating: value)
                done = block.upperBound
            }
            initialized = done
        }
        return completed ? out : nil
    }

    /// `transform` of every element, in order, watched as `array(count:_:)`; nil when the flag trips.
    func map<T, U>(_ source: [T], _ transform: (T) -> U) -> [U]? {
        source.withUnsafeBufferPointer { s in array(count: s.count) { transform(s[$0]) } }
    }

    /// `transform` of every row's code, watched as `array(count:_:)`; nil when the flag trips.
    func map<U>(_ codes: DictionaryCodes, _ transform: (UInt32) -> U) -> [U]? {
        switch codes {
        case .u8(let c): return map(c) { transform(UInt32($0)) }
        case .u16(let c): return map(c) { transform(UInt32($0)) }
        case .u32(let c): return map(c, transform)
        }
    }

    /// `table[code]` for every row (`DictionaryCodes.lookup`), watched as `array(count:_:)`; nil when the flag trips.
    func lookup<T>(_ codes: DictionaryCodes, _ table: [T]) -> [T]? {
        table.withUnsafeBufferPointer { t in map(codes) { t[Int($0)] } }
    }
}
