"""One safe XML parser for feeds and sitemaps: no entity expansion, no DTD, no network."""

from __future__ import annotations

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True)


def parse_xml(data: bytes) -> etree._Element | None:
    """The root element, or None when ``data`` holds no XML document at all."""
    try:
        return etree.fromstring(data.lstrip(), PARSER)
    except etree.XMLSyntaxError:
        return None


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""
