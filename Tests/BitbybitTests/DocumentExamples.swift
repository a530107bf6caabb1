// The pipeline examples of the pipelines document (/work/shared/specs/bitbybit-pipelines.txt), converted
// mechanically from its JavaScript object literals to JSON (keys quoted, comments and trailing commas
// dropped; the SDK's step(op, params, { output }) calls written as the plain objects they produce).
// Do not edit by hand: they are what the builder's output is compared with.

enum DocumentExamples {
    /// "Linear Pipelines": box, sphere, difference
    static let linear = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 10,
        "length": 10,
        "height": 10,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.createSphere",
      "params": {
        "radius": 6,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.booleans.difference",
      "params": {
        "shape": "$ref:0",
        "shapes": [
          "$ref:1"
        ],
        "keepEdges": false
      }
    }
  ],
  "outputs": {
    "formats": [
      "gltf"
    ]
  }
}
"""#

    /// "File Inputs": load a STEP file, fillet its edges
    static let fileInputs = #"""
{
  "steps": [
    {
      "operation": "occt.io.loadSTEPorIGES",
      "params": {
        "filetext": "$file:0",
        "fileName": "model.step"
      }
    },
    {
      "operation": "occt.fillets.filletEdges",
      "params": {
        "shape": "$ref:0",
        "radius": 2
      }
    }
  ],
  "inputFiles": [
    {
      "fileId": "file_abc123",
      "role": "step-model"
    }
  ],
  "outputs": {
    "formats": [
      "gltf",
      "step"
    ]
  }
}
"""#

    /// "CSV data as input"
    static let csvInput = #"""
{
  "steps": [
    {
      "operation": "csv.parseToJson",
      "params": {
        "csv": "$file:0"
      }
    },
    {
      "operation": "json.query",
      "params": {
        "json": "$ref:0",
        "query": "$..x"
      }
    }
  ],
  "inputFiles": [
    {
      "fileId": "file_xyz789",
      "role": "coordinates"
    }
  ]
}
"""#

    /// "JSON data as input": params read from `$file:0:json`
    static let jsonInput = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": "$file:0:json"
    }
  ],
  "inputFiles": [
    {
      "fileId": "file_config123",
      "role": "box-dimensions"
    }
  ],
  "outputs": {
    "formats": [
      "gltf"
    ]
  }
}
"""#

    /// "Map (Iteration)": six translated cylinders, the counting rule ($ref:9, $ref:10)
    static let map = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 25,
        "length": 25,
        "height": 1,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.createCylinder",
      "params": {
        "radius": 1,
        "height": 5,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "json.parse",
      "params": {
        "text": "[[5,0,0],[10,0,0],[-5,0,0],[-10,0,0],[0,0,5],[0,0,-5]]"
      }
    },
    {
      "type": "map",
      "items": "$ref:2",
      "steps": [
        {
          "operation": "occt.transforms.translate",
          "params": {
            "shape": "$ref:1",
            "translation": "$item"
          }
        }
      ]
    },
    {
      "operation": "occt.booleans.union",
      "params": {
        "shapes": "$ref:9"
      }
    },
    {
      "operation": "occt.booleans.union",
      "params": {
        "shapes": [
          "$ref:0",
          "$ref:10"
        ]
      }
    }
  ],
  "outputs": {
    "formats": [
      "gltf"
    ]
  }
}
"""#

    /// "Map with Reduce"
    static let mapReduce = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 20,
        "length": 20,
        "height": 2,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.createCylinder",
      "params": {
        "radius": 1,
        "height": 5,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "json.parse",
      "params": {
        "text": "[[5,0,0],[10,0,0],[-5,0,0],[-10,0,0]]"
      }
    },
    {
      "type": "map",
      "items": "$ref:2",
      "steps": [
        {
          "operation": "occt.transforms.translate",
          "params": {
            "shape": "$ref:1",
            "translation": "$item"
          }
        }
      ],
      "reduce": [
        {
          "operation": "occt.booleans.union",
          "params": {
            "shapes": "$mapResult"
          }
        },
        {
          "operation": "occt.booleans.union",
          "params": {
            "shapes": [
              "$ref:0",
              "$prev"
            ]
          }
        }
      ]
    }
  ],
  "outputs": {
    "formats": [
      "gltf"
    ]
  }
}
"""#

    /// "Map with Multiple Inner Steps": $item, $prev
    static let mapMultipleInnerSteps = #"""
{
  "steps": [
    {
      "operation": "json.parse",
      "params": {
        "text": "[1, 5, 10]"
      }
    },
    {
      "type": "map",
      "items": "$ref:0",
      "steps": [
        {
          "operation": "math.twoNrOperation",
          "params": {
            "first": "$item",
            "second": 2,
            "operation": "multiply"
          }
        },
        {
          "operation": "math.twoNrOperation",
          "params": {
            "first": "$prev",
            "second": 100,
            "operation": "add"
          }
        }
      ]
    }
  ]
}
"""#

    /// "Choice (Conditional)": a single choice step (a fragment: it uses $ref:2)
    static let choiceStep = #"""
{
  "type": "choice",
  "value": "$ref:2",
  "operator": "gt",
  "compareTo": 100,
  "then": [
    {
      "operation": "math.twoNrOperation",
      "params": {
        "first": "$ref:2",
        "second": 2,
        "operation": "multiply"
      }
    }
  ],
  "else": [
    {
      "operation": "math.twoNrOperation",
      "params": {
        "first": "$ref:2",
        "second": 3,
        "operation": "multiply"
      }
    }
  ]
}
"""#

    /// "JSONPath Queries": all x-coordinates (a fragment: it uses $ref:2)
    static let jsonQueryX = #"""
{
  "operation": "json.query",
  "params": {
    "json": "$ref:2",
    "query": "$..x"
  }
}
"""#

    /// "JSONPath Queries": items with price < 10 (a fragment: it uses $ref:3)
    static let jsonQueryPrice = #"""
{
  "operation": "json.query",
  "params": {
    "json": "$ref:3",
    "query": "$.[?(@.price<10)]"
  }
}
"""#

    /// "JSONPath Queries": the first element (a fragment: it uses $ref:1)
    static let jsonQueryFirst = #"""
{
  "operation": "json.query",
  "params": {
    "json": "$ref:1",
    "query": "$..[0]"
  }
}
"""#

    /// "Constructing Data": a steps array
    static let constructingData = #"""
[
  {
    "operation": "json.createEmpty",
    "params": {}
  },
  {
    "operation": "json.setValueOnProp",
    "params": {
      "json": "$ref:0",
      "property": "center",
      "value": [
        5,
        0,
        0
      ]
    }
  },
  {
    "operation": "json.setValueOnProp",
    "params": {
      "json": "$ref:1",
      "property": "radius",
      "value": 3
    }
  }
]
"""#

    /// "Marking Steps as Output"
    static let outputMarking = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 10,
        "length": 8,
        "height": 5,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.getSolidVolume",
      "params": {
        "shape": "$ref:0"
      }
    },
    {
      "operation": "occt.shapes.solid.getSolidSurfaceArea",
      "params": {
        "shape": "$ref:0"
      }
    },
    {
      "operation": "json.createEmpty",
      "params": {}
    },
    {
      "operation": "json.setValueOnProp",
      "params": {
        "json": "$ref:3",
        "property": "volume",
        "value": "$ref:1"
      }
    },
    {
      "operation": "json.setValueOnProp",
      "params": {
        "json": "$ref:4",
        "property": "surfaceArea",
        "value": "$ref:2"
      },
      "output": true
    },
    {
      "operation": "occt.fillets.filletEdges",
      "params": {
        "shape": "$ref:0",
        "radius": 1
      }
    }
  ],
  "outputs": {
    "formats": [
      "gltf",
      "step"
    ]
  }
}
"""#

    /// "Returning data (JSON / CSV)"
    static let returningData = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 10,
        "length": 10,
        "height": 10,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.getSolidVolume",
      "params": {
        "shape": "$ref:0"
      }
    },
    {
      "operation": "json.createEmpty",
      "params": {}
    },
    {
      "operation": "json.setValueOnProp",
      "params": {
        "json": "$ref:2",
        "property": "volume",
        "value": "$ref:1"
      }
    }
  ],
  "outputs": {
    "formats": [
      "json"
    ]
  }
}
"""#

    /// "Manifold / JSCAD outputs": Manifold → STL
    static let manifoldSTL = #"""
{
  "steps": [
    {
      "operation": "manifold.manifold.shapes.sphere",
      "params": {
        "radius": 5
      }
    },
    {
      "operation": "manifold.manifold.shapes.cube",
      "params": {
        "size": 4
      }
    },
    {
      "operation": "manifold.manifold.booleans.subtract",
      "params": {
        "manifold1": "$ref:0",
        "manifold2": "$ref:1"
      }
    }
  ],
  "outputs": {
    "formats": [
      "stl"
    ]
  }
}
"""#

    /// "Typed Pipeline Builder": the SDK's step() helper
    static let typedBuilder = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createBox",
      "params": {
        "width": 10,
        "length": 10,
        "height": 10,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.fillets.filletEdges",
      "params": {
        "shape": "$ref:0",
        "radius": 1
      }
    },
    {
      "operation": "occt.shapes.solid.getSolidVolume",
      "params": {
        "shape": "$ref:1"
      },
      "output": true
    }
  ],
  "outputs": {
    "formats": [
      "gltf",
      "step"
    ]
  }
}
"""#

    /// "Mixing typed and untyped steps"
    static let mixedTypedUntyped = #"""
{
  "steps": [
    {
      "operation": "occt.shapes.solid.createSphere",
      "params": {
        "radius": 5,
        "center": [
          0,
          0,
          0
        ]
      }
    },
    {
      "operation": "occt.shapes.solid.getSolidVolume",
      "params": {
        "shape": "$ref:0"
      }
    }
  ],
  "outputs": {
    "formats": [
      "json"
    ]
  }
}
"""#
}
