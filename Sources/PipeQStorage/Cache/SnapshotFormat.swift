/// The snapshot layout: a header (magic, version, source stamp), then each column's names, type,
/// null bitmap and raw values; dictionaries as offsets plus one UTF-8 blob. A checksum follows the body.
enum SnapshotFormat {
    static func write(_ table: Table, stamp: SnapshotCache.SourceStamp, to w: BinaryFileWriter) {
        w.append(SnapshotCache.magic)
        w.append(SnapshotCache.version)
        w.append(stamp.path)
        w.append(stamp.size)
        w.append(stamp.modified)
        w.append(stamp.changed)
        w.append(stamp.device)
        w.append(stamp.inode)
        w.append(UInt64(table.rowCount))
        w.append(UInt32(table.fields.count))
        for field in table.fields {
            w.append(field.info.name)
            w.append(field.info.header)
            let column = field.column
            w.append(UInt8(typeCode(column.type)))
            w.append(UInt8(column.nulls == nil ? 0 : 1))
            if let nulls = column.nulls { w.appendArray(nulls.words) }
            switch column.values {
            case .int(let v), .timestamp(let v), .duration(let v): w.appendArray(v)
            case .double(let v): w.appendArray(v)
            case .bool(let v): w.appendArray(v.map { $0 ? UInt8(1) : 0 })
            case .date(let v): w.appendArray(v)
            case .string(let codes, let dict):
                w.append(UInt8(codes.width))
                switch codes {
                case .u8(let c): w.appendArray(c)
                case .u16(let c): w.appendArray(c)
                case .u32(let c): w.appendArray(c)
                }
                w.append(UInt8(dict.isDistinct ? 1 : 0))
                let (blob, offsets) = dict.utf8Arena()
                w.appendArray(offsets)  // Int: 8 bytes, read back as such
                w.appendArray(blob)
            }
        }
    }

    static func read(
        _ r: inout BinaryReader, expecting stamp: SnapshotCache.SourceStamp, tableName: String,
        sourcePath: String, progress: LoadProgress? = nil
    ) throws(BinaryReader.Failure) -> Table {
        guard try r.read(UInt64.self) == SnapshotCache.magic, try r.read(UInt32.self) == SnapshotCache.version else {
            throw .invalid
        }
        let stored = SnapshotCache.SourceStamp(
            path: try r.readString(), size: try r.read(UInt64.self), modified: try r.read(Int64.self),
            changed: try r.read(Int64.self), device: try r.read(UInt64.self), inode: try r.read(UInt64.self))
        guard stored == stamp else { throw .invalid }
        let rows = Int(try r.read(UInt64.self))
        let count = Int(try r.read(UInt32.self))
        // No fixed cap (CSV has none: a cap rejected and rewrote wide snapshots on every open); every column
        // takes bytes, so a damaged count fails here.
        guard count <= r.remaining else { throw .invalid }
        var fields: [Field] = []
        var reported = r.offset
        for _ in 0..<count {
            let name = try r.readString()
            let header = try r.readString()
            let type = try r.read(UInt8.self)
            let hasNulls = try r.read(UInt8.self)
            var nulls: NullBitmap?
            if hasNulls == 1 {
                var bitmap = NullBitmap(count: rows)
                bitmap.words = try r.readArray(UInt64.self, expected: (rows + 63) >> 6)
                nulls = bitmap
            }
            let values: ColumnValues
            switch type {
            case 0: values = .int(try r.readArray(Int64.self, expected: rows))
            case 1: values = .double(try r.readArray(Double.self, expected: rows))
            case 2: values = .bool(try r.readArray(UInt8.self, expected: rows).map { $0 != 0 })
            case 3: values = .date(try r.readArray(Int32.self, expected: rows))
            case 4: values = .timestamp(try r.readArray(Int64.self, expected: rows))
            case 5: values = .duration(try r.readArray(Int64.self, expected: rows))
            case 6:
                let codes: DictionaryCodes
                switch try r.read(UInt8.self) {
                case 1: codes = .u8(try r.readArray(UInt8.self, expected: rows))
                case 2: codes = .u16(try r.readArray(UInt16.self, expected: rows))
                case 4: codes = .u32(try r.readArray(UInt32.self, expected: rows))
                default: throw .invalid
                }
                let distinct: Bool
                switch try r.read(UInt8.self) {
                case 0: distinct = false
                case 1: distinct = true
                default: throw .invalid
                }
                let offsets = try r.readArray(Int.self)  // written as UInt64: the same bytes on 64-bit machines
                let blob = try r.readArray(UInt8.self)
                guard let first = offsets.first, first == 0, let last = offsets.last, last == blob.count else {
                    throw .invalid
                }
                let ordered = offsets.withUnsafeBufferPointer { o in
                    var ok = true
                    for i in 1..<o.count { ok = ok && o[i] >= o[i - 1] }
                    return ok
                }
                guard ordered else { throw .invalid }
                guard codes.count == 0 || codes.largest < offsets.count - 1 else { throw .invalid }
                values = .string(codes, StringDictionary(utf8: blob, offsets: offsets, distinct: distinct))
            default: throw .invalid
            }
            fields.append(Field(ColumnInfo(name: name, header: header), Column(values, nulls: nulls)))
            progress?.advance(bytes: r.offset - reported, rows: 0)
            reported = r.offset
        }
        guard r.remaining == 0 else { throw .invalid }
        return Table(name: tableName, fields: fields, sourcePath: sourcePath)
    }

    static func typeCode(_ type: DataType) -> Int {
        switch type {
        case .int: return 0
        case .double: return 1
        case .bool: return 2
        case .date: return 3
        case .timestamp: return 4
        case .duration: return 5
        case .string: return 6
        }
    }
}
