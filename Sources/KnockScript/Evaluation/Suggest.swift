/// "Did you mean" suggestions by edit distance.
///
/// ```swift
/// Suggest.closest(to: "lenn", in: ["len", "keys"])   // "len"
/// ```
public enum Suggest {
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        for c in candidates where c != word {
            // A prefix ("stat" for "status") counts as close.
            let d = (c.hasPrefix(word) || word.hasPrefix(c)) && min(c.count, word.count) >= 3 ? 1 : distance(word, c)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
