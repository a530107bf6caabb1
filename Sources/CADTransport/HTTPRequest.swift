/// One HTTP request, with everything the transport needs to carry it out.
public struct HTTPRequest: Sendable {
    /// The method (`GET` by default).
    public var method: HTTPMethod
    /// The absolute URL, query included.
    public var url: URL
    /// Headers sent as given; `User-Agent` and `Accept-Encoding` are added unless set.
    public var headers: HTTPHeaders
    /// The body, from memory or streamed from files; empty by default.
    public var body: RequestBody
    /// Where the response body goes; in memory (capped) by default.
    public var destination: ResponseDestination
    /// Follow 301/302/303/307/308 (downloads ask for this; API calls do not).
    public var followRedirects: Bool
    /// How many redirects to follow at most before failing with `.tooManyRedirects`.
    public var maxRedirects: Int
    /// Connect timeout, low-speed limit and optional total timeout.
    public var timeouts: TransferTimeouts
    /// Told of bytes sent and received as the transfer goes (on the transport's thread: keep it short).
    public var progress: TransferProgressObserver?
    /// Header names that are credentials: never sent on a redirect to another origin (scheme, host, port).
    public var credentialHeaderNames: Set<String>

    /// The credential headers every request drops on a cross-origin redirect.
    public static let defaultCredentialHeaderNames: Set<String> = [
        "authorization", "x-api-key", "cookie", "proxy-authorization",
    ]

    /// A request; every part but `url` has a default (a `GET` with no body, answered into memory).
    public init(
        method: HTTPMethod = .get,
        url: URL,
        headers: HTTPHeaders = [:],
        body: RequestBody = .empty,
        destination: ResponseDestination = .defaultMemory,
        followRedirects: Bool = false,
        maxRedirects: Int = 5,
        timeouts: TransferTimeouts = .default,
        progress: TransferProgressObserver? = nil,
        credentialHeaderNames: Set<String> = HTTPRequest.defaultCredentialHeaderNames
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.destination = destination
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.timeouts = timeouts
        self.progress = progress
        self.credentialHeaderNames = credentialHeaderNames
    }

    /// Whether `name` is one of this request's credential headers.
    public func isCredentialHeader(_ name: String) -> Bool {
        credentialHeaderNames.contains(name.lowercased())
    }
}
