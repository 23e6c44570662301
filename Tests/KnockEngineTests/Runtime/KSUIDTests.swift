import Foundation
import Testing
@testable import KnockEngine

/// KSUID encoding against the reference vectors of the KSUID format (segmentio/ksuid).
@Suite struct KSUIDTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let next = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<next], radix: 16)!)
            i = next
        }
        return out
    }

    @Test func encodesTheReferenceVectors() {
        #expect(KSUID.encode(Self.bytes("0669F7EFB5A1CD34B5F99D1154FB6853345C9735")) == "0ujtsYcgvSTl8PAuAdqWYSMnLOv")
        #expect(KSUID.encode([UInt8](repeating: 0xFF, count: 20)) == "aWgEPTl1tmebfsQzFP4bxwgy80V")
        #expect(KSUID.encode([UInt8](repeating: 0, count: 20)) == "000000000000000000000000000")
    }

    @Test func idsSortByTimeAndDiffer() {
        let a = KSUID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let b = KSUID.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        let c = KSUID.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(a.count == 27 && b.count == 27)
        #expect(a < b)
        #expect(b != c)
    }
}
