import Foundation

/// The JSON form of a fault plan (`cad-sandbox --faults FILE`):
///
/// ```json
/// {"faults": [
///   {"route": "POST /orville/api/v1/cad/jobs", "count": 2, "action": "status", "status": 503, "retry_after": 2},
///   {"route": "/makistry/v1/jobs/{job_id}", "action": "status", "status": 429, "retry_after_http_date": 5},
///   {"route": "POST /makistry/v1/text-to-cad", "action": "close_after"},
///   {"route": "*", "action": "close_before"},
///   {"route": "/orville/*", "action": "truncate", "keep_bytes": 10},
///   {"route": "GET /orville/api/v1/cad/jobs", "action": "invalid_json"},
///   {"route": "*", "action": "delay", "seconds": 1.5},
///   {"route": "GET /objects/{object_id}", "action": "ignore_range"},
///   {"route": "POST /orville/api/v1/cad/jobs/{job_id}/review", "action": "status", "status": 503,
///    "code": "review_agent_unavailable", "message": "try later"}
/// ]}
/// ```
/// A bare array of rules is accepted too. `count` defaults to 1.
extension FaultRule: Codable {
    private enum CodingKeys: String, CodingKey {
        case route, count, action, status, code, message, seconds
        case retryAfter = "retry_after"
        case retryAfterHTTPDate = "retry_after_http_date"
        case keepBytes = "keep_bytes"
    }

    /// Decodes one rule from its JSON form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let route = try container.decodeIfPresent(String.self, forKey: .route) ?? "*"
        let count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        let name = try container.decode(String.self, forKey: .action)
        let action: FaultAction
        switch name {
        case "status":
            var retryAfter: RetryAfter?
            if let seconds = try container.decodeIfPresent(Int.self, forKey: .retryAfter) {
                retryAfter = .seconds(seconds)
            } else if let seconds = try container.decodeIfPresent(Int.self, forKey: .retryAfterHTTPDate) {
                retryAfter = .httpDate(secondsFromNow: seconds)
            }
            action = .status(
                try container.decode(Int.self, forKey: .status), retryAfter: retryAfter,
                code: try container.decodeIfPresent(String.self, forKey: .code),
                message: try container.decodeIfPresent(String.self, forKey: .message))
        case "close_before": action = .closeBeforeProcessing
        case "close_after": action = .closeAfterProcessing
        case "truncate": action = .truncateBody(keepBytes: try container.decodeIfPresent(Int.self, forKey: .keepBytes))
        case "invalid_json": action = .invalidJSON
        case "delay": action = .delay(seconds: try container.decode(Double.self, forKey: .seconds))
        case "ignore_range": action = .ignoreRange
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: container,
                debugDescription: "unknown fault action \"\(name)\"; expected status, close_before, close_after, "
                    + "truncate, invalid_json, delay or ignore_range")
        }
        self.init(route: route, count: count, action: action)
    }

    /// Encodes the rule in its JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(route, forKey: .route)
        try container.encode(count, forKey: .count)
        switch action {
        case .status(let status, let retryAfter, let code, let message):
            try container.encode("status", forKey: .action)
            try container.encode(status, forKey: .status)
            switch retryAfter {
            case .seconds(let seconds): try container.encode(seconds, forKey: .retryAfter)
            case .httpDate(let seconds): try container.encode(seconds, forKey: .retryAfterHTTPDate)
            case nil: break
            }
            try container.encodeIfPresent(code, forKey: .code)
            try container.encodeIfPresent(message, forKey: .message)
        case .closeBeforeProcessing: try container.encode("close_before", forKey: .action)
        case .closeAfterProcessing: try container.encode("close_after", forKey: .action)
        case .truncateBody(let keep):
            try container.encode("truncate", forKey: .action)
            try container.encodeIfPresent(keep, forKey: .keepBytes)
        case .invalidJSON: try container.encode("invalid_json", forKey: .action)
        case .delay(let seconds):
            try container.encode("delay", forKey: .action)
            try container.encode(seconds, forKey: .seconds)
        case .ignoreRange: try container.encode("ignore_range", forKey: .action)
        }
    }
}

extension FaultPlan {
    /// Reads rules from JSON: `{"faults": [...]}` or a bare array.
    public static func rules(fromJSON data: Data) throws -> [FaultRule] {
        struct Wrapper: Decodable { var faults: [FaultRule] }
        let isObject = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) } == UInt8(ascii: "{")
        if isObject { return try JSONDecoder().decode(Wrapper.self, from: data).faults }
        return try JSONDecoder().decode([FaultRule].self, from: data)
    }
}
