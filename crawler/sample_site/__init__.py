"""The bundled offline replica of the IKISS KI section of Kreis Herford, its server and truth file."""
