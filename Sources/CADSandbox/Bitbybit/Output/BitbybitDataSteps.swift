import Foundation

/// The values of a pipeline's top-level steps, as far as the sandbox can compute them: what a step marked
/// `output: true` contributes to `result.json`.
///
/// Shapes are the sandbox's boxes (`{"type": "shape", "boundingBox": …}`); `$ref:N` parameters are
/// replaced by step N's value. Evaluated for real: `occt.shapes.solid.createBox`, the solid volume and
/// surface area of a box, `json.createEmpty`, `json.setValueOnProp`, `json.parse`. Any other data step
/// has a placeholder value saying the sandbox does not evaluate it.
enum BitbybitDataSteps {
    /// One value per step of `steps`, in order.
    static func values(of steps: [JSONValue]) -> [JSONValue] {
        var values: [JSONValue] = []
        var boxes: [CADBox?] = []
        for step in steps {
            guard let operation = step["operation"]?.stringValue else {
                // A map or choice step: its result depends on iterations the sandbox does not run.
                values.append(placeholder(step["type"]?.stringValue ?? "step"))
                boxes.append(nil)
                continue
            }
            let params = resolve(step["params"] ?? .object(JSONObject()), values: values)
            let (value, box) = evaluate(operation, params: params, boxes: boxes, rawParams: step["params"])
            values.append(value)
            boxes.append(box)
        }
        return values
    }

    /// What `result.json` holds for the steps of `steps` marked `output: true`: the value of the only one,
    /// or an array of them in step order when several are marked; `nil` when none is.
    static func markedResult(of steps: [JSONValue]) -> JSONValue? {
        let marked = steps.indices.filter { steps[$0]["output"]?.boolValue == true }
        guard !marked.isEmpty else { return nil }
        let values = values(of: steps)
        return marked.count == 1 ? values[marked[0]] : .array(marked.map { values[$0] })
    }

    /// The JSON a shape result is described by.
    static func shapeValue(_ box: CADBox) -> JSONValue {
        .object(["type": .string("shape"), "boundingBox": .object([
            "min": .array([.number(0), .number(0), .number(0)]),
            "max": .array([.number(box.width), .number(box.depth), .number(box.height)]),
        ])])
    }

    /// The value of a data operation the sandbox does not compute.
    static func placeholder(_ operation: String) -> JSONValue {
        .object(["operation": .string(operation), "value": .null, "note": .string("cad-sandbox does not evaluate data operations")])
    }

    private static func evaluate(
        _ operation: String, params: JSONValue, boxes: [CADBox?], rawParams: JSONValue?
    ) -> (JSONValue, CADBox?) {
        if BitbybitProducer.isShapeOperation(operation) {
            let box = BitbybitProducer.box(forOperation: operation, params: params)
            return (shapeValue(box), box)
        }
        func referencedBox() -> CADBox? {
            guard let text = rawParams?["shape"]?.stringValue, let index = referenceIndex(text),
                boxes.indices.contains(index) else { return nil }
            return boxes[index]
        }
        switch operation {
        case "occt.shapes.solid.getSolidVolume":
            guard let box = referencedBox() else { return (placeholder(operation), nil) }
            return (.number(box.width * box.depth * box.height), nil)
        case "occt.shapes.solid.getSolidSurfaceArea":
            guard let box = referencedBox() else { return (placeholder(operation), nil) }
            return (.number(2 * (box.width * box.depth + box.width * box.height + box.depth * box.height)), nil)
        case "json.createEmpty":
            return (.object(JSONObject()), nil)
        case "json.setValueOnProp":
            guard var object = params["json"]?.objectValue, let property = params["property"]?.stringValue else {
                return (placeholder(operation), nil)
            }
            object[property] = params["value"] ?? .null
            return (.object(object), nil)
        case "json.parse":
            guard let text = params["text"]?.stringValue, let parsed = JSONValue.parse(Data(text.utf8)) else {
                return (placeholder(operation), nil)
            }
            return (parsed, nil)
        default:
            return (placeholder(operation), nil)
        }
    }

    /// `value` with every `"$ref:N"` string replaced by step N's value (left as is when N is not earlier).
    private static func resolve(_ value: JSONValue, values: [JSONValue]) -> JSONValue {
        switch value {
        case .string(let text):
            guard let index = referenceIndex(text), values.indices.contains(index) else { return value }
            return values[index]
        case .array(let items):
            return .array(items.map { resolve($0, values: values) })
        case .object(let object):
            var resolved = JSONObject()
            for key in object.keys { resolved[key] = object[key].map { resolve($0, values: values) } }
            return .object(resolved)
        default:
            return value
        }
    }

    private static func referenceIndex(_ text: String) -> Int? {
        guard text.hasPrefix("$ref:") else { return nil }
        return Int(text.dropFirst("$ref:".count))
    }
}
