import KnockCore
import OrderedCollections

/// An insertion-ordered record, the script's JSON object.
public typealias Record = OrderedDictionary<String, Value>

/// A value in a knocksh script. Integers stay integers; records keep key order; API responses
/// are ordinary values (see `Value(json:)`).
///
/// ```swift
/// let v: Value = .record(["name": .string("Ada"), "tags": .list([.int(1)])])
/// v.typeName          // "record"
/// v.literal           // {"name": "Ada", "tags": [1]}
/// try v.json()        // JSON.object(...)
/// ```
public enum Value: @unchecked Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case record(Record)
    case duration(KnockDuration)
    case range(ScriptRange)
    /// Function values hold the frame they close over; they never leave the test's thread,
    /// which is why `Value` can be `@unchecked Sendable`.
    case function(FunctionValue)

    /// The name `type()` returns and error messages use.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .duration: return "duration"
        case .range: return "range"
        case .function: return "function"
        }
    }

    /// Python-like truthiness: false, null, 0, 0.0, "", [], {} and an empty range are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .record(let r): return !r.isEmpty
        case .duration(let d): return d.milliseconds != 0
        case .range(let r): return r.count > 0
        case .function: return true
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        default: return nil
        }
    }
    /// A duration, or an integer read as milliseconds (for commands taking `within 5s`).
    public var durationValue: KnockDuration? {
        switch self {
        case .duration(let d): return d
        case .int(let n): return KnockDuration(milliseconds: n)
        case .string(let s): return KnockDuration(parsing: s)
        default: return nil
        }
    }
    public var recordValue: Record? { if case .record(let r) = self { return r } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }

    /// Values nested deeper than this cannot be built: releasing them recurses once per level and
    /// would exhaust the thread's stack.
    static let maxNesting = 2_000

    /// How deep the chain of containers under this value goes, following the first container
    /// among the first few children at each level, up to `limit`. Cheap for real data (shallow),
    /// and it catches the chains a loop builds (`x = [$x]`, `x = {next: $x}`).
    func nestingProbe(limit: Int = Value.maxNesting) -> Int {
        var depth = 0
        var current = self
        while depth < limit {
            var next: Value?
            switch current {
            case .list(let l):
                for v in l.prefix(8) where v.isContainer { next = v; break }
            case .record(let r):
                var n = 0
                for v in r.values {
                    if v.isContainer { next = v; break }
                    n += 1
                    if n == 8 { break }
                }
            default: return depth
            }
            depth += 1
            guard let n = next else { return depth }
            current = n
        }
        return depth
    }

    var isContainer: Bool {
        switch self {
        case .list, .record: return true
        default: return false
        }
    }

    /// Throws when wrapping `self` in one more container would nest too deeply.
    func checkNesting(at location: SourceLocation) throws {
        if isContainer, nestingProbe() >= Value.maxNesting {
            throw ScriptError.runtime("values nest too deeply (more than \(Value.maxNesting) levels)", at: location)
        }
    }

    /// Reads a field of a record value; nil when this is not a record or the key is missing.
    public subscript(key: String) -> Value? {
        if case .record(let r) = self { return r[key] }
        return nil
    }
}

/// An integer range, `1..3` (inclusive) or `0..<3` (exclusive), stored as inclusive bounds.
public struct ScriptRange: Sendable, Hashable {
    public var lower: Int
    public var upper: Int
    /// Only remembers how it was written, for printing.
    public var exclusive: Bool

    public init(lower: Int, upper: Int, exclusive: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.exclusive = exclusive
    }

    public var count: Int {
        upper < lower ? 0 : (upper.subtractingReportingOverflow(lower).partialValue &+ 1)
    }

    public var text: String {
        exclusive ? "\(lower)..<\(upper &+ 1)" : "\(lower)..\(upper)"
    }
}
