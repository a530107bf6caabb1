import CADCore
import Foundation
import Testing

@Suite("Reference images: kind by content, local files inspected before upload")
struct ImageFileTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
    static let gif = Array("GIF89a\u{1}\u{0}".utf8)
    static let webp = Array("RIFF\u{24}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)
    static let heic: [UInt8] = [0, 0, 0, 24] + Array("ftypheic".utf8) + [0, 0, 0, 0]
    static let heif: [UInt8] = [0, 0, 0, 24] + Array("ftypmif1".utf8) + [0, 0, 0, 0]

    @Test func kindsAreRecognisedByTheirLeadingBytes() {
        #expect(ImageKind.sniff(Self.png) == .png)
        #expect(ImageKind.sniff(Self.jpeg) == .jpeg)
        #expect(ImageKind.sniff(Self.gif) == .gif)
        #expect(ImageKind.sniff(Self.webp) == .webp)
        #expect(ImageKind.sniff(Self.heic) == .heic)
        #expect(ImageKind.sniff(Self.heif) == .heif)
        #expect(ImageKind.sniff(Array("solid cube\n".utf8)) == nil)
        #expect(ImageKind.sniff(Array(Self.png.prefix(5))) == nil, "a truncated signature is not a PNG")
        #expect(ImageKind.sniff([UInt8]()) == nil)
        #expect(ImageKind.png.mimeType == "image/png" && ImageKind.heif.mimeType == "image/heif")
    }

    @Test func aLocalFileIsJudgedByItsContentNotItsName() throws {
        let directory = try TemporaryDirectory()
        let disguised = directory.path + "/photo.png"
        try Data(Self.jpeg + [UInt8](repeating: 7, count: 100)).write(to: URL(fileURLWithPath: disguised))
        let file = try LocalImageFile.inspect(disguised)
        #expect(file.kind == .jpeg)
        #expect(file.size == 106)
        #expect(file.fileName == "photo.png")

        let text = directory.path + "/notes.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: text))
        #expect(try LocalImageFile.inspect(text).kind == nil)

        let short = directory.path + "/short.gif"
        try Data(Self.gif.prefix(3)).write(to: URL(fileURLWithPath: short))
        #expect(try LocalImageFile.inspect(short).kind == nil)
    }

    @Test func missingDirectoryAndUnreadableFilesAreNamedProblems() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: LocalImageFile.Problem.self) { try LocalImageFile.inspect(directory.path + "/absent.png") }
        do {
            _ = try LocalImageFile.inspect(directory.path)
            Issue.record("a directory was accepted")
        } catch {
            #expect(error == .notARegularFile)
            #expect("\(error)".contains("not a regular file"))
        }
        if getuid() != 0 {
            let locked = directory.path + "/locked.png"
            try Data(Self.png).write(to: URL(fileURLWithPath: locked))
            chmod(locked, 0)
            do {
                _ = try LocalImageFile.inspect(locked)
                Issue.record("an unreadable file was accepted")
            } catch {
                guard case .cannotOpen(let reason) = error else { Issue.record("\(error)"); return }
                #expect(reason.contains("ermission"))
            }
        }
    }
}
