import Foundation
import CADCore

/// The validated fields of a create or follow-up request: a prompt and up to five images.
struct OrvilleInput: Sendable {
    struct Image: Sendable {
        var filename: String
        var kind: ImageKind
        var data: Data
    }

    static let maxPromptLength = 60_000
    static let maxImages = 5
    static let maxImageBytes = 10 * 1024 * 1024

    var prompt: String
    var images: [Image]

    /// Reads a JSON (`{"prompt"}`) or multipart (`prompt`, repeated `images`) body.
    /// - Throws: `OrvilleError` with the documented code for each problem.
    static func parse(_ request: SandboxRequest) throws -> OrvilleInput {
        if request.mediaType == "multipart/form-data" { return try parseForm(request) }
        return try parseJSON(request)
    }

    private static func parseJSON(_ request: SandboxRequest) throws -> OrvilleInput {
        guard let json = JSONValue.parse(request.body), let object = json.objectValue else {
            throw OrvilleError(400, "invalid_json", "The request body is not valid JSON. Send {\"prompt\": \"...\"} with Content-Type: application/json.")
        }
        if object["images"] != nil || object["image"] != nil {
            throw OrvilleError(
                400, "json_images_unsupported",
                "Images cannot be sent in JSON. Send multipart/form-data with repeated file fields named images.")
        }
        return OrvilleInput(prompt: try validPrompt(object["prompt"]?.stringValue), images: [])
    }

    private static func parseForm(_ request: SandboxRequest) throws -> OrvilleInput {
        let parts: [MultipartFormData.Part]
        do {
            parts = try MultipartFormData.parse(request)
        } catch {
            throw OrvilleError(400, "invalid_form_data", "The multipart request body is invalid: \(error)")
        }
        var prompt: String?
        var images: [Image] = []
        for part in parts {
            if part.isFile {
                guard part.name == "images" else {
                    throw OrvilleError(
                        400, "unsupported_image_field",
                        "Image files must use the field name images (got \"\(part.name)\").")
                }
                images.append(Image(filename: part.filename ?? "image", kind: .png, data: part.data))
            } else if part.name == "prompt" {
                prompt = part.text
            } else if part.name == "images" {
                throw OrvilleError(400, "invalid_form_data", "The images field must be a file upload.")
            }
        }
        if images.count > maxImages {
            throw OrvilleError(400, "too_many_images", "At most \(maxImages) images can be attached; got \(images.count).")
        }
        for index in images.indices {
            let image = images[index]
            if image.data.count > maxImageBytes {
                throw OrvilleError(400, "file_too_large", "\(image.filename) is larger than 10MB.")
            }
            guard let kind = ImageKind.sniff(image.data) else {
                throw OrvilleError(
                    400, "invalid_file_type", "\(image.filename) is not a JPEG, PNG, WebP, GIF, HEIC, or HEIF image.")
            }
            images[index].kind = kind
        }
        return OrvilleInput(prompt: try validPrompt(prompt), images: images)
    }

    /// The prompt if present, non-blank and at most 60,000 characters (UTF-16 code units, as JavaScript counts).
    static func validPrompt(_ prompt: String?) throws -> String {
        guard let prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw OrvilleError(400, "missing_prompt", "prompt is required.")
        }
        guard prompt.utf16.count <= maxPromptLength else {
            throw OrvilleError(400, "prompt_too_long", "prompt is longer than 60,000 characters (\(prompt.utf16.count)).")
        }
        return prompt
    }
}
