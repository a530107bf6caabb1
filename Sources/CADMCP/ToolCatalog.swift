import MCP

/// The eight tools of the contract, with JSON Schemas for their inputs and outputs.
enum ToolCatalog {
    /// Output formats of prompt-to-CAD jobs (Makistry chooses among them; Orville makes STEP).
    static let jobFormats = ["step", "stl", "glb", "3mf"]
    /// Makistry's design modes.
    static let modes = ["standard", "pro", "assembly"]
    /// Request formats of Bitbybit models.
    static let modelFormats = ["gltf", "step", "stpz", "decomposed-mesh"]
    /// Request formats of Bitbybit pipelines.
    static let pipelineFormats = ["gltf", "step", "stpz", "decomposed-mesh", "json", "csv", "stl", "3mf"]
    /// The views `preview` draws.
    static let views = ["iso", "front", "back", "left", "right", "top", "bottom"]

    /// Every tool, in the contract's order; `structured` adds the output schemas.
    static func tools(structured: Bool) -> [Tool] {
        definitions.map { definition in
            Tool(
                name: definition.name, title: definition.title, description: definition.description,
                inputSchema: definition.input, annotations: definition.annotations,
                outputSchema: structured ? definition.output : nil)
        }
    }

    /// The argument names each tool takes.
    static func arguments(of tool: String) -> [String] {
        guard let definition = definitions.first(where: { $0.name == tool }),
            let properties = definition.input.objectValue?["properties"]?.objectValue
        else { return [] }
        return properties.keys.sorted()
    }

    struct Definition {
        var name: String
        var title: String
        var description: String
        var input: Value
        var output: Value
        var annotations: Tool.Annotations
    }

    static let definitions: [Definition] = [
        Definition(
            name: "generate_part", title: "Generate a CAD part from a prompt",
            description: """
                Start a prompt/image-to-CAD job at Orville or Makistry (the provider chosen as cadctl chooses: \
                the argument, else default_provider, else the only provider with a key), wait for it and \
                download its files under dir. Costs credits; a repeated call with the same arguments resumes \
                the unfinished job instead of paying again. Long waits report progress and can be cancelled; \
                the job keeps running and can be fetched later with job_status and download.
                """,
            input: object([
                "prompt": string("What to build, e.g. \"A 40x20x10 mm bracket with two 5 mm holes\"."),
                "provider": enumeration(["orville", "makistry"], "orville or makistry."),
                "images": stringArray("Reference images (paths under the root)."),
                "format": enumeration(jobFormats, "Output format (Makistry; Orville makes STEP)."),
                "mode": enumeration(modes, "Design mode (Makistry)."),
                "wait": boolean("Wait for the job and download its files (default true)."),
                "dir": string("Directory under the root for the files (default: the root)."),
            ], required: ["prompt"]),
            output: jobOutput,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)),
        Definition(
            name: "run_model", title: "Run a Bitbybit parametric model",
            description: """
                Run one of Bitbybit's parametric models (see list_models) with parameters, wait and download \
                the results under dir. Costs credits.
                """,
            input: object([
                "model": string("The model name, e.g. dragon-cup."),
                "params": .object(["type": "object", "description": "Parameters by name, typed as the model defines them."]),
                "formats": enumArray(modelFormats, "Result formats (default gltf)."),
                "wait": boolean("Wait for the task and download its results (default true)."),
                "dir": string("Directory under the root for the results (default: the root)."),
            ], required: ["model"]),
            output: jobOutput,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)),
        Definition(
            name: "run_pipeline", title: "Run a Bitbybit CAD pipeline",
            description: """
                Run a Bitbybit pipeline (steps, inputFiles, outputs), given as the JSON object or as the path \
                of a JSON file under the root. It is validated locally first: an invalid pipeline is refused \
                with every problem listed and nothing is sent. Costs credits.
                """,
            input: object([
                "pipeline": .object([
                    "description": "The pipeline as a JSON object, or the path of a JSON file under the root.",
                    "anyOf": [["type": "object"], ["type": "string"]],
                ]),
                "formats": enumArray(pipelineFormats, "Result formats (replaces outputs.formats)."),
                "wait": boolean("Wait for the task and download its results (default true)."),
                "dir": string("Directory under the root for the results (default: the root)."),
            ], required: ["pipeline"]),
            output: jobOutput,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)),
        Definition(
            name: "job_status", title: "Show a job or task",
            description: """
                The status and details of an Orville or Makistry job (cadjob_…, pub_…) or a Bitbybit task \
                (give provider bitbybit). Costs nothing.
                """,
            input: object([
                "id": string("The job or task id."),
                "provider": enumeration(["orville", "makistry", "bitbybit"], "When the id does not tell."),
            ], required: ["id"]),
            output: .object([
                "type": "object",
                "properties": [
                    "provider": ["type": "string"], "id": ["type": "string"], "status": ["type": "string"],
                    "details": ["type": "object"],
                ],
                "required": ["provider", "id", "status", "details"],
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: true)),
        Definition(
            name: "download", title: "Download a finished job's files",
            description: """
                Download the files of a finished job or task into dir under the root (existing files are not \
                overwritten). Costs nothing.
                """,
            input: object([
                "id": string("The job or task id."),
                "provider": enumeration(["orville", "makistry", "bitbybit"], "When the id does not tell."),
                "dir": string("Directory under the root for the files (default: the root)."),
            ], required: ["id"]),
            output: jobOutput,
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true)),
        Definition(
            name: "list_models", title: "List Bitbybit's parametric models",
            description: "The names of Bitbybit's parametric models, for run_model. Costs nothing.",
            input: object([:], required: []),
            output: .object([
                "type": "object",
                "properties": ["models": ["type": "array", "items": ["type": "string"]]],
                "required": ["models"],
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: true)),
        Definition(
            name: "inspect", title: "Measure a CAD file",
            description: """
                Measure a STEP, STL, glTF/GLB or 3MF file under the root: bounding box in mm, volume, surface \
                area, triangles or solids and faces, whether it is closed, separate bodies. The same JSON as \
                `cadctl inspect --json`. Local; sends nothing.
                """,
            input: object(["path": string("The file, under the root.")], required: ["path"]),
            output: .object(["type": "object"]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Definition(
            name: "preview", title: "Render a CAD file to a PNG",
            description: """
                Render a STEP, STL, glTF/GLB or 3MF file under the root to a PNG beside it and return the \
                picture. Local; sends nothing.
                """,
            input: object([
                "path": string("The file, under the root."),
                "view": enumeration(views, "The view (default iso)."),
            ], required: ["path"]),
            output: .object([
                "type": "object",
                "properties": ["path": ["type": "string"], "view": ["type": "string"]],
                "required": ["path", "view"],
            ]),
            annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)),
    ]

    /// `{provider, id, status, files?}`: what the job-making tools and `download` answer.
    static let jobOutput: Value = .object([
        "type": "object",
        "properties": [
            "provider": ["type": "string"], "id": ["type": "string"], "status": ["type": "string"],
            "files": ["type": "array", "items": ["type": "string"]],
        ],
        "required": ["provider", "id", "status"],
    ])

    private static func object(_ properties: [String: Value], required: [String]) -> Value {
        .object([
            "type": "object", "properties": .object(properties), "required": .array(required.map(Value.string)),
            "additionalProperties": false,
        ])
    }

    private static func string(_ description: String) -> Value {
        .object(["type": "string", "description": .string(description)])
    }

    private static func boolean(_ description: String) -> Value {
        .object(["type": "boolean", "description": .string(description)])
    }

    private static func enumeration(_ values: [String], _ description: String) -> Value {
        .object(["type": "string", "enum": .array(values.map(Value.string)), "description": .string(description)])
    }

    private static func stringArray(_ description: String) -> Value {
        .object(["type": "array", "items": ["type": "string"], "description": .string(description)])
    }

    private static func enumArray(_ values: [String], _ description: String) -> Value {
        .object([
            "type": "array", "items": .object(["type": "string", "enum": .array(values.map(Value.string))]),
            "description": .string(description),
        ])
    }
}
