import Foundation
import KnockCore
import Testing

@testable import KnockEngine

/// Parses and renders in one step; a fixed clock keeps `"now"` deterministic.
func render(_ source: String, _ context: JSON = sampleContext) throws(TemplateError) -> String {
    try LiquidTemplate(parsing: source).render(context, options: LiquidRenderOptions(now: fixedNow))
}

/// 2024-03-05T14:07:09Z, a Tuesday.
let fixedNow = Date(timeIntervalSince1970: 1_709_647_629)

/// The error a template raises, if any.
func templateError(_ source: String, _ context: JSON = sampleContext) -> TemplateError? {
    do {
        _ = try render(source, context)
        return nil
    } catch {
        return error
    }
}

let sampleContext: JSON = [
    "name": "Ada",
    "empty_string": "",
    "blank_string": "  ",
    "zero": 0,
    "yes": true,
    "no": false,
    "nothing": nil,
    "price": 12.5,
    "count": 3,
    "tags": ["b", "a", "c"],
    "numbers": [3, 1, 2],
    "empty_list": [],
    "data": [
        "count": 42,
        "items": [
            ["name": "apple", "price": 3, "kind": "fruit"],
            ["name": "carrot", "price": 1, "kind": "vegetable"],
            ["name": "banana", "price": 2, "kind": "fruit"],
        ],
        "odd key": "odd value",
        "nested": ["deep": ["value": "found"]],
    ],
    "user": ["first-name": "Grace", "size": "XL"],
    "html": "\"q\" <b>",
]
