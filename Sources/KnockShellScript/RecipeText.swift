import KnockShell

/// How one successful statement of a shell session reads in a saved recipe.
///
/// Statements are kept as typed: `let` captures of responses stay variables, and `$_` still
/// means the previous command's result because failed statements (dropped) never set it.
///
/// ```swift
/// RecipeText.text(for: RecordedStatement(source: "let u = users get u1", succeeded: true), in: all)
/// // "let u = users get u1"
/// ```
enum RecipeText {
    static func text(for statement: RecordedStatement, in session: [RecordedStatement]) -> String? {
        statement.source
    }
}
