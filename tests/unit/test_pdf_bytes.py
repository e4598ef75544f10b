"""The PDF edition's byte fixes (scripts/release/pdf.py), on small PDF-shaped bytes: the
dates and the structure tree's element names that Chromium takes from its process's state,
so that two printings of the same document give the same file."""

from __future__ import annotations

import re

import pytest

from scripts.release.pdf import fixed_dates, fixed_node_ids


def _pdf(ids: dict[int, int]) -> bytes:
    """Struct elements (object number -> the DOM node id Chromium gave it): header cells
    with an /ID, a data cell listing them in /Headers, the IDTree (one leaf, sorted by
    name, as Chromium writes it)."""
    objects = [
        f"{obj} 0 obj\n<</Type /StructElem\n/S /TH\n/ID (node{node:08d})>>\nendobj\n"
        for obj, node in ids.items()
    ]
    headers = " ".join(f"(node{node:08d})" for node in ids.values())
    objects.append(f"90 0 obj\n<</Type /StructElem\n/S /TD\n/Headers [{headers}]>>\nendobj\n")
    by_name = sorted(ids.items(), key=lambda item: item[1])
    names = " ".join(f"(node{node:08d}) {obj} 0 R" for obj, node in by_name)
    limits = f"(node{by_name[0][1]:08d}) (node{by_name[-1][1]:08d})"
    objects.append(f"91 0 obj\n<</Limits [{limits}]\n/Names [{names}]>>\nendobj\n")
    objects.append("92 0 obj\n<</Type /StructTreeRoot\n/IDTree 91 0 R>>\nendobj\n")
    return ("%PDF-1.7\n" + "".join(objects)).encode()


def test_two_printings_that_numbered_the_nodes_differently_give_the_same_bytes() -> None:
    # The second printing's process had made other nodes first: other ids, and another
    # order among them (object 12's node was numbered before object 11's).
    first = _pdf({10: 5730, 11: 5731, 12: 5735})
    second = _pdf({10: 26407, 11: 26420, 12: 26411})
    assert first != second
    fixed = fixed_node_ids(first)
    assert fixed == fixed_node_ids(second)
    assert len(fixed) == len(first), "the objects' offsets (the xref table) must not move"
    # Named by the element's object number, in order; the tree sorted by name.
    assert re.findall(rb"/ID \((node\d+)\)", fixed) == [
        b"node00000001",
        b"node00000002",
        b"node00000003",
    ]
    assert b"/Limits [(node00000001) (node00000003)]" in fixed
    assert b"(node00000001) 10 0 R (node00000002) 11 0 R (node00000003) 12 0 R" in fixed
    assert b"/Headers [(node00000001) (node00000002) (node00000003)]" in fixed


def test_a_pdf_without_named_elements_is_left_as_it_is() -> None:
    data = b"%PDF-1.7\n1 0 obj\n<</Type /StructTreeRoot\n/K 2 0 R>>\nendobj\n"
    assert fixed_node_ids(data) == data


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.replace(b"/ID (node00005731)", b"/ID (node00009999)"), "not in the IDTree"),
        (lambda d: d + d[d.index(b"91 0 obj") :], "2 leaves"),
        (lambda d: d.replace(b"(node00005735) 12 0 R", b"(node00005735) 11 0 R"), "twice"),
        (lambda d: d.replace(b"/IDTree 91 0 R", b""), "no /IDTree"),
    ],
)
def test_a_structure_it_cannot_renumber_safely_stops_the_edition(damage, message) -> None:
    with pytest.raises(SystemExit, match=message):
        fixed_node_ids(damage(_pdf({10: 5730, 11: 5731, 12: 5735})))


def test_dates_become_the_source_date(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<</CreationDate (D:20261204113000+00'00')\n/ModDate (D:20261204113001+00'00')>>"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert fixed_dates(data) == (
        b"<</CreationDate (D:20231114221320+00'00')\n/ModDate (D:20231114221320+00'00')>>"
    )
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert b"(D:19800101000000+00'00')" in fixed_dates(data)
