import CADCLICore

// The settings, provider choice and error facts that `cadctl` shares with its MCP server live in
// CADCLICore; these names let every command file use them without importing it.
typealias Provider = CADCLICore.Provider
typealias Environment = CADCLICore.Environment
typealias ConfigFile = CADCLICore.ConfigFile
typealias ProviderSettings = CADCLICore.ProviderSettings
typealias SettingSource = CADCLICore.SettingSource
typealias ProviderChoice = CADCLICore.ProviderChoice
typealias CLIError = CADCLICore.CLIError
typealias ErrorFacts = CADCLICore.ErrorFacts
typealias SubmissionTracker = CADCLICore.SubmissionTracker

/// The directory part of `path` ("" when there is none).
func parentDirectory(of path: String) -> String { CADCLICore.parentDirectory(of: path) }
