#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import KnockCore
import Testing
@testable import KnockServer

/// The engine server's HTTP/1.1 connection handling, with raw bytes over a loopback socket:
/// pipelined requests answered in order, unparsable requests answered with Knock's JSON 400,
/// `Connection: close`, a port already in use.
@Suite struct HTTPConnectionTests {
    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() async throws {
        try await withServer { server, _ in
            let key = server.defaultEnvironment.secretKey
            let body = #"{"name":"Piped"}"#
            let requests = [
                "PUT /v1/users/p1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)",
                "GET /v1/users/p1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n",
                "GET /v1/users/nobody HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n",
                "GET /v1/users?page_size=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\nConnection: close\r\n\r\n",
            ]
            // All four in one write: the server reads them together and must answer each in turn.
            let answers = try await RawHTTP.exchange(port: server.port, Array(requests.joined().utf8))
            #expect(answers.map(\.status) == [200, 200, 404, 200])
            #expect(answers[0].json["id"] == "p1" && answers[0].json["name"] == "Piped")
            #expect(answers[1].json["id"] == "p1" && answers[1].json["name"] == "Piped")
            #expect(answers[2].json["code"] == "resource_missing")
            #expect(answers[3].json.at("entries.0.id") == "p1")
            #expect(answers[3].headers["connection"] == "close")
            #expect(Set(answers.compactMap { $0.headers["x-request-id"] }).count == 4)
        }
    }

    @Test func anUnparsableRequestGetsAJSON400AndTheConnectionCloses() async throws {
        try await withServer { server, _ in
            let key = server.defaultEnvironment.secretKey
            // A good request first: it is answered, then the garbage after it gets the 400.
            let bytes = "GET /v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\n\r\n" + "NOT HTTP AT ALL\0\r\n\r\n"
            let answers = try await RawHTTP.exchange(port: server.port, Array(bytes.utf8))
            #expect(answers.map(\.status) == [200, 400])
            let error = try #require(answers.last)
            #expect(error.json["status"] == 400)
            #expect(error.json["type"] == "invalid_request_error")
            #expect(error.json["code"]?.stringValue?.isEmpty == false)
            #expect(error.json["message"]?.stringValue?.isEmpty == false)
            #expect(error.headers["content-type"] == "application/json; charset=utf-8")
            #expect(error.headers["connection"] == "close")
            #expect(error.headers["x-request-id"] != nil)
        }
    }

    @Test func aBodyOverTheLimitIsKnocks400() async throws {
        try await withServer { server, _ in
            let key = server.defaultEnvironment.secretKey
            let size = server.dispatch.options.maxBodySize + 1
            let head = "PUT /v1/users/big HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\nContent-Length: \(size)\r\nConnection: close\r\n\r\n"
            let answers = try await RawHTTP.exchange(port: server.port, Array(head.utf8) + [UInt8](repeating: UInt8(ascii: " "), count: size))
            #expect(answers.map(\.status) == [400])
            #expect(answers.first?.json["code"] == "request_too_large")
        }
    }

    @Test func aPortInUseFailsToStart() async throws {
        try await withServer { server, _ in
            await #expect(throws: (any Error).self) {
                let second = try await LocalEngineServer.start(.init(port: server.port))
                await second.shutdown()
            }
        }
    }
}

/// Raw bytes to the server and every response read back until it closes the connection.
enum RawHTTP {
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
        var json: JSON { (try? JSON.parse(bytes: body)) ?? .null }
    }

    enum Failure: Error { case connect, write, malformed }

    /// Blocking socket work on its own thread, never on the cooperative pool the server's tests share.
    static func exchange(port: Int, _ bytes: [UInt8]) async throws -> [Answer] {
        let received = try await withCheckedThrowingContinuation { (c: CheckedContinuation<[UInt8], any Error>) in
            DispatchQueue(label: "RawHTTP").async { c.resume(with: Result { try sendAndReadToEnd(port: port, bytes) }) }
        }
        return try parse(received)
    }

    private static func sendAndReadToEnd(port: Int, _ bytes: [UInt8]) throws -> [UInt8] {
        guard let fd = loopbackSocket(port: port) else { throw Failure.connect }
        defer { close(fd) }
        // A safety net so a server bug fails the test instead of hanging it; not a timing check.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before taking all of an oversized body.
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += chunk[0..<n]
        }
        return received
    }

    static func parse(_ bytes: [UInt8]) throws -> [Answer] {
        var answers: [Answer] = []
        var rest = bytes[...]
        let separator: [UInt8] = [13, 10, 13, 10]
        while !rest.isEmpty {
            guard let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) else { throw Failure.malformed }
            let lines = String(decoding: rest[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let statusLine = lines[0].split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure.malformed }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end + 4
            guard rest.endIndex - bodyStart >= length else { throw Failure.malformed }
            answers.append(Answer(status: status, headers: headers, body: Array(rest[bodyStart..<(bodyStart + length)])))
            rest = rest[(bodyStart + length)...]
        }
        return answers
    }
}
