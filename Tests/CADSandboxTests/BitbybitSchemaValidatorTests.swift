import Foundation
import Testing

/// The tests' own JSON Schema validator must reject what the document forbids, or the endpoint tests
/// could pass vacuously.
@Suite("Bitbybit test validator")
struct BitbybitSchemaValidatorTests {
    let validator = BitbybitHarness.validator

    private func errors(_ json: String, _ schemaName: String) throws -> [String] {
        try validator.errors(TestJSON.parse(Data(json.utf8)), .object([("$ref", .string("#/components/schemas/\(schemaName)"))]))
    }

    @Test("accepts documented bodies")
    func acceptsValidBodies() throws {
        #expect(try errors(#"{"ok":true,"data":{"taskId":"t","status":"queued","statusUrl":"/api/v1/tasks/t"}}"#, "TaskAcceptedResponse").isEmpty)
        #expect(try errors(#"{"ok":false,"error":{"code":"X","message":"m","details":{"a":[1]},"requestId":"r"}}"#, "ErrorResponse").isEmpty)
        #expect(try errors(#"{"ok":true,"data":{"manifest":[{"taskId":"a","index":0,"status":"failed"}]}}"#, "TaskOrCompoundResultResponse").isEmpty)
        #expect(try errors(#"{"ok":false,"error":"x"}"#, "UnfoldFaceReport").isEmpty)
    }

    @Test("rejects wrong constants, types, enums, missing and unknown members, ranges")
    func rejectsViolations() throws {
        // const
        #expect(try !errors(#"{"ok":true,"data":{"taskId":"t","status":"processing","statusUrl":"/"}}"#, "TaskAcceptedResponse").isEmpty)
        // additionalProperties: false
        #expect(try !errors(#"{"ok":true,"data":{"taskId":"t","status":"queued","statusUrl":"/","extra":1}}"#, "TaskAcceptedResponse").isEmpty)
        // required
        #expect(try !errors(#"{"ok":false,"error":{"code":"X"}}"#, "ErrorResponse").isEmpty)
        // type: integer vs fraction, boolean vs number
        #expect(try !errors(#"{"ok":true,"data":{"tasks":[],"page":1.5,"limit":1,"total":0}}"#, "TaskListResponse").isEmpty)
        #expect(try !errors(#"{"ok":1,"data":{"models":[]}}"#, "ModelListResponse").isEmpty)
        // enum
        #expect(try !errors(#"{"ok":true,"data":{"status":"fine","timestamp":"t"}}"#, "HealthResponse").isEmpty)
        // exclusiveMinimum / maximum
        #expect(try !errors(#"{"ok":true,"data":{"tasks":[],"page":0,"limit":1,"total":0}}"#, "TaskListResponse").isEmpty)
        #expect(try !errors(#"{"ok":true,"data":{"tasks":[],"page":1,"limit":51,"total":0}}"#, "TaskListResponse").isEmpty)
        // anyOf with nulls: a number where string|null is required
        #expect(try !errors(
            #"{"taskId":"a","index":0,"status":"queued","progress":null,"computeMs":null,"error":5,"downloadFormats":[]}"#,
            "SubTaskSummary").isEmpty)
        // prefixItems
        #expect(try !errors(#"{"kind":"flat","sourceFaceIndex":0,"role":"flat","flatCentroid":["x"]}"#, "UnfoldPlacedOutput").isEmpty)
        // anyOf with no matching branch
        #expect(try !errors(#"{"ok":true,"data":{"manifest":"no"}}"#, "TaskOrCompoundResultResponse").isEmpty)
    }

    @Test("reports keywords it does not implement instead of skipping them")
    func unknownKeyword() throws {
        let schema = try TestJSON.parse(Data(#"{"type":"string","pattern":"^a$"}"#.utf8))
        #expect(!validator.errors(.string("b"), schema).isEmpty)
    }

    @Test("the document's 32 operations have JSON response schemas using only keywords the validator implements")
    func documentShape() throws {
        #expect(validator.operations.count == 32)
        var visited: Set<String> = []
        for operation in validator.operations {
            for status in validator.listedStatuses(method: operation.method, path: operation.path) {
                let schema = try #require(validator.responseSchema(method: operation.method, path: operation.path, status: status))
                let problems = validator.schemaProblems(schema, visited: &visited)
                #expect(problems.isEmpty, "\(operation.method) \(operation.path) \(status): \(problems)")
            }
        }
        #expect(visited.count > 20)
    }
}
