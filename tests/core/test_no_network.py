"""No network, ever: a whole session of work — building a study with its analysis, searching in
every mode, data runs, every export, REFI-QDA out and in, a team exchange, comparing coders and a
check — connects nowhere, sends nothing and resolves no name. Watched with Python's audit hooks,
which see every socket operation in the process, whatever library makes it."""

from __future__ import annotations

import shutil
import socket
import sys

import pytest

from coder import Study
from coder.check import check_study
from coder.coding.agreement import compare
from coder.coding.runs import RunSpec
from coder.crosssite.pattern_tables import build_table
from coder.demo import build_demo_study
from coder.exchange.refi.project_export import export_project
from coder.exchange.refi.project_import import import_project
from coder.reports.agreement import write_docx as agreement_docx
from coder.reports.agreement import write_xlsx as agreement_xlsx
from coder.reports.memo import write_memos
from coder.reports.outline import write_outline
from coder.reports.pattern import export_table
from coder.reports.run import write_segments_docx, write_segments_xlsx

WATCHING: list[list] = []
LOOPBACK = ("127.0.0.1", "::1", "localhost")
# Importing spaCy imports requests, whose urllib3 checks for IPv6 by binding a socket to ::1 (the
# loopback: nothing leaves the machine, nothing connects). What counts as network access is a
# connection, a datagram sent, a name resolved, or a socket bound to a real interface.


def _audit(event: str, args: tuple) -> None:
    if not WATCHING:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if not (isinstance(address, (str, bytes))):  # AF_UNIX paths are local pipes
            WATCHING[-1].append((event, address))
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"):
        WATCHING[-1].append((event, args[:1]))
    elif event == "socket.bind" and isinstance(args[1], tuple) and args[1][0] not in LOOPBACK:
        WATCHING[-1].append((event, args[1]))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while a test watches


@pytest.fixture
def network_events():
    events: list = []
    WATCHING.append(events)
    yield events
    WATCHING.remove(events)


def test_the_hook_sees_a_connection_and_a_lookup(network_events):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.2)
        probe.connect_ex(("127.0.0.1", 9))  # the discard port on this machine: refused at once
    try:
        socket.getaddrinfo("localhost", 9)
    except OSError:
        pass
    assert [e[0] for e in network_events] == ["socket.connect", "socket.getaddrinfo"], \
        "the audit hook must see these, or the test below proves nothing"
    network_events.clear()


def test_a_whole_session_opens_no_internet_socket(tmp_path, network_events):
    study_path = tmp_path / "study.casecoder"
    build_demo_study(study_path)
    copy = tmp_path / "copy.casecoder"
    shutil.copy(study_path, copy)
    with Study.open(study_path, user="okafor") as study:
        for mode in ("exact", "lemma", "fuzzy", "regex"):
            study.search.search("coaching", mode=mode)
        code = study.codes.find("Leadership configuration")
        segments = study.runs.run(RunSpec(codes=[code.id], descendants=True))
        write_segments_docx(study, segments, tmp_path / "run.docx")
        write_segments_xlsx(study, segments, tmp_path / "run.xlsx")
        write_outline(study, tmp_path / "outline.docx")
        write_memos(study, [m.id for m in study.memos.all()], tmp_path / "memos.docx")
        table = build_table(study, cols="codes")
        export_table(study, table, tmp_path / "table.xlsx", "xlsx")
        export_table(study, table, tmp_path / "table.docx", "docx")
        result = compare(study, ["okafor", "lindqvist"])
        agreement_docx(result, tmp_path / "agreement.docx")
        agreement_xlsx(result, tmp_path / "agreement.xlsx")
        export_project(study, tmp_path / "study.qdpx")
        study.sync.export_work(tmp_path / "work.ccwork")
        assert check_study(study.conn)["ok"]
    import_project(tmp_path / "study.qdpx", tmp_path / "from-refi.casecoder")
    with Study.open(copy, user="lead") as lead:
        lead.sync.import_work(tmp_path / "work.ccwork")
    assert network_events == []
