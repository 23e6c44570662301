/// Terminal column widths of text, so tables stay aligned with accents, CJK and emoji.
///
/// ```swift
/// DisplayWidth.of("héllo")   // 5
/// DisplayWidth.of("日本")     // 4
/// DisplayWidth.truncate("abcdef", to: 4)   // "abc…"
/// ```
public enum DisplayWidth {
    public static func of(_ s: String) -> Int {
        s.reduce(0) { $0 + of($1) }
    }

    public static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.value == 0x200B { return 0 }
        if first.value < 0x20 { return 0 }
        return isWide(first.value) || (first.properties.isEmojiPresentation) ? 2 : 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts `s` to at most `width` columns, ending with `…` when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = ""
        var used = 0
        for c in s {
            let w = of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `s` padded with spaces to `width` columns, on the right or (for numbers) on the left.
    public static func pad(_ s: String, to width: Int, alignRight: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return alignRight ? fill + s : s + fill
    }
}
