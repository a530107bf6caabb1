import Bitbybit
import Orville
import Makistry
print("cadctl \(CADCTLVersion.current)")
