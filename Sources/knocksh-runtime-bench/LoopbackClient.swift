import Foundation
import KnockCore

/// One keep-alive HTTP/1.1 connection to the engine over a raw TCP socket, for timing the
/// engine's answers without a client library's own cost (the Python client spends ~0.1 ms of
/// interpreter time per request, about as much as the engine's answer to a small GET).
/// It sends prebuilt request bytes with TCP_NODELAY and reads only what the engine sends: a
/// status line, headers with `content-length`, and the body.
///
/// ```swift
/// let client = try LoopbackClient(url: "http://127.0.0.1:4000", key: "sk_test_…")
/// let reply = try client.call("POST", "/v1/workflows/welcome/trigger", ["recipients": ["u1"]])
/// ```
final class LoopbackClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let socket: Int32
    private let head: String
    private var buffer: [UInt8] = []

    init(url: String, key: String) throws {
        guard let parts = URLComponents(string: url), let host = parts.host, let port = parts.port else {
            throw Failure(description: "not an http://host:port URL: \(url)")
        }
        head = "Host: \(host):\(port)\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\n"
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
            throw Failure(description: "not an IPv4 address: \(host)")
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to \(url): errno \(errno)") }
        // Small requests leave at once instead of waiting for the previous answer's ACK.
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    /// Sends one request and returns the parsed JSON answer; a non-2xx status is an error.
    func call(_ method: String, _ target: String, _ body: JSON? = nil) throws -> JSON {
        let payload = body.map { Array($0.serialized().utf8) } ?? []
        var request = Array("\(method) \(target) HTTP/1.1\r\n\(head)Content-Length: \(payload.count)\r\n\r\n".utf8)
        request += payload
        try send(request)
        let (status, answer) = try readResponse()
        guard (200..<300).contains(status) else {
            throw Failure(description: "\(method) \(target) answered \(status): \(String(decoding: answer, as: UTF8.self))")
        }
        return answer.isEmpty ? .null : try JSON.parse(bytes: answer)
    }

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw Failure(description: "the engine closed the connection") }
        buffer += chunk[..<n]
    }

    private func readResponse() throws -> (Int, [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        while end == nil {
            end = buffer.indices.dropLast(3).first { buffer[$0..<$0 + 4].elementsEqual(separator) }
            if end == nil { try fill() }
        }
        let headText = String(decoding: buffer[..<end!], as: UTF8.self)
        buffer.removeFirst(end! + 4)
        let lines = headText.split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "not an HTTP answer: \(headText)")
        }
        var length = 0
        for line in lines.dropFirst() {
            let field = line.split(separator: ":", maxSplits: 1)
            if field.count == 2, field[0].lowercased() == "content-length" {
                length = Int(field[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        while buffer.count < length { try fill() }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return (status, body)
    }
}
