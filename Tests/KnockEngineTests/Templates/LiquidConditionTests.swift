import KnockCore
import Testing

@testable import KnockEngine

@Suite("Liquid operators and truthiness")
struct LiquidConditionTests {
    /// Only nil and false are falsy.
    @Test(arguments: [
        ("yes", true), ("no", false), ("nothing", false), ("missing", false),
        ("zero", true), ("empty_string", true), ("blank_string", true), ("empty_list", true),
        ("tags", true), ("data", true), ("name", true), ("price", true),
        ("true", true), ("false", false), ("nil", false), ("0", true), ("''", true),
    ])
    func truthiness(expression: String, truthy: Bool) throws {
        #expect(try render("{% if \(expression) %}T{% else %}F{% endif %}") == (truthy ? "T" : "F"))
    }

    @Test(arguments: [
        ("count == 3", true), ("count == 3.0", true), ("count != 3", false), ("count == '3'", false),
        ("count < 4", true), ("count > 4", false), ("count <= 3", true), ("count >= 3", true),
        ("price > 12", true), ("name == 'Ada'", true), ("name != 'Bob'", true), ("name <> 'Bob'", true),
        ("'abc' < 'abd'", true), ("missing == nil", true), ("missing == null", true), ("nothing != nil", false),
        ("missing < 5", false), ("missing > 5", false),
        ("name contains 'd'", true), ("name contains 'z'", false), ("tags contains 'a'", true),
        ("tags contains 'z'", false), ("numbers contains 2", true), ("numbers contains '2'", false),
        ("data contains 'count'", true), ("missing contains 'x'", false), ("name contains missing", false),
        ("yes and no", false), ("yes or no", true), ("no or no", false), ("yes and yes", true),
        // Right to left: false and (false or true) — not (false and false) or true.
        ("no and no or yes", false),
        ("yes or no and no", true),
        ("empty_string == empty", true), ("empty_list == empty", true), ("tags == empty", false),
        ("nothing == empty", false), ("empty == empty_string", true), ("tags != empty", true),
        ("blank_string == blank", true), ("nothing == blank", true), ("no == blank", true),
        ("name == blank", false), ("zero == blank", false), ("empty_list == blank", true),
        ("tags == tags", true), ("data.items[0].price == 3", true),
    ])
    func comparisons(condition: String, holds: Bool) throws {
        #expect(try render("{% if \(condition) %}T{% else %}F{% endif %}") == (holds ? "T" : "F"))
    }

    @Test func comparingNumberWithStringIsAnError() {
        let error = templateError("x{% if count > 'a' %}y{% endif %}")
        #expect(error?.phase == .render)
        #expect(error?.message == "comparison of integer with string failed")
        #expect(error?.column == 2)
    }
}
