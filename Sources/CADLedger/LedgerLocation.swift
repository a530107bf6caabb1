#if canImport(Glibc)
import Glibc
#endif

/// Where the ledger lives: `$CADCTL_STATE_DIR`, else `$XDG_STATE_HOME/cadctl`, else `~/.local/state/cadctl`.
public enum LedgerLocation {
    /// The database's file name inside the state directory.
    public static let fileName = "ledger.sqlite"

    /// The state directory for `environment` (variable name to value; empty values count as unset).
    public static func stateDirectory(environment: [String: String]) -> String {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        if let directory = value("CADCTL_STATE_DIR") { return directory }
        if let state = value("XDG_STATE_HOME") { return state + "/cadctl" }
        return (value("HOME") ?? ".") + "/.local/state/cadctl"
    }

    /// The database path for `environment`.
    public static func databasePath(environment: [String: String]) -> String {
        stateDirectory(environment: environment) + "/" + fileName
    }
}
