// The one file that touches `Bundle.module`, which needs full Foundation on Linux.
import Foundation

/// The JSON resources bundled with the module, each parsed once on first use.
enum BundledResources {
    static let operationCatalogue: Result<OperationCatalogue, BitbybitResourceError> = load(
        "bitbybit-operations"
    ) { json throws(BitbybitResourceError) in
        do throws(CatalogueError) {
            return try OperationCatalogue(json: json)
        } catch {
            throw BitbybitResourceError(resource: "bitbybit-operations.json", reason: error.message)
        }
    }

    static let openAPI: Result<RequestSchemas, BitbybitResourceError> = load("bitbybit-openapi") {
        json throws(BitbybitResourceError) in
        do throws(CatalogueError) {
            return try RequestSchemas(openAPI: json)
        } catch {
            throw BitbybitResourceError(resource: "bitbybit-openapi.json", reason: error.description)
        }
    }

    private static func load<T>(
        _ name: String, _ make: (JSONValue) throws(BitbybitResourceError) -> T
    ) -> Result<T, BitbybitResourceError> {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            return .failure(BitbybitResourceError(resource: "\(name).json", reason: "missing from the module bundle"))
        }
        do {
            let json = try JSONValue(parsing: Data(contentsOf: url))
            return .success(try make(json))
        } catch let error as BitbybitResourceError {
            return .failure(error)
        } catch {
            return .failure(BitbybitResourceError(resource: "\(name).json", reason: "\(error)"))
        }
    }
}

/// A resource bundled with the Bitbybit module could not be loaded: the build is broken.
public struct BitbybitResourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The resource's file name.
    public let resource: String
    /// Why.
    public let reason: String

    /// "cannot load …".
    public var description: String {
        "cannot load the bundled \(resource): \(reason) (reinstall or rebuild cadctl)"
    }
}

extension OperationCatalogue {
    /// The catalogue bundled with this module (parsed once, on first use).
    public static func bundled() throws(BitbybitResourceError) -> OperationCatalogue {
        try BundledResources.operationCatalogue.get()
    }
}

extension RequestSchemas {
    /// The request schemas of the OpenAPI document bundled with this module (parsed once, on first use).
    public static func bundled() throws(BitbybitResourceError) -> RequestSchemas {
        try BundledResources.openAPI.get()
    }
}
