@testable import CADSandbox
import Foundation
import Testing

@Suite("Generated CAD files are valid files of their format")
struct CADFilesTests {
    let box = CADBox(width: 40, depth: 20, height: 10)

    @Test func stepIsAP214WithAClosedShellOfSixFaces() {
        let entities = CADFileValidation.checkSTEP(CADFiles.step(box, name: "plate"))
        #expect(entities.count { $0.contains("=ADVANCED_FACE(") } == 6)
        #expect(entities.count { $0.contains("=EDGE_CURVE(") } == 12)
        #expect(entities.count { $0.contains("=VERTEX_POINT(") } == 8)
        #expect(entities.count { $0.contains("=ORIENTED_EDGE(") } == 24)
        #expect(entities.contains { $0.contains("CLOSED_SHELL") })
        #expect(entities.contains { $0.contains("SI_UNIT(.MILLI.,.METRE.)") })
        #expect(entities.contains { $0.contains("CARTESIAN_POINT('',(40.,20.,10.))") })
    }

    @Test func stepQuotesNames() {
        let text = String(decoding: CADFiles.step(box, name: "it's"), as: UTF8.self)
        #expect(text.contains("'it''s'"))
    }

    @Test func glbHasHeaderChunksAndConsistentAccessors() throws {
        let json = try CADFileValidation.checkGLB(CADFiles.glb(box))
        let accessors = json["accessors"] as? [[String: Any]] ?? []
        #expect(accessors.count == 3)
        #expect(accessors[2]["count"] as? Int == 36)
        #expect((accessors[0]["max"] as? [Double]) == [40, 20, 10])
    }

    @Test func stlTriangleCountMatchesSize() {
        let data = CADFiles.stl(box)
        #expect(CADFileValidation.checkSTL(data) == 12)
        #expect(data.count == 84 + 12 * 50)
    }

    @Test func threeMFIsAStoredZipWithTheThreeParts() throws {
        let model = try CADFileValidation.check3MF(CADFiles.threeMF(box, name: "a & b"))
        #expect(model.components(separatedBy: "<vertex ").count - 1 == 8)
        #expect(model.components(separatedBy: "<triangle ").count - 1 == 12)
        #expect(model.contains("a &amp; b"))
    }

    @Test(arguments: [
        ("A 40x20x10mm rectangular box", CADBox(width: 40, depth: 20, height: 10)),
        ("plate 120 x 80 x 6 mm", CADBox(width: 120, depth: 80, height: 6)),
        ("a 2.5×3×4 cube", CADBox(width: 2.5, depth: 3, height: 4)),
        ("a mounting plate", CADBox.standard),
    ])
    func boxComesFromThePrompt(prompt: String, expected: CADBox) {
        #expect(CADBox.requested(by: prompt) == expected)
    }

    @Test func everyFormatHasItsExtensionAndType() {
        #expect(CADFileFormat.allCases.map(\.fileExtension) == ["step", "glb", "stl", "3mf"])
        for format in CADFileFormat.allCases { #expect(!CADFiles.file(format).isEmpty) }
    }
}
