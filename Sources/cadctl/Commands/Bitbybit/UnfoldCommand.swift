import ArgumentParser
import Bitbybit
import CADCore
import Foundation

/// `cadctl cad unfold KIND FILE`: Bitbybit's sheet-metal unfolding (face-to-flat, face-report, solid-to-flat,
/// solid-report, solid).
struct UnfoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unfold",
        abstract: "Unfold sheet metal from a STEP file: face-to-flat, face-report, solid-to-flat, solid-report, solid.")

    enum Kind: String, CaseIterable, ExpressibleByArgument {
        case faceToFlat = "face-to-flat", faceReport = "face-report", solidToFlat = "solid-to-flat"
        case solidReport = "solid-report", solid

        var isFace: Bool { self == .faceToFlat || self == .faceReport }
        var isReport: Bool { self == .faceReport || self == .solidReport }
    }

    @Argument(help: "face-to-flat, face-report, solid-to-flat, solid-report or solid.") var kind: Kind
    @Argument(help: "The STEP (or .stpz) file (omit with --file-id).") var file: String?
    @Option(help: ArgumentHelp("Use an already uploaded file.", valueName: "ID")) var fileId: String?
    @Option(help: "0-based face index (face-to-flat, face-report).") var faceIndex: Int?
    @Option(help: "Sheet-metal K-factor, 0–1 (solid kinds).") var kFactor: Double?
    @Option(help: "Sheet thickness override in model units; 0 detects it (solid kinds).") var thickness: Double?
    @Option(help: ArgumentHelp("gltf, step, stpz or decomposed-mesh (repeatable; not for reports).",
                               valueName: "FORMAT"))
    var format: [OutputFormat] = []
    @OptionGroup var waitOptions: BitbybitCLI.WaitOptions
    @OptionGroup var global: GlobalOptions

    /// Refuses `--format step` with `--format stpz`.
    func validate() throws {
        try BitbybitCLI.checkSTEPVariant(BitbybitCLI.formatNames(format))
    }

    func run() async throws {
        let formats = BitbybitCLI.formatNames(format)
        if kind.isReport && !formats.isEmpty { throw CLIError.usage("--format does not apply to \(kind.rawValue)") }
        if kind.isFace && (kFactor != nil || thickness != nil) {
            throw CLIError.usage("--k-factor and --thickness apply to the solid kinds, not \(kind.rawValue)")
        }
        if !kind.isFace && faceIndex != nil { throw CLIError.usage("--face-index applies to face-to-flat and face-report") }
        let source: BitbybitFileSource
        switch (file, fileId) {
        case (let path?, nil):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CLIError.usage("cannot read \(path); give a readable STEP file")
            }
            source = .localFile(path: path)
        case (nil, let id?): source = .fileID(id)
        case (nil, nil): throw CLIError.usage("give a STEP file, or --file-id ID of an uploaded one")
        case (_?, _?): throw CLIError.usage("give either a STEP file or --file-id, not both")
        }
        let outputs = formats.isEmpty ? nil : OutputOptions(formats: formats.map(OutputFormat.init(rawValue:)))

        let context = try CommandContext.current(global)
        let client = try BitbybitCLI.client(context)
        let id: String
        switch source {
        case .fileID(let value): id = value
        case .localFile(let path):
            id = try await BitbybitCLI.upload(path, client: client, context: context).fileID
            context.info("uploaded \(path) as file \(id)")
        }
        let cad = client.cad
        let kind = self.kind, faceIndex = self.faceIndex, kFactor = self.kFactor, thickness = self.thickness
        let request: JSONValue = ["kind": .string(kind.rawValue), "stepFileId": .string(id),
                                  "faceIndex": faceIndex.map { JSONValue.number(Double($0)) } ?? .null,
                                  "kFactor": kFactor.map { JSONValue.number($0) } ?? .null,
                                  "thickness": thickness.map { JSONValue.number($0) } ?? .null,
                                  "formats": .array(formats.map(JSONValue.string))]
        let accepted = try await BitbybitCLI.submit(
            path: "/api/v1/cad/pro/unfold", body: request, summary: "unfold \(kind.rawValue)", context: context
        ) { () async throws -> TaskAccepted in
            switch kind {
            case .faceToFlat:
                try await cad.unfoldFaceToFlat(UnfoldFaceToFlatBody(stepFileID: id, faceIndex: faceIndex, outputs: outputs))
            case .faceReport:
                try await cad.unfoldFaceReport(UnfoldFaceReportBody(stepFileID: id, faceIndex: faceIndex))
            case .solidToFlat:
                try await cad.unfoldSolidToFlat(UnfoldSolidToFlatBody(
                    stepFileID: id, kFactor: kFactor, thicknessOverride: thickness, outputs: outputs))
            case .solidReport:
                try await cad.unfoldSolidReport(UnfoldSolidReportBody(
                    stepFileID: id, kFactor: kFactor, thicknessOverride: thickness))
            case .solid:
                try await cad.unfoldSolid(UnfoldSolidBody(
                    stepFileID: id, kFactor: kFactor, thicknessOverride: thickness, outputs: outputs))
            }
        }
        try await BitbybitCLI.finish(accepted, client: client, formats: formats, options: waitOptions, context: context)
    }
}
