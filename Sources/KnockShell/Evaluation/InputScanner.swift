/// Decides whether typed text is unfinished, so the shell asks for another line.
///
/// It knows only what makes input span lines in the knocksh language: `{}`, `[]` and `()`
/// nesting, `"..."` strings (with `\` escapes and `$(...)` interpolation that may nest quotes),
/// raw `'...'` strings, and `#` comments. A stray closer counts as finished so the parser, not the
/// prompt, reports it.
///
/// ```swift
/// InputScanner.needsMoreInput("let r = {a: 1,")       // true
/// InputScanner.needsMoreInput("print \"a $(f(\"x\"))\"") // false
/// InputScanner.needsMoreInput("print 'open")          // true
/// ```
public enum InputScanner {
    private enum Context {
        case code(closer: Character?)   // nil at top level
        case doubleQuoted
        case singleQuoted
    }

    public static func needsMoreInput(_ source: String) -> Bool {
        var stack: [Context] = [.code(closer: nil)]
        var chars = source.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let c = next() {
            switch stack.last! {
            case .code:
                switch c {
                case "#":
                    // A comment runs to the end of the line.
                    while let d = next(), d != "\n" {}
                case "\"": stack.append(.doubleQuoted)
                case "'": stack.append(.singleQuoted)
                case "{": stack.append(.code(closer: "}"))
                case "[": stack.append(.code(closer: "]"))
                case "(": stack.append(.code(closer: ")"))
                case "}", "]", ")":
                    if case .code(let closer?) = stack.last!, closer == c {
                        stack.removeLast()
                    } else if case .code(nil) = stack.last! {
                        return false   // unmatched closer: finished, let the parser complain
                    } else {
                        return false   // mismatched closer, same reasoning
                    }
                default: break
                }
            case .doubleQuoted:
                switch c {
                case "\\": _ = next()
                case "\"": stack.removeLast()
                case "$":
                    let d = next()
                    if d == "(" { stack.append(.code(closer: ")")) } else { pending = d }
                default: break
                }
            case .singleQuoted:
                if c == "'" { stack.removeLast() }
            }
        }
        return stack.count > 1
    }
}
