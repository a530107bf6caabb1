/// Which output formats a result's kernel can produce, from the pipelines document's "Output
/// Formats": gltf, step, stpz and decomposed-mesh are for OCCT shapes; stl for Manifold and JSCAD
/// meshes; 3mf for JSCAD meshes ("3MF is JSCAD-only"); json and csv for any data. A result of plain
/// data (json, csv, math, … operations) cannot become a shape file.
///
/// The OpenAPI document describes 3mf as "Manifold/JSCAD only", contradicting the pipelines
/// document; 3mf from a Manifold result is therefore a warning, not an error.
///
/// The result is the last top-level step's (the document: "a single result based on the last
/// step"); through a map it is its reduce's last step, else its inner last step; through a choice,
/// the branches' common kernel. Where it cannot be told (`lists.*`, `logic.*`, references), nothing
/// is reported.
enum OutputFormatRules {
    struct Result {
        let kernel: GeometryKernel
        let operation: String
    }

    static func resultKernel(of steps: [JSONValue]) -> Result? {
        guard let last = steps.last?.objectValue else { return nil }
        switch last["type"] {
        case nil:
            guard let operation = last["operation"]?.stringValue,
                  let kernel = BitbybitOperation(rawValue: operation).kernel
            else { return nil }
            return Result(kernel: kernel, operation: operation)
        case .string("map")?:
            if let reduce = last["reduce"]?.arrayValue, !reduce.isEmpty { return resultKernel(of: reduce) }
            return resultKernel(of: last["steps"]?.arrayValue ?? [])
        case .string("choice")?:
            let then = resultKernel(of: last["then"]?.arrayValue ?? [])
            guard let otherwise = last["else"]?.arrayValue else { return then }
            let elseResult = resultKernel(of: otherwise)
            return then?.kernel == elseResult?.kernel ? then : nil
        default:
            return nil
        }
    }

    /// Problems of `formats` (at `location`) for a result.
    static func check(formats: [JSONValue], at location: JSONPath, result: Result?) -> [ValidationProblem] {
        guard let result else { return [] }
        var problems: [ValidationProblem] = []
        for (index, format) in formats.enumerated() {
            guard let name = format.stringValue else { continue }
            let source = "the result comes from \(result.operation) (\(result.kernel.displayName))"
            let advice = advice(for: result.kernel)
            switch (name, result.kernel) {
            case ("gltf", .occt), ("step", .occt), ("stpz", .occt), ("decomposed-mesh", .occt),
                 ("stl", .manifold), ("stl", .jscad), ("3mf", .jscad),
                 ("json", _), ("csv", _):
                continue
            case ("3mf", .manifold):
                problems.append(ValidationProblem(
                    at: location.appending(index),
                    "'3mf' from \(result.kernel.displayName): the pipelines document says 3MF is JSCAD-only "
                        + "(the OpenAPI document allows Manifold); use 'stl' to be safe",
                    rule: .outputKernel, severity: .warning))
            case ("gltf", _), ("step", _), ("stpz", _), ("decomposed-mesh", _):
                problems.append(ValidationProblem(
                    at: location.appending(index), "'\(name)' needs an OCCT shape, but \(source); \(advice)",
                    rule: .outputKernel))
            case ("stl", _):
                problems.append(ValidationProblem(
                    at: location.appending(index), "'stl' needs a Manifold or JSCAD mesh, but \(source); \(advice)",
                    rule: .outputKernel))
            case ("3mf", _):
                problems.append(ValidationProblem(
                    at: location.appending(index), "'3mf' needs a JSCAD mesh, but \(source); \(advice)",
                    rule: .outputKernel))
            default:
                continue  // an unknown format is the schema's problem
            }
        }
        return problems
    }

    private static func advice(for kernel: GeometryKernel) -> String {
        switch kernel {
        case .occt: "for OCCT shapes use gltf, step, stpz or decomposed-mesh"
        case .manifold: "for Manifold meshes use stl"
        case .jscad: "for JSCAD meshes use stl or 3mf"
        case .data: "for data use json or csv"
        }
    }
}
