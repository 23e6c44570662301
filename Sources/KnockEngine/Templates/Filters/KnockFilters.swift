import Foundation
import KnockCore

/// Knock's own filters (engine-semantics §8.2) that need no network: numbers and currency,
/// JSON, text helpers, hashing, list intersection, markdown, version comparison, and the dynamic
/// entity loaders (answered through `LiquidRenderOptions.loadEntity`). Date helpers live in
/// `DateFilters`. Translations (`t`) and partials (`render`) are not implemented.
enum KnockFilters {
    static let all: [LiquidFilter] = [
        LiquidFilter("format_number", 0...1) { input, args, _ in
            let locale = try args.string(0, filter: "format_number") ?? "en"
            let text = FormatterCache<NumberFormatter>.numbers.with(
                "decimal|" + locale,
                make: {
                    let formatter = NumberFormatter()
                    formatter.locale = Locale(identifier: locale)
                    formatter.numberStyle = .decimal
                    formatter.maximumFractionDigits = 3
                    return formatter
                }
            ) { $0.string(from: number(input)) }
            return .string(text ?? input.liquidString)
        },
        LiquidFilter("currency", 0...2) { input, args, _ in
            .string(try currency(input, args, fractionDigits: 2, filter: "currency"))
        },
        LiquidFilter("rounded_currency", 0...2) { input, args, _ in
            .string(try currency(input, args, fractionDigits: 0, filter: "rounded_currency"))
        },
        LiquidFilter("json") { input, _, _ in .string(input.serialized()) },
        LiquidFilter("from_json") { input, _, _ in
            guard case .string(let s) = input else { return input }
            do {
                return try JSON.parse(s)
            } catch {
                throw LiquidFailure("from_json: \(error)")
            }
        },
        // Knock: 1 ⇒ singular, anything else ⇒ plural.
        LiquidFilter("pluralize", 2...2) { input, args, _ in
            let n = LiquidNumber.parse(input)
            return n.doubleValue == 1 ? (args[0] ?? .null) : (args[1] ?? .null)
        },
        LiquidFilter("titlecase") { input, _, _ in .string(titlecase(input.liquidString)) },
        LiquidFilter("md5") { input, _, _ in .string(Hashing.hex(Hashing.md5(Array(input.liquidString.utf8)))) },
        LiquidFilter("sha256") { input, _, _ in .string(Hashing.hex(Hashing.sha256(Array(input.liquidString.utf8)))) },
        LiquidFilter("hmac_sha256", 1...1) { input, args, _ in
            let key = Array((args[0]?.liquidString ?? "").utf8)
            return .string(Hashing.hex(Hashing.hmacSHA256(key: key, message: Array(input.liquidString.utf8))))
        },
        LiquidFilter("intersect", 1...1) { input, args, _ in
            let other = ArrayFilters.list(args[0] ?? .null)
            var seen = Set<JSON>()
            return .array(ArrayFilters.list(input).filter { item in
                other.contains { $0.liquidEquals(item) } && seen.insert(item).inserted
            })
        },
        LiquidFilter("from_markdown") { input, _, _ in
            input.isNull ? .null : .string(MarkdownRenderer.render(input.liquidString))
        },
        LiquidFilter("compare_versions", 1...1) { input, args, _ in
            .int(compareVersions(input.liquidString, args[0]?.liquidString ?? ""))
        },
        LiquidFilter("user") { input, _, env in
            guard let id = input.stringValue else { return .null }
            return env.options.loadEntity?(.user(id: id)) ?? .null
        },
        LiquidFilter("tenant") { input, _, env in
            guard let id = input.stringValue else { return .null }
            return env.options.loadEntity?(.tenant(id: id)) ?? .null
        },
        LiquidFilter("object", 1...1) { input, args, env in
            guard let id = input.stringValue, let collection = args[0]?.stringValue else { return .null }
            return env.options.loadEntity?(.object(collection: collection, id: id)) ?? .null
        },
        LiquidFilter("subscriptions") { input, _, env in
            guard let id = input.stringValue else { return .null }
            return env.options.loadEntity?(.subscriptions(userId: id)) ?? .null
        },
    ]

    private static func number(_ value: JSON) -> NSNumber {
        switch LiquidNumber.parse(value) {
        case .int(let i): return NSNumber(value: i)
        case let n: return NSNumber(value: n.doubleValue ?? 0)
        }
    }

    /// `currency: code = "USD", locale = "en"`.
    private static func currency(_ input: JSON, _ args: FilterArguments, fractionDigits: Int, filter: String)
        throws(LiquidFailure) -> String
    {
        let locale = try args.string(1, filter: filter) ?? "en"
        let code = try args.string(0, filter: filter) ?? "USD"
        let text = FormatterCache<NumberFormatter>.numbers.with(
            "currency|\(locale)|\(code)|\(fractionDigits)",
            make: {
                let formatter = NumberFormatter()
                formatter.locale = Locale(identifier: locale)
                formatter.numberStyle = .currency
                formatter.currencyCode = code
                formatter.minimumFractionDigits = fractionDigits
                formatter.maximumFractionDigits = fractionDigits
                formatter.roundingMode = .halfUp
                return formatter
            }
        ) { $0.string(from: number(input)) }
        return text ?? input.liquidString
    }

    /// Capitalises the first letter of each word and lower-cases the rest; `_`/`-` count as
    /// word separators and become spaces (`project_name` → `Project Name`).
    static func titlecase(_ s: String) -> String {
        var out = ""
        var atWordStart = true
        for c in s {
            if c == "_" || c == "-" || c.isWhitespace {
                out.append(c.isWhitespace ? c : " ")
                atWordStart = true
            } else if atWordStart {
                out += c.uppercased()
                atWordStart = false
            } else {
                out += c.lowercased()
            }
        }
        return out
    }

    /// Semantic-version order: numeric major.minor.patch, then a release beats a pre-release,
    /// then pre-release identifiers compared numerically or lexically.
    static func compareVersions(_ a: String, _ b: String) -> Int {
        func parts(_ v: String) -> ([Int], [String]) {
            var s = v.trimmingWhitespace()
            if s.hasPrefix("v") || s.hasPrefix("V") { s.removeFirst() }
            let core = s.split(separator: "+", maxSplits: 1).first.map(String.init) ?? ""
            let pieces = core.split(separator: "-", maxSplits: 1).map(String.init)
            let numbers = (pieces.first ?? "").split(separator: ".").map { Int($0) ?? 0 }
            let pre = pieces.count > 1 ? pieces[1].split(separator: ".").map(String.init) : []
            return (numbers, pre)
        }
        let (na, pa) = parts(a)
        let (nb, pb) = parts(b)
        for i in 0..<max(3, max(na.count, nb.count)) {
            let x = i < na.count ? na[i] : 0
            let y = i < nb.count ? nb[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        if pa.isEmpty != pb.isEmpty { return pa.isEmpty ? 1 : -1 }
        for i in 0..<max(pa.count, pb.count) {
            guard i < pa.count else { return -1 }
            guard i < pb.count else { return 1 }
            if pa[i] == pb[i] { continue }
            switch (Int(pa[i]), Int(pb[i])) {
            case (let x?, let y?): return x < y ? -1 : 1
            case (.some, nil): return -1
            case (nil, .some): return 1
            default: return pa[i] < pb[i] ? -1 : 1
            }
        }
        return 0
    }
}
