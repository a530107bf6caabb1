import Foundation

/// The Bitbybit OpenAPI document (v1.1.1) bundled with the sandbox: the contract the sandbox's request
/// validation and model definitions are read from.
///
/// Immutable after loading; safe to share.
struct BitbybitSpec: Sendable {
    /// The whole document.
    let document: JSONValue
    /// `components.schemas`, by name.
    let schemas: JSONObject

    /// The document bundled as the target's resource, loaded once.
    static let bundled: BitbybitSpec = {
        guard let url = Bundle.module.url(forResource: "bitbybit-openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let spec = BitbybitSpec(data: data)
        else {
            // The resource is part of the target; without it the Bitbybit sandbox cannot validate anything.
            fatalError("CADSandbox: the bundled resource bitbybit-openapi.json is missing or not valid JSON")
        }
        return spec
    }()

    /// Parses an OpenAPI document; `nil` when it is not JSON or has no `components.schemas`.
    init?(data: Data) {
        guard let document = JSONValue.parse(data),
            let schemas = document["components"]?["schemas"]?.objectValue
        else { return nil }
        self.document = document
        self.schemas = schemas
    }

    /// The component schema `name` (`DragonCupParams`), if the document has it.
    func schema(named name: String) -> JSONValue? { schemas[name] }

    /// The schema a `$ref` (`#/components/schemas/NAME`) points to.
    func resolve(reference: String) -> JSONValue? {
        let prefix = "#/components/schemas/"
        guard reference.hasPrefix(prefix) else { return nil }
        return schemas[String(reference.dropFirst(prefix.count))]
    }

    /// The request body example of `POST path` (used for the models' default parameters).
    func requestExample(path: String) -> JSONValue? {
        document["paths"]?[path]?["post"]?["requestBody"]?["content"]?["application/json"]?["example"]
    }
}
