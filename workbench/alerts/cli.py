"""Commands of the alerts area (registered by workbench.cli)."""


def register(sub) -> None:
    """Add this area's subcommands to the `workbench` parser."""
