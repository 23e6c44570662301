import KnockCore
import Testing
@testable import KnockEngine

@Suite struct TriggerDataSchemaValidatorTests {
    let schema: JSON = [
        "type": "object",
        "required": ["post_id", "title"],
        "properties": [
            "post_id": ["type": "string", "minLength": 3, "maxLength": 5],
            "title": ["type": "string"],
            "count": ["type": "integer", "minimum": 1, "maximum": 10],
            "ratio": ["type": ["number", "null"]],
            "kind": ["enum": ["a", "b"]],
            "tags": ["type": "array", "items": ["type": "string"], "minItems": 1],
        ],
    ]

    @Test func validDataHasNoErrors() {
        let v = TriggerDataSchemaValidator(schema: schema)
        #expect(v.validate(["post_id": "abcd", "title": "t", "count": 10, "ratio": nil, "kind": "b", "tags": ["x"]]) == [])
        #expect(v.validate(["post_id": "abc", "title": "t", "count": 1.0, "ratio": 0.5]) == [])
    }

    @Test func reportsEveryFailingFieldKnockStyle() {
        let errors = TriggerDataSchemaValidator(schema: schema).validate([
            "post_id": "ab", "count": 11, "ratio": "x", "kind": "c", "tags": ["ok", 3],
        ])
        #expect(errors.map(\.description) == [
            "data.title: is required",
            "data.post_id: must be at least 3 characters",
            "data.count: must be less than or equal to 10",
            "data.ratio: expected number or null, got string",
            "data.kind: must be one of \"a\", \"b\"",
            "data.tags[1]: expected string, got integer",
        ])
        #expect(errors[0].json == ["field": "data.title", "message": "is required", "type": "required"])
        #expect(errors.map(\.type) == ["required", "min_length", "maximum", "type", "enum", "type"])
    }

    @Test func rootTypeAndOtherBounds() {
        let v = TriggerDataSchemaValidator(schema: schema)
        #expect(v.validate(["a", "b"]).map(\.description) == ["data: expected object, got array"])
        let s: JSON = ["properties": ["n": ["minimum": 2.5], "s": ["maxLength": 2], "l": ["maxItems": 1]]]
        #expect(TriggerDataSchemaValidator(schema: s).validate(["n": 2, "s": "abc", "l": [1, 2]]).map(\.description) == [
            "data.n: must be greater than or equal to 2.5",
            "data.s: must be at most 2 characters",
            "data.l: must have at most 1 items",
        ])
    }
}
