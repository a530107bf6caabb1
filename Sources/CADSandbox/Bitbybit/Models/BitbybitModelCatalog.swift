import Foundation

/// One parametric model the sandbox serves (`dragon-cup`, `phone-nest`).
struct BitbybitModel: Sendable {
    /// The slug used in paths.
    var name: String
    var displayName: String
    var description: String
    /// The component schema of its parameters (`DragonCupParams`).
    var paramsSchema: String
    /// `ModelParamDefinition` objects, in the schema's order.
    var params: [JSONValue]
    /// Every parameter's default value.
    var defaults: JSONObject

    /// The `ModelDefinition` JSON.
    var definition: JSONValue {
        .object([
            "name": .string(name),
            "displayName": .string(displayName),
            "description": .string(description),
            "params": .array(params),
            "defaults": .object(defaults),
        ])
    }
}

/// The models, with parameter definitions read from the OpenAPI document: types and descriptions from
/// the `…Params` schemas, defaults from the documented request examples (which list every parameter).
struct BitbybitModelCatalog: Sendable {
    /// Models by slug, in listing order.
    let models: [BitbybitModel]

    init(spec: BitbybitSpec) {
        let entries: [(name: String, display: String, schema: String, fallback: String)] = [
            ("dragon-cup", "Dragon Cup", "DragonCupParams",
             "Parametric dragon-scale textured cup with configurable height, radius, thickness and cell pattern."),
            ("phone-nest", "Phone Nest", "PhoneNestParams",
             "Parametric phone stand/nest with optional ornamental perforations."),
        ]
        models = entries.map { entry in
            let path = "/api/v1/models/\(entry.name)"
            let operation = spec.document["paths"]?[path]?["post"]
            let defaults = spec.requestExample(path: path)?["params"]?.objectValue ?? JSONObject()
            return BitbybitModel(
                name: entry.name,
                displayName: entry.display,
                description: operation?["description"]?.stringValue ?? entry.fallback,
                paramsSchema: entry.schema,
                params: Self.parameterDefinitions(schema: entry.schema, defaults: defaults, spec: spec),
                defaults: defaults)
        }
    }

    /// The model named `name`, if the sandbox serves it.
    func model(named name: String) -> BitbybitModel? { models.first { $0.name == name } }

    /// Slugs in listing order.
    var names: [String] { models.map(\.name) }

    private static func parameterDefinitions(schema: String, defaults: JSONObject, spec: BitbybitSpec) -> [JSONValue] {
        guard let properties = spec.schema(named: schema)?["properties"]?.objectValue else { return [] }
        return properties.keys.sorted { order(of: $0, in: defaults) < order(of: $1, in: defaults) }.compactMap { name in
            guard let property = properties[name] else { return nil }
            var resolved = property
            if let reference = property["$ref"]?.stringValue, let target = spec.resolve(reference: reference) {
                resolved = target
            }
            let schemaType = resolved["type"]?.stringValue ?? "number"
            var definition: JSONObject = [
                "name": .string(name),
                "type": .string(["number", "integer", "boolean", "array"].contains(schemaType) ? schemaType : "number"),
                "description": .string(property["description"]?.stringValue ?? resolved["description"]?.stringValue ?? name),
                "default": defaults[name] ?? .null,
            ]
            if schemaType == "array" {
                let itemType = resolved["prefixItems"]?.arrayValue?.first?["type"]?.stringValue
                    ?? resolved["items"]?["type"]?.stringValue ?? "number"
                definition["items"] = .object(["type": .string(itemType)])
            }
            return .object(definition)
        }
    }

    /// The position of `name` among the documented defaults (the docs' order), unknown names last.
    private static func order(of name: String, in defaults: JSONObject) -> Int {
        defaults.keys.firstIndex(of: name) ?? Int.max
    }
}
