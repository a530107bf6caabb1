/// A value in a pipeline being built: JSON, a step's result (the handle ``PipelineScope/step(_:_:output:)``
/// returns) or a scoped reference. Write it with literals:
///
/// ```swift
/// let box = p.step(.occtCreateBox, ["width": 10, "length": 10, "height": 10, "center": [0, 0, 0]])
/// p.step(.occtFilletEdges, ["shape": box, "radius": 1])          // "shape": "$ref:0"
/// m.step(.occtTranslate, ["shape": cylinder, "translation": .item])
/// ```
///
/// The builder turns step handles into `$ref:N` (top-level steps, counted with the map rule) or
/// `$local:N` (steps of the same map/choice scope).
public indirect enum PipelineValue: Sendable, Equatable {
    /// `null`.
    case null
    /// A Boolean.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string, written as is (so `"$ref:3"` is passed through unchanged).
    case string(String)
    /// An array.
    case array([PipelineValue])
    /// An object, keys in order.
    case object([Member])
    /// A reference such as `$item`, `$prev` or `$file:0:json`.
    case reference(PipelineReference)
    /// The result of a step added to a builder.
    case step(StepHandle)

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: PipelineValue
        /// A member.
        public init(key: String, value: PipelineValue) {
            self.key = key
            self.value = value
        }
    }

    /// `$prev`: the previous step of the current scope.
    public static let prev = PipelineValue.reference(.previous)
    /// `$item`: the current element inside a map.
    public static let item = PipelineValue.reference(.item)
    /// `$index`: the current iteration index inside a map.
    public static let index = PipelineValue.reference(.index)
    /// `$mapResult`: the collected results inside a map's reduce steps.
    public static let mapResult = PipelineValue.reference(.mapResult)

    /// `$ref:N` written by hand (prefer step handles, whose indices the builder computes).
    public static func ref(_ index: Int) -> PipelineValue { .reference(.result(index)) }
    /// `$local:N` written by hand (prefer step handles).
    public static func local(_ index: Int) -> PipelineValue { .reference(.local(index)) }

    /// The same value as JSON (handles have no JSON form outside a builder).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(PipelineValue.init))
        case .object(let object): self = .object(object.map { Member(key: $0.key, value: PipelineValue($0.value)) })
        }
    }

    /// The handle, if this value is a step's result.
    public var stepHandle: StepHandle? {
        if case .step(let handle) = self { return handle }
        return nil
    }
}

extension PipelineValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A whole number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: PipelineValue...) { self = .array(elements) }
    /// An object in the literal's order.
    public init(dictionaryLiteral elements: (String, PipelineValue)...) {
        self = .object(elements.map { Member(key: $0.0, value: $0.1) })
    }
}

/// The result of one step added to a ``PipelineBuilder``: use it (as a ``PipelineValue``) in later
/// steps' params and the builder writes the right reference.
public struct StepHandle: Sendable, Hashable, CustomStringConvertible {
    /// The scope the step belongs to.
    let scopeID: Int
    /// The step's position in its scope (what `$local:N` counts).
    public let position: Int
    /// For a top-level step, its index in the global results array (what `$ref:N` counts); `nil`
    /// for steps inside a map or choice, and after a map whose item count is unknown.
    public let resultIndex: Int?
    /// Whether the step is a top-level step.
    public let isTopLevel: Bool
    /// Where the step is in the body, e.g. `steps[3]`.
    public let location: JSONPath

    /// "step at steps[3] (result 9)".
    public var description: String {
        "step at \(location)" + (resultIndex.map { " (result \($0))" } ?? "")
    }
}

/// An input file of a pipeline being built; its properties are the `$file:N` references.
public struct PipelineInputFile: Sendable, Hashable {
    /// The file's position in `inputFiles`.
    public let index: Int

    /// `$file:N`: the file as UTF-8 text.
    public var text: PipelineValue { read() }
    /// `$file:N:json`: the file parsed as JSON.
    public var json: PipelineValue { read(as: .json) }
    /// `$file:N:buffer`: an ArrayBuffer.
    public var buffer: PipelineValue { read(as: .buffer) }
    /// `$file:N:uint8`: a Uint8Array.
    public var uint8: PipelineValue { read(as: .uint8) }
    /// `$file:N:base64`: a Base64 string.
    public var base64: PipelineValue { read(as: .base64) }

    /// `$file:N[:format][:codec]`; with neither, plain `$file:N` (UTF-8 text).
    public func read(as format: FileReadFormat? = nil, codec: FileCodec? = nil) -> PipelineValue {
        .reference(.file(index, format: format, codec: codec))
    }
}
