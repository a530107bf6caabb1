import Foundation

/// Writes a ZIP archive whose entries are stored (not compressed), with correct CRC-32s and a
/// central directory.
enum ZipArchive {
    /// Fixed modification time: 2026-01-01 00:00 (DOS format), so archives are reproducible.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = UInt16((2026 - 1980) << 9 | 1 << 5 | 1)

    static func stored(_ entries: [(path: String, data: Data)]) -> Data {
        var archive = BinaryWriter()
        var central = BinaryWriter()
        for entry in entries {
            let name = Data(entry.path.utf8)
            let crc = CRC32.checksum(entry.data)
            let offset = UInt32(archive.data.count)
            archive.uint32(0x0403_4B50)
            archive.uint16(20)  // version needed
            archive.uint16(0x0800)  // UTF-8 names
            archive.uint16(0)  // stored
            archive.uint16(dosTime)
            archive.uint16(dosDate)
            archive.uint32(crc)
            archive.uint32(UInt32(entry.data.count))
            archive.uint32(UInt32(entry.data.count))
            archive.uint16(UInt16(name.count))
            archive.uint16(0)
            archive.bytes(name)
            archive.bytes(entry.data)

            central.uint32(0x0201_4B50)
            central.uint16(20)  // made by
            central.uint16(20)  // needed
            central.uint16(0x0800)
            central.uint16(0)
            central.uint16(dosTime)
            central.uint16(dosDate)
            central.uint32(crc)
            central.uint32(UInt32(entry.data.count))
            central.uint32(UInt32(entry.data.count))
            central.uint16(UInt16(name.count))
            central.uint16(0)  // extra
            central.uint16(0)  // comment
            central.uint16(0)  // disk
            central.uint16(0)  // internal attributes
            central.uint32(0)  // external attributes
            central.uint32(offset)
            central.bytes(name)
        }
        let centralOffset = UInt32(archive.data.count)
        archive.bytes(central.data)
        archive.uint32(0x0605_4B50)
        archive.uint16(0)
        archive.uint16(0)
        archive.uint16(UInt16(entries.count))
        archive.uint16(UInt16(entries.count))
        archive.uint32(UInt32(central.data.count))
        archive.uint32(centralOffset)
        archive.uint16(0)
        return archive.data
    }
}
