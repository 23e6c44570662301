import Foundation
import Testing
@testable import KnockEngine

/// Run ids are random version-4 UUIDs in lowercase text, written without Foundation's formatter.
@Suite struct RunIDTests {
    @Test func textIsTheUUIDsLowercaseForm() {
        let high: UInt64 = 0x0123_4567_89AB_4DEF, low: UInt64 = 0x8123_4567_89AB_CDEF
        #expect(RunID.text(high: high, low: low) == "01234567-89ab-4def-8123-456789abcdef")
    }

    @Test func madeIdsAreDistinctVersion4UUIDs() {
        let ids = (0..<1000).map { _ in RunID.make() }
        #expect(Set(ids).count == 1000)
        for id in ids {
            let uuid = UUID(uuidString: id)
            #expect(uuid?.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        }
    }
}
