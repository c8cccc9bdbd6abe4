"""Article Five: a terminal policy game about one presidential term and one alliance."""

__version__ = "0.1.0"
