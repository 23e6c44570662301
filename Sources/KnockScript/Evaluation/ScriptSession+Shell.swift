/// What the interactive shell shows and completes: the session's top-level variables.
extension ScriptSession {
    /// The top-level variables declared so far, oldest first, with their current values. A name
    /// declared again (`let x = ...` twice) appears once, at its latest declaration.
    ///
    /// Call it from the session's thread, between inputs (the values live in the session's frame).
    ///
    /// ```swift
    /// _ = try session.run("let run = {workflow_run_id: \"abc\"}")
    /// session.variables.map(\.name)   // ["run"]
    /// ```
    public var variables: [(name: String, value: Value)] {
        guard let frame = interpreter.frame.ancestorless else { return [] }
        return compiler.scope.names
            .filter { $0.value < frame.count }
            .sorted { $0.value < $1.value }
            .map { (name: $0.key, value: frame.slots[$0.value]) }
    }
}

extension Frame {
    /// The frame itself when it is a session's top frame (it has no parent), else nil.
    fileprivate var ancestorless: Frame? { parent == nil ? self : nil }
}
