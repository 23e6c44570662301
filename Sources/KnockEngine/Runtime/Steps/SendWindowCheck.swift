import Foundation
import KnockCore

/// Where a moment falls against a channel step's `send_windows` (§1.4): inside a window (send
/// now), before the next window opens (the message waits `queued` until then), or with no
/// window in the next week at all (every day `do_not_send`: the step is skipped [I]).
enum SendWindowCheck: Equatable {
    case open
    case opensAt(Date)
    case never

    /// Evaluates `windows` in `zone` at `now`. A weekday without an entry is open all day [I]
    /// (Knock requires one entry per weekday).
    static func evaluate(_ windows: [SendWindow], now: Date, zone: TimeZone) -> SendWindowCheck {
        guard !windows.isEmpty else { return .open }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: now)
        for offset in 0...7 {
            guard let dayStart = calendar.date(byAdding: .day, value: offset, to: today),
                  let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart) else { return .never }
            let day = Self.day(calendar.component(.weekday, from: dayStart))
            let entry = windows.first { $0.day == day }
            if entry?.type == .doNotSend { continue }
            let from = entry?.from.map { dayStart.addingTimeInterval(TimeInterval($0.secondsIntoDay)) } ?? dayStart
            let until = entry?.until.map { dayStart.addingTimeInterval(TimeInterval($0.secondsIntoDay)) } ?? nextDay
            guard from < until, now < until else { continue }
            return from <= now ? .open : .opensAt(from)
        }
        return .never
    }

    /// Foundation's weekday number (1 = Sunday) as a `SendWindow.Day`.
    static func day(_ weekday: Int) -> SendWindow.Day {
        [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday][(weekday - 1) % 7]
    }
}

extension WorkflowRuntime {
    /// The zone a channel step's send windows are read in: for push, the first of the recipient's
    /// devices (channel data `devices[].timezone`) that names a known zone, since a device-level
    /// timezone wins (§1.4; which device when they differ is not documented: the first [I]);
    /// otherwise the recipient's, then the environment's default.
    func sendWindowZone(_ channel: Channel, channelData: JSON?, _ run: RecipientRun) -> TimeZone {
        if channel.type == .push {
            for device in channelData?["devices"]?.arrayValue ?? [] {
                if let zone = TimeZone.named(device["timezone"]) { return zone }
            }
        }
        return recipientTimeZone(run)
    }
}
