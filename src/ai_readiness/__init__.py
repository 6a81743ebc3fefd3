"""ai-readiness: production readiness of AI systems as a checked file."""

__version__ = "0.1.0"
