import KnockCore

/// One named filter: how many positional arguments it takes and what it does.
///
/// Filters receive already-evaluated values and report misuse by throwing `LiquidFailure`; the
/// renderer turns that into a `TemplateError` at the filter's position.
struct LiquidFilter: Sendable {
    typealias Body = @Sendable (JSON, FilterArguments, FilterEnvironment) throws -> JSON

    let name: String
    let arity: ClosedRange<Int>
    let body: Body

    init(_ name: String, _ arity: ClosedRange<Int> = 0...0, _ body: @escaping Body) {
        self.name = name
        self.arity = arity
        self.body = body
    }
}

/// Evaluated filter arguments: positional values plus `key: value` keyword arguments.
struct FilterArguments {
    var positional: [JSON]
    var keywords: [(String, JSON)]

    subscript(_ index: Int) -> JSON? {
        // Not a ternary: `cond ? json : nil` would type `nil` as `JSON.null`.
        guard index < positional.count else { return nil }
        return positional[index]
    }

    func keyword(_ name: String) -> JSON? {
        keywords.first { $0.0 == name }?.1
    }

    /// A positional argument that must be a string (numbers are accepted as their text).
    func string(_ index: Int, filter: String) throws(LiquidFailure) -> String? {
        guard let value = self[index], !value.isNull else { return nil }
        switch value {
        case .string(let s): return s
        case .int, .double: return value.liquidString
        default: throw LiquidFailure("\(filter): argument \(index + 1) must be a string, got \(value.liquidTypeName)")
        }
    }
}

/// What a filter may need from the render beyond its arguments: the clock and entity loaders.
struct FilterEnvironment: Sendable {
    let options: LiquidRenderOptions
}

/// Filters by name. Built once; templates resolve their filters against it at parse time.
struct FilterRegistry: Sendable {
    private var filters: [String: LiquidFilter] = [:]

    subscript(_ name: String) -> LiquidFilter? { filters[name] }

    mutating func add(_ list: [LiquidFilter]) {
        for filter in list { filters[filter.name] = filter }
    }

    var names: [String] { filters.keys.sorted() }

    /// Standard Liquid filters plus Knock's own.
    static let standard: FilterRegistry = {
        var registry = FilterRegistry()
        registry.add(StringFilters.all)
        registry.add(MathFilters.all)
        registry.add(ArrayFilters.all)
        registry.add(DateFilters.all)
        registry.add(KnockFilters.all)
        return registry
    }()
}
