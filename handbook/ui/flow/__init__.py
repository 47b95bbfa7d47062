"""The flowchart view «Hva gjør jeg nå?»: step by step, the whole diagram, printing.

Exports :class:`FlowPanel` (see ``ENGINEERS.md``: ``start()``, ``show_node(id)``,
signal ``openSection(str)``).
"""

from handbook.ui.flow.panel import FlowPanel

__all__ = ["FlowPanel"]
