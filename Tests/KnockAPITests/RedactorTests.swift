import Foundation
import Testing
@testable import KnockAPI

@Suite struct RedactorTests {
    let key = "sk_test_9f8e7d6c5b4a3210abcdef"
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXBhcnQ"

    @Test func keysAndTokensAreRedactedByPatternEvenWhenNotConfigured() {
        let r = Redactor()
        #expect(r.redact("Authorization: Bearer sk_live_abcdefgh12345678") == "Authorization: Bearer [redacted]")
        #expect(r.redact("pk_test_ABCDEFGH1234 and more") == "[redacted] and more")
        #expect(r.redact("token=\(token)&x=1") == "token=[redacted]&x=1")
        #expect(r.redact(#"{"key":"sk_test_12345678"}"#) == #"{"key":"[redacted]"}"#)
    }

    @Test func ordinaryTextIsLeftAlone() {
        let r = Redactor(secrets: [key])
        let text = "task_identifier disk_usage sk_ short pk_1 desk_lamp_and_chair ask_me_anything_now"
        #expect(r.redact(text) == text)
    }

    @Test func configuredSecretsAreRedactedInURLEncodedForms() {
        let odd = "s3cr3t value/with+chars"
        let r = Redactor(secrets: [odd])
        #expect(r.redact("x=" + PercentEncoding.encode(odd)) == "x=[redacted]")
        #expect(r.redact("x=s3cr3t+value%2Fwith%2Bchars") == "x=[redacted]")
        let everyByte = key.utf8.map { String(format: "%%%02x", $0) }.joined()
        #expect(Redactor(secrets: [key]).redact("q=" + everyByte) == "q=[redacted]")
    }

    @Test func configuredSecretsAreRedactedInBase64AtAnyAlignment() {
        let r = Redactor(secrets: [key, token])
        for prefix in ["", "a", "ab", "abc:"] {
            let blob = Data((prefix + key + ":rest").utf8).base64EncodedString()
            let out = r.redact("Basic " + blob)
            #expect(out.contains("[redacted]"), "prefix \(prefix.count): \(out)")
            #expect(!out.contains(Data(key.utf8).base64EncodedString().dropLast(4)))
        }
        let urlSafe = Data(("{\"t\":\"" + token + "\"}").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        #expect(r.redact(urlSafe).contains("[redacted]"))
    }

    @Test func base64CoresAreExactlyTheSecretDependentCharacters() {
        // "sk_test_..." at offset 0: every full 6-bit group inside the secret's 8n bits.
        let cores = Redactor.base64Cores(of: Array("abcdef".utf8))
        #expect(cores[0] == "YWJjZGVm")
        #expect(Data("xabcdef".utf8).base64EncodedString().contains(cores[1]))
        #expect(Data("xyabcdef".utf8).base64EncodedString().contains(cores[2]))
    }

    @Test func redactsEveryOccurrence() {
        let r = Redactor(secrets: [key])
        #expect(r.redact("\(key) then \(key)") == "[redacted] then [redacted]")
        #expect(r.adding(["another-secret-value"]).redact("another-secret-value") == "[redacted]")
    }
}
