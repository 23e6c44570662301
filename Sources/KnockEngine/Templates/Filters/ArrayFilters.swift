import KnockCore

/// Liquid's array filters. A non-array input is treated as a one-element list (nil as empty),
/// as Liquid's input iteration does, so `where`/`map` on a single object still work.
enum ArrayFilters {
    static let all: [LiquidFilter] = [
        LiquidFilter("first") { input, _, _ in
            switch input {
            case .array(let a): return a.first ?? .null
            case .string(let s): return s.first.map { .string(String($0)) } ?? .null
            default: return .null
            }
        },
        LiquidFilter("last") { input, _, _ in
            switch input {
            case .array(let a): return a.last ?? .null
            case .string(let s): return s.last.map { .string(String($0)) } ?? .null
            default: return .null
            }
        },
        LiquidFilter("size") { input, _, _ in
            switch input {
            case .array(let a): return .int(a.count)
            case .string(let s): return .int(s.count)
            case .object(let o): return .int(o["size"]?.intValue ?? o.count)
            default: return .int(0)
            }
        },
        LiquidFilter("join", 0...1) { input, args, _ in
            guard case .array(let a) = input else { return .string(input.liquidString) }
            return .string(a.map(\.liquidString).joined(separator: args[0]?.liquidString ?? " "))
        },
        LiquidFilter("reverse") { input, _, _ in
            guard case .array(let a) = input else { return input }
            return .array(a.reversed())
        },
        LiquidFilter("concat", 1...1) { input, args, _ in
            guard case .array(let other)? = args[0] else { throw LiquidFailure("concat: argument must be an array") }
            return .array(list(input) + other)
        },
        LiquidFilter("compact", 0...1) { input, args, _ in
            let property = args[0]?.liquidString
            return .array(list(input).filter { item in
                if let property { return !(item[property] ?? .null).isNull }
                return !item.isNull
            })
        },
        LiquidFilter("map", 1...1) { input, args, _ in
            let property = args[0]?.liquidString ?? ""
            return .array(flattened(input).map { item in
                if case .object(let o) = item { return o[property] ?? .null }
                return .null
            })
        },
        LiquidFilter("uniq", 0...1) { input, args, _ in
            var seen = Set<JSON>()
            let property = args[0]?.liquidString
            return .array(list(input).filter { item in
                seen.insert(property.map { item[$0] ?? .null } ?? item).inserted
            })
        },
        LiquidFilter("sort", 0...1) { input, args, _ in
            .array(try sorted(list(input), by: args[0]?.liquidString, natural: false))
        },
        LiquidFilter("sort_natural", 0...1) { input, args, _ in
            .array(try sorted(list(input), by: args[0]?.liquidString, natural: true))
        },
        LiquidFilter("where", 1...2) { input, args, _ in
            let property = args[0]?.liquidString ?? ""
            let target = args.positional.count > 1 ? args[1] : nil
            return .array(list(input).filter { item in
                let value = property.isEmpty ? item : (item[property] ?? .null)
                return target.map { value.liquidEquals($0) } ?? value.isTruthy
            })
        },
        LiquidFilter("reject", 1...2) { input, args, _ in
            let property = args[0]?.liquidString ?? ""
            let target = args.positional.count > 1 ? args[1] : nil
            return .array(list(input).filter { item in
                let value = item[property] ?? .null
                return !(target.map { value.liquidEquals($0) } ?? value.isTruthy)
            })
        },
        LiquidFilter("find", 1...2) { input, args, _ in
            let property = args[0]?.liquidString ?? ""
            let target = args.positional.count > 1 ? args[1] : nil
            return list(input).first { item in
                let value = item[property] ?? .null
                return target.map { value.liquidEquals($0) } ?? value.isTruthy
            } ?? .null
        },
        LiquidFilter("sum", 0...1) { input, args, _ in
            let property = args[0]?.liquidString
            var intTotal = 0
            var doubleTotal = 0.0
            var isDouble = false
            for item in flattened(input) {
                let raw = property.map { item[$0] ?? .null } ?? item
                switch LiquidNumber.parse(raw) {
                case .int(let i):
                    let (sum, overflow) = intTotal.addingReportingOverflow(i)
                    if overflow { isDouble = true; doubleTotal += Double(i) } else { intTotal = sum }
                case let n:
                    isDouble = true
                    doubleTotal += n.doubleValue ?? 0
                }
            }
            return isDouble ? .double(doubleTotal + Double(intTotal)) : .int(intTotal)
        },
        LiquidFilter("slice", 1...2) { input, args, _ in
            let offset = try StringFilters.integer(args[0], default: 0, filter: "slice")
            let length = try StringFilters.integer(args[1], default: 1, filter: "slice")
            switch input {
            case .array(let a):
                return .array(Array(a[window(count: a.count, offset: offset, length: length)]))
            case .null:
                return .null
            default:
                let chars = Array(input.liquidString)
                return .string(String(chars[window(count: chars.count, offset: offset, length: length)]))
            }
        },
    ]

    /// The elements to iterate: an array's items, nothing for nil, else the value itself.
    static func list(_ value: JSON) -> [JSON] {
        switch value {
        case .array(let a): return a
        case .null: return []
        default: return [value]
        }
    }

    /// Like `list`, but nested arrays are flattened (Liquid's `map` and `sum` do this).
    static func flattened(_ value: JSON) -> [JSON] {
        var out: [JSON] = []
        func add(_ v: JSON) {
            if case .array(let a) = v { a.forEach(add) } else if !v.isNull { out.append(v) }
        }
        add(value)
        return out
    }

    /// Clamps a Liquid slice (negative offsets count from the end) to valid indices.
    static func window(count: Int, offset: Int, length: Int) -> Range<Int> {
        let start = offset < 0 ? max(0, count + offset) : min(offset, count)
        let end = start + min(count - start, max(0, length))
        return start..<end
    }

    /// Sorts with Liquid's ordering; nil items (or nil properties) go last.
    static func sorted(_ items: [JSON], by property: String?, natural: Bool) throws(LiquidFailure) -> [JSON] {
        func key(_ item: JSON) -> JSON {
            let v = property.map { item[$0] ?? .null } ?? item
            if natural, case .string(let s) = v { return .string(s.lowercased()) }
            return v
        }
        var failure: LiquidFailure? = nil
        let result = items.enumerated().sorted { lhs, rhs in
            let a = key(lhs.element)
            let b = key(rhs.element)
            if a.isNull || b.isNull {
                // Keep nils last and otherwise stable.
                if a.isNull != b.isNull { return b.isNull }
                return lhs.offset < rhs.offset
            }
            do {
                let c = try a.liquidCompare(b) ?? 0
                return c != 0 ? c < 0 : lhs.offset < rhs.offset
            } catch {
                failure = error as? LiquidFailure ?? LiquidFailure("\(error)")
                return lhs.offset < rhs.offset
            }
        }
        if let failure { throw failure }
        return result.map(\.element)
    }
}
