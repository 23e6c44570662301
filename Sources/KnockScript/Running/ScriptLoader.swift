/// Reads a script and splices in what it imports, so the compiler sees one program.
///
/// `import "lib/fixtures.knock"` is resolved against the importing file's directory; each file
/// is imported once (a second import, or a cycle, is a no-op). An imported file contributes its
/// functions and top-level statements; its own tests, setup and teardown stay with it.
///
/// ```swift
/// let program = try ScriptLoader.load(path: "recipes/new-comment.knock")
/// let program2 = try ScriptLoader.load(source: SourceFile(path: "-c", text: "print 1"), directory: ".")
/// ```
public enum ScriptLoader {
    public static func load(path: String) throws(ParseErrors) -> Program {
        let text: String
        do {
            text = try FileSystem.read(path)
        } catch {
            throw ParseErrors(diagnostics: [Diagnostic("cannot read \(path): \(error.reason)", at: nil)])
        }
        return try load(source: SourceFile(path: path, text: text), directory: FileSystem.directory(of: path))
    }

    public static func load(source: SourceFile, directory: String) throws(ParseErrors) -> Program {
        var seen: Set<String> = [FileSystem.normalize(source.path)]
        var errors: [Diagnostic] = []
        let (program, parseErrors) = Parser.parseRecovering(source)
        errors += parseErrors
        let statements = splice(program.statements, directory: directory, seen: &seen, errors: &errors, depth: 0)
        if !errors.isEmpty { throw ParseErrors(diagnostics: errors) }
        return Program(file: source, statements: statements)
    }

    static func splice(_ statements: [Statement], directory: String, seen: inout Set<String>, errors: inout [Diagnostic], depth: Int) -> [Statement] {
        var out: [Statement] = []
        for s in statements {
            guard case .import(let relative) = s.kind else {
                out.append(s)
                continue
            }
            let path = FileSystem.normalize(relative.hasPrefix("/") ? relative : directory + "/" + relative)
            if seen.contains(path) { continue }
            seen.insert(path)
            guard depth < 32 else {
                errors.append(Diagnostic("imports nest too deeply", at: s.location))
                continue
            }
            let text: String
            do {
                text = try FileSystem.read(path)
            } catch {
                errors.append(Diagnostic("cannot import \(Value.string(relative).literal): \(error.reason)", at: s.location,
                                         hint: "import paths are relative to the importing file (\(directory))"))
                continue
            }
            let (imported, importErrors) = Parser.parseRecovering(SourceFile(path: path, text: text))
            errors += importErrors
            let body = imported.statements.filter {
                switch $0.kind {
                case .test, .setup, .teardown: return false
                default: return true
                }
            }
            out += splice(body, directory: FileSystem.directory(of: path), seen: &seen, errors: &errors, depth: depth + 1)
        }
        return out
    }
}
