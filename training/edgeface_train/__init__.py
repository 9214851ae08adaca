"""EdgeFace training package: data, models, losses, export and int8 quantization."""
