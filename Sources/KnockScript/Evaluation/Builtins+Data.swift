import KnockCore

extension Builtins {
    mutating func addData() {
        add("json", 1...2, "json(x, pretty)", "The value as JSON text; pretty-printed when pretty is true") { c in
            let j = try c[0].json()
            return .string(c[1].isTruthy ? j.prettyPrinted() : j.serialized())
        }
        add("parse_json", 1...1, "parse_json(text)", "A value from JSON text") { c in
            let text = try c.string(0)
            do {
                return Value(json: try JSON.parse(text))
            } catch {
                throw ScriptError.runtime("invalid JSON: \(error)", at: c.location)
            }
        }
        add("bool", 1...1, "bool(x)", "Truthiness as a bool: false, null, 0, \"\", [] and {} are false") { c in
            .bool(c[0].isTruthy)
        }
    }
}
