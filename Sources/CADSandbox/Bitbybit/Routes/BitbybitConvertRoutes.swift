import Foundation

/// `/api/v1/convert/…`: the four STEP → glTF conversions of an uploaded file (scope `convert`).
extension BitbybitSandbox {
    func registerConvert(in routes: inout ProviderRoutes) {
        let conversions: [(endpoint: String, schema: String, kind: BitbybitTaskKind, draco: Bool)] = [
            ("step-to-gltf", "StepToGltfBody", .convertSimple, false),
            ("step-to-gltf-advanced", "StepToGltfAdvancedBody", .convertAdvanced, false),
            ("step-to-gltf-with-draco", "StepToGltfWithDracoBody", .convertSimple, true),
            ("step-to-gltf-advanced-with-draco", "StepToGltfAdvancedWithDracoBody", .convertAdvanced, true),
        ]
        for conversion in conversions {
            routes.post("/api/v1/convert/\(conversion.endpoint)", handler: endpoint(.convert) { call in
                let body = try call.validatedBody(conversion.schema, validator: validator)
                let file = try requireConfirmedFile(body["stepFileId"]?.stringValue ?? "", path: "stepFileId", call: call)
                var options = body.objectValue ?? JSONObject()
                options["stepFileId"] = nil
                var metadata: JSONObject = [
                    "endpoint": .string(conversion.endpoint),
                    "stepFileId": .string(file.id),
                    "sourceFilename": .string(file.filename),
                    "draco": .bool(conversion.draco && body["draco"]?["useDraco"]?.boolValue != false),
                ]
                if !options.keys.isEmpty { metadata["options"] = .object(options) }
                let request = BitbybitTaskRequest(
                    kind: conversion.kind, label: "Convert: \(file.filename) → glb",
                    work: .convert(fileID: file.id, endpoint: conversion.endpoint, options: .object(options)),
                    metadata: metadata)
                return accepted(tasks.submit(request, owner: call.owner), call: call)
            })
        }
    }
}
