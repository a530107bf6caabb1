/// The surroundings commands read, bound per task so command logic can run in-process (tests) with an
/// environment of its own: `CommandScope.$environment.withValue(Environment(values: …)) { … }`.
/// Its console is `Console.current`.
enum CommandScope {
    /// The environment bound for the running task; `nil` reads the process's.
    @TaskLocal static var environment: Environment?

    /// The environment commands read: the bound one, else the process's.
    static var currentEnvironment: Environment { environment ?? .current }
}
