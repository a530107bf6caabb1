/// Every error code Orville documents, so callers can switch over refusals.
///
/// Errors are thrown as `APIError` (shared with the other providers and mapped to CLI exit codes by
/// `CADError`); `APIError.orvilleCode` gives the typed code.
public enum OrvilleErrorCode: String, Sendable, Hashable, CaseIterable {
    /// `prompt` is required.
    case missingPrompt = "missing_prompt"
    /// `prompt` is longer than 60,000 characters.
    case promptTooLong = "prompt_too_long"
    /// The request body is not valid JSON.
    case invalidJSON = "invalid_json"
    /// The multipart request body is invalid.
    case invalidFormData = "invalid_form_data"
    /// Images were provided in JSON instead of multipart form data.
    case jsonImagesUnsupported = "json_images_unsupported"
    /// Image files were attached with a field name other than `images`.
    case unsupportedImageField = "unsupported_image_field"
    /// The image type is not JPEG, PNG, WebP, GIF, HEIC or HEIF.
    case invalidFileType = "invalid_file_type"
    /// An image is larger than 10 MB.
    case fileTooLarge = "file_too_large"
    /// More than 5 images were attached.
    case tooManyImages = "too_many_images"
    /// A CAD write is missing `Idempotency-Key`.
    case idempotencyKeyRequired = "idempotency_key_required"
    /// The same `Idempotency-Key` was reused with a different request body.
    case idempotencyKeyConflict = "idempotency_key_conflict"
    /// A follow-up was sent while the job already had an active run.
    case jobAlreadyRunning = "job_already_running"
    /// A review was requested before the job completed.
    case jobNotCompleted = "job_not_completed"
    /// A review was requested before a CAD revision was available.
    case cadRevisionRequired = "cad_revision_required"
    /// The review assistant could not complete the request.
    case reviewAgentFailed = "review_agent_failed"
    /// The review assistant is temporarily unavailable.
    case reviewAgentUnavailable = "review_agent_unavailable"
    /// The workspace needs prepaid billing before starting CAD jobs.
    case billingRequired = "billing_required"
    /// Workspace billing needs review before more CAD jobs can start.
    case billingNeedsReview = "billing_needs_review"
    /// The workspace balance is empty.
    case insufficientBalance = "insufficient_balance"
    /// The workspace balance is too low for the active job load.
    case projectedBalanceExceeded = "projected_balance_exceeded"
    /// The key or workspace exceeded a rate limit.
    case rateLimited = "rate_limited"

    /// The class the CLI maps this code to (exit codes: payment 8, rate limited 6, invalid request 1, …),
    /// given the status it came with.
    public func classification(status: Int) -> APIError.Classification {
        APIError.classify(status: status, code: rawValue)
    }
}

extension APIError {
    /// The documented Orville code of this error, when it is one.
    public var orvilleCode: OrvilleErrorCode? {
        guard provider == OrvilleModule.provider, let code else { return nil }
        return OrvilleErrorCode(rawValue: code)
    }
}
