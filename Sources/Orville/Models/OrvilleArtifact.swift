/// A STEP file of a revision.
public struct OrvilleArtifact: Codable, Sendable, Hashable {
    /// The artifact id (`art_…`).
    public var id: String
    /// The part's label.
    public var label: String?
    /// The file name the server suggests.
    public var filename: String?
    /// `step`.
    public var kind: String?
    /// Where to download it: a path under the base URL (`/api/v1/artifacts/{id}/download`) or an absolute URL.
    public var downloadURL: String?

    enum CodingKeys: String, CodingKey {
        case id, label, filename, kind
        case downloadURL = "download_url"
    }

    /// An artifact.
    public init(id: String, label: String? = nil, filename: String? = nil, kind: String? = nil, downloadURL: String? = nil) {
        self.id = id
        self.label = label
        self.filename = filename
        self.kind = kind
        self.downloadURL = downloadURL
    }
}

/// A node of a revision's assembly tree: a part (with an artifact) or an assembly of children.
public struct OrvilleAssemblyNode: Codable, Sendable, Hashable {
    /// The node's label.
    public var label: String?
    /// `step`, `assembly`, …
    public var kind: String?
    /// The part's file name, if it is a part.
    public var filename: String?
    /// The part's artifact, if it is a part.
    public var artifactID: String?
    /// Sub-nodes.
    public var children: [OrvilleAssemblyNode]

    enum CodingKeys: String, CodingKey {
        case label, kind, filename, children
        case artifactID = "artifact_id"
    }

    /// A node.
    public init(label: String?, kind: String?, filename: String? = nil, artifactID: String? = nil,
                children: [OrvilleAssemblyNode] = []) {
        self.label = label
        self.kind = kind
        self.filename = filename
        self.artifactID = artifactID
        self.children = children
    }

    /// Decodes a node; missing or `null` children are none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        artifactID = try container.decodeIfPresent(String.self, forKey: .artifactID)
        children = try container.decodeIfPresent([OrvilleAssemblyNode].self, forKey: .children) ?? []
    }

    /// The tree as indented lines (`├─`, `└─`), one per node, for plain output.
    public func treeLines() -> [String] {
        var lines = [describe()]
        appendChildren(of: self, prefix: "", to: &lines)
        return lines
    }

    private func describe() -> String {
        var text = label ?? filename ?? artifactID ?? "(unnamed)"
        var facts: [String] = []
        if let kind { facts.append(kind) }
        if let filename, filename != text { facts.append(filename) }
        if let artifactID { facts.append(artifactID) }
        if !facts.isEmpty { text += " [" + facts.joined(separator: ", ") + "]" }
        return text
    }

    private func appendChildren(of node: OrvilleAssemblyNode, prefix: String, to lines: inout [String]) {
        for (index, child) in node.children.enumerated() {
            let last = index == node.children.count - 1
            lines.append(prefix + (last ? "└─ " : "├─ ") + child.describe())
            appendChildren(of: child, prefix: prefix + (last ? "   " : "│  "), to: &lines)
        }
    }
}

/// The latest revision's artifacts (`GET /api/v1/cad/jobs/{job_id}/artifacts`).
public struct OrvilleArtifactList: Codable, Sendable, Hashable {
    /// The job.
    public var jobID: String
    /// The revision the artifacts belong to (`nil` before the first completes).
    public var revisionID: String?
    /// The revision's parts.
    public var assemblyTree: OrvilleAssemblyNode?
    /// Its STEP files.
    public var artifacts: [OrvilleArtifact]
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case artifacts
        case jobID = "job_id", revisionID = "revision_id", assemblyTree = "assembly_tree", requestID = "request_id"
    }

    /// Decodes a list; `null` artifacts are none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobID = try container.decode(String.self, forKey: .jobID)
        revisionID = try container.decodeIfPresent(String.self, forKey: .revisionID)
        assemblyTree = try container.decodeIfPresent(OrvilleAssemblyNode.self, forKey: .assemblyTree)
        artifacts = try container.decodeIfPresent([OrvilleArtifact].self, forKey: .artifacts) ?? []
        requestID = try container.decodeIfPresent(String.self, forKey: .requestID)
    }
}

/// A short-lived signed URL for an artifact (`?redirect=false`).
public struct OrvilleSignedURL: Codable, Sendable, Hashable {
    /// The artifact.
    public var artifactID: String
    /// The file name the server suggests.
    public var filename: String?
    /// The signed URL: a secret until it expires (never log it whole).
    public var url: String
    /// How long the URL stays valid.
    public var expiresInSeconds: Int?
    /// The request's id.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case filename, url
        case artifactID = "artifact_id", expiresInSeconds = "expires_in_seconds", requestID = "request_id"
    }
}
