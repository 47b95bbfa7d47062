"""Content: loading, validating and rendering the handbook's Markdown and YAML. No Qt."""

from handbook.content.errors import ContentError, Problem
from handbook.content.loader import load_handbook
from handbook.content.model import Contact, Handbook, Page, Section, ViolenceForm

__all__ = ["ContentError", "Problem", "load_handbook", "Handbook", "Page", "Section", "Contact", "ViolenceForm"]
