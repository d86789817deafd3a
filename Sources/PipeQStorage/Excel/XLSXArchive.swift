import Foundation
import PipeQCore
import ZIPFoundation

/// The zip container of an .xlsx: checks that the file is one, and hands out its parts' bytes.
///
/// Before unzipping, the first bytes tell the usual wrong files apart: an OLE compound file is either an
/// Excel 97–2003 workbook (.xls) or a password-protected .xlsx (Office encrypts the whole package into
/// an OLE file with `EncryptionInfo` and `EncryptedPackage` streams); anything else without the zip
/// signature is not a workbook at all.
struct XLSXArchive {
    let path: String
    private let archive: Archive
    /// Entries by their path inside the zip, found once (ZIPFoundation's lookup by path walks them all).
    private let entries: [String: Entry]

    init(path: String) throws(Diagnostic) {
        self.path = path
        let head = Self.head(of: path, bytes: 8)
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw Self.oleDiagnostic(path: path)
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw XLSXErrors.diagnostic(
                path, "not an .xlsx workbook: the file is not a zip archive",
                hint: "open it in a spreadsheet program and save it as .xlsx or CSV")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw XLSXErrors.diagnostic(
                path, "not an .xlsx workbook: the zip archive cannot be read (\(error))",
                hint: "the file may be damaged or cut short; save it again as .xlsx or CSV")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entries[entry.path] == nil { entries[entry.path] = entry }
        self.entries = entries
    }

    func contains(_ part: String) -> Bool { entry(part) != nil }

    /// The bytes of a part, or nil when the zip has no such entry.
    func read(_ part: String) throws(Diagnostic) -> [UInt8]? {
        guard let entry = entry(part) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 30)))
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 18, skipCRC32: true) { chunk in
                bytes.append(contentsOf: chunk)
            }
        } catch {
            throw XLSXErrors.diagnostic(
                path, "cannot unzip \(part) from the workbook (\(error))",
                hint: "the file may be damaged; open it in a spreadsheet program and save it again")
        }
        let crc = bytes.withUnsafeBufferPointer { XLSXChecksum.crc32($0) }
        guard crc == entry.checksum else {
            throw XLSXErrors.diagnostic(
                path, "\(part) in the workbook is damaged (its checksum does not match)",
                hint: "open it in a spreadsheet program and save it again")
        }
        return bytes
    }

    /// The bytes of a part the workbook cannot do without.
    func require(_ part: String, for purpose: String) throws(Diagnostic) -> [UInt8] {
        guard let bytes = try read(part) else {
            throw XLSXErrors.diagnostic(
                path, "the workbook has no part \(part) (\(purpose))",
                hint:
                    "the file is incomplete or was not written by a spreadsheet program; save it again as .xlsx or CSV")
        }
        return bytes
    }

    /// Part names are case-insensitive in Open Packaging; try the exact name first.
    private func entry(_ part: String) -> Entry? {
        if let found = entries[part] { return found }
        let lower = part.lowercased()
        return entries.first { $0.key.lowercased() == lower }?.value
    }

    /// What kind of zip this is when it is not a workbook (for the error message).
    func describeOtherZip() -> String {
        if contains("word/document.xml") { return "it is a Word document" }
        if contains("ppt/presentation.xml") { return "it is a PowerPoint presentation" }
        if let mime = try? read("mimetype"), String(decoding: mime, as: UTF8.self).contains("opendocument.spreadsheet")
        {
            return "it is an OpenDocument spreadsheet (.ods)"
        }
        return "it is a zip archive with no workbook in it"
    }

    // MARK: Sniffing

    private static func head(of path: String, bytes count: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: count)) ?? Data())
    }

    /// An OLE compound file: encrypted when its directory names an `EncryptedPackage` stream.
    private static func oleDiagnostic(path: String) -> Diagnostic {
        let marker = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let contents =
            (try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)).map { [UInt8]($0) } ?? []
        if Self.contains(contents, marker) {
            return XLSXErrors.diagnostic(
                path, "the workbook is password-protected (encrypted), so it is not a zip that can be read",
                hint:
                    "open it in Excel, remove the password (File > Info > Protect Workbook), and save it as .xlsx or CSV"
            )
        }
        return XLSXErrors.diagnostic(
            path, "not an .xlsx workbook: this is an Excel 97-2003 (.xls) file or another OLE document",
            hint: "open it in a spreadsheet program and save it as .xlsx or CSV")
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
