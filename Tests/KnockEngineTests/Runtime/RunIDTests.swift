import Foundation
import Testing
@testable import KnockEngine

/// Run ids are time-ordered version-7 UUIDs in lowercase text, written without Foundation's formatter.
@Suite struct RunIDTests {
    @Test func textIsTheUUIDsLowercaseForm() {
        let high: UInt64 = 0x0123_4567_89AB_4DEF, low: UInt64 = 0x8123_4567_89AB_CDEF
        #expect(RunID.text(high: high, low: low) == "01234567-89ab-4def-8123-456789abcdef")
    }

    @Test func madeIdsAreDistinctVersion7UUIDs() {
        let ids = (0..<1000).map { _ in RunID.make() }
        #expect(Set(ids).count == 1000)
        for id in ids {
            let uuid = UUID(uuidString: id)
            #expect(uuid?.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "7"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        }
    }

    /// The first 48 bits are the Unix time in milliseconds, so later ids sort after earlier ones.
    @Test func idsCarryTheirMillisecondAndSortByIt() {
        let early = RunID.make(milliseconds: 0x0193_0000_0001), late = RunID.make(milliseconds: 0x0193_0000_0002)
        #expect(early.hasPrefix("01930000-0001-7"))
        #expect(late.hasPrefix("01930000-0002-7"))
        #expect(early < late)
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        let id = RunID.make()
        let made = UInt64(id.prefix(8) + id.dropFirst(9).prefix(4), radix: 16) ?? 0
        #expect(made >= now && made < now + 60_000)
    }
}
