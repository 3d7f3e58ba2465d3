"""The application layer: one function per use case, called the same way by every face (see the package docs)."""
