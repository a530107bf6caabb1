import ArgumentParser

/// `cadctl jobs …` for Makistry. Being built under issue 5.
enum MakistryJobs {
    static func create(_ command: JobsCommand.Create, context: CommandContext) async throws { throw notYet }
    static func get(_ command: JobsCommand.Get, context: CommandContext) async throws { throw notYet }
    static func wait(_ command: JobsCommand.Wait, context: CommandContext) async throws { throw notYet }
    static let notYet = CLIError(status: .failure, message: "Makistry jobs are not available in this build yet")
}
