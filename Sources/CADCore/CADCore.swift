@_exported import CADTransport
