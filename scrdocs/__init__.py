"""scrdocs: publish what a case review taught, once as data, four ways as documents."""

__version__ = "0.1.0.dev0"
