/// CRC-32 (IEEE 802.3, the zip format's checksum), eight bytes per step ("slicing-by-8").
///
/// ZIPFoundation checks each entry's CRC itself, but on Linux (no `zlib` module to import) with a
/// byte-at-a-time loop that took 0.21 s of the 0.27 s it spent unzipping a 33 MB worksheet; this takes
/// about a tenth of that, so the reader unzips with ZIPFoundation's check off and checks here.
enum XLSXChecksum {
    /// `tables[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var c = UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[b] = c
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let previous = t[(k - 1) * 256 + b]
                t[k * 256 + b] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    static func crc32(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            var crc: UInt32 = 0xFFFF_FFFF
            var i = 0
            let n = bytes.count
            while i &+ 8 <= n {
                let lo =
                    (UInt32(bytes[i]) | UInt32(bytes[i &+ 1]) << 8 | UInt32(bytes[i &+ 2]) << 16
                        | UInt32(bytes[i &+ 3]) << 24) ^ crc
                let hi =
                    UInt32(bytes[i &+ 4]) | UInt32(bytes[i &+ 5]) << 8 | UInt32(bytes[i &+ 6]) << 16
                    | UInt32(bytes[i &+ 7]) << 24
                crc =
                    t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                    ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                i &+= 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
                i &+= 1
            }
            return ~crc
        }
    }
}
