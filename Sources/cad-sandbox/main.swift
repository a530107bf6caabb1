import CADSandbox
print("cad-sandbox: not built yet")
