import ArgumentParser

/// `cadctl jobs …` for Orville (Ballista Labs). Being built under issue 4.
enum OrvilleJobs {
    static func create(_ command: JobsCommand.Create, context: CommandContext) async throws { throw notYet }
    static func get(_ command: JobsCommand.Get, context: CommandContext) async throws { throw notYet }
    static func wait(_ command: JobsCommand.Wait, context: CommandContext) async throws { throw notYet }
    static func list(_ command: JobsCommand.List, context: CommandContext) async throws { throw notYet }
    static func iterate(_ command: JobsCommand.Iterate, context: CommandContext) async throws { throw notYet }
    static func messages(_ command: JobsCommand.Messages, context: CommandContext) async throws { throw notYet }
    static func review(_ command: JobsCommand.Review, context: CommandContext) async throws { throw notYet }
    static let notYet = CLIError(status: .failure, message: "Orville jobs are not available in this build yet")
}
