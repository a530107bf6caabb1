import Foundation
import Synchronization

/// How a faulty response says when to retry.
public enum RetryAfter: Sendable, Hashable {
    /// `Retry-After: N` (delta seconds).
    case seconds(Int)
    /// `Retry-After: <HTTP-date>` this many seconds after the response is sent.
    case httpDate(secondsFromNow: Int)
}

/// What the server does instead of (or on top of) answering normally.
public enum FaultAction: Sendable, Hashable {
    /// Answer `status` with the provider's error body, without running the handler. `code` and `message`
    /// default to a generic code for the status (Orville `review_agent_unavailable` can be injected this way).
    case status(Int, retryAfter: RetryAfter? = nil, code: String? = nil, message: String? = nil)
    /// Close the connection without reading further or acting: the request had no effect.
    case closeBeforeProcessing
    /// Run the handler (the job really is created), then close the connection without a response.
    case closeAfterProcessing
    /// Run the handler, send the head with the full `Content-Length` but only `keepBytes` body bytes
    /// (half the body when `nil`), then close.
    case truncateBody(keepBytes: Int? = nil)
    /// Run the handler, then replace its body with text that is not valid JSON (status and headers kept).
    case invalidJSON
    /// Wait this many real seconds before handling the request normally.
    case delay(seconds: Double)
    /// Storage downloads only: answer 200 with the whole body even when `Range` was sent.
    case ignoreRange
}

/// One entry of the fault plan: which requests it hits and what it does to them.
public struct FaultRule: Sendable, Hashable {
    /// Which requests match: `"*"` (any), a route pattern (`/orville/api/v1/cad/jobs/{job_id}`), a
    /// concrete path (`/makistry/v1/text-to-cad`) or a prefix ending in `*` (`/orville/*`), optionally
    /// preceded by a method (`"POST /orville/api/v1/cad/jobs"`).
    public var route: String
    /// How many matching requests it applies to before it is used up.
    public var count: Int
    /// What it does.
    public var action: FaultAction

    /// Creates a rule applying `action` to the next `count` requests matching `route`.
    public init(route: String, count: Int = 1, action: FaultAction) {
        self.route = route
        self.count = count
        self.action = action
    }

    func matches(method: String, pattern: String?, path: String) -> Bool {
        var target = route.trimmingCharacters(in: .whitespaces)
        if let space = target.firstIndex(of: " ") {
            let ruleMethod = target[..<space].uppercased()
            guard ruleMethod == method || (ruleMethod == "GET" && method == "HEAD") else { return false }
            target = target[target.index(after: space)...].trimmingCharacters(in: .whitespaces)
        }
        if target == "*" { return true }
        if target.hasSuffix("*") { return path.hasPrefix(String(target.dropLast())) }
        return target == pattern || target == path
    }
}

/// The faults still to inject, consumed in order as matching requests arrive. Thread-safe (`Mutex`).
public final class FaultPlan: Sendable {
    private let rules: Mutex<[FaultRule]>

    /// Creates a plan with `rules`.
    public init(_ rules: [FaultRule] = []) { self.rules = Mutex(rules) }

    /// Adds a rule at the end of the plan.
    public func add(_ rule: FaultRule) { rules.withLock { $0.append(rule) } }

    /// Adds `action` for the next `count` requests matching `route`.
    public func inject(_ action: FaultAction, on route: String, count: Int = 1) {
        add(FaultRule(route: route, count: count, action: action))
    }

    /// Removes every rule.
    public func clear() { rules.withLock { $0.removeAll() } }

    /// The rules not yet used up.
    public var pending: [FaultRule] { rules.withLock { $0 } }

    /// Takes the first matching rule's action, counting one use of it.
    func take(method: String, pattern: String?, path: String) -> FaultAction? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.count > 0 && $0.matches(method: method, pattern: pattern, path: path) })
            else { return nil }
            let action = rules[index].action
            rules[index].count -= 1
            if rules[index].count <= 0 { rules.remove(at: index) }
            return action
        }
    }
}
