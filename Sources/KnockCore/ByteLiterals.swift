extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes, with no `String` made for it: text written straight to
    /// bytes (JSON documents, escaped HTML, rendered markdown) appends many short literals.
    @inlinable
    public mutating func append(literal s: StaticString) {
        s.withUTF8Buffer { append(contentsOf: $0) }
    }
}
