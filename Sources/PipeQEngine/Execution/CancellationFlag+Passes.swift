import PipeQCore
import PipeQStorage

extension CancellationFlag {
    /// `element(i)` for every `i` in `0..<count`, in order, looking at the flag every 16,384 elements (a pass
    /// over 38M history rows takes ~0.1 s); nil when it trips. The result is written straight into
    /// uninitialised memory, so the page faults of a row-sized array are spread over the watched loop too.
    func array<U>(count: Int, _ element: (Int) -> U) -> [U]? {
        var stopped = false
        let out = [U].uninitialized(capacity: count) { out, initialized in
            var i = 0
            while i < count {
                if shouldStop(i) { stopped = true; break }
                out.initializeElement(at: i, to: element(i))
                i += 1
            }
            initialized = i
        }
        return stopped ? nil : out
    }

    /// `count` copies of `value`, written in a watched loop: a row-sized table (80 MB at 10M rows) takes tens
    /// of milliseconds to fill on a loaded machine, too long between two looks. Nil when the flag trips.
    func array<U>(repeating value: U, count: Int) -> [U]? {
        array(count: count) { _ in value }
    }

    /// `transform` of every element, in order, watched as `array(count:_:)`; nil when the flag trips.
    func map<T, U>(_ source: [T], _ transform: (T) -> U) -> [U]? {
        source.withUnsafeBufferPointer { s in array(count: s.count) { transform(s[$0]) } }
    }

    /// `table[code]` for every row (`DictionaryCodes.lookup`), watched as `array(count:_:)`; nil when the flag trips.
    func lookup<T>(_ codes: DictionaryCodes, _ table: [T]) -> [T]? {
        func run<C: DictionaryCode>(_ c: [C]) -> [T]? {
            table.withUnsafeBufferPointer { t in map(c) { t[Int($0)] } }
        }
        switch codes {
        case .u8(let c): return run(c)
        case .u16(let c): return run(c)
        case .u32(let c): return run(c)
        }
    }
}
