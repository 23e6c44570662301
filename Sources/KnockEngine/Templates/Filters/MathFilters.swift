import Foundation
import KnockCore

/// Liquid's arithmetic filters. Integers stay integers (`7 | divided_by: 2` is `3`, floored as
/// Ruby does); any float operand makes the result a float. Non-numeric input counts as 0.
enum MathFilters {
    static let all: [LiquidFilter] = [
        LiquidFilter("plus", 1...1) { input, args, _ in try arithmetic(input, args[0], "plus", &+, +) },
        LiquidFilter("minus", 1...1) { input, args, _ in try arithmetic(input, args[0], "minus", &-, -) },
        LiquidFilter("times", 1...1) { input, args, _ in try arithmetic(input, args[0], "times", &*, *) },
        LiquidFilter("divided_by", 1...1) { input, args, _ in
            let a = LiquidNumber.parse(input)
            let b = LiquidNumber.parse(args[0] ?? .null)
            guard b.doubleValue != 0 else { throw LiquidFailure("divided_by: divided by 0") }
            if case .int(let x) = a, case .int(let y) = b {
                guard !(x == Int.min && y == -1) else { throw LiquidFailure("divided_by: integer overflow") }
                return .int(floorDivide(x, y))
            }
            return .double(a.doubleValue! / b.doubleValue!)
        },
        LiquidFilter("modulo", 1...1) { input, args, _ in
            let a = LiquidNumber.parse(input)
            let b = LiquidNumber.parse(args[0] ?? .null)
            guard b.doubleValue != 0 else { throw LiquidFailure("modulo: divided by 0") }
            if case .int(let x) = a, case .int(let y) = b {
                guard y != -1 else { return .int(0) }
                return .int(x - floorDivide(x, y) * y)
            }
            let x = a.doubleValue!
            let y = b.doubleValue!
            return .double(x - (x / y).rounded(.down) * y)
        },
        LiquidFilter("abs") { input, _, _ in
            switch LiquidNumber.parse(input) {
            case .int(let i): return i == Int.min ? .double(-Double(i)) : .int(abs(i))
            case let n: return .double(abs(n.doubleValue!))
            }
        },
        LiquidFilter("ceil") { input, _, _ in toInteger(LiquidNumber.parse(input).doubleValue!.rounded(.up)) },
        LiquidFilter("floor") { input, _, _ in toInteger(LiquidNumber.parse(input).doubleValue!.rounded(.down)) },
        LiquidFilter("round", 0...1) { input, args, _ in
            let n = LiquidNumber.parse(input)
            let digits = try StringFilters.integer(args[0], default: 0, filter: "round")
            if digits <= 0 {
                if case .int = n, digits == 0 { return n }
                let scale = pow(10.0, Double(-digits))
                return toInteger((n.doubleValue! / scale).rounded(.toNearestOrAwayFromZero) * scale)
            }
            let scale = pow(10.0, Double(min(digits, 15)))
            return .double((n.doubleValue! * scale).rounded(.toNearestOrAwayFromZero) / scale)
        },
        LiquidFilter("at_least", 1...1) { input, args, _ in
            let a = LiquidNumber.parse(input)
            let b = LiquidNumber.parse(args[0] ?? .null)
            return a.doubleValue! >= b.doubleValue! ? a : b
        },
        LiquidFilter("at_most", 1...1) { input, args, _ in
            let a = LiquidNumber.parse(input)
            let b = LiquidNumber.parse(args[0] ?? .null)
            return a.doubleValue! <= b.doubleValue! ? a : b
        },
    ]

    private static func arithmetic(
        _ input: JSON, _ operand: JSON?, _ name: String,
        _ intOp: (Int, Int) -> Int, _ doubleOp: (Double, Double) -> Double
    ) throws(LiquidFailure) -> JSON {
        let a = LiquidNumber.parse(input)
        let b = LiquidNumber.parse(operand ?? .null)
        if case .int(let x) = a, case .int(let y) = b {
            // Fall back to floats instead of trapping on overflow.
            let wide = doubleOp(Double(x), Double(y))
            if abs(wide) < 9.0e18 { return .int(intOp(x, y)) }
            return .double(wide)
        }
        return .double(doubleOp(a.doubleValue!, b.doubleValue!))
    }

    static func floorDivide(_ x: Int, _ y: Int) -> Int {
        let q = x / y
        return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q
    }

    static func toInteger(_ d: Double) -> JSON {
        guard d.isFinite, abs(d) < 9.0e18 else { return .double(d) }
        return .int(Int(d))
    }
}
