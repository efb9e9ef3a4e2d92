"""One safe XML parser for feeds and sitemaps: no entity expansion, no DTD, no network.

It recovers what it can of a damaged document (a feed cut off mid-item still gives the items before the
cut) and says what was wrong, so the crawl can tell a broken feed from an empty one."""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)


def read_xml(data: bytes, roots: tuple[str, ...], what: str) -> tuple[etree._Element | None, str]:
    """The root element, and what is wrong with the document as a ``what`` whose root element is one of
    ``roots`` ("" when nothing is): not XML, another kind of document, or damaged XML (recovered)."""
    try:
        root = etree.fromstring(data.lstrip(), PARSER)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return None, f"not a {what}: no XML document in the {len(data):,} bytes received"
    if local_name(root) not in roots:
        return None, f"not a {what}: the document's root element is <{local_name(root) or '?'}>"
    fatal = next((e for e in PARSER.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:
        return root, f"damaged {what}: {fatal.message.strip()} (line {fatal.line}); read up to the damage"
    return root, ""


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace, lower-case: ``news`` for ``<news:news>`` whether or not the
    document declares the ``news:`` prefix (publishers often forget to, and the recovering parser then keeps
    the prefix in the name); "" for a comment, and for a name in a namespace the parser cannot decode."""
    try:
        tag = element.tag
    except UnicodeDecodeError:  # a namespace written with a lone surrogate ("&#xD800;"), kept by the recovery
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower() if isinstance(tag, str) else ""


def text_of(element: etree._Element) -> str:
    """The element's text, stripped; "" when the recovering parser kept text it cannot decode."""
    try:
        return (element.text or "").strip()
    except UnicodeDecodeError:
        return ""
