"""The sub-fields a query selects under the current field, fragments included: what an entry point may
start reading ahead (bff/resolvers/customer.py start_viewer_reads) before its children ask."""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from bff.context import Info


def selected_fields(info: Info) -> set[str]:
    """The names of the fields selected directly under this field (through fragments too)."""
    selected: set[str] = set()
    for node in info._raw_info.field_nodes:
        selected |= _selected(node.selection_set, info, set())
    return selected


def _selected(selection_set: SelectionSetNode | None, info: Info, seen: set[str]) -> set[str]:
    names: set[str] = set()
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names |= _selected(selection.selection_set, info, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = info._raw_info.fragments.get(selection.name.value)
            names |= _selected(fragment.selection_set if fragment else None, info, seen)
    return names
