"""How a REFI-QDA project's parts land in a study: cases become sites with their variables and
sources, variables on sources become source fields or attributes, notes become the memos of what
they are attached to (through NoteRef or Link), a Coding that points at a Case assigns the text
to it, and what CaseCoder cannot hold (pictures, graphs, unknown elements) is listed, not lost
silently. The namespace is the `1:0` variant some tools write."""

from __future__ import annotations

from coder import Study

from .refi_fixtures import run_import, write_zip

G = "0000000{}-0000-4000-8000-00000000000{}".format
USER, CODE, CASE, SRC, NOTE1, NOTE2, VAR_ROLE, VAR_SIZE, VAR_WAVE = (G(i, i) for i in range(1, 10))
PROJECT = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1:0" name="Mapping" origin="QualCoder 3.5">
 <Users><User guid="{USER}" name="maria"/></Users>
 <CodeBook><Codes><Code guid="{CODE}" name="Trust" isCodable="true" color="#3a3"><NoteRef targetGUID="{NOTE2}"/></Code>
 </Codes></CodeBook>
 <Variables>
  <Variable guid="{VAR_ROLE}" name="Role" typeOfVariable="Text"/>
  <Variable guid="{VAR_SIZE}" name="enrolment" typeOfVariable="Integer"/>
  <Variable guid="{VAR_WAVE}" name="wave" typeOfVariable="Integer"/>
 </Variables>
 <Cases><Case guid="{{{CASE.upper()}}}" name="Oak School">
  <VariableValue><VariableRef targetGUID="{VAR_SIZE}"/><IntegerValue>412</IntegerValue></VariableValue>
 </Case></Cases>
 <Sources>
  <TextSource guid="{SRC}" name="oak_principal" plainTextPath="oak.txt" creatingUser="{USER}">
   <PlainTextSelection guid="{G('a', 1)}" startPosition="0" endPosition="3" creatingUser="{USER}">
    <Coding guid="{G('b', 1)}" creatingUser="{USER}"><CodeRef targetGUID="{CASE}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="{G('c', 1)}" startPosition="4" endPosition="9" creatingUser="{USER}">
    <Description>Says trust twice.</Description>
    <Coding guid="{G('d', 1)}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding>
   </PlainTextSelection>
   <VariableValue><VariableRef targetGUID="{VAR_ROLE}"/><TextValue>principal</TextValue></VariableValue>
   <VariableValue><VariableRef targetGUID="{VAR_WAVE}"/><IntegerValue>2</IntegerValue></VariableValue>
  </TextSource>
  <PictureSource guid="{G('e', 1)}" name="floor plan" path="internal://plan.png"/>
 </Sources>
 <Notes>
  <Note guid="{NOTE1}" name="Oak visit"><PlainTextContent>The principal was new.</PlainTextContent></Note>
  <Note guid="{NOTE2}" name="About trust"><PlainTextContent>Trust as reliance.</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="{G('f', 1)}" originGUID="{NOTE1}" targetGUID="{CASE}" direction="OneWay"/></Links>
 <Sets><Set guid="{G('f', 2)}" name="Principals"><MemberSource targetGUID="{SRC}"/></Set></Sets>
 <Graphs><Graph guid="{G('f', 3)}" name="Map"/></Graphs>
 <Extension/>
</Project>"""


def test_cases_variables_notes_and_what_is_left_out(tmp_path):
    archive = write_zip(tmp_path / "m.qdpx", {"project.qde": PROJECT, "Sources/oak.txt": "Oak trust trust here\n"})
    report = run_import(archive, tmp_path / "m.casecoder")
    kinds = {(i["kind"], i["name"]) for i in report["not_imported"]}
    assert {("picture", "floor plan"), ("graph", "Map"), ("unknown element", "<Extension>")} <= kinds
    assert any("namespace" in w for w in report["warnings"])
    with Study.open(tmp_path / "m.casecoder") as study:
        oak = study.cases.find("Oak School")
        assert oak.id == CASE and oak.kind == "site" and study.attributes.values("case", oak.id) == {"enrolment": "412"}
        source = study.sources.find("oak_principal")
        assert source.case_id == CASE  # from the Coding whose CodeRef is the case
        assert (source.role, source.wave) == ("principal", 2)
        [coding] = study.codings.for_source(source.id)
        assert study.sources.text(source.id)[coding.start:coding.end] == "trust"
        assert coding.note == "Says trust twice." and coding.coder == "maria"
        memos = {(m.kind, m.subject_id): study.memos.text(m.id) for m in study.memos.all()}
        assert memos[("site", CASE)].strip() == "The principal was new."
        assert memos[("code", CODE)].strip() == "Trust as reliance."
        assert study.codes.get(CODE).color == "#33aa33"
        assert [s.members for s in study.sets.all()] == [{"source": (SRC,)}]
