import Foundation

/// What a completed task leaves behind: its result files and metadata.
struct BitbybitProduct: Sendable {
    var files: [BitbybitOutputFile]
    /// Merged into the task's `metadata` (and written to its `metadata` result file).
    var metadata: JSONObject
}

/// Why a task failed while it ran.
struct BitbybitTaskFailure: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Turns a finished task's work into real files: GLB, STEP, `stpz` (gzip of the STEP), decomposed-mesh
/// JSON, STL, 3MF, data JSON/CSV, a `metadata` JSON, and the sheet-metal reports.
///
/// Tasks fail here the way the service's would: an input file that is not STEP (no `ISO-10303-21`
/// header, after gunzipping an `stpz`), a deleted input file, a face index beyond the shape's faces,
/// or output formats the result's kernel cannot write (`stl` of an OCCT shape, `gltf` of a data value).
struct BitbybitProducer: Sendable {
    let files: BitbybitFileRegistry

    func produce(_ task: BitbybitTask) -> Result<BitbybitProduct, BitbybitTaskFailure> {
        do {
            var product = try make(task)
            var metadata = task.requestMetadata
            for key in product.metadata.keys { metadata[key] = product.metadata[key] }
            if case .pipeline(let body, _, let outputs) = task.work, outputs != nil,
                body["outputs"]?["includePipelineInMetadata"]?.boolValue != false
            {
                metadata["pipeline"] = body
            }
            product.metadata = metadata
            product.files.append(
                BitbybitOutputFile(key: "metadata", data: JSONValue.object(metadata).serialized(), mime: "application/json",
                                   filename: "metadata.json"))
            return .success(product)
        } catch let failure as BitbybitTaskFailure {
            return .failure(failure)
        } catch {
            return .failure(BitbybitTaskFailure("\(error)"))
        }
    }

    private func make(_ task: BitbybitTask) throws -> BitbybitProduct {
        switch task.work {
        case .model(let name, let params, let outputs):
            let box = Self.box(forModel: name, params: params)
            return BitbybitProduct(files: try shapeFiles(outputs.formats, box: box, base: name), metadata: [:])

        case .operation(let name, let params, let formats, let inputs):
            try requireInputs(inputs, owner: task.owner)
            let box = Self.box(forOperation: name, params: params)
            if formats.isEmpty {
                return BitbybitProduct(files: [rawResult(operation: name, box: box)], metadata: [:])
            }
            try checkKernel(of: name, formats: formats)
            return BitbybitProduct(files: try shapeFiles(formats, box: box, base: "result"), metadata: [:])

        case .pipeline(let body, let inputs, let outputs):
            try requireInputs(inputs, owner: task.owner)
            let steps = body["steps"]?.arrayValue ?? []
            let last = Self.lastOperation(in: steps) ?? "json.parse"
            let box = Self.box(forOperation: last, params: Self.lastParams(in: steps) ?? .null)
            var files: [BitbybitOutputFile] = []
            if let outputs {
                try checkKernel(of: last, formats: outputs.formats)
                files = try shapeFiles(outputs.formats, box: box, base: "pipeline", stepExtension: "step", operation: last,
                                       value: BitbybitDataSteps.values(of: steps).last)
            } else {
                files = [rawResult(operation: last, box: box)]
            }
            // As documented: the marked steps' values themselves, an array when several are marked.
            if outputs != nil, let marked = BitbybitDataSteps.markedResult(of: steps) {
                files.append(BitbybitOutputFile(
                    key: "result", data: marked.serialized(), mime: "application/json", filename: "result.json"))
            }
            return BitbybitProduct(files: files, metadata: ["stepCount": .int(steps.count)])

        case .convert(let fileID, _, _):
            let source = try stepSource(fileID, owner: task.owner)
            let stem = files.file(fileID, owner: task.owner)?.stem ?? "model"
            return BitbybitProduct(
                files: [BitbybitOutputFile(key: "glb", data: CADFiles.glb(.standard, name: stem), mime: "model/gltf-binary",
                                           filename: "\(stem).glb")],
                metadata: ["sourceFaces": .int(source.faceCount)])

        case .unfold(let variant, let fileID, let faceIndex, let kFactor, let thickness, let outputs):
            let source = try stepSource(fileID, owner: task.owner)
            var metadata: JSONObject = [:]
            var result: [BitbybitOutputFile] = []
            switch variant {
            case .faceToFlat:
                guard faceIndex < source.faceCount else {
                    throw BitbybitTaskFailure(
                        "Face index \(faceIndex) is out of range: the shape has \(source.faceCount) faces (0–\(source.faceCount - 1))")
                }
            case .faceReport:
                metadata["report"] = BitbybitUnfoldReports.face(faceIndex: faceIndex, faceCount: source.faceCount)
            case .solidReport, .solid:
                metadata["report"] = BitbybitUnfoldReports.solids(
                    count: source.solidCount, kFactor: kFactor, thicknessOverride: thickness)
            case .solidToFlat:
                break
            }
            if variant.producesGeometry {
                let flat = CADBox(width: 80 + 2 * (thickness > 0 ? thickness : 2), depth: 30, height: thickness > 0 ? thickness : 2)
                let formats = outputs?.formats ?? ["gltf"]
                result = try shapeFiles(formats, box: flat, base: "unfold-\(variant.rawValue)", solids: source.solidCount)
            }
            return BitbybitProduct(files: result, metadata: metadata)

        case .compound:
            return BitbybitProduct(files: [], metadata: [:])
        }
    }

    // MARK: Files

    private func shapeFiles(
        _ formats: [String], box: CADBox, base: String, stepExtension: String = "stp", operation: String? = nil,
        value: JSONValue? = nil, solids: Int = 1
    ) throws -> [BitbybitOutputFile] {
        try formats.map { name in
            guard let format = BitbybitFormat.named(name, stepExtension: stepExtension) else {
                throw BitbybitTaskFailure("Output format \(name) is not supported")
            }
            let data: Data
            switch format.request {
            case "gltf": data = CADFiles.glb(box, name: base)
            case "step": data = CADFiles.step(box, name: base)
            case "stpz": data = BitbybitGzip.compress(CADFiles.step(box, name: base))
            case "decomposed-mesh":
                data = JSONValue.array((0..<max(1, solids)).map { BitbybitMeshJSON.decomposed(box, solidIndex: solids > 1 ? $0 : nil) })
                    .serialized()
            case "stl": data = CADFiles.stl(box, name: base)
            case "3mf": data = CADFiles.threeMF(box, name: base)
            case "json": data = (value ?? BitbybitDataSteps.placeholder(operation ?? "")).serialized()
            default:  // csv
                data = Data("index,value\n0,\(Self.format(box.width * box.depth * box.height))\n".utf8)
            }
            return BitbybitOutputFile(key: format.key, data: data, mime: format.mime, filename: base + format.suffix)
        }
    }

    private func rawResult(operation: String, box: CADBox) -> BitbybitOutputFile {
        let value: JSONValue = .object([
            "operation": .string(operation),
            "result": Self.isShapeOperation(operation)
                ? BitbybitDataSteps.shapeValue(box)
                : BitbybitDataSteps.placeholder(operation),
        ])
        return BitbybitOutputFile(key: "result", data: value.serialized(), mime: "application/json", filename: "result.json")
    }

    /// Operations whose result is a shape (OCCT, Manifold, JSCAD) rather than data.
    static func isShapeOperation(_ operation: String) -> Bool {
        let root = operation.split(separator: ".").first.map(String.init) ?? ""
        guard ["occt", "manifold", "jscad"].contains(root) else { return false }
        let lowered = operation.lowercased()
        return !["get", "is", "measure", "volume", "area", "length"].contains { lowered.split(separator: ".").last?.hasPrefix($0) ?? false }
    }

    /// Refuses formats the last operation's kernel cannot write, as the service does.
    private func checkKernel(of operation: String, formats: [String]) throws {
        let root = operation.split(separator: ".").first.map(String.init) ?? ""
        let shapeFormats = formats.filter { !BitbybitFormat.dataNames.contains($0) }
        guard !shapeFormats.isEmpty else { return }
        guard Self.isShapeOperation(operation) else {
            throw BitbybitTaskFailure(
                "The result of \(operation) is data, not a shape: it cannot be written as \(shapeFormats.joined(separator: ", ")); use json or csv")
        }
        let allowed: Set<String> =
            switch root {
            case "manifold": ["stl"]
            case "jscad": ["stl", "3mf"]
            default: BitbybitFormat.occtNames
            }
        let refused = shapeFormats.filter { !allowed.contains($0) }
        guard refused.isEmpty else {
            throw BitbybitTaskFailure(
                "\(root.uppercased()) results cannot be written as \(refused.joined(separator: ", ")); use \(allowed.sorted().joined(separator: ", "))")
        }
    }

    // MARK: Inputs

    private func requireInputs(_ ids: [String], owner: String) throws {
        for id in ids where files.contents(id, owner: owner) == nil {
            throw BitbybitTaskFailure("Input file \(id) is no longer available (it was deleted or has expired)")
        }
    }

    /// What the sandbox reads from an uploaded STEP file.
    struct StepSource {
        var faceCount: Int
        var solidCount: Int
    }

    /// Reads an uploaded STEP (or gzip-compressed `stpz`) file, failing the task when it is not STEP.
    private func stepSource(_ fileID: String, owner: String) throws -> StepSource {
        guard let data = files.contents(fileID, owner: owner) else {
            throw BitbybitTaskFailure("Input file \(fileID) is no longer available (it was deleted or has expired)")
        }
        var bytes = data
        if BitbybitGzip.isGzip(data) {
            // A compressed stpz the sandbox cannot inflate is taken on trust: one six-faced solid.
            guard let inner = BitbybitGzip.decompressStored(data) else { return StepSource(faceCount: 6, solidCount: 1) }
            bytes = inner
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard trimmed.hasPrefix("ISO-10303-21") else {
            throw BitbybitTaskFailure(
                "File \(fileID) is not a STEP file (it does not start with ISO-10303-21); upload a .step/.stp or .stpz file")
        }
        let faces = text.components(separatedBy: "ADVANCED_FACE(").count - 1
        let solids = text.components(separatedBy: "MANIFOLD_SOLID_BREP(").count - 1
            + text.components(separatedBy: "BREP_WITH_VOIDS(").count - 1
        return StepSource(faceCount: faces > 0 ? faces : 6, solidCount: max(1, solids))
    }

    // MARK: Shapes

    /// The bounding box of a model, from its parameters (centimetres, times `scale`) in millimetres.
    static func box(forModel name: String, params: JSONObject) -> CADBox {
        func number(_ key: String, _ fallback: Double) -> Double { params[key]?.numberValue ?? fallback }
        let scale = number("scale", 1) * 10
        switch name {
        case "dragon-cup":
            let radius = number("radiusBottom", 4) + max(number("radiusTopOffset", 2), number("radiusMidOffset", 2))
            return CADBox(width: 2 * radius * scale, depth: 2 * radius * scale, height: number("height", 8) * scale)
        case "phone-nest":
            return CADBox(
                width: max(number("widthBack", 25), number("widthFront", 10)) * scale, depth: number("length", 16) * scale,
                height: max(number("heightTop", 16), number("heightBottom", 5)) * scale)
        default:
            return .standard
        }
    }

    /// The box an operation's parameters describe (`width`/`length`/`height`, `size`, `radius`), else standard.
    static func box(forOperation operation: String, params: JSONValue) -> CADBox {
        func number(_ key: String) -> Double? { params[key]?.numberValue }
        if let width = number("width"), let height = number("height") {
            return CADBox(width: width, depth: number("length") ?? width, height: height)
        }
        if let size = number("size") { return CADBox(width: size, depth: size, height: size) }
        if let radius = number("radius") {
            return CADBox(width: 2 * radius, depth: 2 * radius, height: number("height") ?? 2 * radius)
        }
        return .standard
    }

    /// The operation of the pipeline's last step (inside a map or choice: its last inner step).
    static func lastOperation(in steps: [JSONValue]) -> String? {
        guard let last = steps.last else { return nil }
        if let operation = last["operation"]?.stringValue { return operation }
        for key in ["reduce", "steps", "then", "else"] {
            if let inner = last[key]?.arrayValue, let operation = lastOperation(in: inner) { return operation }
        }
        return nil
    }

    private static func lastParams(in steps: [JSONValue]) -> JSONValue? {
        guard let last = steps.last else { return nil }
        if last["operation"] != nil { return last["params"] }
        for key in ["reduce", "steps", "then", "else"] {
            if let inner = last[key]?.arrayValue, let params = lastParams(in: inner) { return params }
        }
        return nil
    }

    /// The manifest file of a compound task: each sub-task's status and result files.
    func compoundManifest(_ children: [BitbybitTask]) -> Data {
        JSONValue.array(children.map { child in
            var files = JSONObject()
            for part in child.parts { files[part.key] = .string(part.filename) }
            return .object([
                "taskId": .string(child.id),
                "index": .int(child.index ?? 0),
                "status": .string(child.status.rawValue),
                "files": .object(files),
            ])
        }).serialized()
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
