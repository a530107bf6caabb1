import Foundation
import CADCore

/// Validation of `POST /text-to-cad` (JSON) and `POST /image-to-cad` (multipart) bodies.
enum MakistryInput {
    static let maxPromptLength = 5_000
    static let maxImages = 3
    static let maxImageBytes = 10 * 1024 * 1024
    static let imageKinds: Set<ImageKind> = [.png, .jpeg, .webp, .gif]

    static func text(_ request: SandboxRequest) throws -> MakistryRequest {
        guard let object = JSONValue.parse(request.body)?.objectValue else {
            throw MakistryError.invalidInput("The request body must be a JSON object with a prompt.")
        }
        guard let promptValue = object["prompt"], let prompt = promptValue.stringValue else {
            throw MakistryError.invalidInput("prompt is required and must be a string.")
        }
        try checkPrompt(prompt, required: true)
        let designMode = try choice(object["design_mode"], field: "design_mode", allowed: ["standard", "pro", "assembly"], default: "standard")
        let metadata = object["metadata"]
        if let metadata, !metadata.isNull, metadata.objectValue == nil {
            throw MakistryError.invalidInput("metadata must be a JSON object.")
        }
        return MakistryRequest(
            prompt: prompt, designMode: designMode, outputFormat: try format(object["output_format"]),
            callbackURL: try callback(object["callback_url"]), metadata: metadata?.isNull == true ? nil : metadata,
            imageCount: 0)
    }

    static func image(_ request: SandboxRequest) throws -> MakistryRequest {
        let parts: [MultipartFormData.Part]
        do {
            parts = try MultipartFormData.parse(request)
        } catch {
            throw MakistryError.invalidInput("The body must be multipart/form-data with 1–3 image files: \(error)")
        }
        var fields: [String: String] = [:]
        var images: [MultipartFormData.Part] = []
        for part in parts {
            if part.isFile {
                guard part.name == "image" else {
                    throw MakistryError.invalidInput("Image files must use the field name image (got \"\(part.name)\").")
                }
                images.append(part)
            } else {
                fields[part.name] = part.text ?? ""
            }
        }
        guard (1...maxImages).contains(images.count) else {
            throw MakistryError.invalidInput("Send between 1 and \(maxImages) image files; got \(images.count).")
        }
        for image in images {
            guard image.data.count <= maxImageBytes else {
                throw MakistryError.invalidInput("\(image.filename ?? "image") is larger than 10 MB.")
            }
            guard let kind = ImageKind.sniff(image.data), imageKinds.contains(kind) else {
                throw MakistryError(
                    422, "image_parse_failed", "\(image.filename ?? "image") could not be parsed as PNG, JPEG, WebP or GIF.")
            }
        }
        let prompt = fields["prompt"] ?? ""
        try checkPrompt(prompt, required: false)
        var metadata: JSONValue?
        if let text = fields["metadata_json"], !text.isEmpty {
            guard let value = JSONValue.parse(Data(text.utf8)), value.objectValue != nil else {
                throw MakistryError.invalidInput("metadata_json must be a JSON object.")
            }
            metadata = value
        }
        return MakistryRequest(
            prompt: prompt,
            designMode: try choice(fields["design_mode"].map(JSONValue.string), field: "design_mode", allowed: ["standard", "assembly"], default: "standard"),
            outputFormat: try format(fields["output_format"].map(JSONValue.string)),
            callbackURL: try callback(fields["callback_url"].map(JSONValue.string)), metadata: metadata,
            imageCount: images.count)
    }

    private static func checkPrompt(_ prompt: String, required: Bool) throws {
        let length = prompt.unicodeScalars.count
        if required, prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw MakistryError.invalidInput("prompt must be 1–5000 characters; it is empty.")
        }
        if length > maxPromptLength {
            throw MakistryError.invalidInput("prompt must be 1–5000 characters; it has \(length).")
        }
    }

    private static func choice(_ value: JSONValue?, field: String, allowed: [String], default fallback: String) throws -> String {
        guard let value, !value.isNull else { return fallback }
        guard let text = value.stringValue, allowed.contains(text) else {
            throw MakistryError.invalidInput("\(field) must be one of \(allowed.joined(separator: ", ")).")
        }
        return text
    }

    private static func format(_ value: JSONValue?) throws -> CADFileFormat {
        let name = try choice(value, field: "output_format", allowed: ["STEP", "STL", "GLB", "3MF"], default: "STEP")
        return CADFileFormat(rawValue: name.lowercased()) ?? .step
    }

    private static func callback(_ value: JSONValue?) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue, let url = URL(string: text), url.scheme?.lowercased() == "https",
            let host = url.host, !host.isEmpty
        else {
            throw MakistryError.invalidInput("callback_url must be an https URL.")
        }
        return text
    }
}
