"""A second reading of a form's skip logic, independent of the compiler that wrote it: the XForm
that pyxform makes of the form, its `relevant` and `calculate` expressions evaluated by a real
XPath 1.0 engine (elementpath, over lxml) on the form's instance filled in with answers.

As an XForms client does, a question that is not relevant counts as blank in every other
expression (its value comes back if it becomes relevant again), and the calculations and
relevance are worked out again until nothing changes."""

from __future__ import annotations

import graphlib
import re
from typing import Any

from elementpath import XPath1Parser, XPathContext
from elementpath.xpath_tokens import XPathFunction
from lxml import etree


class ODKParser(XPath1Parser):
    """XPath 1.0 with the few functions of the ODK XForms specification our forms use."""

    symbol_table = dict(XPath1Parser.symbol_table)  # noqa: RUF012 (elementpath reads it as a class attribute)


@ODKParser.method(ODKParser.function("selected", nargs=2, sequence_types=("item()*", "xs:string", "xs:boolean")))
def evaluate__selected(self: XPathFunction, context: Any = None) -> bool:
    chosen = self.string_value(self.get_argument(self.context or context)).split()
    return self.string_value(self.get_argument(self.context or context, index=1)) in chosen


@ODKParser.method(ODKParser.function("if", nargs=3, sequence_types=("item()*", "item()*", "item()*", "item()*")))
def evaluate__if(self: XPathFunction, context: Any = None) -> Any:
    context = self.context or context
    test = self.boolean_value(self[0].select(context))
    return self.get_argument(context, index=1 if test else 2)


class XForm:
    """An XForm's primary instance and binds, ready to be filled in and evaluated."""

    def __init__(self, xml: str | bytes) -> None:
        tree = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
        for element in tree.iter():  # unprefixed names in the expressions have no namespace
            if isinstance(element.tag, str):
                element.tag = etree.QName(element).localname
        etree.cleanup_namespaces(tree)
        model = tree.find("head/model")
        assert model is not None
        self.root = model.find("instance")[0]  # type: ignore[index]
        self.document = etree.ElementTree(self.root)
        self.binds = {b.get("nodeset"): b for b in model.findall("bind")}
        self.nodes = {path: self.document.xpath(path)[0] for path in self.binds}
        self.compiled: dict[str, Any] = {}
        self.context = XPathContext(self.document)
        self.order = self._order()

    def path(self, name: str) -> str:
        """The nodeset of the field `name` (names are unique in an XLSForm)."""
        found = [p for p in self.binds if p.rsplit("/", 1)[-1] == name]
        assert len(found) == 1, name
        return found[0]

    def _expression(self, text: str) -> Any:
        if text not in self.compiled:
            self.compiled[text] = ODKParser().parse(text)
        return self.compiled[text]

    def _value(self, text: str) -> Any:
        return self._expression(text).evaluate(context=self.context)

    def _order(self) -> list[str]:
        """The binds in an order where each comes after every field its expressions read (and
        after its groups), as an XForms engine orders its recalculation."""
        graph = {}
        for path, bind in self.binds.items():
            read = set(_PATH.findall((bind.get("relevant") or "") + " " + (bind.get("calculate") or "")))
            parts = path.split("/")
            graph[path] = (read | {"/".join(parts[:n]) for n in range(3, len(parts))}) & self.binds.keys()
        return list(graphlib.TopologicalSorter(graph).static_order())

    def evaluate(self, answers: dict[str, str]) -> dict[str, bool]:
        """Fill the fields named in `answers` and return whether each bound field is relevant
        (itself and its groups)."""
        given = {self.path(name): value for name, value in answers.items()}
        shown: dict[str, bool] = {}
        for node in self.nodes.values():
            node.text = ""
        for _ in range(3):  # one pass in dependency order settles it; the next must change nothing
            before = dict(shown)
            for path in self.order:
                bind = self.binds[path]
                parent = path.rsplit("/", 1)[0]
                relevant = bind.get("relevant")
                shown[path] = shown.get(parent, True) and (not relevant or bool(self._value(relevant)))
                calculation = bind.get("calculate")
                value = _text(self._value(calculation)) if calculation else given.get(path, "")
                self.nodes[path].text = value if shown[path] else ""
            if shown == before:
                return shown
        raise AssertionError("relevance never settled (a cycle?)")


_PATH = re.compile(r"/data(?:/[A-Za-z_][A-Za-z0-9_.-]*)+")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return value[0].text or "" if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
