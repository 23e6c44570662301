import Foundation
import KnockCore

/// The small value codecs every state document uses: times as integer microseconds since 1970
/// (as the other tables store them), recipients as `RecipientReference`s, optionals as null.
enum StateValues {
    static func time(_ d: Date) -> JSON { .int(Int((d.timeIntervalSince1970 * 1_000_000).rounded())) }
    static func time(_ d: Date?) -> JSON { d.map { time($0) } ?? .null }
    static func date(_ j: JSON?) -> Date? { j?.intValue.map { Date(timeIntervalSince1970: Double($0) / 1_000_000) } }

    static func ref(_ r: RecipientRef?) -> JSON { r?.reference ?? .null }
    static func ref(_ j: JSON?) -> RecipientRef? { j.flatMap { RecipientRef(reference: $0) } }

    static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func strings(_ j: JSON?) -> [String] { j?.arrayValue?.compactMap(\.stringValue) ?? [] }
}

/// A state document was missing a field it needs; the entry is dropped with a message on stderr.
struct StateDecodingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSON {
    /// A required field of a state document.
    func required(_ key: String) throws(StateDecodingError) -> JSON {
        guard let v = self[key], !v.isNull else { throw StateDecodingError("missing \(key)") }
        return v
    }

    func requiredString(_ key: String) throws(StateDecodingError) -> String {
        guard let s = self[key]?.stringValue else { throw StateDecodingError("missing \(key)") }
        return s
    }

    func requiredDate(_ key: String) throws(StateDecodingError) -> Date {
        guard let d = StateValues.date(self[key]) else { throw StateDecodingError("missing \(key)") }
        return d
    }
}

extension BatchIdentity {
    /// The key of the batch's state row (the parts joined by newlines, which keys cannot hold).
    var stateKey: String { [workflow, step, recipient.description, key, version ?? ""].joined(separator: "\n") }

    var json: JSON {
        ["workflow": .string(workflow), "step": .string(step), "recipient": recipient.reference, "key": .string(key),
         "version": StateValues.string(version)]
    }

    init(json: JSON) throws(StateDecodingError) {
        guard let recipient = StateValues.ref(json["recipient"]) else { throw StateDecodingError("missing recipient") }
        self.init(workflow: try json.requiredString("workflow"), step: try json.requiredString("step"), recipient: recipient,
                  key: json["key"]?.stringValue ?? "", version: json["version"]?.stringValue)
    }
}
