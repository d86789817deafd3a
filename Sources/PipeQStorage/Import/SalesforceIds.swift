/// Salesforce record ids: a report shows the 15-character case-sensitive form, the API and Data Loader the
/// 18-character form (the same id plus three check characters). Where a dataset has both, every 15-character
/// id is extended to its 18-character form so that the same record matches across tables.
enum SalesforceIds: ExportAdapter {
    static func adapt(_ state: inout ImportState) {
        var idColumns: [(table: Int, field: Int, lengths: Set<Int>)] = []
        for (t, table) in state.tables.enumerated() {
            for (f, field) in table.fields.enumerated() {
                if let lengths = idLengths(field.column) { idColumns.append((t, f, lengths)) }
            }
        }
        // Only worth doing (and only safe to assume) when real 18-character ids are present somewhere.
        // The object kinds (an id's first three characters: 006 for opportunities) that 18-character ids name.
        var kinds = Set<Substring>()
        for (t, f, lengths) in idColumns where lengths.contains(18) {
            guard case .string(_, let dictionary) = state.tables[t].fields[f].column.values else { continue }
            for value in dictionary.values where value.utf8.count == 18 { kinds.insert(value.prefix(3)) }
        }
        guard !kinds.isEmpty else { return }
        for (t, f, lengths) in idColumns where lengths.contains(15) {
            let table = state.tables[t]
            var fields = table.fields
            guard let (codes, dictionary) = fields[f].column.values.distinctStrings,
                dictionary.values.contains(where: { kinds.contains($0.prefix(3)) })
            else { continue }
            // Extending can make two entries equal (a 15- and an 18-character form of one id): rebuild the codes.
            var builder = StringDictionaryBuilder()
            let map = dictionary.values.map { builder.code(for: $0.utf8.count == 15 ? eighteen($0) : $0) }
            let extended = builder.build()
            fields[f].column = Column(
                .string(codes.remapped(map, dictionaryCount: extended.count), extended),
                nulls: fields[f].column.nulls)
            state.tables[t] = Table(
                name: table.name, fields: fields, sourcePath: table.sourcePath, role: table.role,
                derived: table.derived)
            state.notes.append(
                "\(table.name).\(fields[f].name): 15-character Salesforce ids extended to their "
                    + "18-character form, so they match the 18-character ids of the other tables")
        }
    }

    /// The id lengths of a column whose every value is a Salesforce id (15 or 18 letters and digits, the
    /// 18-character ones with correct check characters); nil for any other column.
    static func idLengths(_ column: Column) -> Set<Int>? {
        guard case .string(_, let dictionary) = column.values, dictionary.count > 0 else { return nil }
        var lengths = Set<Int>()
        // Entry by entry, so that a column of names stops at its first entry without making every String.
        for code in 0..<dictionary.count {
            let value = dictionary.string(code)
            let bytes = Array(value.utf8)
            guard bytes.count == 15 || bytes.count == 18, bytes.allSatisfy(isAlphanumeric) else { return nil }
            if bytes.count == 18 && eighteen(String(decoding: bytes[0..<15], as: UTF8.self)) != value { return nil }
            lengths.insert(bytes.count)
        }
        // A column of 15-character codes alone could be anything; with the check characters it is an id column.
        return lengths
    }

    /// The 18-character form of a 15-character id: each block of five characters gives one check character,
    /// whose bits say which of the five are upper-case letters.
    static func eighteen(_ id: String) -> String {
        let bytes = Array(id.utf8)
        guard bytes.count == 15 else { return id }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
        var suffix: [UInt8] = []
        for block in 0..<3 {
            var bits = 0
            for j in 0..<5 where (0x41...0x5A).contains(bytes[block * 5 + j]) { bits |= 1 << j }
            suffix.append(alphabet[bits])
        }
        return id + String(decoding: suffix, as: UTF8.self)
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
