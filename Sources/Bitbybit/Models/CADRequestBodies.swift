/// `POST /api/v1/cad/execute`: one operation, run asynchronously (`ExecuteBody`).
public struct ExecuteBody: Codable, Sendable, Hashable {
    /// Fully-qualified operation path, e.g. `occt.shapes.solid.createBox`.
    public var operation: BitbybitOperation
    /// The operation's parameters.
    public var params: JSONValue?

    /// An execute request.
    public init(operation: BitbybitOperation, params: JSONValue? = nil) {
        self.operation = operation
        self.params = params
    }
}

/// `POST /api/v1/cad/compound`: independent operations run in parallel, one sub-task each
/// (`CompoundExecuteBody`, 1–100 items).
public struct CompoundExecuteBody: Codable, Sendable, Hashable {
    /// Always `true`: the items run concurrently.
    public var parallel: Bool
    /// The operations, 1 to 100.
    public var items: [CompoundItem]

    /// A compound request (`parallel` is always `true`).
    public init(items: [CompoundItem]) {
        parallel = true
        self.items = items
    }
}

/// One operation of a compound request (`CompoundItem`).
public struct CompoundItem: Codable, Sendable, Hashable {
    /// Fully-qualified operation path.
    public var operation: BitbybitOperation
    /// The operation's parameters.
    public var params: JSONValue?
    /// Uploaded files used as inputs.
    public var inputFiles: [InputFileItem]?
    /// Output formats for this item (at most 10); omitted means raw result data.
    public var outputFormats: [String]?

    /// A compound item.
    public init(
        operation: BitbybitOperation, params: JSONValue? = nil, inputFiles: [InputFileItem]? = nil,
        outputFormats: [String]? = nil
    ) {
        self.operation = operation
        self.params = params
        self.inputFiles = inputFiles
        self.outputFormats = outputFormats
    }
}

/// An uploaded file used by a pipeline or compound item (`InputFileItem`).
public struct InputFileItem: Codable, Sendable, Hashable {
    /// The id returned by `POST /files/upload`.
    public var fileID: String
    /// A role label, e.g. `step-model`.
    public var role: String

    private enum CodingKeys: String, CodingKey {
        case fileID = "fileId", role
    }

    /// A file reference.
    public init(fileID: String, role: String) {
        self.fileID = fileID
        self.role = role
    }
}
