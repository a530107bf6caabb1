/// Local validation of Bitbybit request bodies, offline: nothing is sent, no key is needed.
///
/// Every body is checked against its OpenAPI request schema, as the official TypeScript SDK does
/// before sending, plus what the schema cannot say:
/// - pipelines (``BitbybitRequestSchema/pipeline``): references and their scopes, the map counting
///   rule, every resource budget of the pipelines document, operation and parameter names,
///   output formats the result's kernel cannot produce (the pipeline rules);
/// - execute and compound bodies: operation and parameter names and types;
/// - model and unfold bodies: `step` and `stpz` together;
/// - every body: its endpoint's payload limit.
///
/// Each problem names its place as a JSON path (`steps[4].steps[0].params.shape`), says what is
/// wrong and how to fix it, and carries a rule id. Warnings do not make a body invalid.
public struct BitbybitValidator: Sendable {
    /// The operations names are checked against.
    public let catalogue: OperationCatalogue
    /// The OpenAPI schemas bodies are checked against.
    public let schemas: RequestSchemas

    /// A validator over a given catalogue and schemas.
    public init(catalogue: OperationCatalogue, schemas: RequestSchemas) {
        self.catalogue = catalogue
        self.schemas = schemas
    }

    /// The validator over the catalogue and OpenAPI document bundled with this module.
    public static func bundled() throws(BitbybitResourceError) -> BitbybitValidator {
        BitbybitValidator(catalogue: try .bundled(), schemas: try .bundled())
    }

    /// Every problem of a body, read as JSON, for the given endpoint.
    public func validate(_ body: JSONValue, as schema: BitbybitRequestSchema) -> [ValidationProblem] {
        var problems: [ValidationProblem]
        switch schema {
        case .pipeline:
            var validator = PipelineValidator(catalogue: catalogue, schemas: schemas)
            return validator.validate(body)
        case .execute:
            problems = schemas.problems(in: body, schemaNamed: schema.schemaName)
            problems += OperationRules(catalogue: catalogue).check(
                operation: body["operation"], params: body["params"], paramsRequired: false, at: .root)
        case .compound:
            problems = schemas.problems(in: body, schemaNamed: schema.schemaName)
            for (index, item) in (body["items"]?.arrayValue ?? []).enumerated() {
                let location = JSONPath(["items", .index(index)])
                problems += OperationRules(catalogue: catalogue).check(
                    operation: item["operation"], params: item["params"], paramsRequired: false, at: location)
                if let formats = item["outputFormats"]?.arrayValue,
                   let operation = item["operation"]?.stringValue,
                   let kernel = BitbybitOperation(rawValue: operation).kernel
                {
                    problems += OutputFormatRules.check(
                        formats: formats, at: location.appending("outputFormats"),
                        result: OutputFormatRules.Result(kernel: kernel, operation: operation))
                }
            }
        case .modelSubmission, .batchModelSubmission, .dragonCup, .phoneNest, .unfoldFaceToFlat, .unfoldSolidToFlat,
             .unfoldSolid:
            problems = schemas.problems(in: body, schemaNamed: schema.schemaName)
            problems += stepAndStpz(in: body)
        case .definitions, .stepToGltf, .stepToGltfAdvanced, .stepToGltfWithDraco, .stepToGltfAdvancedWithDraco,
             .unfoldFaceReport, .unfoldSolidReport, .fileUpload:
            problems = schemas.problems(in: body, schemaNamed: schema.schemaName)
        }
        let size = body.serialized().utf8.count
        if size > schema.payloadLimit {
            problems.append(ValidationProblem(
                at: .root,
                "the body is \(size) bytes as JSON; this endpoint takes at most \(schema.payloadLimit) bytes (128 KB)",
                rule: .budgetPayload))
        }
        return problems
    }

    /// Every problem of a typed body.
    public func validate<Body: BitbybitRequestBody>(_ body: Body) -> [ValidationProblem] {
        do {
            return validate(try body.requestJSON(), as: Body.requestSchema)
        } catch {
            return [ValidationProblem(at: .root, "the body cannot be encoded as JSON: \(error)", rule: .schemaType)]
        }
    }

    /// Throws ``BitbybitValidationError`` (listing errors and warnings) when the body has errors;
    /// returns the warnings otherwise.
    @discardableResult
    public func check<Body: BitbybitRequestBody>(_ body: Body) throws(BitbybitValidationError) -> [ValidationProblem] {
        let problems = validate(body)
        if problems.hasErrors { throw BitbybitValidationError(schema: Body.requestSchema.schemaName, problems: problems) }
        return problems
    }

    /// Throws ``BitbybitValidationError`` when the JSON body has errors; returns the warnings otherwise.
    @discardableResult
    public func check(_ body: JSONValue, as schema: BitbybitRequestSchema) throws(BitbybitValidationError) -> [ValidationProblem] {
        let problems = validate(body, as: schema)
        if problems.hasErrors { throw BitbybitValidationError(schema: schema.schemaName, problems: problems) }
        return problems
    }

    /// Every problem of a pipeline file's text: unparsable JSON is one problem at the top.
    public func validatePipeline(text: Data) -> [ValidationProblem] {
        do {
            return validate(try JSONValue(parsing: text), as: .pipeline)
        } catch {
            return [ValidationProblem(at: .root, error.description, rule: .schemaType)]
        }
    }

    /// `step` and `stpz` in one `outputs.formats` (or `items[i]`… for batches): the OpenAPI
    /// document says only one STEP variant is supported per request.
    private func stepAndStpz(in body: JSONValue) -> [ValidationProblem] {
        guard let formats = body["outputs"]?["formats"]?.arrayValue else { return [] }
        let names = formats.compactMap(\.stringValue)
        guard names.contains("step"), let index = names.firstIndex(of: "stpz") else { return [] }
        return [ValidationProblem(
            at: ["outputs", "formats", .index(index)],
            "'step' and 'stpz' together: only one STEP variant is supported per request; keep one",
            rule: .outputStepAndStpz)]
    }
}
