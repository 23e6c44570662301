import KnockCore

/// Turns option values into query items the way Knock's SDKs do (`array_format: brackets`,
/// `nested_format: brackets`): `k[]=a&k[]=b` for lists, `k[a]=b` for records, and both nested.
///
/// ```swift
/// QueryEncoder.items("status", ["sent", "queued"])   // status[]=sent, status[]=queued
/// QueryEncoder.items("recipient", ["id": "u1", "collection": "teams"])
///                                                   // recipient[id]=u1, recipient[collection]=teams
/// ```
public enum QueryEncoder {
    public static func items(_ name: String, _ value: JSON) -> [QueryItem] {
        switch value {
        case .null:
            // An absent filter, not the text "null".
            return []
        case .array(let elements):
            return elements.flatMap { items(name + "[]", $0) }
        case .object(let fields):
            return fields.flatMap { key, field in items("\(name)[\(key)]", field) }
        default:
            return [QueryItem(name, scalarText(value))]
        }
    }

    /// The text of a scalar as it appears in a query string or path.
    public static func scalarText(_ value: JSON) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double: return value.serialized()
        case .string(let s): return s
        case .array, .object: return value.serialized()
        }
    }

    /// Encodes names and values; `[` and `]` in names stay literal so the wire shows the
    /// bracket form (every server's query parser also accepts `%5B%5D`).
    public static func string(_ items: [QueryItem]) -> String {
        items.map { encodeName($0.name) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
    }

    private static func encodeName(_ name: String) -> String {
        var out = ""
        var chunk = ""
        for ch in name {
            if ch == "[" || ch == "]" {
                out += PercentEncoding.encode(chunk) + String(ch)
                chunk = ""
            } else {
                chunk.append(ch)
            }
        }
        return out + PercentEncoding.encode(chunk)
    }
}
