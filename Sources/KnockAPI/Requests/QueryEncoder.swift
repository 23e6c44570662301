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

    /// Percent-encodes names and values, brackets included (`status%5B%5D=sent`): a URL with
    /// a raw `[` is not valid RFC 3986, and Foundation's URL parsing, which AsyncHTTPClient uses,
    /// then re-escapes the whole query, `%` signs too, corrupting every encoded value. Servers
    /// decode the name back to `status[]`, as they do for Knock's Python SDK.
    public static func string(_ items: [QueryItem]) -> String {
        items.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
    }
}
