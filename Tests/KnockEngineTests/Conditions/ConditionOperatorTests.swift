import Foundation
import KnockCore
import Testing
@testable import KnockEngine

@Suite struct ConditionOperatorTests {
    static let now = ConditionTimestamps.parse("2024-06-15T12:00:00Z")!
    let ctx = ConditionContext(
        data: ["priority": "high", "count": 5, "ratio": 2.5, "flag": true, "flag_text": "true", "numeric_text": "42",
               "tags": ["a", "b", "c"], "empty_list": [], "empty_text": "", "nothing": nil, "title": "Hello world",
               "meta": ["k": 1], "items": [["name": "first"]], "due": "2024-06-15T11:00:00Z", "later": "2024-06-20",
               "range": ["2024-06-01T00:00:00Z", "2024-06-30T00:00:00Z"], "dino": "trex"],
        recipient: ["id": "u1", "plan": "pro", "muted": ["trex"], "ends_at": "2024-07-01T00:00:00+02:00"],
        actor: ["id": "a1"], tenant: ["id": "acme"], vars: ["app_name": "Demo"],
        workflow: ["key": "wf", "categories": ["marketing"]], run: ["total_activities": 3],
        now: ConditionOperatorTests.now)

    func check(_ variable: String, _ op: ConditionOperator, _ argument: String? = nil,
               evaluator: ConditionEvaluator = ConditionEvaluator()) -> Bool {
        evaluator.evaluate(Condition(variable: variable, operator: op, argument: argument), in: ctx)
    }

    @Test func equality() {
        #expect(check("data.priority", .equalTo, "high"))
        #expect(!check("data.priority", .equalTo, "low"))
        #expect(check("data.count", .equalTo, "5"))           // argument JSON-decoded to 5
        #expect(check("data.count", .equalTo, "5.0"))         // numbers compare by value
        #expect(check("data.flag", .equalTo, "true"))
        #expect(!check("data.flag_text", .equalTo, "true"))   // type-sensitive: "true" ≠ true
        #expect(check("data.flag_text", .equalTo, "\"true\""))
        #expect(check("data.missing", .equalTo, ""))          // unset path reads as ""
        #expect(check("recipient.plan", .equalTo, "recipient.plan"))  // path argument
        #expect(check("data.tags", .equalTo, #"["a","b","c"]"#))
        #expect(check("data.priority", .notEqualTo, "low"))
        #expect(!check("data.priority", .notEqualTo, "high"))
        #expect(check("workflow.key", .equalTo, "wf"))
        #expect(check("vars.app_name", .equalTo, "Demo"))
        #expect(check("data.items[0].name", .equalTo, "first"))
        #expect(check("data.items.0.name", .equalTo, "first"))
    }

    @Test func ordering() {
        #expect(check("data.count", .greaterThan, "4"))
        #expect(!check("data.count", .greaterThan, "5"))
        #expect(check("data.count", .greaterThanOrEqualTo, "5"))
        #expect(check("data.count", .lessThan, "5.5"))
        #expect(!check("data.count", .lessThan, "5"))
        #expect(check("data.count", .lessThanOrEqualTo, "5"))
        #expect(check("data.numeric_text", .greaterThan, "41"))   // numeric strings compare as numbers
        #expect(check("run.total_activities", .greaterThanOrEqualTo, "3"))
        #expect(check("data.ratio", .lessThan, "data.count"))
        #expect(!check("data.missing", .greaterThan, "0"))       // "" is not a number
        #expect(!check("data.flag", .greaterThan, "0"))
        #expect(check("data.priority", .lessThan, "low"))        // two strings: lexicographic [I]
    }

    @Test func containment() {
        #expect(check("data.title", .contains, "world"))
        #expect(!check("data.title", .contains, "World"))
        #expect(check("data.tags", .contains, "b"))
        #expect(check("data.tags", .contains, #"["x","c"]"#))    // list ∩ list ≠ ∅
        #expect(!check("data.tags", .contains, #"["x","y"]"#))
        #expect(check("data.meta", .contains, "k"))
        #expect(!check("data.missing", .contains, "a"))
        #expect(check("data.tags", .notContains, "z"))
        #expect(!check("data.tags", .notContains, "a"))
        #expect(check("data.tags", .notContains, #"["x","y"]"#))
        #expect(check("recipient.muted", .contains, "data.dino"))
        #expect(!check("recipient.muted", .notContains, "data.dino"))
        #expect(check("data.tags", .containsAll, #"["a","c"]"#))
        #expect(!check("data.tags", .containsAll, #"["a","z"]"#))
        #expect(check("data.title", .containsAll, #"["Hello","world"]"#))
        #expect(check("data.tags", .notContainsAll, #"["a","z"]"#))
        #expect(!check("data.tags", .notContainsAll, #"["a","b"]"#))
    }

    @Test func emptinessAndExistence() {
        for path in ["data.empty_list", "data.empty_text", "data.nothing", "data.missing"] {
            #expect(check(path, .empty), "\(path)")
            #expect(!check(path, .notEmpty), "\(path)")
        }
        #expect(check("data.tags", .notEmpty))
        #expect(check("data.count", .notEmpty))
        #expect(check("data.empty_text", .exists))      // "" exists
        #expect(check("data.empty_list", .exists))
        #expect(!check("data.nothing", .exists))        // null does not
        #expect(!check("data.missing", .exists))
        #expect(check("data.missing", .notExists))
        #expect(check("data.nothing", .notExists))
        #expect(!check("data.count", .notExists))
    }

    @Test func timestamps() {
        #expect(check("data.due", .isTimestamp))
        #expect(check("data.later", .isTimestamp))
        #expect(!check("data.title", .isTimestamp))
        #expect(!check("data.count", .isTimestamp))
        #expect(check("data.title", .isNotTimestamp))
        #expect(check("data.due", .isTimestampBeforeNow))
        #expect(!check("data.due", .isTimestampOnOrAfterNow))
        #expect(check("data.later", .isTimestampOnOrAfterNow))
        #expect(check("data.due", .isTimestampBefore, "2024-06-15T11:00:01Z"))
        #expect(!check("data.due", .isTimestampBefore, "2024-06-15T11:00:00Z"))
        #expect(check("data.due", .isTimestampOnOrAfter, "2024-06-15T11:00:00Z"))
        #expect(check("data.due", .isTimestampBefore, "data.later"))                 // dynamic
        #expect(check("data.due", .isTimestampBefore, "{{ recipient.ends_at }}"))    // Liquid path
        #expect(check("data.due", .isTimestampOnOrAfter, "2 hours ago"))             // relative
        #expect(!check("data.due", .isTimestampOnOrAfter, "30 minutes ago"))
        #expect(check("data.due", .isTimestampBefore, "1 day from now"))
        #expect(check("data.due", .isTimestampBefore, "in 15 minutes"))
        #expect(check("data.due", .isTimestampBetween, #"["2024-06-15T11:00:00Z", "2024-06-15T11:00:00Z"]"#))  // inclusive
        #expect(check("data.due", .isTimestampBetween, "data.range"))
        #expect(check("data.due", .isTimestampBetween, #"["2024-06-01", "data.later"]"#))
        #expect(!check("data.later", .isTimestampBetween, #"["2024-06-01", "2024-06-19T23:59:59Z"]"#))
        #expect(!check("data.due", .isTimestampBetween, #"["2024-06-01"]"#))
        #expect(check("data.due", .isTimestampBeforeDate, "2024-06-16T00:30:00Z"))
        #expect(!check("data.due", .isTimestampBeforeDate, "2024-06-15T23:00:00Z"))   // same UTC day
        #expect(check("data.due", .isTimestampOnOrAfterDate, "2024-06-15T23:00:00Z"))
        #expect(!check("data.missing", .isTimestampBefore, "2030-01-01"))
    }

    @Test func timestampParsing() {
        #expect(ConditionTimestamps.parse("2024-06-15T12:00:00Z") == Self.now)
        #expect(ConditionTimestamps.parse("2024-06-15T14:00:00+02:00") == Self.now)
        #expect(ConditionTimestamps.parse("2024-06-15T07:30:00-0430") == Self.now)
        #expect(ConditionTimestamps.parse("2024-06-15 12:00") == Self.now)
        #expect(ConditionTimestamps.parse("2024-06-15T12:00:00.250Z") == Self.now.addingTimeInterval(0.25))
        #expect(ConditionTimestamps.parse("2024-06-15") == Self.now.addingTimeInterval(-43_200))
        #expect(ConditionTimestamps.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        for bad in ["2024-02-30", "2024-13-01", "2024-06-15T25:00Z", "yesterday", "2024-06-15T12:00:00Q", ""] {
            #expect(ConditionTimestamps.parse(bad) == nil, "\(bad)")
        }
        #expect(ConditionTimestamps.parse("2024-02-29") != nil)
        #expect(ConditionTimestamps.relative("15 minutes ago", now: Self.now) == Self.now.addingTimeInterval(-900))
        #expect(ConditionTimestamps.relative("2 weeks from now", now: Self.now) == Self.now.addingTimeInterval(1_209_600))
        #expect(ConditionTimestamps.relative("soon", now: Self.now) == nil)
    }

    @Test func numericBetween() {
        #expect(check("data.count", .isBetween, "[1, 5]"))
        #expect(check("data.count", .isBetween, "[5, 10]"))
        #expect(!check("data.count", .isBetween, "[6, 10]"))
        #expect(check("data.ratio", .isBetween, #"[2, "data.count"]"#))
        #expect(!check("data.title", .isBetween, "[1, 5]"))
    }

    @Test func audienceMembership() {
        let seen = Recorder()
        let evaluator = ConditionEvaluator(audienceLookup: { audience, user, tenant in
            seen.record("\(audience)|\(user)|\(tenant ?? "-")")
            return audience == "beta-testers"
        })
        #expect(check("recipient.id", .isAudienceMember, "beta-testers", evaluator: evaluator))
        #expect(!check("recipient.id", .isAudienceMember, "vips", evaluator: evaluator))
        #expect(check("recipient.id", .isNotAudienceMember, "vips", evaluator: evaluator))
        #expect(seen.values == ["beta-testers|u1|acme", "vips|u1|acme", "vips|u1|acme"])
        #expect(!check("recipient.id", .isAudienceMember, "beta-testers"))   // no lookup ⇒ not a member
        #expect(check("recipient.id", .isNotAudienceMember, "beta-testers"))
    }

    @Test func groups() throws {
        let e = ConditionEvaluator()
        let all = try ConditionGroup(json: ["all": [
            ["variable": "data.priority", "operator": "equal_to", "argument": "high"],
            ["variable": "data.count", "operator": "greater_than", "argument": "10"],
        ]])
        #expect(!e.evaluate(all, in: ctx))
        let any = try ConditionGroup(json: ["any": [
            ["variable": "data.count", "operator": "greater_than", "argument": "10"],
            ["all": [["variable": "data.priority", "operator": "equal_to", "argument": "high"],
                     ["variable": "recipient.plan", "operator": "equal_to", "argument": "pro"]]],
        ]])
        #expect(e.evaluate(any, in: ctx))
        let anyFalse = try ConditionGroup(json: ["any": [["all": [["variable": "data.priority", "operator": "equal_to", "argument": "low"]]]]])
        #expect(!e.evaluate(anyFalse, in: ctx))
        #expect(e.evaluate(try ConditionGroup(json: [:]), in: ctx))
        #expect(e.evaluate(nil, in: ctx))
        let conds = all.conditions
        #expect(e.firstFailure(in: conds, context: ctx) == conds[1])
    }

    @Test func knownPrefixesArePathsEvenWhenAbsent() {
        let bare = ConditionContext(scope: ["data": ["a": 1], "activities": [["x": 1]]])
        let e = ConditionEvaluator()
        #expect(e.operand("tenant.name", in: bare) == nil)            // unset path, not the literal "tenant.name"
        #expect(e.operand("activities[0].x", in: bare) == 1)          // extra scope keys are prefixes too
        #expect(e.operand("email", in: bare) == "email")              // plain literal
        #expect(e.operand("3.5", in: bare) == 3.5)
        #expect(e.evaluate(Condition(variable: "tenant.name", operator: .equalTo, argument: ""), in: bare))
    }

    @Test func everyDocumentedOperatorIsModelled() {
        #expect(ConditionOperator.allCases.map(\.rawValue).sorted() == [
            "contains", "contains_all", "empty", "equal_to", "exists", "greater_than", "greater_than_or_equal_to",
            "is_audience_member", "is_between", "is_not_audience_member", "is_not_timestamp", "is_timestamp",
            "is_timestamp_before", "is_timestamp_before_date", "is_timestamp_before_now", "is_timestamp_between",
            "is_timestamp_on_or_after", "is_timestamp_on_or_after_date", "is_timestamp_on_or_after_now",
            "less_than", "less_than_or_equal_to", "not_contains", "not_contains_all", "not_empty", "not_equal_to", "not_exists",
        ])
    }
}

/// Collects values from a `@Sendable` closure in tests.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func record(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
