import Hummingbird

/// The in-process sandbox server speaking the Bitbybit, Orville and Makistry APIs on loopback.
public enum CADSandboxModule {}
