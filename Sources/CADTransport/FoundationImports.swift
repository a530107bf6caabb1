// FoundationEssentials (URL, Data, Date) without the ICU-heavy full Foundation where available.
#if canImport(FoundationEssentials)
@_exported import FoundationEssentials
#else
@_exported import Foundation
#endif
