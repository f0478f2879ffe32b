"""CaseCoder's Word template: the file in resources/ is what build_template writes, it defines
every style the exports use, and a .dotx opens as a template should."""

from __future__ import annotations

import docx
from lxml import etree

from coder.reports.template import DEFAULT_TEMPLATE, REQUIRED, build_template, open_document


def _styles(path) -> dict[str, bytes]:
    doc = docx.Document(str(path))
    return {s.name: etree.tostring(s.element, method="c14n") for s in doc.styles}


def test_the_template_in_resources_is_what_build_template_writes(tmp_path):
    built = _styles(build_template(tmp_path / "casecoder.docx"))
    kept = _styles(DEFAULT_TEMPLATE)
    assert kept == built, "rebuild it: python -m coder.reports.template"
    page = docx.Document(str(DEFAULT_TEMPLATE)).sections[0]
    fresh = docx.Document(str(tmp_path / "casecoder.docx")).sections[0]
    assert (page.page_width, page.left_margin) == (fresh.page_width, fresh.left_margin)


def test_the_template_defines_every_style_the_exports_use():
    names = {s.name for s in open_document().styles}
    assert set(REQUIRED) <= names
    assert not open_document().paragraphs  # an empty body: every export starts on a blank page
