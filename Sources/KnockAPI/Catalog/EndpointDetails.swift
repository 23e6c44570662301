extension Endpoint {
    /// Body parameters that positional arguments fill after the path parameters
    /// (`clock advance 10m` fills `duration`).
    public var positionalParameters: [Parameter] { bodyParameters.filter(\.positional) }

    /// Whether the endpoint takes a JSON body (a trailing record in the script).
    public var takesBody: Bool { !bodyParameters.isEmpty }

    /// Whether it pages with `after`/`before`/`page_size`, so `--all` can follow `page_info.after`.
    public var isPaginated: Bool { queryParameters.contains { $0.name == "after" } }

    /// Whether Knock honours an `Idempotency-Key` header here: only workflow triggers (semantics
    /// §7.5). The command takes it as `--idempotency-key KEY`; the spec lists no header parameters,
    /// so it is not one of `parameters`.
    public var acceptsIdempotencyKey: Bool { method == .post && path == "/v1/workflows/{key}/trigger" }

    /// The parameter an option sets: `--page-size`, `--page_size` and `page_size` all find
    /// `page_size`; `--recipients` finds `recipients[]`.
    public func parameter(forOption option: String) -> Parameter? {
        var name = option
        while name.hasPrefix("-") { name.removeFirst() }
        let kebab = "--" + String(name.map { $0 == "_" ? "-" : $0 })
        return parameters.first { $0.optionName == kebab || $0.name == name || $0.wireBase == name }
    }

    /// `users identify USER_ID [BODY] [--option VALUE]`: positionals in order, the body
    /// (required when a body parameter is), and options when there are any.
    public var usage: String {
        var words = [id]
        words += pathParameters.map { $0.uppercased() }
        words += positionalParameters.map { $0.name.uppercased() }
        if bodyParameters.contains(where: { !$0.positional }) {
            let bodyRequired = bodyParameters.contains { $0.required && !$0.positional }
            words.append(bodyRequired ? "BODY" : "[BODY]")
        }
        if parameters.contains(where: { !$0.positional }) { words.append("[--option VALUE]") }
        return words.joined(separator: " ")
    }
}
