import Foundation
import KnockCore
import KnockEngine

/// `X-Knock-User-Token` JWTs (RS256): decoding and claim checks (`sub` required, `exp` enforced).
///
/// The signature is verified against the environment's public key with `RSAPublicKey` (a small
/// verification-only RS256 implementation, so the build needs no BoringSSL).
///
/// ```swift
/// let claims = try UserToken.verify(jwt, publicKeyPEM: pem, now: .now())
/// claims.subject   // "u1"
/// ```
enum UserToken {
    struct Claims: Sendable {
        let subject: String
        let expires: Int64?
        let grants: JSONObject?
        /// `explicit_grants: true`: anything not granted is denied.
        var explicitGrants = false
    }

    final class TokenCache: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String: Claims] = [:]

        func get(_ token: String, pem: String) -> Claims? {
            lock.lock(); defer { lock.unlock() }
            return entries[pem + "\u{0}" + token]
        }

        func put(_ token: String, pem: String, _ claims: Claims) {
            lock.lock(); defer { lock.unlock() }
            if entries.count > 10_000 { entries.removeAll() }
            entries[pem + "\u{0}" + token] = claims
        }
    }


    /// Verified tokens, so a browser session costs one RSA verification, not one per request.
    private static let cache = TokenCache()

    static func verify(_ token: String, publicKeyPEM: String, now: Timestamp) throws(EngineError) -> Claims {
        if let claims = cache.get(token, pem: publicKeyPEM) {
            if let exp = claims.expires, exp * 1_000_000 <= now.microseconds {
                throw EngineError(.unauthenticated, code: "invalid_user_token", message: "The user token is invalid: expired.")
            }
            return claims
        }
        let claims = try verifyUncached(token, publicKeyPEM: publicKeyPEM, now: now)
        cache.put(token, pem: publicKeyPEM, claims)
        return claims
    }

    static func verifyUncached(_ token: String, publicKeyPEM: String, now: Timestamp) throws(EngineError) -> Claims {
        let invalid = { (why: String) in EngineError(.unauthenticated, code: "invalid_user_token", message: "The user token is invalid: \(why).") }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw invalid("not a JWT") }
        guard let headerBytes = base64URL(parts[0]), case .object(let header)? = try? JSON.parse(bytes: headerBytes),
              let payloadBytes = base64URL(parts[1]), case .object(let payload)? = try? JSON.parse(bytes: payloadBytes),
              let signature = base64URL(parts[2]) else { throw invalid("malformed") }
        guard header["alg"]?.stringValue == "RS256" else { throw invalid("alg must be RS256") }
        guard let key = try? RSAPublicKey(pem: publicKeyPEM) else {
            throw EngineError(.unauthenticated, code: "missing_jwt_signing_key", message: "The environment's signing key is not a readable RSA public key (PEM).")
        }
        guard key.verifyRS256(signature: signature, message: Array("\(parts[0]).\(parts[1])".utf8)) else { throw invalid("bad signature") }
        guard case .string(let sub)? = payload["sub"], !sub.isEmpty else { throw invalid("sub is required") }
        let exp = payload["exp"]?.intValue.map(Int64.init)
        if let exp, exp * 1_000_000 <= now.microseconds { throw invalid("expired") }
        return Claims(subject: sub, expires: exp, grants: payload["grants"]?.objectValue, explicitGrants: payload["explicit_grants"]?.boolValue == true)
    }

    static func base64URL(_ s: Substring) -> [UInt8]? {
        var text = String(s)
        while text.count % 4 != 0 { text += "=" }
        return Base64URL.decode(text)
    }
}

/// Base64 accepting both alphabets (JWTs use the URL-safe one).
enum Base64URL {
    static func decode(_ text: String) -> [UInt8]? {
        var values = [UInt8]()
        for c in text.utf8 {
            if c == 61 { break }
            switch c {
            case 65...90: values.append(c - 65)
            case 97...122: values.append(c - 71)
            case 48...57: values.append(c + 4)
            case 43, 45: values.append(62)
            case 47, 95: values.append(63)
            default: return nil
            }
        }
        var out = [UInt8]()
        var i = 0
        while i + 1 < values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            if i + 2 < values.count { out.append(values[i + 1] << 4 | values[i + 2] >> 2) }
            if i + 3 < values.count { out.append(values[i + 2] << 6 | values[i + 3]) }
            i += 4
        }
        return out
    }
}
