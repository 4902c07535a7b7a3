"""``vbformats metrics``: JSON in VoiceBase's shape, compat, comparison, CSV/table, roles."""

from __future__ import annotations

import csv
import io
import json

from metrics_builders import marker, word, worked_check

from vbformats.cli import main


def _write(tmp_path, tokens, **extra):
    body = {"mediaId": "m-cli", "length": 10000, "transcript": {"words": tokens}, **extra}
    path = tmp_path / "call.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def test_json_output_is_the_voicebase_section_with_null_for_undefined(tmp_path, capsys):
    path = _write(tmp_path, worked_check())
    assert main(["metrics", str(path)]) == 0
    section = json.loads(capsys.readouterr().out)
    assert [g["metricGroupName"] for g in section] == [
        "overtalk",
        "talk-time-and-rate",
        "talk-style-tone-and-volume",
        "sentiment",
    ]
    values = {v["metricName"]: v["metricValue"] for g in section for v in g["metricValues"]}
    assert values["overtalk-incidents"] == 1
    assert values["overtalk-ratio"] == 0.05
    assert values["silence-ratio"] == 0.7
    assert values["call-sentiment"] is None


def test_compat_and_extensions_flags(tmp_path, capsys):
    path = _write(tmp_path, worked_check())
    assert main(["metrics", str(path), "--compat", "--extensions"]) == 0
    section = json.loads(capsys.readouterr().out)
    values = {v["metricName"]: v["metricValue"] for g in section for v in g["metricValues"]}
    assert values["call-sentiment"] == 0
    # agent region [0,2000) minus the caller [1500,3000) = 1500 ms; of the midpoints 500 and
    # 1525 only 500 is in it: 1 / (1500/60000) = 40 wpm
    assert values["agent-talk-rate"] == 40
    assert section[-1]["metricGroupName"] == "vbformats-extensions"


def test_compare_prints_reported_computed_and_difference(tmp_path, capsys):
    reported = [
        {
            "metricGroupName": "overtalk",
            "metricValues": [{"metricName": "overtalk-ratio", "metricValue": 0.04}],
        }
    ]
    path = _write(tmp_path, worked_check(), metrics=reported)
    assert main(["metrics", str(path), "--compare"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["metricName"] == "overtalk-ratio"
    assert row["reported"] == 0.04
    assert row["computed"] == 0.05
    assert abs(row["difference"] - 0.01) < 1e-12

    assert main(["metrics", str(path), "--compare", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["group", "metric", "reported", "computed", "difference"]
    assert rows[1][:4] == ["overtalk", "overtalk-ratio", "0.04", "0.05"]

    assert main(["metrics", str(path), "--compare", "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["group", "metric", "reported", "computed", "difference"]
    assert lines[1].split() == ["overtalk", "overtalk-ratio", "0.04", "0.05", "0.01"]


def test_csv_and_table_show_every_metric(tmp_path, capsys):
    path = _write(tmp_path, worked_check())
    assert main(["metrics", str(path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["group", "metric", "value"]
    assert len(rows) == 1 + 44
    assert ["overtalk", "overtalk-incidents", "1"] in rows
    assert ["sentiment", "call-sentiment", ""] in rows  # undefined: empty cell
    assert main(["metrics", str(path), "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 1 + 44
    assert table[1].split() == ["overtalk", "overtalk-incidents", "1"]
    assert next(line for line in table if "call-sentiment" in line).split()[-1] == "-"


def test_roles_option_overrides_the_name_rules(tmp_path, capsys):
    """Bob first (agent by order) and Alice; ``--roles Alice=agent`` swaps them::

    ms      0    500  1000      2000
    Bob     [===================)
    Alice        [====)               interrupts Bob
    """
    tokens = [marker("Bob"), word(0, 2000), marker("Alice"), word(500, 1000)]
    path = _write(tmp_path, tokens)
    assert main(["metrics", str(path), "--roles", "Alice=agent", "--format", "csv"]) == 0
    rows = {r[1]: r[2] for r in csv.reader(io.StringIO(capsys.readouterr().out))}
    assert rows["agent-overtalk-incidents"] == "1"
    assert rows["caller-overtalk-incidents"] == "0"


def test_bad_roles_and_bad_parameters_exit_2_with_one_line(tmp_path, capsys):
    path = _write(tmp_path, worked_check())
    assert main(["metrics", str(path), "--roles", "Bob"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vbformats: error: --roles")
    assert len(err.strip().splitlines()) == 1
    assert main(["metrics", str(path), "--roles", "Bob=boss"]) == 2
    assert "agent or caller" in capsys.readouterr().err
    assert main(["metrics", str(path), "--join-gap-ms", "-3"]) == 2
    assert "join_gap_ms" in capsys.readouterr().err
    assert main(["metrics", str(tmp_path / "missing.json")]) == 2


def test_parameters_and_output_file(tmp_path, capsys):
    path = _write(tmp_path, worked_check())
    out = tmp_path / "m.json"
    assert main(["metrics", str(path), "--join-gap-ms", "0", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    section = json.loads(out.read_text(encoding="utf-8"))
    values = {v["metricName"]: v["metricValue"] for g in section for v in g["metricValues"]}
    # join gap 0: agent [0,1000) [1050,2000) = 1950 ms; everyone [0,1000) [1050,2500)
    # [2550,3000) = 2900 ms (the 50 ms holes stay silent); overtalk is unchanged
    assert values["overtalk-incidents"] == 1
    assert values["agent-talk-ratio"] == 1950 / 2900
