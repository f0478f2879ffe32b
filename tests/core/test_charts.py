"""Charts of a crosstab (bars) and of co-occurrence (a network), as PNG and SVG files a report
can take; a wrong ending is refused before anything is drawn or written."""

from __future__ import annotations

import pytest

from coder.cli import main
from coder.compare.cooccurrence import cooccurrence
from coder.compare.crosstabs import crosstab
from coder.reports.charts import crosstab_chart, network_chart
from coder.store.errors import ConflictError


def test_bars_and_network_as_png_and_svg(demo_study, tmp_path):
    study = demo_study
    top = [c.id for c in study.codes.all() if not c.parent_id]
    table = crosstab(study, "role", items=top, descendants=True)
    png = crosstab_chart(table, tmp_path / "roles.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    svg = crosstab_chart(table, tmp_path / "roles.svg", stacked=True)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "Leadership configuration" in text  # labels kept as text
    network = network_chart(cooccurrence(study), tmp_path / "codes.svg")
    assert "Coaching" in network.read_text(encoding="utf-8")
    with pytest.raises(ConflictError, match="png or .svg"):
        crosstab_chart(table, tmp_path / "roles.gif")
    assert not (tmp_path / "roles.gif").exists()
    assert not list(tmp_path.glob("*.partial"))


def test_charts_from_the_command_line(demo_study, tmp_path, capsys):
    path = str(demo_study.path)
    demo_study.close()
    assert main(["crosstab", path, "--cols", "wave", "--chart", str(tmp_path / "w.png"), "--stacked"]) == 0
    assert main(["cooccur", path, "--chart", str(tmp_path / "c.png")]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (tmp_path / "w.png").stat().st_size > 10_000 and (tmp_path / "c.png").stat().st_size > 10_000


def test_many_series_never_share_a_colour():
    from coder.reports.charts import _colours, _pyplot

    plt = _pyplot()
    for n in (3, 8, 11, 20, 33):
        colours = [tuple(c) if not isinstance(c, str) else c for c in _colours(plt, n)]
        assert len(set(colours)) == n
