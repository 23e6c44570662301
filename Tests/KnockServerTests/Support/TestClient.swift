#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import KnockCore

/// A tiny blocking HTTP/1.1 client over a loopback socket: real HTTP with no Foundation networking
/// quirks (DELETE bodies, header casing), one keep-alive connection per client.
///
/// ```swift
/// let client = try TestClient(port: server.port, key: env.secretKey)
/// let r = try client.request("PUT", "/v1/users/u1", ["name": "Ada"])
/// #expect(r.status == 200 && r.json["name"] == "Ada")
/// ```
final class TestClient: @unchecked Sendable {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
        var json: JSON { (try? JSON.parse(bytes: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let port: Int
    var key: String?
    private var fd: Int32 = -1

    init(port: Int, key: String?) {
        self.port = port
        self.key = key
    }

    deinit { if fd >= 0 { close(fd) } }

    private func connectIfNeeded() throws {
        if fd >= 0 { return }
        guard let connected = loopbackSocket(port: port) else { throw ClientError.connect }
        fd = connected
    }

    enum ClientError: Error { case connect, closed, malformed }

    private let queue = DispatchQueue(label: "TestClient")

    /// Sends one request; the blocking socket work runs on the client's own queue so it never
    /// occupies a Swift concurrency thread the server needs.
    func request(_ method: String, _ path: String, _ body: JSON? = nil, headers: [String: String] = [:], rawBody: String? = nil) async throws -> Response {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Response, any Error>) in
            queue.async {
                c.resume(with: Result { try self.send(method, path, body, headers: headers, rawBody: rawBody) })
            }
        }
    }

    func send(_ method: String, _ path: String, _ body: JSON?, headers: [String: String], rawBody: String?) throws -> Response {
        try connectIfNeeded()
        let payload: [UInt8] = rawBody.map { Array($0.utf8) } ?? body.map { $0.serializedBytes() } ?? []
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(payload.count)\r\n"
        if body != nil || rawBody != nil { head += "Content-Type: application/json\r\n" }
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + payload
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { close(fd); fd = -1; throw ClientError.closed }
            sent += n
        }
        return try readResponse(method: method)
    }

    private var buffer: [UInt8] = []

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { close(fd); fd = -1; throw ClientError.closed }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readResponse(method: String) throws -> Response {
        var headerEnd: Int?
        while headerEnd == nil {
            if let r = find([13, 10, 13, 10]) { headerEnd = r } else { try fill() }
        }
        let headText = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError.malformed }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        if let te = headers["transfer-encoding"], te.lowercased().contains("chunked") {
            while true {
                var lineEnd = find([13, 10])
                while lineEnd == nil { try fill(); lineEnd = find([13, 10]) }
                let size = Int(String(decoding: buffer[0..<lineEnd!], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
                buffer.removeFirst(lineEnd! + 2)
                while buffer.count < size + 2 { try fill() }
                body.append(contentsOf: buffer[0..<size])
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < length { try fill() }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        return Response(status: status, headers: headers, body: body)
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] {
            if Array(buffer[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

import Foundation

/// A TCP connection to 127.0.0.1:`port`, or nil when it is refused.
func loopbackSocket(port: Int) -> Int32? {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if rc != 0 { close(fd); return nil }
    return fd
}
