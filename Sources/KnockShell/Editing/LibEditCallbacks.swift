@preconcurrency import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// libedit calls plain C function pointers with no context argument, so the state they need lives
// in these module-level locks. Only the editor thread touches libedit, but the values are set
// from the shell's side, hence the locks.

/// The completion function the current `LibEditLineReader` installed: (text before cursor, cursor) -> candidates.
let libEditCompleter = Mutex<(@Sendable (String, Int) -> [String])?>(nil)
/// Candidates of the completion in progress, handed out one by one to libedit's generator.
private let pendingMatches = Mutex<(items: [String], next: Int)>(([], 0))
/// Set by the Ctrl-C key binding; read after `readline()` returns.
let libEditInterrupted = Atomic<Bool>(false)

/// `rl_attempted_completion_function`: computes every candidate once, then lets libedit pull them.
func libEditAttemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Without this libedit falls back to completing file names.
    shim_set_completion_over(1)
    guard let text, let buffer = shim_line_buffer() else { return nil }
    // `end` counts bytes; cut there, then count characters for the engine.
    let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                          count: Int(end)))
    let before = String(decoding: bytes, as: UTF8.self)
    let candidates = libEditCompleter.withLock { $0 }?(before, before.count) ?? []
    pendingMatches.withLock { $0 = (candidates, 0) }
    // A directory or a path that goes on (`dir/`, `$run.`) should not get a space after it.
    let open = candidates.count == 1 && (candidates[0].hasSuffix("/") || candidates[0].hasSuffix("."))
    shim_set_append_character(open ? 0 : 32)
    guard !candidates.isEmpty else { return nil }
    return rl_completion_matches(text, libEditNextMatch)
}

/// The generator `rl_completion_matches` calls: state 0 starts over; libedit frees each string.
func libEditNextMatch(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let item: String? = pendingMatches.withLock { m in
        if state == 0 { m.next = 0 }
        guard m.next < m.items.count else { return nil }
        defer { m.next += 1 }
        return m.items[m.next]
    }
    return item.flatMap { strdup($0) }
}

/// `rl_pre_input_hook`: turn off the tty's ISIG before every line, so Ctrl-C reaches the key
/// binding below instead of killing the process. readline() resets the tty on each call, so
/// once at start-up is not enough.
func libEditPreInput() -> Int32 {
    _ = rl_parse_and_bind("setty -d -isig")
    return 0
}

/// Bound to Ctrl-C: end the line now and remember it was cancelled.
func libEditInterrupt(_ count: Int32, _ key: Int32) -> Int32 {
    libEditInterrupted.store(true, ordering: .sequentiallyConsistent)
    shim_set_done(1)
    return 0
}
